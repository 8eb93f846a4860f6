package com.clips.events.control;

import com.clips.events.entity.Event;
import com.clips.events.entity.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * Writes an event in the caller's transaction (the one that makes the state change), so the two
 * commit or roll back together: the one way events leave Clips (webhooks and the pull API read
 * these rows). The body is fixed here, once: {@code {type, timestamp, data}} where data holds the
 * resource's {@code id}, its per-resource {@code version} and {@code occurredAt}, then what the
 * caller adds.
 */
@ApplicationScoped
public class Outbox {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    public Event record(String tenantId, EventType type, String resourceId, Consumer<JsonObjectBuilder> details) {
        long version = ((Number) em.createNamedQuery(Event.NEXT_VERSION)
                        .setParameter(1, type.resource())
                        .setParameter(2, resourceId)
                        .getSingleResult())
                .longValue();
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var data = Json.createObjectBuilder()
                .add("id", resourceId)
                .add("version", version)
                .add("occurredAt", now.toString());
        details.accept(data);
        var body = Json.createObjectBuilder()
                .add("type", type.type())
                .add("timestamp", now.toString())
                .add("data", data)
                .build()
                .toString();
        var event = new Event(tenantId, type, resourceId, version, now, body);
        em.persist(event);
        return event;
    }

    /** Adds a value that may be absent. */
    public static void put(JsonObjectBuilder data, String key, String value) {
        if (value != null) {
            data.add(key, value);
        }
    }

    public static void put(JsonObjectBuilder data, String key, Number value) {
        if (value instanceof Long || value instanceof Integer) {
            data.add(key, value.longValue());
        } else if (value != null) {
            data.add(key, new java.math.BigDecimal(value.toString()));
        }
    }
}
