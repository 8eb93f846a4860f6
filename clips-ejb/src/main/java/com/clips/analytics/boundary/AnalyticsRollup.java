package com.clips.analytics.boundary;

import com.clips.analytics.control.AnalyticsSql;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The set-based work of the analytics-rollup job: fold whole hours of raw events into the hourly
 * aggregates (per asset and per owner) and first sightings, moving the watermark in the same transaction; prune raw events
 * that are both rolled up and past retention.
 */
@Stateless
public class AnalyticsRollup {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    /** Hours waiting to be rolled up: from the watermark (or the first event's hour) to the last whole hour before {@code now - lag}. */
    public record Window(Instant from, Instant to) {}

    public Optional<Window> pending(Instant now, Duration lag) {
        var to = now.minus(lag).truncatedTo(ChronoUnit.HOURS);
        var from = rolledUpTo().or(() -> firstEventHour());
        return from.filter(f -> f.isBefore(to)).map(f -> new Window(f, to));
    }

    public Optional<Instant> rolledUpTo() {
        return Optional.ofNullable(
                        (OffsetDateTime) em.createNativeQuery(AnalyticsSql.ROLLED_UP_TO, OffsetDateTime.class)
                                .getSingleResult())
                .map(OffsetDateTime::toInstant);
    }

    private Optional<Instant> firstEventHour() {
        return Optional.ofNullable((OffsetDateTime) em.createNativeQuery(AnalyticsSql.FIRST_EVENT, OffsetDateTime.class)
                        .getSingleResult())
                .map(at -> at.toInstant().truncatedTo(ChronoUnit.HOURS));
    }

    /**
     * Rolls up the hours in [from, to) that are not rolled up yet and moves the watermark to
     * {@code to}; returns how many raw events were folded. The watermark row is locked first, so two
     * nodes running the job at once, or a restart over hours already done, count nothing twice.
     */
    public long rollUp(Instant from, Instant to) {
        var watermark = (OffsetDateTime) em.createNativeQuery(AnalyticsSql.WATERMARK_LOCKED, OffsetDateTime.class)
                .getSingleResult();
        var start = watermark == null || watermark.toInstant().isBefore(from) ? from : watermark.toInstant();
        if (!start.isBefore(to)) {
            return 0;
        }
        var folded = (Number) em.createNativeQuery(AnalyticsSql.ROLL_UP)
                .setParameter(1, start)
                .setParameter(2, to)
                .getSingleResult();
        em.createNativeQuery(AnalyticsSql.ROLL_UP_VIEWERS)
                .setParameter(1, start)
                .setParameter(2, to)
                .executeUpdate();
        em.createNativeQuery(AnalyticsSql.MOVE_WATERMARK).setParameter(1, to).executeUpdate();
        return folded.longValue();
    }

    /** Deletes up to {@code limit} raw events that are rolled up and older than {@code before}; returns how many. */
    public int prune(Instant before, int limit) {
        // viewer sessions that old are over: a tab open that long counts its next play again
        em.createNativeQuery(AnalyticsSql.PRUNE_SESSIONS)
                .setParameter(1, before)
                .setParameter(2, limit)
                .executeUpdate();
        return em.createNativeQuery(AnalyticsSql.PRUNE_EVENTS)
                .setParameter(1, before)
                .setParameter(2, limit)
                .executeUpdate();
    }
}
