package com.clips.processing.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A private scratch directory for one step of one job execution, removed whatever happens. */
public final class WorkDirectory implements AutoCloseable {

    private final Path root;

    private WorkDirectory(Path root) {
        this.root = root;
    }

    public static WorkDirectory create(Path base, long executionId, String step) {
        try {
            Files.createDirectories(base);
            return new WorkDirectory(Files.createTempDirectory(base, "job-" + executionId + "-" + step + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file(String name) {
        return root.resolve(name);
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
