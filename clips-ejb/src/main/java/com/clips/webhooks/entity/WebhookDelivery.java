package com.clips.webhooks.entity;

import com.clips.events.entity.Event;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

/**
 * One event on its way to one endpoint. A dispatcher claims it (SENDING, with a claim id and a
 * lease) in a transaction of its own, sends outside any transaction, then records the outcome only
 * if the claim is still its own.
 */
@Entity
@Table(name = "webhook_delivery")
@NamedQuery(
        name = WebhookDelivery.OF_EVENT,
        query = "select d from WebhookDelivery d where d.endpoint = :endpoint and d.event = :event order by d.id")
@NamedQuery(
        name = WebhookDelivery.WITH_EVENT_AND_ENDPOINT,
        query = "select d from WebhookDelivery d join fetch d.endpoint join fetch d.event where d.id in :ids"
                + " order by d.nextAttemptAt, d.id")
// due deliveries of enabled endpoints, at most :perEndpoint of each, oldest first, locked as they are
// claimed; a row another dispatcher holds (or claimed first and committed) is skipped, never taken twice
@NamedNativeQuery(
        name = WebhookDelivery.CLAIM,
        query = "with candidates as ("
                + "  select r.id from (select d.id, d.next_attempt_at,"
                + "      row_number() over (partition by d.endpoint_id order by d.next_attempt_at, d.id) as rank"
                + "    from clips.webhook_delivery d join clips.webhook_endpoint w on w.id = d.endpoint_id"
                + "    where w.enabled and d.endpoint_id <> all(string_to_array(?4, ',')::bigint[])"
                + "      and (d.state = 'PENDING' and d.next_attempt_at <= now()"
                + "           or d.state = 'SENDING' and d.claimed_until < now())) r"
                + "  where r.rank <= ?3 order by r.next_attempt_at, r.id limit ?2),"
                + " locked as (select d.id from clips.webhook_delivery d where d.id in (select id from candidates)"
                + "    and (d.state = 'PENDING' and d.next_attempt_at <= now()"
                + "         or d.state = 'SENDING' and d.claimed_until < now())"
                + "  for update skip locked)"
                + " update clips.webhook_delivery d set state = 'SENDING', claim = cast(?1 as uuid),"
                + "   claimed_until = now() + make_interval(secs => ?5)"
                + " from locked where d.id = locked.id returning d.id, d.endpoint_id")
@NamedNativeQuery(
        name = WebhookDelivery.RELEASE,
        query = "update clips.webhook_delivery set state = 'PENDING', claim = null, claimed_until = null"
                + " where id = ?1 and claim = cast(?2 as uuid) and state = 'SENDING'")
@NamedNativeQuery(
        name = WebhookDelivery.FANOUT_CURSOR,
        query = "select tx_id, event_id from clips.webhook_fanout where id = 1 for update skip locked")
@NamedNativeQuery(
        name = WebhookDelivery.FANOUT_LAST,
        query = "select tx_id, id, n from (select e.tx_id, e.id, row_number() over (order by e.tx_id, e.id) as n"
                + "  from clips.event e where (e.tx_id > ?1 or e.tx_id = ?1 and e.id > ?2)"
                + "    and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
                + "  order by e.tx_id, e.id limit ?3) batch order by n desc limit 1")
@NamedNativeQuery(
        name = WebhookDelivery.FANOUT,
        query = "insert into clips.webhook_delivery (tenant_id, endpoint_id, event_id, state, next_attempt_at)"
                + " select e.tenant_id, w.id, e.id, 'PENDING', now() from clips.event e"
                + " join clips.webhook_endpoint w on w.tenant_id = e.tenant_id"
                + " where (e.tx_id > ?1 or e.tx_id = ?1 and e.id > ?2) and (e.tx_id < ?3 or e.tx_id = ?3 and e.id <= ?4)"
                + "   and w.enabled and e.type <> 'webhook.test' and w.created_at <= e.occurred_at"
                + "   and (w.event_types is null or e.type = any(string_to_array(w.event_types, ',')))")
@NamedNativeQuery(
        name = WebhookDelivery.FANOUT_MOVE,
        query = "update clips.webhook_fanout set tx_id = ?1, event_id = ?2 where id = 1")
// the backlog the pending gauge reports: deliveries of enabled endpoints not yet delivered or given up
@NamedNativeQuery(
        name = WebhookDelivery.BACKLOG,
        query = "select count(*) from clips.webhook_delivery d join clips.webhook_endpoint w on w.id = d.endpoint_id"
                + " where w.enabled and d.state in ('PENDING', 'SENDING')")
public class WebhookDelivery {

    public static final String OF_EVENT = "WebhookDelivery.ofEvent";
    public static final String CLAIM = "WebhookDelivery.claim";
    /** Claimed deliveries with what their requests need, in the claim's order. */
    public static final String WITH_EVENT_AND_ENDPOINT = "WebhookDelivery.withEventAndEndpoint";

    public static final String RELEASE = "WebhookDelivery.release";
    public static final String FANOUT_CURSOR = "WebhookDelivery.fanoutCursor";
    public static final String FANOUT_LAST = "WebhookDelivery.fanoutLast";
    public static final String FANOUT = "WebhookDelivery.fanout";
    public static final String FANOUT_MOVE = "WebhookDelivery.fanoutMove";
    public static final String BACKLOG = "WebhookDelivery.backlog";

    public enum State {
        PENDING,
        SENDING,
        DELIVERED,
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "endpoint_id", nullable = false, updatable = false)
    private WebhookEndpoint endpoint;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "event_id", nullable = false, updatable = false)
    private Event event;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column
    private UUID claim;

    @Column(name = "claimed_until")
    private Instant claimedUntil;

    @Column(nullable = false, updatable = false)
    private boolean replay;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected WebhookDelivery() {}

    /** A delivery asked for by hand (a replay or a test message): due now. */
    public WebhookDelivery(WebhookEndpoint endpoint, Event event, boolean replay) {
        this.tenantId = endpoint.tenantId();
        this.endpoint = endpoint;
        this.event = event;
        this.state = State.PENDING;
        this.nextAttemptAt = Instant.now();
        this.replay = replay;
        this.createdAt = Instant.now();
    }

    public boolean claimedBy(UUID claim) {
        return state == State.SENDING && claim.equals(this.claim);
    }

    /** The attempt is over: delivered, given up, or due again at {@code next}. */
    public void attempted(State outcome, Instant next) {
        attempts++;
        claim = null;
        claimedUntil = null;
        state = outcome;
        nextAttemptAt = outcome == State.PENDING ? next : null;
        if (outcome == State.DELIVERED || outcome == State.FAILED) {
            finishedAt = Instant.now();
        }
    }

    public Long id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public WebhookEndpoint endpoint() {
        return endpoint;
    }

    public Event event() {
        return event;
    }

    public State state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public boolean replay() {
        return replay;
    }
}
