package com.clips.processing.control;

import com.clips.assets.entity.Asset;
import com.clips.media.control.ContainerFormat;
import com.clips.storage.control.ObjectStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The private scratch space of one job instance on this node: the original is downloaded into it
 * once and shared by every step and partition; each output gets its own sub-directory. The job
 * listener removes it when an execution ends, whatever the outcome; a restart downloads again.
 */
public final class WorkDirectory {

    private static final Map<Path, Object> DOWNLOAD_LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    private WorkDirectory(Path root) {
        this.root = root;
    }

    public static WorkDirectory forJob(Path base, long instanceId) {
        return new WorkDirectory(base.resolve("job-" + instanceId));
    }

    /** The asset's original and the container it was accepted as. */
    public record Source(Path file, ContainerFormat format) {}

    /** The asset's original, downloaded on first use by any step or partition of the job. */
    public Source source(Asset asset, ObjectStorage storage) {
        var format = ContainerFormat.ofMediaType(asset.contentType()).orElseThrow();
        return new Source(download(format.extension(), storage, asset.originalKey()), format);
    }

    // to a temporary name first, so a broken download never counts
    private Path download(String extension, ObjectStorage storage, String key) {
        var source = root.resolve("source." + extension);
        synchronized (DOWNLOAD_LOCKS.computeIfAbsent(source, k -> new Object())) {
            if (Files.isRegularFile(source)) {
                return source;
            }
            try {
                Files.createDirectories(root);
                var partial = root.resolve("source.part");
                storage.download(key, partial);
                Files.move(partial, source, StandardCopyOption.ATOMIC_MOVE);
                return source;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An empty sub-directory for one output, cleared of anything an earlier attempt left. */
    public Path freshDir(String name) {
        var dir = root.resolve(name);
        delete(dir);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void removeDir(String name) {
        delete(root.resolve(name));
    }

    public Path root() {
        return root;
    }

    public void remove() {
        delete(root);
        DOWNLOAD_LOCKS.keySet().removeIf(p -> p.startsWith(root));
    }

    /**
     * Kills processes still working in this directory: encoders a killed server left behind keep
     * running (a JVM killed with SIGKILL cannot take its children along). Returns how many.
     */
    public int killStrayProcesses() {
        var marker = root.toString() + "/";
        var strays = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false))
                .toList();
        strays.forEach(ProcessHandle::destroyForcibly);
        return strays.size();
    }

    /**
     * Kills the encoders a dead JVM left behind under {@code base}: tools whose command line
     * points into a job directory of this node's work dir and whose parent is gone (an orphan is
     * handed to init, pid 1) or is not a JVM. Encoders of a live server (this one, or another on
     * the same machine sharing the directory) have that server as their parent and are left alone.
     * Each is killed with its own children and waited for a moment, so none lingers as a zombie of
     * ours. Returns the pids killed.
     */
    public static java.util.List<Long> reapOrphans(Path base) {
        var marker = base.toString() + "/job-";
        var orphans = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false))
                .filter(WorkDirectory::orphaned)
                .toList();
        for (var orphan : orphans) {
            orphan.descendants().forEach(ProcessHandle::destroyForcibly);
            orphan.destroyForcibly();
        }
        for (var orphan : orphans) {
            try {
                orphan.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // signalled; init reaps it once it is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return orphans.stream().map(ProcessHandle::pid).toList();
    }

    static boolean orphaned(ProcessHandle process) {
        var parent = process.parent();
        if (parent.isEmpty() || parent.get().pid() == 1 || !parent.get().isAlive()) {
            return true;
        }
        return parent.get()
                .info()
                .command()
                .map(command -> !command.endsWith("/java"))
                .orElse(false);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
