package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A job's encoder never outlives a node that is going down, even one that was starting just then. */
class TimedProcessTest {

    private static final java.util.concurrent.atomic.AtomicLong JOBS =
            new java.util.concurrent.atomic.AtomicLong(900_000_000L);

    private final java.util.concurrent.ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    /** A job id no other test registers processes under. */
    private static long newJob() {
        return JOBS.incrementAndGet();
    }

    @Test
    void aToolWithoutProgressForItsStallLimitIsKilledWhileOneThatProgressesIsNot() throws Exception {
        var hung = new TimedProcess(Duration.ofMinutes(1), watchdog, null, null);
        hung.stallAfter(Duration.ofMillis(500));
        var stopped = hung.run(List.of("sleep", "30"));
        assertThat(stopped.waitFor(20, TimeUnit.SECONDS))
                .as("killed as stalled")
                .isTrue();
        assertThat(hung.stalled()).isTrue();
        assertThat(hung.timedOut()).isFalse();

        var busy = new TimedProcess(Duration.ofMinutes(1), watchdog, null, null);
        busy.stallAfter(Duration.ofSeconds(2));
        var running = busy.run(List.of("sleep", "3"));
        while (running.isAlive()) {
            busy.progressed();
            Thread.sleep(100);
        }
        assertThat(running.exitValue()).isZero();
        assertThat(busy.stalled()).isFalse();
    }

    @Test
    void aBackgroundToolRunsTenNicenessStepsBelowThisProcessAsItself() throws Exception {
        var own = niceness(ProcessHandle.current().pid());
        var background = new TimedProcess(Duration.ofMinutes(1), watchdog, null, null);
        background.inBackground();
        var process = background.run(List.of("sleep", "5"));
        try {
            // nice(1) has exec'd the tool by the time its command line reads "sleep"
            var commandLine = java.nio.file.Path.of("/proc/" + process.pid() + "/cmdline");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!java.nio.file.Files.readString(commandLine).startsWith("sleep") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(java.nio.file.Files.readString(commandLine)).isEqualTo("sleep\u00005\u0000");
            assertThat(niceness(process.pid())).isEqualTo(Math.min(19, own + TimedProcess.BACKGROUND_NICENESS));
        } finally {
            process.destroy();
        }
        var foreground = new TimedProcess(Duration.ofMinutes(1), watchdog, null, null).run(List.of("sleep", "5"));
        try {
            assertThat(niceness(foreground.pid())).isEqualTo(own);
        } finally {
            foreground.destroy();
        }
    }

    /** The nice value in /proc/PID/stat: the 19th field, the 17th after the parenthesised command. */
    private static int niceness(long pid) throws IOException {
        var stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void aNodeGoingDownRefusesNewEncoders() {
        var process = new TimedProcess(Duration.ofMinutes(1), watchdog, null, Ffmpeg.registry(newJob()), () -> true);

        assertThatThrownBy(() -> process.run(List.of("sleep", "30")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("stopped before start");
        assertThat(process.killed()).isTrue();
    }

    @Test
    void aProcessThatStartsAsTheNodeGoesDownIsKilledOnceRegistered() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        // not refusing when asked before the start, refusing when asked after it: the closing flag flipped in between
        var process = new TimedProcess(
                Duration.ofMinutes(1), watchdog, null, Ffmpeg.registry(newJob()), () -> calls.incrementAndGet() > 1);

        var started = process.run(List.of("sleep", "30"));

        assertThat(started.waitFor(10, TimeUnit.SECONDS))
                .as("killed, not left sleeping")
                .isTrue();
        assertThat(process.killed()).isTrue();
    }

    /**
     * ffmpeg-cli-wrapper's FFmpeg constructor runs {@code ffmpeg -version} through the same
     * function before the encoder: when that first process's exit is seen after the encoder has
     * registered, it must not take the encoder out of the registry (a node going down would then
     * not kill it: CrashRecoveryIT found such an encoder alive after a graceful shutdown).
     */
    @Test
    void theEndOfAnEarlierRunDoesNotUnregisterTheRunningEncoder() throws Exception {
        long job = newJob();
        var process = new TimedProcess(Duration.ofMinutes(1), watchdog, null, Ffmpeg.registry(job), () -> false);

        var version = process.run(List.of("sleep", "0.3")); // still running when the encoder starts
        var encoder = process.run(List.of("sleep", "30"));
        try {
            assertThat(version.waitFor(10, TimeUnit.SECONDS)).isTrue();
            version.onExit().get(10, TimeUnit.SECONDS);
            Thread.sleep(300); // its exit callbacks have run

            assertThat(Ffmpeg.runningFor(job))
                    .as("the encoder is still what a kill finds")
                    .containsExactly(process);
            process.kill();
            assertThat(encoder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            encoder.destroyForcibly();
        }
    }

    /**
     * Two encoders of one job (ladder-encoders above 1): when the first one's exit empties the
     * job's entry, a second one registering just then must still be found by a kill.
     */
    @Test
    void anEncoderRegisteringAsTheJobsOtherEncoderEndsIsStillFound() throws Exception {
        long job = newJob();
        var registry = Ffmpeg.registry(job); // what both encoders were given when they were made
        var first = new TimedProcess(Duration.ofMinutes(1), watchdog, null, registry, () -> false);
        var second = new TimedProcess(Duration.ofMinutes(1), watchdog, null, registry, () -> false);

        assertThat(first.run(List.of("true")).waitFor(10, TimeUnit.SECONDS)).isTrue();
        var ended = System.nanoTime();
        while (!Ffmpeg.runningFor(job).isEmpty() && System.nanoTime() - ended < 10_000_000_000L) {
            Thread.sleep(10); // the first one's exit has emptied the job's entry
        }
        var encoder = second.run(List.of("sleep", "30"));
        try {
            assertThat(Ffmpeg.runningFor(job)).containsExactly(second);
        } finally {
            encoder.destroyForcibly();
        }
    }

    @Test
    void withoutARegistryNothingIsRefused() throws Exception {
        var process = new TimedProcess(Duration.ofMinutes(1), watchdog, null, null, () -> true);

        assertThat(process.run(List.of("true")).waitFor()).isZero();
    }
}
