package com.clips.media.control;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The container's managed scheduler, for FFmpeg tools run outside the container: a plain one
 * behind its interface; and the tools themselves, wired as the container would.
 */
final class TestWatchdog {

    private TestWatchdog() {}

    static ManagedScheduledExecutorService of(ScheduledExecutorService scheduler) {
        return (ManagedScheduledExecutorService) Proxy.newProxyInstance(
                TestWatchdog.class.getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(scheduler, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** ffprobe as the container injects it, watched by {@code scheduler}. */
    static MediaProber prober(ScheduledExecutorService scheduler) {
        var prober = new MediaProber();
        prober.ffprobePath = "/usr/bin/ffprobe";
        prober.timeout = Duration.ofSeconds(30);
        prober.watchdog = of(scheduler);
        return prober;
    }

    /** The HLS encoder over a real ffmpeg (x264 ultrafast), watched by {@code scheduler}. */
    static HlsEncoder encoder(ScheduledExecutorService scheduler) {
        var ffmpeg = new Ffmpeg();
        ffmpeg.ffmpegPath = "/usr/bin/ffmpeg";
        ffmpeg.timeout = Duration.ofMinutes(1);
        ffmpeg.stallTimeout = Duration.ofSeconds(30);
        ffmpeg.watchdog = of(scheduler);
        ffmpeg.meters = new SimpleMeterRegistry();
        var encoder = new HlsEncoder();
        encoder.ffmpeg = ffmpeg;
        encoder.speedPreset = "ultrafast";
        return encoder;
    }
}
