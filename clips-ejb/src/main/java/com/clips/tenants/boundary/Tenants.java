package com.clips.tenants.boundary;

import com.clips.audit.boundary.AuditLog;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.tenants.entity.LoudnessProfile;
import com.clips.tenants.entity.Quotas;
import com.clips.tenants.entity.Tenant;
import com.clips.tenants.entity.TenantStatusChanged;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Tenants and their quotas. The admin API (platform administrators) creates, limits, suspends and
 * resumes them; what a tenant may still add is {@link com.clips.tenants.control.QuotaAdmission}'s.
 */
@Stateless
public class Tenants {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @EJB
    TenantAdministrators administrators;

    @Inject
    Event<TenantStatusChanged> statusChanged;

    @EJB
    AuditLog audit;

    public record Created(Tenant tenant, TenantAdministrators.FirstAdministrator administrator) {}

    /** A new tenant with its first administrator client (whose secret exists only in the answer). */
    public Created create(
            String actorTenant,
            String id,
            String name,
            Quotas quotas,
            Integer maxRenditionHeight,
            LoudnessProfile loudness,
            String protection,
            String administratorName) {
        Tenant tenant;
        try {
            tenant = new Tenant(id, name, quotas, maxRenditionHeight, loudness);
            tenant.protect(protection);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_FIELD, e.getMessage() + ".");
        }
        if (em.find(Tenant.class, id) != null) {
            throw exists(id);
        }
        em.persist(tenant);
        try {
            em.flush(); // a concurrent create of the same id waits here for the first, then fails
        } catch (PersistenceException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConstraintViolationException) {
                    throw exists(id);
                }
            }
            throw e;
        }
        var administrator = administrators.createFirst(id, administratorName);
        audited(actorTenant, id, "tenant.create", describe(tenant));
        return new Created(tenant, administrator);
    }

    private static ProblemException exists(String id) {
        return new ProblemException(ProblemType.TENANT_EXISTS, "Tenant " + id + " already exists.");
    }

    /** The tenant's row, made (active, unlimited) if it has none yet: the platform's own tenant on first start. */
    public void ensure(String id, String name) {
        // nodes starting together may race for it
        em.createNamedQuery(Tenant.ENSURE)
                .setParameter(1, id)
                .setParameter(2, name)
                .executeUpdate();
    }

    public List<Tenant> list() {
        return em.createNamedQuery(Tenant.ALL, Tenant.class).getResultList();
    }

    public Tenant get(String id) {
        return Optional.ofNullable(id == null ? null : em.find(Tenant.class, id))
                .orElseThrow(() -> ProblemException.notFound("Tenant " + id));
    }

    public Tenant limit(String actorTenant, String id, Quotas quotas) {
        return change(actorTenant, id, "tenant.quotas", t -> t.limit(quotas));
    }

    /**
     * The encoding profile, replaced as a whole: the ladder's height cap, loudness normalisation and
     * content protection.
     */
    public Tenant encode(
            String actorTenant, String id, Integer maxRenditionHeight, LoudnessProfile loudness, String protection) {
        return change(actorTenant, id, "tenant.encoding", t -> {
            t.encodeUpTo(maxRenditionHeight);
            t.normalizeLoudness(loudness);
            t.protect(protection);
        });
    }

    public Tenant allowEmbedsFrom(String actorTenant, String id, List<String> origins) {
        return change(actorTenant, id, "tenant.embed-origins", t -> t.allowEmbedsFrom(origins));
    }

    /** Its clients get no tokens and its tokens are refused (this node at once, others within 30 s); its data stays. */
    public Tenant suspend(String actorTenant, String id) {
        if (id.equals(actorTenant)) {
            throw new ProblemException(ProblemType.TENANT_BUSY, "The platform's own tenant cannot be suspended.");
        }
        var tenant = change(actorTenant, id, "tenant.suspend", Tenant::suspend);
        statusChanged.fire(new TenantStatusChanged(id, false));
        return tenant;
    }

    public Tenant resume(String actorTenant, String id) {
        var tenant = change(actorTenant, id, "tenant.resume", Tenant::resume);
        statusChanged.fire(new TenantStatusChanged(id, true));
        return tenant;
    }

    private Tenant change(String actorTenant, String id, String action, Consumer<Tenant> change) {
        var tenant = get(id);
        try {
            change.accept(tenant);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_FIELD, e.getMessage() + ".");
        }
        audited(actorTenant, id, action, describe(tenant));
        return tenant;
    }

    /** In the actor's audit log (where platform administrators look) and in the tenant's own. */
    private void audited(String actorTenant, String tenant, String action, String detail) {
        audit.record(actorTenant, action, tenant, detail);
        if (!actorTenant.equals(tenant)) {
            audit.record(tenant, action, tenant, detail);
        }
    }

    private static String describe(Tenant t) {
        var q = t.quotas();
        return t.status() + "; quotas storage " + q.maxStorageBytes() + " bytes, assets " + q.maxAssets()
                + ", upload " + q.maxUploadBytes() + " bytes, processing " + q.maxProcessingMinutesPerMonth()
                + " min/month; renditions up to " + t.maxRenditionHeight() + "; loudness " + describe(t.loudness())
                + "; protection " + (t.protectsContent() ? Tenant.CBCS : "none")
                + "; embeds from "
                + (t.embedOrigins().isEmpty() ? "the platform's default" : String.join(" ", t.embedOrigins()));
    }

    private static String describe(LoudnessProfile l) {
        if (l.equals(LoudnessProfile.PLATFORM)) {
            return "the platform's";
        }
        return Boolean.FALSE.equals(l.normalize())
                ? "not normalised"
                : "normalised to "
                        + (l.integratedLufs() == null ? "the platform's target" : l.integratedLufs() + " LUFS")
                        + ", peaks " + (l.truePeakDbtp() == null ? "the platform's" : l.truePeakDbtp() + " dBTP");
    }

    /** A token is issued only to a client of an existing, active tenant. */
    public void requireActive(String id) {
        var tenant = em.find(Tenant.class, id);
        if (tenant == null) {
            throw ProblemException.invalidClient("The client's tenant does not exist.");
        }
        if (!tenant.active()) {
            throw suspendedProblem();
        }
    }

    public static ProblemException suspendedProblem() {
        return new ProblemException(
                ProblemType.TENANT_SUSPENDED,
                "This tenant is suspended; its clients can neither get tokens nor call the API.");
    }
}
