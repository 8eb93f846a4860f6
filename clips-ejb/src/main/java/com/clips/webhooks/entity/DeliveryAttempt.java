package com.clips.webhooks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.TenantId;

/** One HTTP request to an endpoint and what came back (or why nothing did). */
@Entity
@Immutable
@Table(name = "webhook_attempt")
@NamedQuery(
        name = DeliveryAttempt.OF_ENDPOINT,
        query = "select a from DeliveryAttempt a where a.endpointId = :endpoint order by a.id desc")
@NamedQuery(
        name = DeliveryAttempt.COUNT_OF_ENDPOINT,
        query = "select count(a) from DeliveryAttempt a where a.endpointId = :endpoint")
public class DeliveryAttempt {

    public static final String OF_ENDPOINT = "DeliveryAttempt.ofEndpoint";
    public static final String COUNT_OF_ENDPOINT = "DeliveryAttempt.countOfEndpoint";
    public static final int MAX_EXCERPT = 1024;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "delivery_id", nullable = false, updatable = false)
    private WebhookDelivery delivery;

    @Column(name = "endpoint_id", nullable = false, updatable = false)
    private Long endpointId;

    @Column(nullable = false)
    private int attempt;

    @Column(name = "attempted_at", nullable = false)
    private Instant attemptedAt;

    @Column(name = "status_code")
    private Integer statusCode;

    @Column(name = "latency_ms", nullable = false)
    private long latencyMs;

    @Column(length = 500)
    private String error;

    @Column(name = "response_excerpt", length = MAX_EXCERPT)
    private String responseExcerpt;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(length = 64)
    private String node;

    protected DeliveryAttempt() {}

    public DeliveryAttempt(
            WebhookDelivery delivery,
            int attempt,
            Instant attemptedAt,
            Integer statusCode,
            long latencyMs,
            String error,
            String responseExcerpt,
            Instant nextAttemptAt) {
        this.tenantId = delivery.tenantId();
        this.delivery = delivery;
        this.endpointId = delivery.endpoint().id();
        this.attempt = attempt;
        this.attemptedAt = attemptedAt;
        this.statusCode = statusCode;
        this.latencyMs = latencyMs;
        this.error = error == null ? null : error.substring(0, Math.min(error.length(), 500));
        this.responseExcerpt = responseExcerpt == null
                ? null
                : responseExcerpt.substring(0, Math.min(responseExcerpt.length(), MAX_EXCERPT));
        this.nextAttemptAt = nextAttemptAt;
        this.node = System.getProperty("jboss.node.name");
    }

    public WebhookDelivery delivery() {
        return delivery;
    }

    public int attempt() {
        return attempt;
    }

    public Instant attemptedAt() {
        return attemptedAt;
    }

    public Integer statusCode() {
        return statusCode;
    }

    public long latencyMs() {
        return latencyMs;
    }

    public String error() {
        return error;
    }

    public String responseExcerpt() {
        return responseExcerpt;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }
}
