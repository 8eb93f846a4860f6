package com.clips.processing.boundary;

import com.clips.media.control.EncodeReport;
import com.clips.media.control.Rung;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * How far one execution's renditions step is, from the progress reports of its encoders: each
 * rung counts by its pixels (a 1080p rung is over twice the work of a 720p one), a rung recorded
 * before counts as done, and a rung in an encode counts as far as that encode is. Written onto the
 * run for the jobs API at most once a second (ffmpeg reports twice a second per encoder), only
 * forward, with the speed of the slowest encoder and the time it still needs. The write runs on
 * a managed thread, not ffmpeg-cli-wrapper's parser thread: that one is interrupted when the encode
 * ends, which broke a write in flight.
 */
final class EncodeProgress {

    private static final Logger LOG = Logger.getLogger(EncodeProgress.class.getName());
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Map<Long, EncodeProgress> OF_EXECUTION = new ConcurrentHashMap<>();

    private final ProcessingRuns runs;
    private final Executor writer;
    private final long executionId;
    private final double lengthSeconds;
    private final Map<Integer, Long> weights = new HashMap<>();
    private final Map<Integer, Double> done = new HashMap<>();
    private final Map<Object, EncodeReport> encoders = new HashMap<>();
    private int written = -1;
    private long writtenAt;

    private EncodeProgress(
            ProcessingRuns runs,
            Executor writer,
            long executionId,
            List<Rung> ladder,
            Collection<Integer> recorded,
            double lengthSeconds) {
        this.runs = runs;
        this.writer = writer;
        this.executionId = executionId;
        this.lengthSeconds = lengthSeconds;
        for (var rung : ladder) {
            weights.put(rung.label(), (long) rung.width() * rung.height());
            done.put(rung.label(), recorded.contains(rung.label()) ? 1.0 : 0.0);
        }
    }

    /** The execution's tracker, shared by its partitions (one per encoder process). */
    static EncodeProgress of(
            ProcessingRuns runs,
            Executor writer,
            long executionId,
            List<Rung> ladder,
            Collection<Integer> recorded,
            double lengthSeconds) {
        return OF_EXECUTION.computeIfAbsent(
                executionId, id -> new EncodeProgress(runs, writer, id, ladder, recorded, lengthSeconds));
    }

    /** The execution ended: its tracker goes. */
    static void forget(long executionId) {
        OF_EXECUTION.remove(executionId);
    }

    /** What one encoder, making {@code rungs}, reports. */
    Consumer<EncodeReport> encoderOf(List<Rung> rungs) {
        var encoder = new Object();
        return report -> report(encoder, rungs, report);
    }

    private synchronized void report(Object encoder, List<Rung> rungs, EncodeReport report) {
        rungs.forEach(rung -> done.merge(rung.label(), report.fraction(), Math::max));
        encoders.put(encoder, report);
        int percent = percent();
        long now = System.nanoTime();
        if (percent <= written || written >= 0 && now - writtenAt < EVERY_NANOS && percent < 100) {
            return;
        }
        written = percent;
        writtenAt = now;
        var speed = slowest();
        var left = secondsLeft();
        try {
            writer.execute(() -> {
                try {
                    runs.encoded(executionId, percent, speed, left);
                } catch (RuntimeException e) {
                    LOG.warning(() -> "progress of execution " + executionId + " not recorded: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            // progress is for show: the encode must go on, and this thread must keep reading
            // ffmpeg's reports or its socket fills up and stalls it
            LOG.warning(() -> "progress of execution " + executionId + " not recorded: " + e);
        }
    }

    int percent() {
        long total = weights.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (var entry : weights.entrySet()) {
            sum += entry.getValue() * done.getOrDefault(entry.getKey(), 0.0);
        }
        return (int) Math.floor(100 * sum / total);
    }

    private Double slowest() {
        return encoders.values().stream()
                .filter(r -> r.fraction() < 1 && r.speed() > 0)
                .mapToDouble(EncodeReport::speed)
                .min()
                .stream()
                .boxed()
                .findFirst()
                .orElse(null);
    }

    // the encoder that needs longest: what is left of the clip at its speed
    private Integer secondsLeft() {
        return encoders.values().stream()
                .filter(r -> r.speed() > 0)
                .mapToDouble(r -> (1 - r.fraction()) * lengthSeconds / r.speed())
                .max()
                .stream()
                .mapToObj(s -> (int) Math.ceil(s))
                .findFirst()
                .orElse(null);
    }
}
