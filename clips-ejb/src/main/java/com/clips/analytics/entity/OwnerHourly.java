package com.clips.analytics.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.TenantId;

/**
 * Events of one type on one owner's assets in one UTC hour, as the rollup folded them; read by the
 * heatmaps through the tenant scope, written only by the rollup.
 */
@Entity
@Immutable
@Table(name = "analytics_owner_hourly")
@IdClass(OwnerHourly.Key.class)
@NamedQuery(
        name = OwnerHourly.OF_OWNER,
        query = "select o.hour, o.events from OwnerHourly o where o.ownerId = :owner"
                + " and o.type = :view and o.hour >= :from and o.hour < :to")
public class OwnerHourly {

    public static final String OF_OWNER = "OwnerHourly.ofOwner";

    /** Unique within a tenant, which is all a session sees. */
    public record Key(String ownerId, EventType type, Instant hour) implements Serializable {}

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, length = 64)
    private String tenantId;

    @Id
    @Column(name = "owner_id", nullable = false)
    private String ownerId;

    @Id
    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false)
    private EventType type;

    @Id
    @Column(nullable = false)
    private Instant hour;

    @Column(nullable = false)
    private long events;

    protected OwnerHourly() {}
}
