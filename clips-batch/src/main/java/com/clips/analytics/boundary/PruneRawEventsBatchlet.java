package com.clips.analytics.boundary;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes raw events older than {@code clips.analytics.retention} that are rolled up, a slice per
 * transaction so a large backlog never holds one long transaction; stops between slices when asked.
 */
@Named
@Dependent
public class PruneRawEventsBatchlet extends AbstractBatchlet {

    static final int SLICE = 50_000;

    @EJB
    AnalyticsRollup rollup;

    @Inject
    @ConfigProperty(name = "clips.analytics.retention", defaultValue = "P90D")
    Duration retention;

    private volatile boolean stopping;

    @Override
    public String process() {
        var before = Instant.now().minus(retention);
        long pruned = 0;
        int slice;
        do {
            slice = rollup.prune(before, SLICE);
            pruned += slice;
        } while (slice == SLICE && !stopping);
        return (stopping ? "STOPPED: pruned " : "pruned ") + pruned + " raw events before " + before;
    }

    @Override
    public void stop() {
        stopping = true;
    }
}
