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

/**
 * A partition's only item is its rung. The checkpoint says whether it was written; a rung that
 * already has a recorded rendition (a restart after it finished) yields nothing, so a finished
 * rendition is never encoded twice.
 */
@Named
@Dependent
public class RenditionReader extends AbstractItemReader {

    @Inject
    @BatchProperty(name = RenditionPartitionMapper.RUNG)
    String rung;

    @Inject
    JobContext job;

    @EJB
    AssetProcessing processing;

    private boolean done;

    @Override
    public void open(Serializable checkpoint) {
        done = Boolean.TRUE.equals(checkpoint);
    }

    @Override
    public Object readItem() {
        if (done) {
            return null;
        }
        done = true;
        int label = Integer.parseInt(rung);
        boolean finished = processing.renditions(JobParameters.assetId(job)).stream()
                .anyMatch(r -> r.label() == label);
        return finished ? null : label;
    }

    @Override
    public Serializable checkpointInfo() {
        return done;
    }
}
