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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.hibernate.annotations.TenantId;

/**
 * How viewers address an asset's media (Mux's playback IDs): a random id that is not the asset's,
 * public or signed, several per asset. Deleting one revokes it at once: nothing else knows it.
 */
@Entity
@Table(name = "playback_id")
@NamedQuery(name = PlaybackId.BY_PUBLIC_ID, query = "select p from PlaybackId p where p.publicId = :publicId")
public class PlaybackId {

    public static final String BY_PUBLIC_ID = "PlaybackId.byPublicId";

    /** What a playback ID looks like; anything else in its place is not one (404 without a lookup). */
    public static final Pattern FORMAT = Pattern.compile("[0-9a-z]{20,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "playback_id_seq")
    @SequenceGenerator(name = "playback_id_seq", sequenceName = "playback_id_seq", allocationSize = 50)
    private Long id;

    @Column(name = "public_id", nullable = false, unique = true, updatable = false, length = 64)
    private String publicId;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "asset_id", updatable = false)
    private Asset asset;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private PlaybackPolicy policy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected PlaybackId() {}

    public PlaybackId(Asset asset, PlaybackPolicy policy) {
        var bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        this.publicId = HexFormat.of().formatHex(bytes);
        this.tenantId = asset.tenantId();
        this.asset = asset;
        this.policy = policy;
        this.createdAt = Instant.now();
    }

    public String publicId() {
        return publicId;
    }

    public String tenantId() {
        return tenantId;
    }

    public Asset asset() {
        return asset;
    }

    public PlaybackPolicy policy() {
        return policy;
    }

    public boolean isSigned() {
        return policy == PlaybackPolicy.SIGNED;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
