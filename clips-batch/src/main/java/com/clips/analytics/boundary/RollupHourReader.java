package com.clips.analytics.boundary;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Yields the whole hours waiting to be rolled up, oldest first: from the watermark to the last
 * hour that ended {@code clips.analytics.rollup-lag} ago (events still in a node's buffer belong
 * to the hours after it). The watermark, not the checkpoint, says where to start: it moves in the
 * writer's transaction.
 */
@Named
@Dependent
public class RollupHourReader extends AbstractItemReader {

    @EJB
    AnalyticsRollup rollup;

    @Inject
    @ConfigProperty(name = "clips.analytics.rollup-lag", defaultValue = "PT2M")
    Duration lag;

    private Instant next;
    private Instant end;

    @Override
    public void open(Serializable checkpoint) {
        rollup.pending(Instant.now(), lag).ifPresent(window -> {
            next = window.from();
            end = window.to();
        });
    }

    @Override
    public Object readItem() {
        if (next == null || !next.isBefore(end)) {
            return null;
        }
        var hour = next;
        next = next.plus(1, ChronoUnit.HOURS);
        return hour;
    }

    @Override
    public Serializable checkpointInfo() {
        return next;
    }
}
