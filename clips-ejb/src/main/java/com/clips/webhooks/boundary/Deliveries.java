package com.clips.webhooks.boundary;

import com.clips.audit.boundary.AuditLog;
import com.clips.webhooks.control.RetrySchedule;
import com.clips.webhooks.control.WebhookSettings;
import com.clips.webhooks.entity.DeliveryAttempt;
import com.clips.webhooks.entity.WebhookDelivery;
import com.clips.webhooks.entity.WebhookDelivery.State;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The dispatcher's transactions, each short and on its own: fan new events out to the endpoints
 * that take them, claim due deliveries, read what to send, record what happened. The HTTP request
 * itself runs between two of them, never inside one. Not tenant-scoped: dispatching serves every
 * tenant, and every row it writes names its tenant.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class.getName());

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    WebhookSettings settings;

    @EJB
    AuditLog audit;

    /**
     * A delivery this dispatcher holds and what to send for it: the event's id and body, to this
     * URL, signed with these secrets ({@code endpointRow} is the endpoint's row id, for the
     * concurrency limits).
     */
    public record Outgoing(
            long deliveryId,
            long endpointRow,
            String endpointId,
            String url,
            String eventId,
            String body,
            List<String> secrets) {}

    /** What an attempt got: a status (null if no answer), its latency, why it failed, the start of the body. */
    public record Outcome(
            Instant attemptedAt,
            Integer statusCode,
            long latencyMs,
            String error,
            String responseExcerpt,
            Optional<Duration> retryAfter) {

        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    /**
     * Turns events committed since the last call into deliveries, {@code batch} events at most. One
     * dispatcher at a time moves the fan-out cursor (its row is locked; the others skip it).
     *
     * @return how many events were fanned out
     */
    public int fanOut(int batch) {
        var cursor = em.createNamedQuery(WebhookDelivery.FANOUT_CURSOR)
                .getResultStream()
                .findFirst();
        if (cursor.isEmpty()) {
            return 0;
        }
        var at = (Object[]) cursor.get();
        long tx = ((Number) at[0]).longValue();
        long id = ((Number) at[1]).longValue();
        var last = em.createNamedQuery(WebhookDelivery.FANOUT_LAST)
                .setParameter(1, tx)
                .setParameter(2, id)
                .setParameter(3, batch)
                .getResultStream()
                .findFirst();
        if (last.isEmpty()) {
            return 0;
        }
        var to = (Object[]) last.get();
        long lastTx = ((Number) to[0]).longValue();
        long lastId = ((Number) to[1]).longValue();
        em.createNamedQuery(WebhookDelivery.FANOUT)
                .setParameter(1, tx)
                .setParameter(2, id)
                .setParameter(3, lastTx)
                .setParameter(4, lastId)
                .executeUpdate();
        em.createNamedQuery(WebhookDelivery.FANOUT_MOVE)
                .setParameter(1, lastTx)
                .setParameter(2, lastId)
                .executeUpdate();
        return ((Number) to[2]).intValue();
    }

    /**
     * Claims up to {@code limit} due deliveries, at most {@code perEndpoint} of any endpoint and
     * none of {@code busyEndpoints}, for {@code claim} until the lease runs out. A delivery whose
     * claim ran out (its dispatcher died mid-request) is due again.
     */
    @SuppressWarnings("unchecked")
    public List<Outgoing> claim(UUID claim, int limit, int perEndpoint, List<Long> busyEndpoints) {
        var busy = String.join(",", busyEndpoints.stream().map(String::valueOf).toList());
        List<Object[]> rows = em.createNamedQuery(WebhookDelivery.CLAIM)
                .setParameter(1, claim.toString())
                .setParameter(2, limit)
                .setParameter(3, perEndpoint)
                .setParameter(4, busy)
                .setParameter(5, (double) settings.claimLease().toSeconds())
                .getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        // what to send is read in the claim's own transaction: one round trip fewer per delivery
        var ids = rows.stream().map(row -> ((Number) row[0]).longValue()).toList();
        var box = settings.secretBox();
        var now = Instant.now();
        var outgoing = new ArrayList<Outgoing>();
        for (var delivery : em.createNamedQuery(WebhookDelivery.WITH_EVENT_AND_ENDPOINT, WebhookDelivery.class)
                .setParameter("ids", ids)
                .getResultList()) {
            var endpoint = delivery.endpoint();
            var secrets = new ArrayList<String>();
            secrets.add(box.open(endpoint.secret()));
            endpoint.previousSecret(now).ifPresent(s -> secrets.add(box.open(s)));
            var event = delivery.event();
            outgoing.add(new Outgoing(
                    delivery.id(),
                    endpoint.id(),
                    endpoint.publicId().toString(),
                    endpoint.url(),
                    event.publicId(),
                    event.body(),
                    secrets));
        }
        return outgoing;
    }

    /** Gives a claimed delivery back untried (this node has no room for it after all). */
    public void release(long deliveryId, UUID claim) {
        em.createNamedQuery(WebhookDelivery.RELEASE)
                .setParameter(1, deliveryId)
                .setParameter(2, claim.toString())
                .executeUpdate();
    }

    /** What an attempt left its delivery in, the {@code outcome} of {@code clips_webhook_deliveries_total}. */
    public enum Result {
        /** 2xx: delivered. */
        DELIVERED,
        /** Failed; another attempt is scheduled. */
        RETRY,
        /** Failed for good: the schedule is spent, or the endpoint answered 410 Gone. */
        FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Deliveries of enabled endpoints still to be sent (pending or being sent), on every node. */
    public long backlog() {
        return ((Number) em.createNamedQuery(WebhookDelivery.BACKLOG).getSingleResult()).longValue();
    }

    /**
     * Records an attempt, if the delivery is still this claim's: 2xx delivers it; 410 Gone disables
     * the endpoint; anything else is retried on the schedule (Retry-After of a 429 or 503 honoured)
     * until it is spent. An endpoint failing for longer than clips.webhooks.disable-after is
     * disabled. Disabling is written to the audit log.
     *
     * @return what the attempt left the delivery in; empty if it was not this claim's to record
     */
    public Optional<Result> record(long deliveryId, UUID claim, Outcome outcome) {
        var delivery = em.find(WebhookDelivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
        if (delivery == null) {
            return Optional.empty(); // the endpoint was deleted or the event purged meanwhile
        }
        if (!delivery.claimedBy(claim)) {
            LOG.warning(() -> "delivery " + deliveryId + " was claimed again while this node sent it");
            return Optional.empty();
        }
        Result result;
        int attempt = delivery.attempts() + 1;
        var endpoint = delivery.endpoint();
        var now = Instant.now();
        Instant next = null;
        if (outcome.delivered()) {
            delivery.attempted(State.DELIVERED, null);
            endpoint.succeeded();
            result = Result.DELIVERED;
        } else if (outcome.statusCode() != null && outcome.statusCode() == 410) {
            delivery.attempted(State.FAILED, null);
            disable(endpoint, "The endpoint answered 410 Gone.");
            result = Result.FAILED;
        } else {
            boolean asksToWait =
                    outcome.statusCode() != null && (outcome.statusCode() == 429 || outcome.statusCode() == 503);
            var due =
                    RetrySchedule.of(settings).next(attempt, now, asksToWait ? outcome.retryAfter() : Optional.empty());
            next = due.orElse(null);
            delivery.attempted(due.isPresent() ? State.PENDING : State.FAILED, next);
            result = due.isPresent() ? Result.RETRY : Result.FAILED;
            endpoint.failed(outcome.attemptedAt());
            if (endpoint.enabled()
                    && endpoint.failingSince().plus(settings.disableAfter()).isBefore(now)) {
                disable(
                        endpoint,
                        "Every attempt failed since " + endpoint.failingSince() + " (longer than "
                                + settings.disableAfter() + ").");
                result = Result.FAILED; // kept pending, but not sent unless the endpoint is enabled again
            }
        }
        em.persist(new DeliveryAttempt(
                delivery,
                attempt,
                outcome.attemptedAt(),
                outcome.statusCode(),
                outcome.latencyMs(),
                outcome.error(),
                outcome.responseExcerpt(),
                next));
        return Optional.of(result);
    }

    private void disable(com.clips.webhooks.entity.WebhookEndpoint endpoint, String reason) {
        endpoint.disable(reason);
        audit.record(
                endpoint.tenantId(),
                "webhook.endpoint.disable",
                endpoint.publicId().toString(),
                reason);
        LOG.info(() -> "webhook endpoint " + endpoint.publicId() + " of tenant " + endpoint.tenantId() + " disabled: "
                + reason);
    }
}
