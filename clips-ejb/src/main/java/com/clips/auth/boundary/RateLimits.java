package com.clips.auth.boundary;

import com.clips.platform.ClusterTasks;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;

/**
 * Fixed-window call counters in the database, so every node counts against the same limit: one
 * upsert per call, in its own transaction (a call counts even if its request then fails). The
 * table is unlogged: a database crash forgets the current windows, which only ever lets more
 * through for the rest of the hour.
 */
@Stateless
public class RateLimits {

    @EJB
    ClusterTasks tasks;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    /** A window after this call: how many calls it has seen, its limit and when it ends. */
    public record Window(long limit, long used, Instant resetsAt) {

        public boolean exceeded() {
            return used > limit;
        }

        public long remaining() {
            return Math.max(0, limit - used);
        }

        /** Whole seconds until the window ends, at least 1 (what Retry-After and RateLimit-Reset say). */
        public long secondsLeft(Instant now) {
            return Math.max(1, (Duration.between(now, resetsAt).toMillis() + 999) / 1000);
        }
    }

    /** Counts one call of {@code key} in the current {@code length} window of {@code scope}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Window take(String scope, String key, long limit, Duration length) {
        long seconds = length.toSeconds();
        var start = Instant.ofEpochSecond(Instant.now().getEpochSecond() / seconds * seconds);
        var used = (Number) em.createNativeQuery("insert into clips.rate_window (scope, key, window_start, calls)"
                        + " values (?1, ?2, ?3, 1) on conflict (scope, key, window_start)"
                        + " do update set calls = rate_window.calls + 1 returning calls")
                .setParameter(1, scope)
                .setParameter(2, key)
                .setParameter(3, start)
                .getSingleResult();
        return new Window(limit, used.longValue(), start.plus(length));
    }

    @Schedule(hour = "*", minute = "41", persistent = false)
    void forgetOldWindows() {
        if (!tasks.claim("rate-window-prune", Duration.ofHours(1), Duration.ofMinutes(41))) {
            return; // another node ran it this period
        }
        em.createNativeQuery("delete from clips.rate_window where window_start < now() - interval '1 day'")
                .executeUpdate();
    }
}
