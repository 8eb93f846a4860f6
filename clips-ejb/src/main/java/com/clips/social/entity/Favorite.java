package com.clips.social.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
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
// idempotent: a second click finds the row and adds nothing (the answer says whether it added)
@NamedNativeQuery(
        name = Favorite.ADD,
        query = "insert into clips.favorite (asset_id, tenant_id, subject) values (?1, ?2, ?3) on conflict do nothing")
@NamedQuery(name = Favorite.DELETE, query = "delete from Favorite f where f.assetId = :asset and f.subject = :subject")
// a user's favorites that they can still see: not deleted, and public or theirs unless they moderate
@NamedQuery(name = Favorite.COUNT_MINE, query = "select count(f)" + Favorite.VISIBLE)
@NamedQuery(name = Favorite.MINE, query = "select a" + Favorite.VISIBLE + " order by f.createdAt desc, a.id desc")
public class Favorite {

    public static final String ADD = "Favorite.add";
    public static final String DELETE = "Favorite.delete";
    public static final String COUNT_MINE = "Favorite.countMine";
    public static final String MINE = "Favorite.mine";
    static final String VISIBLE = " from Favorite f join Asset a on a.id = f.assetId where f.subject = :subject"
            + " and a.status <> com.clips.assets.entity.AssetStatus.DELETED"
            + " and (:moderator = true or a.isPublic = true or a.ownerId = :subject)";

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
