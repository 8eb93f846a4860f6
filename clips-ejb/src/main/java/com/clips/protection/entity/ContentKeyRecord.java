package com.clips.protection.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The content key an asset's published renditions are encrypted with: its key ID, which provider
 * made it and the AES key sealed for the database. Exists exactly while those renditions do.
 */
@Entity
@Table(name = "content_key")
@NamedQuery(name = ContentKeyRecord.OF_ASSET, query = "select k from ContentKeyRecord k where k.assetId = :assetId")
@NamedQuery(
        name = ContentKeyRecord.DELETE_OF_ASSET,
        query = "delete from ContentKeyRecord k where k.assetId = :assetId")
public class ContentKeyRecord {

    public static final String OF_ASSET = "ContentKeyRecord.ofAsset";
    public static final String DELETE_OF_ASSET = "ContentKeyRecord.deleteOfAsset";

    @Id
    @Column(name = "key_id", updatable = false)
    private UUID keyId;

    /** The asset's public ID (its row's {@code public_id}, which the foreign key names). */
    @Column(name = "asset_id", nullable = false, updatable = false)
    private UUID assetId;

    @Column(name = "tenant_id", nullable = false, length = 64, updatable = false)
    private String tenantId;

    @Column(nullable = false, length = 16, updatable = false)
    private String provider;

    @Column(name = "sealed_key", nullable = false, length = 200, updatable = false)
    private String sealedKey;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected ContentKeyRecord() {}

    public ContentKeyRecord(UUID keyId, UUID assetId, String tenantId, String provider, String sealedKey) {
        this.keyId = keyId;
        this.assetId = assetId;
        this.tenantId = tenantId;
        this.provider = provider;
        this.sealedKey = sealedKey;
        this.createdAt = Instant.now();
    }

    public UUID keyId() {
        return keyId;
    }

    public UUID assetId() {
        return assetId;
    }

    public String provider() {
        return provider;
    }

    public String sealedKey() {
        return sealedKey;
    }
}
