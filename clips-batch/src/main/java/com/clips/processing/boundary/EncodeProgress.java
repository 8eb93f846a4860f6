package com.clips.processing.boundary;

import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Writes a ladder encode's progress onto its run for the jobs API, at most every two seconds and
 * only when it moved: ffmpeg reports twice a second, which is more than an operator needs.
 */
final class EncodeProgress implements IntConsumer {

    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ProcessingRuns runs;
    private final long executionId;
    private int written = -1;
    private long writtenAt;

    EncodeProgress(ProcessingRuns runs, long executionId) {
        this.runs = runs;
        this.executionId = executionId;
    }

    @Override
    public synchronized void accept(int percent) {
        long now = System.nanoTime();
        if (percent > written && (written < 0 || now - writtenAt >= EVERY_NANOS || percent == 100)) {
            runs.encoded(executionId, percent);
            written = percent;
            writtenAt = now;
        }
    }
}
