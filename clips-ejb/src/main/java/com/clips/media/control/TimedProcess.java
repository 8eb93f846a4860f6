package com.clips.media.control;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bramp.ffmpeg.ProcessFunction;

/**
 * Starts FFmpeg tools for ffmpeg-cli-wrapper with no stdin and a wall-clock limit: past the limit
 * the whole process tree is killed, so a hostile input cannot hold a worker forever.
 */
final class TimedProcess implements ProcessFunction {

    private final Duration timeout;
    private final ScheduledExecutorService watchdog;
    private final AtomicBoolean timedOut = new AtomicBoolean();

    TimedProcess(Duration timeout, ScheduledExecutorService watchdog) {
        this.timeout = timeout;
        this.watchdog = watchdog;
    }

    @Override
    public Process run(List<String> args) throws IOException {
        var process = new ProcessBuilder(args).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        var kill = watchdog.schedule(() -> {
            timedOut.set(true);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        process.onExit().thenRun(() -> kill.cancel(false));
        return process;
    }

    boolean timedOut() {
        return timedOut.get();
    }
}
