package com.clips.tenants.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A customer of the platform: everything else belongs to exactly one tenant. Its id appears in
 * tokens and storage keys, so it is a short lowercase slug fixed at creation.
 */
@Entity
@Table(name = "tenant")
@NamedQuery(name = Tenant.ALL, query = "select t from Tenant t order by t.id")
@NamedQuery(
        name = Tenant.SUSPENDED,
        query = "select t.id from Tenant t where t.status = com.clips.tenants.entity.TenantStatus.SUSPENDED")
// the tenant's SQL: usage is measured over the asset table by tenant id (it names the tenant it
// measures, so it needs no tenant scope), and the platform's own tenant is made once, whichever
// node starts first
@NamedNativeQuery(
        name = Tenant.STORED,
        // an original discarded as unusable (no video) is no longer stored
        query = "select count(*), coalesce(sum(case when original_discarded_at is null then file_size_bytes else 0 end"
                + " + coalesce(derived_size_bytes, 0)), 0) from clips.asset where tenant_id = ?1")
@NamedNativeQuery(
        name = Tenant.PROCESSED_SECONDS_SINCE,
        query =
                "select coalesce(sum(duration_seconds), 0) from clips.asset where tenant_id = ?1 and processed_at >= ?2")
@NamedNativeQuery(
        name = Tenant.ENSURE,
        query = "insert into clips.tenant (id, name, status, created_at) values (?1, ?2, 'ACTIVE', now())"
                + " on conflict (id) do nothing")
@NamedNativeQuery(
        name = Tenant.PROCESSING_QUOTA_USE,
        query = "select t.id, coalesce(sum(a.duration_seconds), 0) / 60.0 / t.max_processing_minutes"
                + " from clips.tenant t left join clips.asset a on a.tenant_id = t.id"
                + " and a.processed_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'"
                + " where t.max_processing_minutes > 0 group by t.id, t.max_processing_minutes")
public class Tenant {

    public static final String ALL = "Tenant.all";
    public static final String SUSPENDED = "Tenant.suspended";
    public static final String STORED = "Tenant.stored";
    public static final String PROCESSED_SECONDS_SINCE = "Tenant.processedSecondsSince";
    public static final String ENSURE = "Tenant.ensure";
    public static final String PROCESSING_QUOTA_USE = "Tenant.processingQuotaUse";
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}[a-z0-9]");

    /**
     * An origin a page may frame the player from, as a CSP source: {@code http(s)://host[:port]},
     * the host optionally {@code *.}-prefixed for its subdomains. Nothing else (no path, quote,
     * space or semicolon) can reach the header.
     */
    public static final Pattern EMBED_ORIGIN = Pattern.compile(
            "https?://(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?");

    public static final int MAX_EMBED_ORIGINS = 32;

    @Id
    private String id;

    @Column(nullable = false, length = 200)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private TenantStatus status;

    @Embedded
    private Quotas quotas;

    /** The encoding profile: the ladder stops at this height (null: the full ladder). */
    @Column(name = "max_rendition_height")
    private Integer maxRenditionHeight;

    /** The encoding profile's loudness normalisation; null: the platform's settings. */
    @Embedded
    private LoudnessProfile loudness;

    /** Space-separated origins whose pages may frame the embed player; null: the platform's default. */
    /** Content protection of the clips it processes: {@code cbcs} (CENC, see Packager), null: none. */
    @Column(length = 16)
    private String protection;

    @Column(name = "embed_origins", length = 4000)
    private String embedOrigins;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "suspended_at")
    private Instant suspendedAt;

    @Version
    private long version;

    protected Tenant() {}

    public Tenant(String id, String name, Quotas quotas, Integer maxRenditionHeight, LoudnessProfile loudness) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "id must be 3 to 64 lowercase letters, digits or dashes, not starting or ending with a dash");
        }
        this.id = id;
        this.name = Objects.requireNonNull(name);
        this.status = TenantStatus.ACTIVE;
        this.createdAt = Instant.now();
        limit(quotas);
        encodeUpTo(maxRenditionHeight);
        normalizeLoudness(loudness);
    }

    public void limit(Quotas quotas) {
        this.quotas = quotas == null ? Quotas.UNLIMITED : quotas;
    }

    public void encodeUpTo(Integer maxRenditionHeight) {
        if (maxRenditionHeight != null && (maxRenditionHeight < 144 || maxRenditionHeight > 2160)) {
            throw new IllegalArgumentException("maxRenditionHeight must be between 144 and 2160");
        }
        this.maxRenditionHeight = maxRenditionHeight;
    }

    /** The encoding profile's loudness normalisation; null: the platform's settings. */
    public void normalizeLoudness(LoudnessProfile profile) {
        if (profile != null) {
            profile.check();
        }
        this.loudness = profile == null || profile.equals(LoudnessProfile.PLATFORM) ? null : profile;
    }

    public LoudnessProfile loudness() {
        return loudness == null ? LoudnessProfile.PLATFORM : loudness;
    }

    /** The only scheme there is: CENC {@code cbcs}, one set of segments for every DRM system. */
    public static final String CBCS = "cbcs";

    /** Turns content protection on ({@code cbcs}) or off ({@code none} or null) for processing from now on. */
    public void protect(String scheme) {
        if (scheme == null || scheme.equals("none")) {
            protection = null;
        } else if (scheme.equals(CBCS)) {
            protection = CBCS;
        } else {
            throw new IllegalArgumentException("protection must be \"cbcs\" or \"none\"");
        }
    }

    /** Whether the clips it processes from now on are encrypted. */
    public boolean protectsContent() {
        return protection != null;
    }

    /** The sites whose pages may frame the embed player; null or empty: the platform's default. */
    public void allowEmbedsFrom(List<String> origins) {
        if (origins == null || origins.isEmpty()) {
            embedOrigins = null;
            return;
        }
        if (origins.size() > MAX_EMBED_ORIGINS) {
            throw new IllegalArgumentException("embedOrigins may list at most " + MAX_EMBED_ORIGINS + " origins");
        }
        var kept = new LinkedHashSet<String>();
        for (var origin : origins) {
            var lower = origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT);
            if (!EMBED_ORIGIN.matcher(lower).matches()) {
                throw new IllegalArgumentException("embedOrigins: \"" + origin
                        + "\" is not an origin such as https://example.com or https://*.example.com");
            }
            kept.add(lower);
        }
        embedOrigins = String.join(" ", kept);
    }

    /** The sites allowed to frame the embed player; empty: the platform's default applies. */
    public List<String> embedOrigins() {
        return embedOrigins == null ? List.of() : List.of(embedOrigins.split(" "));
    }

    public void suspend() {
        if (status != TenantStatus.SUSPENDED) {
            status = TenantStatus.SUSPENDED;
            suspendedAt = Instant.now();
        }
    }

    public void resume() {
        status = TenantStatus.ACTIVE;
        suspendedAt = null;
    }

    public boolean active() {
        return status == TenantStatus.ACTIVE;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public TenantStatus status() {
        return status;
    }

    /** Never null: Hibernate reads an embeddable whose columns are all null as null. */
    public Quotas quotas() {
        return quotas == null ? Quotas.UNLIMITED : quotas;
    }

    public Integer maxRenditionHeight() {
        return maxRenditionHeight;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant suspendedAt() {
        return suspendedAt;
    }
}
