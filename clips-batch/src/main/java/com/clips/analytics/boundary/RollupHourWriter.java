package com.clips.analytics.boundary;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Rolls a chunk's hours up in one statement, in the chunk's transaction; the exit status tells how many events. */
@Named
@Dependent
public class RollupHourWriter extends AbstractItemWriter {

    @EJB
    AnalyticsRollup rollup;

    @Inject
    StepContext step;

    private long folded;

    @Override
    public void writeItems(List<Object> hours) {
        var from = (Instant) hours.get(0);
        var to = ((Instant) hours.get(hours.size() - 1)).plus(1, ChronoUnit.HOURS);
        folded += rollup.rollUp(from, to);
        step.setExitStatus("rolled up " + folded + " events up to " + to);
    }
}
