package com.clips.social.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.TenantId;

/**
 * One user's favorite of one asset. Mapped so that reading favorites goes through
 * the tenant scope like every other tenant-owned row; rows are written by {@code Favorites} with an
 * idempotent insert (one statement decides whether a click changed anything).
 */
@Entity
@Immutable
@Table(name = "favorite")
@IdClass(Favorite.Key.class)
public class Favorite {

    public record Key(Long assetId, String subject) implements Serializable {}

    @Id
    @Column(name = "asset_id")
    private Long assetId;

    @Id
    @Column(name = "subject")
    private String subject;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Favorite() {}
}
