package com.clips.processing.boundary;

import com.clips.processing.entity.ProcessingRun;
import java.time.Instant;
import java.util.List;

/**
 * Where one execution of process-asset stands: its run record, its steps, each rendition, percent
 * done, and while it encodes how fast (× realtime) and how many seconds it still needs.
 */
public record JobDetail(
        ProcessingRun run,
        List<Step> steps,
        List<RenditionState> renditions,
        int percentDone,
        Double encodeSpeed,
        Long etaSeconds) {

    public record Step(String name, String status, String exitStatus, Instant startedAt, Instant endedAt) {}

    public record RenditionState(
            String name,
            String state,
            int width,
            int height,
            Long encodedByExecution,
            Double encodeSeconds,
            Instant finishedAt) {}
}
