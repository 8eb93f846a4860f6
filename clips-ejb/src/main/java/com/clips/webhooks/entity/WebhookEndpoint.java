package com.clips.webhooks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

/** Where a tenant wants its events: a URL, the types it takes (none: all), its sealed signing secrets. */
@Entity
@Table(name = "webhook_endpoint")
@NamedQuery(name = WebhookEndpoint.BY_PUBLIC_ID, query = "select w from WebhookEndpoint w where w.publicId = :id")
@NamedQuery(name = WebhookEndpoint.ALL, query = "select w from WebhookEndpoint w order by w.createdAt, w.id")
public class WebhookEndpoint {

    public static final String BY_PUBLIC_ID = "WebhookEndpoint.byPublicId";
    public static final String ALL = "WebhookEndpoint.all";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "public_id", nullable = false, unique = true, updatable = false)
    private UUID publicId;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(nullable = false, length = 2048)
    private String url;

    @Column(length = 500)
    private String description;

    /** Comma-separated event types; null: every type. */
    @Column(name = "event_types", length = 2000)
    private String eventTypes;

    /** The current secret, sealed (see SecretBox). */
    @Column(nullable = false, length = 200)
    private String secret;

    /** After a rotation, the secret before it, also signed with until {@link #previousSecretUntil}. */
    @Column(name = "previous_secret", length = 200)
    private String previousSecret;

    @Column(name = "previous_secret_until")
    private Instant previousSecretUntil;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "disabled_reason", length = 300)
    private String disabledReason;

    /** Since when every attempt failed (null: the last one succeeded). */
    @Column(name = "failing_since")
    private Instant failingSince;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected WebhookEndpoint() {}

    public WebhookEndpoint(String tenantId, String url, String description, List<String> eventTypes, String secret) {
        this.publicId = UUID.randomUUID();
        this.tenantId = Objects.requireNonNull(tenantId);
        this.url = url;
        this.description = description;
        this.secret = secret;
        subscribe(eventTypes);
        this.enabled = true;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    public void moveTo(String url) {
        this.url = url;
        touched();
    }

    public void describe(String description) {
        this.description = description;
        touched();
    }

    /** Empty: every type. */
    public void subscribe(List<String> types) {
        this.eventTypes = types == null || types.isEmpty() ? null : String.join(",", types);
        touched();
    }

    /** A new current secret; the one it replaces is still signed with until {@code overlapUntil}. */
    public void rotate(String sealedSecret, Instant overlapUntil) {
        this.previousSecret = secret;
        this.previousSecretUntil = overlapUntil;
        this.secret = sealedSecret;
        touched();
    }

    public void enable() {
        this.enabled = true;
        this.disabledReason = null;
        this.failingSince = null;
        touched();
    }

    public void disable(String reason) {
        this.enabled = false;
        this.disabledReason = reason == null ? null : reason.substring(0, Math.min(reason.length(), 300));
        touched();
    }

    /** An attempt failed at {@code at}: the endpoint is failing since the first of a run of failures. */
    public void failed(Instant at) {
        if (failingSince == null) {
            failingSince = at;
        }
    }

    public void succeeded() {
        failingSince = null;
    }

    private void touched() {
        updatedAt = Instant.now();
    }

    public boolean takes(String type) {
        return eventTypes == null || eventTypes().contains(type);
    }

    public Long id() {
        return id;
    }

    public UUID publicId() {
        return publicId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String url() {
        return url;
    }

    public String description() {
        return description;
    }

    /** Empty: every type. */
    public List<String> eventTypes() {
        return eventTypes == null ? List.of() : Arrays.asList(eventTypes.split(","));
    }

    public String secret() {
        return secret;
    }

    /** The previous secret while its overlap lasts. */
    public Optional<String> previousSecret(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? Optional.of(previousSecret)
                : Optional.empty();
    }

    public Instant previousSecretUntil() {
        return previousSecretUntil;
    }

    public boolean enabled() {
        return enabled;
    }

    public String disabledReason() {
        return disabledReason;
    }

    public Instant failingSince() {
        return failingSince;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
