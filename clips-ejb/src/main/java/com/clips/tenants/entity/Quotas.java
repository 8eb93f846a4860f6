package com.clips.tenants.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What a tenant may use; a null limit is unlimited. Storage counts every stored byte of the
 * tenant's assets (originals and what processing made from them); assets count soft-deleted ones
 * until they are purged; processing minutes are minutes of video processed this calendar month
 * (UTC), as hosted video platforms bill encoding.
 */
@Embeddable
public record Quotas(
        @Column(name = "max_storage_bytes") Long maxStorageBytes,
        @Column(name = "max_assets") Long maxAssets,
        @Column(name = "max_upload_bytes") Long maxUploadBytes,
        @Column(name = "max_processing_minutes") Integer maxProcessingMinutesPerMonth) {

    public static final Quotas UNLIMITED = new Quotas(null, null, null, null);

    /** Null stays null (unlimited); a set limit must be positive. */
    public Quotas {
        for (var limit : new Number[] {maxStorageBytes, maxAssets, maxUploadBytes, maxProcessingMinutesPerMonth}) {
            if (limit != null && limit.longValue() < 1) {
                throw new IllegalArgumentException("a quota is unlimited (null) or at least 1");
            }
        }
    }
}
