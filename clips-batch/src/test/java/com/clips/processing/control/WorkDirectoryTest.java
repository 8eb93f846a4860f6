package com.clips.processing.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoders a killed server left behind are found by their work dir and killed; others are not touched. */
class WorkDirectoryTest {

    @TempDir
    Path base;

    @Test
    void killsOnlyTheProcessesWorkingInThisJobsDirectory() throws Exception {
        var job = WorkDirectory.forJob(base, 7);
        var neighbour = WorkDirectory.forJob(base, 77);
        Files.createDirectories(job.root());
        // stand-ins for orphaned encoders: their command lines name files in the work dirs
        var stray = new ProcessBuilder(
                        "sh",
                        "-c",
                        "sleep 300",
                        "encoder",
                        job.root().resolve("480p/index.m3u8").toString())
                .start();
        var other = new ProcessBuilder(
                        "sh",
                        "-c",
                        "sleep 300",
                        "encoder",
                        neighbour.root().resolve("480p/index.m3u8").toString())
                .start();
        try {
            assertThat(job.killStrayProcesses()).isEqualTo(1);
            assertThat(stray.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(other.isAlive()).isTrue();
            job.remove();
            assertThat(job.root()).doesNotExist();
        } finally {
            stray.destroyForcibly();
            other.destroyForcibly();
        }
    }
}
