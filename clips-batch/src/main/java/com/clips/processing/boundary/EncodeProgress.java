package com.clips.processing.boundary;

import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * Writes a ladder encode's progress onto its run for the jobs API, at most every two seconds and
 * only when it moved: ffmpeg reports twice a second, which is more than an operator needs.
 */
final class EncodeProgress implements IntConsumer {

    private static final Logger LOG = Logger.getLogger(EncodeProgress.class.getName());
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
            written = percent;
            writtenAt = now;
            try {
                runs.encoded(executionId, percent);
            } catch (RuntimeException e) {
                // progress is for show: the encode must go on, and this thread must keep reading
                // ffmpeg's reports or its socket fills up and stalls it
                LOG.warning(() -> "progress of execution " + executionId + " not recorded: " + e);
            }
        }
    }
}
