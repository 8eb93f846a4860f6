package com.clips.media.control;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import net.bramp.ffmpeg.ProcessFunction;

/**
 * Starts FFmpeg tools for ffmpeg-cli-wrapper with no stdin and a wall-clock limit: past the limit
 * the whole process tree is killed, so a hostile input cannot hold a worker forever. A process can
 * also be registered with its job so stopping the job kills it.
 */
final class TimedProcess implements ProcessFunction {

    /** Where a job's running processes are found to be killed (see {@code Ffmpeg}). */
    interface Registry {
        void add(TimedProcess process);

        void remove(TimedProcess process);
    }

    private final Duration timeout;
    private final ScheduledExecutorService watchdog;
    private final Path errorLog;
    private final Registry registry;
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicBoolean stalled = new AtomicBoolean();
    private volatile Process current;
    private final BooleanSupplier refusing;
    private volatile Duration stallLimit;
    private volatile long progressedAt = System.nanoTime();
    private volatile boolean background;

    /** How much lower a background process's CPU priority is (nice(1)): it gets what others leave. */
    static final int BACKGROUND_NICENESS = 10;

    TimedProcess(Duration timeout, ScheduledExecutorService watchdog) {
        this(timeout, watchdog, null, null);
    }

    /**
     * With an error log, the tool's stderr goes to that file rather than a pipe: ffmpeg-cli-wrapper
     * drains stdout before stderr, so a chatty stderr pipe could fill up and stall the process.
     */
    TimedProcess(Duration timeout, ScheduledExecutorService watchdog, Path errorLog, Registry registry) {
        this(timeout, watchdog, errorLog, registry, () -> false);
    }

    /** {@code refusing}: whether registered processes are no longer allowed at all (the node is going down). */
    TimedProcess(
            Duration timeout,
            ScheduledExecutorService watchdog,
            Path errorLog,
            Registry registry,
            BooleanSupplier refusing) {
        this.timeout = timeout;
        this.watchdog = watchdog;
        this.errorLog = errorLog;
        this.registry = registry;
        this.refusing = refusing;
    }

    /** Runs the tool at a lower CPU priority (see {@link #BACKGROUND_NICENESS}). */
    void inBackground() {
        background = true;
    }

    @Override
    public Process run(List<String> args) throws IOException {
        if (killed.get() || registry != null && refusing.getAsBoolean()) {
            killed.set(true);
            throw new IOException("stopped before start");
        }
        var command = args;
        if (background) {
            // nice(1) execs the tool: the pid, its tree and its exit are the tool's own
            command = new java.util.ArrayList<>(List.of("nice", "-n", String.valueOf(BACKGROUND_NICENESS)));
            command.addAll(args);
        }
        var builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (errorLog != null) {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()));
        }
        var process = builder.start();
        synchronized (this) { // with the exit callback below: the check and the removal are one step
            current = process;
            if (registry != null) {
                registry.add(this);
            }
        }
        if (registry != null) {
            // a kill that ran while this process was starting did not see it: honour it now
            if (killed.get() || refusing.getAsBoolean()) {
                killed.set(true);
                killTree(process);
            }
        }
        var watch = watchdog.schedule(
                () -> {
                    timedOut.set(true);
                    killTree(process);
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        var limit = stallLimit;
        java.util.concurrent.ScheduledFuture<?> stallWatch = null;
        if (limit != null) {
            progressedAt = System.nanoTime();
            long every = Math.max(200, Math.min(5000, limit.toMillis() / 4));
            stallWatch = watchdog.scheduleWithFixedDelay(
                    () -> {
                        if (System.nanoTime() - progressedAt > limit.toNanos() && process.isAlive()) {
                            stalled.set(true);
                            killTree(process);
                        }
                    },
                    every,
                    every,
                    TimeUnit.MILLISECONDS);
        }
        var stallCheck = stallWatch;
        process.onExit().thenRun(() -> {
            watch.cancel(false);
            if (stallCheck != null) {
                stallCheck.cancel(false);
            }
            // only while it is still this function's process: ffmpeg-cli-wrapper runs `ffmpeg
            // -version` through it first, and that exit may be seen after the encoder registered
            synchronized (this) {
                if (registry != null && current == process) {
                    registry.remove(this);
                }
            }
        });
        return process;
    }

    /**
     * Kill the tool (and its tree) when it reports no progress for longer than {@code limit}
     * ({@link #progressed}); for tools that report progress. Set before the tool starts.
     */
    void stallAfter(Duration limit) {
        this.stallLimit = limit;
    }

    /** The tool made progress now. */
    void progressed() {
        progressedAt = System.nanoTime();
    }

    boolean stalled() {
        return stalled.get();
    }

    /** Ends the running tool and anything it started; a later start is refused. */
    void kill() {
        killed.set(true);
        var process = current;
        if (process != null) {
            killTree(process);
        }
    }

    /** Waits, at most until {@code deadline}, for a killed tool to be gone (a kill only sends the signal). */
    void awaitExit(Instant deadline) {
        var process = current;
        if (process == null) {
            return;
        }
        try {
            process.waitFor(
                    Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    Path errorLog() {
        return errorLog;
    }

    boolean timedOut() {
        return timedOut.get();
    }

    boolean killed() {
        return killed.get();
    }
}
