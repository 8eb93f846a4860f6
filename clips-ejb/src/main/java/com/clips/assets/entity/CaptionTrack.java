package com.clips.assets.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hibernate.annotations.TenantId;

/** One uploaded caption track of an asset, in one language; its WebVTT is the object at {@link #storageKey}. */
@Entity
@Table(name = "caption_track")
@NamedQuery(
        name = CaptionTrack.OF_ASSET,
        query = "select c from CaptionTrack c where c.asset = :asset order by c.language")
public class CaptionTrack {

    public static final String OF_ASSET = "CaptionTrack.ofAsset";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "caption_track_seq")
    @SequenceGenerator(name = "caption_track_seq", sequenceName = "caption_track_seq", allocationSize = 50)
    private Long id;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "asset_id", updatable = false)
    private Asset asset;

    @Column(nullable = false, updatable = false, length = 35)
    private String language;

    @Column(nullable = false, length = 100)
    private String label;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private CaptionKind kind;

    @Column(name = "storage_key", nullable = false, length = 512)
    private String storageKey;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "cue_count", nullable = false)
    private int cueCount;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** A BCP-47 tag as it may be written: a language, then script, region or variant subtags. */
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}");

    protected CaptionTrack() {}

    /** The tag in its canonical case ({@code pt-br} is {@code pt-BR}), or empty when it is not a language tag. */
    public static Optional<String> language(String tag) {
        if (tag == null || tag.length() > 35 || !LANGUAGE_TAG.matcher(tag).matches()) {
            return Optional.empty();
        }
        var canonical = Locale.forLanguageTag(tag).toLanguageTag();
        return canonical.equalsIgnoreCase(tag) ? Optional.of(canonical) : Optional.empty();
    }

    public CaptionTrack(Asset asset, String language, String storageKey) {
        this.tenantId = asset.tenantId();
        this.asset = asset;
        this.language = Objects.requireNonNull(language);
        this.storageKey = Objects.requireNonNull(storageKey);
        this.createdAt = Instant.now();
    }

    /** New contents (an upload or a replacement): what it is called and what the file holds. */
    /** The track's WebVTT is now the object at {@code key} (a replacement's own version). */
    public void relocate(String key) {
        this.storageKey = Objects.requireNonNull(key);
    }

    public void describe(String label, CaptionKind kind, long sizeBytes, int cueCount) {
        this.label = Objects.requireNonNull(label);
        this.kind = Objects.requireNonNull(kind);
        this.sizeBytes = sizeBytes;
        this.cueCount = cueCount;
        this.updatedAt = Instant.now();
    }

    public String language() {
        return language;
    }

    public String label() {
        return label;
    }

    public CaptionKind kind() {
        return kind;
    }

    public String storageKey() {
        return storageKey;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public int cueCount() {
        return cueCount;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
