package com.clips.tenants.boundary;

import com.clips.audit.boundary.AuditLog;
import com.clips.auth.boundary.ApiClients;
import com.clips.auth.boundary.TokenRefusals;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.tenants.entity.Quotas;
import com.clips.tenants.entity.Tenant;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Tenants and their quotas. The admin API (platform administrators) creates, limits, suspends and
 * resumes them; every way of uploading asks here what the tenant may still add.
 */
@Stateless
public class Tenants {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @EJB
    ApiClients clients;

    @EJB
    TokenRefusals refusals;

    @EJB
    AuditLog audit;

    /** What a tenant uses now: stored bytes, assets (soft-deleted ones until purged), media minutes processed this month. */
    public record Usage(long storageBytes, long assets, double processingMinutesThisMonth) {}

    public record Created(Tenant tenant, ApiClients.Credentials administrator) {}

    /** A new tenant with its first administrator client (whose secret exists only in the answer). */
    public Created create(
            String actorTenant,
            String id,
            String name,
            Quotas quotas,
            Integer maxRenditionHeight,
            String administratorName) {
        Tenant tenant;
        try {
            tenant = new Tenant(id, name, quotas, maxRenditionHeight);
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
        var administrator = clients.create(id, administratorName, EnumSet.of(Role.ADMINISTRATOR), null);
        audited(actorTenant, id, "tenant.create", describe(tenant));
        return new Created(tenant, administrator);
    }

    private static ProblemException exists(String id) {
        return new ProblemException(ProblemType.TENANT_EXISTS, "Tenant " + id + " already exists.");
    }

    /** The tenant's row, made (active, unlimited) if it has none yet: the platform's own tenant on first start. */
    public void ensure(String id, String name) {
        // nodes starting together may race for it
        em.createNativeQuery("insert into clips.tenant (id, name, status, created_at) values (?1, ?2, 'ACTIVE', now())"
                        + " on conflict (id) do nothing")
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

    public Tenant encodeUpTo(String actorTenant, String id, Integer maxRenditionHeight) {
        return change(actorTenant, id, "tenant.encoding", t -> t.encodeUpTo(maxRenditionHeight));
    }

    /** Its clients get no tokens and its tokens are refused (this node at once, others within 30 s); its data stays. */
    public Tenant suspend(String actorTenant, String id) {
        if (id.equals(actorTenant)) {
            throw new ProblemException(ProblemType.TENANT_BUSY, "The platform's own tenant cannot be suspended.");
        }
        var tenant = change(actorTenant, id, "tenant.suspend", Tenant::suspend);
        refusals.suspended(id);
        return tenant;
    }

    public Tenant resume(String actorTenant, String id) {
        var tenant = change(actorTenant, id, "tenant.resume", Tenant::resume);
        refusals.resumed(id);
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
                + " min/month; renditions up to " + t.maxRenditionHeight();
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

    public Usage usage(String id) {
        var stored = stored(id);
        return new Usage(
                stored.bytes(), stored.assets(), processingSecondsThisMonth(id).doubleValue() / 60);
    }

    private record Stored(long assets, long bytes) {}

    private Stored stored(String id) {
        var row = (Object[]) em.createNativeQuery("select count(*), coalesce(sum(file_size_bytes"
                        + " + coalesce(derived_size_bytes, 0)), 0) from clips.asset where tenant_id = ?1")
                .setParameter(1, id)
                .getSingleResult();
        return new Stored(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    private BigDecimal processingSecondsThisMonth(String id) {
        var monthStart = Instant.now()
                .atZone(ZoneOffset.UTC)
                .with(TemporalAdjusters.firstDayOfMonth())
                .truncatedTo(ChronoUnit.DAYS)
                .toInstant();
        var seconds = em.createNativeQuery("select coalesce(sum(duration_seconds), 0) from clips.asset"
                        + " where tenant_id = ?1 and processed_at >= ?2")
                .setParameter(1, id)
                .setParameter(2, java.sql.Timestamp.from(monthStart))
                .getSingleResult();
        return seconds instanceof BigDecimal b ? b : new BigDecimal(seconds.toString());
    }

    /** The tenant's own cap on one file, if it has one (the uploader's role has its own). */
    public Optional<Long> maxUploadBytes(String id) {
        return Optional.ofNullable(em.find(Tenant.class, id))
                .map(t -> t.quotas().maxUploadBytes());
    }

    /** The encoding profile: the height the ladder stops at, if the tenant has one. */
    public Optional<Integer> maxRenditionHeight(String id) {
        return Optional.ofNullable(em.find(Tenant.class, id)).map(Tenant::maxRenditionHeight);
    }

    /** Before any byte of a declared upload (session, tus) is sent: refuses one the tenant's quotas cannot take. */
    public void checkUpload(String id, long bytes) {
        var tenant = em.find(Tenant.class, id);
        if (tenant != null) {
            check(tenant, bytes);
        }
    }

    /** A storage quota and how much of it is used. */
    public record StorageUse(long max, long used) {

        public long free() {
            return max - used;
        }

        /** Refuses {@code bytes} more if they do not fit, and anything at all when nothing is free. */
        void admit(long bytes) {
            if (used >= max || bytes > free()) {
                throw refusal();
            }
        }

        public ProblemException refusal() {
            return new ProblemException(
                    ProblemType.STORAGE_QUOTA_EXCEEDED,
                    "This tenant stores " + used + " of its " + max + " bytes; the upload does not fit.");
        }
    }

    /**
     * Before a streamed upload (its size and content not known yet, so counting and de-duplication
     * wait for {@link #admitAsset}): the tenant's storage quota and use, if limited; none free is refused.
     */
    public Optional<StorageUse> storageUse(String id) {
        var tenant = em.find(Tenant.class, id);
        var max = tenant == null ? null : tenant.quotas().maxStorageBytes();
        if (max == null) {
            return Optional.empty();
        }
        var use = new StorageUse(max, stored(id).bytes());
        use.admit(0);
        return Optional.of(use);
    }

    /**
     * Where every way of uploading becomes an asset, in that transaction: the tenant row is locked so
     * concurrent uploads cannot both take the last unit of a count or storage quota.
     */
    public void admitAsset(String id, long bytes) {
        var tenant = em.find(Tenant.class, id);
        if (tenant == null) {
            return;
        }
        var q = tenant.quotas();
        if (q.maxAssets() != null || q.maxStorageBytes() != null) {
            em.lock(tenant, LockModeType.PESSIMISTIC_WRITE);
        }
        check(tenant, bytes);
    }

    private void check(Tenant tenant, long bytes) {
        checkMinutes(tenant);
        var q = tenant.quotas();
        if (q.maxAssets() == null && q.maxStorageBytes() == null) {
            return;
        }
        var stored = stored(tenant.id());
        if (q.maxAssets() != null && stored.assets() >= q.maxAssets()) {
            throw new ProblemException(
                    ProblemType.ASSET_QUOTA_EXCEEDED,
                    "This tenant has " + stored.assets() + " of its " + q.maxAssets() + " assets.");
        }
        if (q.maxStorageBytes() != null) {
            new StorageUse(q.maxStorageBytes(), stored.bytes()).admit(bytes);
        }
    }

    private void checkMinutes(Tenant tenant) {
        var max = tenant.quotas().maxProcessingMinutesPerMonth();
        if (max != null && processingSecondsThisMonth(tenant.id()).compareTo(BigDecimal.valueOf(max * 60L)) >= 0) {
            throw new ProblemException(
                    ProblemType.PROCESSING_QUOTA_EXCEEDED,
                    "This tenant has used its " + max + " minutes of processing this month;"
                            + " new uploads and reprocessing wait for next month.");
        }
    }

    /** Reprocessing counts against the processing quota like a new upload. */
    public void checkProcessing(String id) {
        var tenant = em.find(Tenant.class, id);
        if (tenant != null) {
            checkMinutes(tenant);
        }
    }
}
