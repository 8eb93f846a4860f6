package com.clips.social.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

/**
 * A user's playlist: its items live in playlist_item with dense positions 0..n-1,
 * changed only while this row is locked, so concurrent edits keep one stable order.
 */
@Entity
@Table(name = "playlist")
@NamedQuery(
        name = Playlist.OF_OWNER,
        query = "select p from Playlist p where p.ownerSubject = :subject order by p.createdAt desc, p.id")
@NamedQuery(name = Playlist.COUNT_OF_OWNER, query = "select count(p) from Playlist p where p.ownerSubject = :subject")
// playlist_item has no entity: its dense positions are moved in place by these statements,
// always keyed by a playlist row the tenant scope returned
@NamedNativeQuery(name = Playlist.COUNT_VISIBLE_ITEMS, query = "select count(*)" + Playlist.VISIBLE_ITEMS)
@NamedNativeQuery(
        name = Playlist.VISIBLE_ITEM_IDS,
        query = "select a.id" + Playlist.VISIBLE_ITEMS + " order by i.position")
@NamedNativeQuery(
        name = Playlist.ADD_ITEM,
        query = "insert into clips.playlist_item (playlist_id, asset_id, position) values (?1, ?2, ?3)"
                + " on conflict do nothing")
@NamedNativeQuery(
        name = Playlist.REMOVE_ITEM,
        query = "delete from clips.playlist_item where playlist_id = ?1 and asset_id = ?2")
@NamedNativeQuery(
        name = Playlist.ITEM_IDS,
        query = "select a.public_id, i.asset_id from clips.playlist_item i"
                + " join clips.asset a on a.id = i.asset_id where i.playlist_id = ?1")
@NamedNativeQuery(
        name = Playlist.MOVE_ITEM,
        query = "update clips.playlist_item set position = ?1 where playlist_id = ?2 and asset_id = ?3")
@NamedNativeQuery(
        name = Playlist.SHIFT_ITEMS,
        query = "update clips.playlist_item set position = position + ?1"
                + " where playlist_id = ?2 and position between ?3 and ?4")
@NamedNativeQuery(
        name = Playlist.ITEM_OF_ASSET,
        query = "select i.asset_id, i.position from clips.playlist_item i"
                + " join clips.asset a on a.id = i.asset_id where i.playlist_id = ?1 and a.public_id = ?2")
@NamedNativeQuery(
        name = Playlist.COUNT_ITEMS,
        query = "select count(*) from clips.playlist_item where playlist_id = ?1")
public class Playlist {

    public static final String OF_OWNER = "Playlist.ofOwner";
    public static final String COUNT_OF_OWNER = "Playlist.countOfOwner";
    public static final String COUNT_VISIBLE_ITEMS = "Playlist.countVisibleItems";
    public static final String VISIBLE_ITEM_IDS = "Playlist.visibleItemIds";
    public static final String ADD_ITEM = "Playlist.addItem";
    public static final String REMOVE_ITEM = "Playlist.removeItem";
    public static final String ITEM_IDS = "Playlist.itemIds";
    public static final String MOVE_ITEM = "Playlist.moveItem";
    public static final String SHIFT_ITEMS = "Playlist.shiftItems";
    public static final String ITEM_OF_ASSET = "Playlist.itemOfAsset";
    public static final String COUNT_ITEMS = "Playlist.countItems";
    // the items this viewer may see: not deleted, and public, theirs, or (?3) they moderate
    static final String VISIBLE_ITEMS = " from clips.playlist_item i join clips.asset a on a.id = i.asset_id"
            + " where i.playlist_id = ?1 and a.status <> 'DELETED' and (a.is_public or a.owner_id = ?2 or ?3)";

    @Id
    private UUID id;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(name = "owner_subject", nullable = false, updatable = false)
    private String ownerSubject;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(length = 2000)
    private String description;

    @Column(name = "is_public", nullable = false)
    private boolean isPublic;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Playlist() {}

    public Playlist(String tenantId, String ownerSubject, String name, String description, boolean isPublic) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.ownerSubject = ownerSubject;
        this.createdAt = Instant.now();
        describe(name, description, isPublic);
    }

    public void describe(String name, String description, boolean isPublic) {
        this.name = name;
        this.description = description;
        this.isPublic = isPublic;
        touch();
    }

    public void touch() {
        this.updatedAt = Instant.now();
    }

    public boolean ownedBy(String subject) {
        return ownerSubject.equals(subject);
    }

    public UUID id() {
        return id;
    }

    public String ownerSubject() {
        return ownerSubject;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean isPublic() {
        return isPublic;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
