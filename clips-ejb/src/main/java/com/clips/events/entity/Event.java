package com.clips.events.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.TenantId;

/**
 * One outbox row: a state change of a resource, as the body every consumer gets ({@code {type,
 * timestamp, data}}, kept as the exact text that is signed and sent). Written in the transaction of
 * the change, never changed afterwards.
 */
@Entity
@Immutable
@Table(name = "event")
// the tenant's feed after a (tx_id, id) cursor, up to the horizon below which every transaction has ended
@NamedQuery(
        name = Event.FEED,
        query = "select e from Event e where (e.txId > :tx or (e.txId = :tx and e.id > :id)) and e.txId < :horizon"
                + " and e.type <> 'webhook.test' and (:allTypes = true or e.type in :types) order by e.txId, e.id")
@NamedQuery(name = Event.BY_PUBLIC_ID, query = "select e from Event e where e.publicId = :publicId")
@NamedQuery(
        name = Event.OCCURRED_BETWEEN,
        query = "select e from Event e where e.occurredAt >= :from and e.occurredAt < :to"
                + " and e.type <> 'webhook.test' and (:allTypes = true or e.type in :types) order by e.txId, e.id")
// every transaction with a smaller id has committed or rolled back
@NamedNativeQuery(name = Event.HORIZON, query = "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
// the resource's next version, the row locked until this transaction ends
@NamedNativeQuery(
        name = Event.NEXT_VERSION,
        query = "insert into clips.event_resource_version (resource_type, resource_id, version) values (?1, ?2, 1)"
                + " on conflict (resource_type, resource_id) do update set version = event_resource_version.version + 1"
                + " returning version")
@NamedNativeQuery(name = Event.PURGE_BEFORE, query = "delete from clips.event where occurred_at < ?1")
public class Event {

    public static final String FEED = "Event.feed";
    public static final String BY_PUBLIC_ID = "Event.byPublicId";
    public static final String OCCURRED_BETWEEN = "Event.occurredBetween";
    public static final String HORIZON = "Event.horizon";
    public static final String NEXT_VERSION = "Event.nextVersion";
    public static final String PURGE_BEFORE = "Event.purgeBefore";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "public_id", nullable = false, updatable = false, length = 40)
    private String publicId;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(nullable = false, updatable = false, length = 64)
    private String type;

    @Column(name = "resource_type", nullable = false, updatable = false, length = 32)
    private String resourceType;

    @Column(name = "resource_id", nullable = false, updatable = false, length = 128)
    private String resourceId;

    @Column(name = "resource_version", nullable = false, updatable = false)
    private long resourceVersion;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false)
    private String body;

    /** The writing transaction's id (a column default): the feed's order. */
    @Generated
    @Column(name = "tx_id", insertable = false, updatable = false)
    private Long txId;

    protected Event() {}

    public Event(
            String tenantId, EventType type, String resourceId, long resourceVersion, Instant occurredAt, String body) {
        this.publicId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        this.tenantId = tenantId;
        this.type = type.type();
        this.resourceType = type.resource();
        this.resourceId = resourceId;
        this.resourceVersion = resourceVersion;
        this.occurredAt = occurredAt;
        this.body = body;
    }

    /** The feed's position of an event: its transaction, then its row. */
    public record Position(long txId, long id) {
        public static final Position START = new Position(0, 0);

        /** The opaque cursor of a position: what a client passes back as {@code after}. */
        public String encode() {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((txId + "." + id).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        /** The position of a cursor; none: the start. */
        public static Position decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return START;
            }
            try {
                var text = new String(
                        java.util.Base64.getUrlDecoder().decode(cursor.strip()),
                        java.nio.charset.StandardCharsets.US_ASCII);
                var parts = text.split("\\.", -1);
                if (parts.length == 2) {
                    var position = new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                    if (position.txId() >= 0 && position.id() >= 0) {
                        return position;
                    }
                }
            } catch (IllegalArgumentException e) {
                // answered below
            }
            throw new com.clips.platform.ProblemException(
                    com.clips.platform.ProblemType.INVALID_FILTER,
                    "after must be a cursor this API returned (nextCursor or Link rel=next).");
        }
    }

    public Position position() {
        return new Position(txId, id);
    }

    public static List<String> names(List<EventType> types) {
        return types.stream().map(EventType::type).toList();
    }

    public Long id() {
        return id;
    }

    public String publicId() {
        return publicId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String type() {
        return type;
    }

    public String resourceType() {
        return resourceType;
    }

    public String resourceId() {
        return resourceId;
    }

    public long resourceVersion() {
        return resourceVersion;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String body() {
        return body;
    }

    public Long txId() {
        return txId;
    }
}
