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

    /**
     * What a SIGKILLed server leaves: an encoder whose parent is gone. The node's start kills it;
     * an encoder of a live server (here: this JVM's child) in the same work dir is left alone.
     */
    @Test
    void reapsEncodersWhoseServerIsGoneAndSparesThoseOfALiveOne() throws Exception {
        var dying =
                WorkDirectory.forJob(base, 8).root().resolve("720p/index.m3u8").toString();
        // the outer shell exits at once: its child is orphaned, as an encoder of a killed JVM is
        var launcher =
                new ProcessBuilder("sh", "-c", "sh -c 'sleep 300; true' " + dying + " >/dev/null 2>&1 &").start();
        assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
        var live = new ProcessBuilder(
                        "sh",
                        "-c",
                        "sleep 300; true",
                        WorkDirectory.forJob(base, 9)
                                .root()
                                .resolve("720p/index.m3u8")
                                .toString())
                .start();
        try {
            var orphan = ProcessHandle.allProcesses()
                    .filter(p ->
                            p.info().commandLine().map(l -> l.contains(dying)).orElse(false))
                    .findFirst()
                    .orElseThrow();
            assertThat(WorkDirectory.orphaned(orphan)).isTrue();

            assertThat(WorkDirectory.reapOrphans(base)).containsExactly(orphan.pid());

            assertThat(orphan.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(live.isAlive()).isTrue();
        } finally {
            live.destroyForcibly();
        }
    }
}
