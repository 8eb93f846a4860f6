package com.clips.social.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
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
public class Playlist {

    public static final String OF_OWNER = "Playlist.ofOwner";
    public static final String COUNT_OF_OWNER = "Playlist.countOfOwner";

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
