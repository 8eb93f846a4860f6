package com.clips.audit.boundary;

import com.clips.audit.entity.AuditEntry;
import com.clips.platform.RequestOrigin;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * What administrators, moderators and operators did in a tenant, in the same transaction as the
 * action. The actor and address are the current request's (a scheduled job is "system"). Entries are
 * read in the current tenant's scope, like every tenant-owned row.
 */
@Stateless
public class AuditLog {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    RequestOrigin origin;

    public record Entry(
            long id, String actor, String action, String target, String detail, String ipAddress, Instant at) {}

    public record Page(List<Entry> entries, long total) {}

    public void record(String tenantId, String action, String target, String detail) {
        RequestOrigin.Origin from;
        try {
            from = origin.get();
        } catch (ContextNotActiveException e) {
            from = RequestOrigin.Origin.UNKNOWN;
        }
        em.persist(new AuditEntry(
                tenantId,
                from.subject() == null ? "system" : from.subject(),
                action,
                target,
                detail,
                from.ipAddress()));
    }

    /**
     * The current tenant's entries, newest first; {@code action} matches a prefix ("client." finds
     * every client action).
     */
    public Page list(String action, String actor, int offset, int limit) {
        var entries = em.createNamedQuery(AuditEntry.MATCHING, AuditEntry.class)
                .setParameter("action", action == null ? "" : action)
                .setParameter("actor", actor == null ? "" : actor)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
        long total = em.createNamedQuery(AuditEntry.COUNT_MATCHING, Long.class)
                .setParameter("action", action == null ? "" : action)
                .setParameter("actor", actor == null ? "" : actor)
                .getSingleResult();
        return new Page(
                entries.stream()
                        .map(e ->
                                new Entry(e.id(), e.actor(), e.action(), e.target(), e.detail(), e.ipAddress(), e.at()))
                        .toList(),
                total);
    }
}
