package com.clips.analytics.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.TenantId;

/**
 * A raw event as stored, read by the analytics queries through the tenant scope. Events are written
 * in batches by {@code EventStore} ({@link AnalyticsEvent}), never through this mapping.
 */
@Entity
@Immutable
@Table(name = "analytics_event")
@NamedQuery(
        name = RecordedEvent.OWNER_HOURS,
        query = "select function('clips.utc_hour', e.occurredAt), count(e) from RecordedEvent e"
                + " where e.ownerId = :owner and e.type = :view and e.occurredAt >= :from and e.occurredAt < :to"
                + " group by function('clips.utc_hour', e.occurredAt)")
public class RecordedEvent {

    public static final String OWNER_HOURS = "RecordedEvent.ownerHours";

    @Id
    private Long id;

    @Column(name = "asset_id", nullable = false)
    private Long assetId;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, length = 64)
    private String tenantId;

    @Column(name = "owner_id", nullable = false)
    private String ownerId;

    @Column(name = "subject")
    private String subject;

    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false)
    private EventType type;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    protected RecordedEvent() {}
}
