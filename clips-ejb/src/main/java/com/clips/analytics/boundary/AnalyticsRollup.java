package com.clips.analytics.boundary;

import com.clips.analytics.control.EventStore;
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
        return Optional.ofNullable((OffsetDateTime)
                        em.createNativeQuery("select rolled_up_to from clips.analytics_rollup", OffsetDateTime.class)
                                .getSingleResult())
                .map(OffsetDateTime::toInstant);
    }

    private Optional<Instant> firstEventHour() {
        return Optional.ofNullable((OffsetDateTime)
                        em.createNativeQuery("select min(occurred_at) from clips.analytics_event", OffsetDateTime.class)
                                .getSingleResult())
                .map(at -> at.toInstant().truncatedTo(ChronoUnit.HOURS));
    }

    /**
     * Rolls up the hours in [from, to) that are not rolled up yet and moves the watermark to
     * {@code to}; returns how many raw events were folded. The watermark row is locked first, so two
     * nodes running the job at once, or a restart over hours already done, count nothing twice.
     */
    public long rollUp(Instant from, Instant to) {
        var watermark = (OffsetDateTime)
                em.createNativeQuery("select rolled_up_to from clips.analytics_rollup for update", OffsetDateTime.class)
                        .getSingleResult();
        var start = watermark == null || watermark.toInstant().isBefore(from) ? from : watermark.toInstant();
        if (!start.isBefore(to)) {
            return 0;
        }
        var folded = (Number) em.createNativeQuery("with hours as (select asset_id, event_type,"
                        + " date_trunc('hour', occurred_at, 'UTC') as hour, min(tenant_id) as tenant_id,"
                        + " min(owner_id) as owner_id, count(*) as events from clips.analytics_event"
                        + " where occurred_at >= ?1 and occurred_at < ?2 group by 1, 2, 3),"
                        + " per_asset as (insert into clips.analytics_hourly (asset_id, event_type, hour, tenant_id, owner_id, events)"
                        + " select * from hours on conflict (asset_id, event_type, hour)"
                        + " do update set events = analytics_hourly.events + excluded.events),"
                        + " per_owner as (" + EventStore.OWNER_HOURLY_UPSERT + ")"
                        + " select coalesce(sum(events), 0) from hours")
                .setParameter(1, start)
                .setParameter(2, to)
                .getSingleResult();
        em.createNativeQuery("insert into clips.analytics_viewer (asset_id, subject, first_seen)"
                        + " select asset_id, subject, min(occurred_at) from clips.analytics_event"
                        + " where occurred_at >= ?1 and occurred_at < ?2 and event_type = 'VIEW' and subject is not null"
                        + " group by 1, 2 on conflict (asset_id, subject) do nothing")
                .setParameter(1, start)
                .setParameter(2, to)
                .executeUpdate();
        em.createNativeQuery("update clips.analytics_rollup set rolled_up_to = ?1")
                .setParameter(1, to)
                .executeUpdate();
        return folded.longValue();
    }

    /** Deletes up to {@code limit} raw events that are rolled up and older than {@code before}; returns how many. */
    public int prune(Instant before, int limit) {
        // viewer sessions that old are over: a tab open that long counts its next play again
        em.createNativeQuery("delete from clips.analytics_session where ctid in (select ctid from"
                        + " clips.analytics_session where first_at < ?1 limit ?2)")
                .setParameter(1, before)
                .setParameter(2, limit)
                .executeUpdate();
        return em.createNativeQuery(
                        "delete from clips.analytics_event where id in (select id from clips.analytics_event"
                                + " where occurred_at < least(?1, (select coalesce(rolled_up_to, '-infinity') from clips.analytics_rollup)) limit ?2)")
                .setParameter(1, before)
                .setParameter(2, limit)
                .executeUpdate();
    }
}
