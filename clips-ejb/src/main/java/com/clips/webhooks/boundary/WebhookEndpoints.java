package com.clips.webhooks.boundary;

import com.clips.events.control.Outbox;
import com.clips.events.entity.Event;
import com.clips.events.entity.EventType;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.webhooks.control.UrlGuard;
import com.clips.webhooks.control.WebhookSettings;
import com.clips.webhooks.entity.DeliveryAttempt;
import com.clips.webhooks.entity.WebhookDelivery;
import com.clips.webhooks.entity.WebhookEndpoint;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's webhook endpoints, always in the caller's tenant scope (another tenant's endpoint is
 * not found): registration (URL checked against the SSRF rules, a secret made and shown once),
 * changes, secret rotation with an overlap, a test message, replays and the delivery log.
 */
@Stateless
public class WebhookEndpoints {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    WebhookSettings settings;

    @Inject
    Outbox outbox;

    /** An endpoint with its plain secret: the only time it is shown. */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {}

    /** What changes (null: unchanged). */
    public record Changes(String url, Optional<String> description, List<EventType> eventTypes, Boolean enabled) {}

    /** One attempt as the delivery log shows it. */
    public record Attempt(
            String eventId,
            String eventType,
            boolean replay,
            int attempt,
            Instant attemptedAt,
            Integer statusCode,
            long latencyMs,
            String error,
            String responseExcerpt,
            Instant nextAttemptAt,
            String deliveryState) {

        static Attempt of(DeliveryAttempt a) {
            var delivery = a.delivery();
            return new Attempt(
                    delivery.event().publicId(),
                    delivery.event().type(),
                    delivery.replay(),
                    a.attempt(),
                    a.attemptedAt(),
                    a.statusCode(),
                    a.latencyMs(),
                    a.error(),
                    a.responseExcerpt(),
                    a.nextAttemptAt(),
                    delivery.state().name());
        }
    }

    public record AttemptPage(List<Attempt> attempts, long total) {}

    public WithSecret create(String tenantId, String url, String description, List<EventType> types) {
        var checked = UrlGuard.of(settings).check(url);
        var secret = WebhookSettings.newSecret();
        var endpoint = new WebhookEndpoint(
                tenantId,
                checked.toString(),
                description,
                Event.names(types),
                settings.secretBox().seal(secret));
        em.persist(endpoint);
        return new WithSecret(endpoint, secret);
    }

    public List<WebhookEndpoint> list() {
        return em.createNamedQuery(WebhookEndpoint.ALL, WebhookEndpoint.class).getResultList();
    }

    public WebhookEndpoint get(UUID id) {
        return em.createNamedQuery(WebhookEndpoint.BY_PUBLIC_ID, WebhookEndpoint.class)
                .setParameter("id", id)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Webhook endpoint " + id));
    }

    public WebhookEndpoint change(UUID id, Changes changes) {
        var endpoint = get(id);
        if (changes.url() != null) {
            endpoint.moveTo(UrlGuard.of(settings).check(changes.url()).toString());
        }
        if (changes.description() != null) {
            endpoint.describe(changes.description().orElse(null));
        }
        if (changes.eventTypes() != null) {
            endpoint.subscribe(Event.names(changes.eventTypes()));
        }
        if (changes.enabled() != null && changes.enabled() != endpoint.enabled()) {
            if (changes.enabled()) {
                endpoint.enable();
            } else {
                endpoint.disable("Disabled by an administrator.");
            }
        }
        return endpoint;
    }

    /** The endpoint, its deliveries and their attempts go. */
    public void delete(UUID id) {
        em.remove(get(id));
    }

    /** A new secret, signed with from now on; the old one is signed with too for the overlap. */
    public WithSecret rotate(UUID id) {
        var endpoint = get(id);
        var secret = WebhookSettings.newSecret();
        endpoint.rotate(settings.secretBox().seal(secret), Instant.now().plus(settings.rotationOverlap()));
        return new WithSecret(endpoint, secret);
    }

    /** A webhook.test message to this endpoint alone (no other endpoint, not in the pull API). */
    public Event test(UUID id) {
        var endpoint = enabled(id);
        var event = outbox.record(
                endpoint.tenantId(),
                EventType.WEBHOOK_TEST,
                endpoint.publicId().toString(),
                data -> data.add("message", "A test message for this endpoint, as requested."));
        em.persist(new WebhookDelivery(endpoint, event, false));
        return event;
    }

    /** One event of this tenant sent again to the endpoint (same webhook-id); a test message only to its own endpoint. */
    public Event replay(UUID id, String eventId) {
        var endpoint = enabled(id);
        var event = em.createNamedQuery(Event.BY_PUBLIC_ID, Event.class)
                .setParameter("publicId", eventId)
                .getResultStream()
                .filter(e -> !e.type().equals(EventType.WEBHOOK_TEST.type())
                        || e.resourceId().equals(endpoint.publicId().toString()))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Event " + eventId));
        em.persist(new WebhookDelivery(endpoint, event, true));
        return event;
    }

    /**
     * Every event of this tenant that occurred from {@code from} (inclusive) to {@code to}
     * (exclusive), of the types the endpoint takes, sent again in order; refused whole when they
     * are more than clips.webhooks.replay-max-events.
     */
    public int replay(UUID id, Instant from, Instant to) {
        var endpoint = enabled(id);
        if (!from.isBefore(to)) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "from must be before to.");
        }
        int max = settings.replayMaxEvents();
        var types = endpoint.eventTypes();
        var events = em.createNamedQuery(Event.OCCURRED_BETWEEN, Event.class)
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("allTypes", types.isEmpty())
                .setParameter("types", types.isEmpty() ? List.of("-") : types)
                .setMaxResults(max + 1)
                .getResultList();
        if (events.size() > max) {
            throw new ProblemException(
                    ProblemType.REPLAY_TOO_LARGE,
                    "The range holds more than " + max + " events; replay a shorter range.");
        }
        for (var event : events) {
            em.persist(new WebhookDelivery(endpoint, event, true));
        }
        return events.size();
    }

    /** The endpoint's attempts, newest first. */
    public AttemptPage attempts(UUID id, int offset, int limit) {
        var endpoint = get(id);
        var attempts = em.createNamedQuery(DeliveryAttempt.OF_ENDPOINT, DeliveryAttempt.class)
                .setParameter("endpoint", endpoint.id())
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
        long total = em.createNamedQuery(DeliveryAttempt.COUNT_OF_ENDPOINT, Long.class)
                .setParameter("endpoint", endpoint.id())
                .getSingleResult();
        return new AttemptPage(attempts.stream().map(Attempt::of).toList(), total);
    }

    private WebhookEndpoint enabled(UUID id) {
        var endpoint = get(id);
        if (!endpoint.enabled()) {
            throw new ProblemException(
                    ProblemType.ENDPOINT_DISABLED,
                    "The endpoint is disabled"
                            + (endpoint.disabledReason() == null ? "" : ": " + endpoint.disabledReason())
                            + " Enable it (PATCH enabled=true) first.");
        }
        return endpoint;
    }
}
