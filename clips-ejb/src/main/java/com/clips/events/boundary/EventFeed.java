package com.clips.events.boundary;

import com.clips.events.entity.Event;
import com.clips.events.entity.EventType;
import com.clips.platform.ClusterTasks;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tenant's events for pull consumers, in the order of their transactions, after a cursor;
 * and their retention. A page only holds events of transactions older than the oldest one still
 * running, so an event that commits later always comes after the cursor already handed out.
 */
@Stateless
public class EventFeed {

    private static final Logger LOG = Logger.getLogger(EventFeed.class.getName());

    @EJB
    ClusterTasks tasks;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "clips.events.retention", defaultValue = "P30D")
    Duration retention;

    public record Page(List<Event> events, Event.Position next) {}

    /** Events of the caller's tenant after {@code after}, of the given types (none: all). */
    public Page after(Event.Position after, List<EventType> types, int limit) {
        long horizon = horizon();
        var events = em.createNamedQuery(Event.FEED, Event.class)
                .setParameter("tx", after.txId())
                .setParameter("id", after.id())
                .setParameter("horizon", horizon)
                .setParameter("allTypes", types.isEmpty())
                .setParameter("types", types.isEmpty() ? List.of("-") : Event.names(types))
                .setMaxResults(limit)
                .getResultList();
        var next = events.isEmpty() ? after : events.get(events.size() - 1).position();
        return new Page(events, next);
    }

    /** Every transaction with a smaller id has ended. */
    public long horizon() {
        return ((Number) em.createNamedQuery(Event.HORIZON).getSingleResult()).longValue();
    }

    public Duration retention() {
        return retention;
    }

    /** Events past the retention period go, with their deliveries (hourly). */
    @Schedule(hour = "*", minute = "41", persistent = false)
    public void purgeExpired() {
        if (!tasks.claim("event-retention", Duration.ofHours(1), Duration.ofMinutes(41))) {
            return; // another node ran it this period
        }
        int purged = em.createNamedQuery(Event.PURGE_BEFORE)
                .setParameter(1, java.sql.Timestamp.from(Instant.now().minus(retention)))
                .executeUpdate();
        if (purged > 0) {
            LOG.info(() -> purged + " event(s) older than " + retention + " purged");
        }
    }
}
