package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * A partition's items are its rungs, lowest first, one per chunk: each is checkpointed when its
 * rendition is recorded. What is recorded is the checkpoint (the rendition rows commit with the
 * chunk), so opening again after a retry or a restart yields only the rungs still missing and a
 * finished rendition is never encoded twice.
 */
@Named
@Dependent
public class RenditionReader extends AbstractItemReader {

    @Inject
    @BatchProperty(name = RenditionPartitionMapper.RUNGS)
    String rungs;

    @Inject
    @BatchProperty(name = RenditionPartitionMapper.STORYBOARD)
    String storyboard;

    @Inject
    JobContext job;

    @EJB
    AssetProcessing processing;

    /** The item of a partition that has no rung left to encode, only the storyboard to sample. */
    static final Integer STORYBOARD_ONLY = 0;

    private Deque<Integer> pending;

    private Integer last;

    @Override
    public void close() {
        JobParameters.endLogContext();
    }

    @Override
    public void open(Serializable checkpoint) {
        // a partition runs on a pooled thread of its own: its log lines name the asset and the run too
        JobParameters.logContext(job);
        var assetId = JobParameters.assetId(job);
        pending = new ArrayDeque<>(pendingRungs(rungs, processing, assetId));
        // every rung recorded (the remux was the whole ladder) but the storyboard still to sample
        if (pending.isEmpty()
                && Boolean.parseBoolean(storyboard)
                && !processing.find(assetId).orElseThrow().hasStoryboard()) {
            pending.add(STORYBOARD_ONLY);
        }
    }

    @Override
    public Object readItem() {
        var next = pending.poll();
        if (next != null) {
            last = next;
        }
        return next;
    }

    /**
     * The rung read last. The position is not needed to reopen (that reads what is recorded), but
     * a retried chunk (a stalled encoder's) ends once the reader is back where it failed, which
     * JBeret tells by comparing this value with the one at the failure (it cannot compare null).
     */
    @Override
    public Serializable checkpointInfo() {
        return last;
    }

    /** The labels of {@code rungs} (a partition property) without a recorded rendition yet. */
    static List<Integer> pendingRungs(String rungs, AssetProcessing processing, UUID assetId) {
        var recorded =
                processing.renditions(assetId).stream().map(r -> r.label()).toList();
        if (rungs == null) {
            return List.of();
        }
        return Arrays.stream(rungs.split(","))
                .filter(label -> !label.isBlank())
                .map(Integer::valueOf)
                .filter(label -> !recorded.contains(label))
                .toList();
    }
}
