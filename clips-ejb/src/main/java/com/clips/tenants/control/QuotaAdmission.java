package com.clips.tenants.control;

import com.clips.events.control.Outbox;
import com.clips.events.entity.EventType;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.tenants.entity.LoudnessProfile;
import com.clips.tenants.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * What a tenant may still add: every way of uploading and reprocessing asks here, in the caller's
 * transaction, before it stores or counts anything; the tenants API reads the usage from here too.
 */
@ApplicationScoped
public class QuotaAdmission {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    Outbox outbox;

    /** What a tenant uses now: stored bytes, assets (soft-deleted ones until purged), media minutes processed this month. */
    public record Usage(long storageBytes, long assets, double processingMinutesThisMonth) {}

    public Usage usage(String id) {
        var stored = stored(id);
        return new Usage(
                stored.bytes(), stored.assets(), processingSecondsThisMonth(id).doubleValue() / 60);
    }

    private record Stored(long assets, long bytes) {}

    private Stored stored(String id) {
        var row = (Object[])
                em.createNamedQuery(Tenant.STORED).setParameter(1, id).getSingleResult();
        return new Stored(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    private BigDecimal processingSecondsThisMonth(String id) {
        var monthStart = Instant.now()
                .atZone(ZoneOffset.UTC)
                .with(TemporalAdjusters.firstDayOfMonth())
                .truncatedTo(ChronoUnit.DAYS)
                .toInstant();
        var seconds = em.createNamedQuery(Tenant.PROCESSED_SECONDS_SINCE)
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

    /** The encoding profile's loudness normalisation (the platform's settings where it says nothing). */
    public LoudnessProfile loudness(String id) {
        return Optional.ofNullable(em.find(Tenant.class, id))
                .map(Tenant::loudness)
                .orElse(LoudnessProfile.PLATFORM);
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
    /** Serialises the tenant's registrations (content de-duplication, quotas) until this transaction ends. */
    public void lockTenant(String id) {
        em.find(Tenant.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

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
        if (q.maxAssets() != null || q.maxStorageBytes() != null) {
            var stored = stored(id);
            if (q.maxAssets() != null) {
                crossed(id, "assets", stored.assets(), stored.assets() + 1, q.maxAssets());
            }
            if (q.maxStorageBytes() != null) {
                crossed(id, "storageBytes", stored.bytes(), stored.bytes() + bytes, q.maxStorageBytes());
            }
        }
    }

    /** Quota use that an admission takes to or past a threshold is an event (the tenant row is locked, so once). */
    private void crossed(String tenant, String quota, long before, long after, long max) {
        for (int percent : THRESHOLDS) {
            // before * 100 < percent * max <= after * 100, in integers
            if (java.math.BigInteger.valueOf(before).multiply(HUNDRED).compareTo(scaled(percent, max)) < 0
                    && java.math.BigInteger.valueOf(after).multiply(HUNDRED).compareTo(scaled(percent, max)) >= 0) {
                outbox.record(
                        tenant,
                        EventType.TENANT_QUOTA_THRESHOLD,
                        tenant,
                        data -> data.add("quota", quota)
                                .add("thresholdPercent", percent)
                                .add("used", after)
                                .add("limit", max));
            }
        }
    }

    private static final int[] THRESHOLDS = {80, 100};
    private static final java.math.BigInteger HUNDRED = java.math.BigInteger.valueOf(100);

    private static java.math.BigInteger scaled(int percent, long max) {
        return java.math.BigInteger.valueOf(percent).multiply(java.math.BigInteger.valueOf(max));
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
