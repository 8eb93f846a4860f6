package com.clips.audit.boundary;

import com.clips.analytics.control.RequestOrigin;
import com.clips.platform.SqlTimes;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * What administrators, moderators and operators did in a tenant, in the same transaction as the
 * action. The actor and address are the current request's (a scheduled job is "system").
 */
@Stateless
public class AuditLog {

    static final int MAX_DETAIL = 1000;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    RequestOrigin origin;

    public record Entry(long id, String actor, String action, String target, String detail, String ipAddress,
            Instant at) {
    }

    public record Page(List<Entry> entries, long total) {
    }

    public void record(String tenantId, String action, String target, String detail) {
        RequestOrigin.Origin from;
        try {
            from = origin.get();
        } catch (ContextNotActiveException e) {
            from = RequestOrigin.Origin.UNKNOWN;
        }
        em.createNativeQuery("insert into clips.audit_entry (tenant_id, actor, action, target, detail, ip_address)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, tenantId).setParameter(2, from.subject() == null ? "system" : from.subject())
                .setParameter(3, action).setParameter(4, target)
                .setParameter(5, detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL))
                .setParameter(6, from.ipAddress()).executeUpdate();
    }

    /** Newest first; {@code action} matches a prefix ("client." finds every client action). */
    @SuppressWarnings("unchecked")
    public Page list(String tenantId, String action, String actor, int offset, int limit) {
        var where = " from clips.audit_entry where tenant_id = ?1 and (?2 = '' or action like ?2 || '%')"
                + " and (?3 = '' or actor = ?3)";
        var rows = (List<Object[]>) em.createNativeQuery("select id, actor, action, target, detail, ip_address, at"
                        + where + " order by at desc, id desc")
                .setParameter(1, tenantId).setParameter(2, action == null ? "" : action)
                .setParameter(3, actor == null ? "" : actor).setFirstResult(offset).setMaxResults(limit).getResultList();
        var total = ((Number) em.createNativeQuery("select count(*)" + where).setParameter(1, tenantId)
                .setParameter(2, action == null ? "" : action).setParameter(3, actor == null ? "" : actor)
                .getSingleResult()).longValue();
        return new Page(rows.stream().map(r -> new Entry(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                (String) r[3], (String) r[4], (String) r[5], SqlTimes.instant(r[6]))).toList(), total);
    }
}
