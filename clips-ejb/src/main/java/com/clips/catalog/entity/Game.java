package com.clips.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.TenantId;

/**
 * A game title some clip of the tenant carries, lower-cased: what the catalog's "game contains"
 * filter matches before it looks at any clip. The database keeps the table (triggers on asset,
 * V20); the application only reads it.
 */
@Entity
@Immutable
@Table(name = "game")
public class Game {

    @Id
    Long id;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    String tenantId;

    @Column(nullable = false, length = 200)
    String title;

    protected Game() {}
}
