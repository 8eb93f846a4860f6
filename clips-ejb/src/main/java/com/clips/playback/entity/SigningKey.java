package com.clips.playback.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/**
 * The public half of a tenant's playback signing key (a JWK): the tenant's backend signs playback
 * tokens with the private half, which Clips handed out once when the key was made. Deleting the
 * key refuses every token it signed.
 */
@Entity
@Table(name = "playback_signing_key")
@NamedQuery(name = SigningKey.BY_KEY_ID, query = "select k from SigningKey k where k.keyId = :keyId")
@NamedQuery(name = SigningKey.ALL, query = "select k from SigningKey k order by k.createdAt, k.id")
public class SigningKey {

    public static final String BY_KEY_ID = "SigningKey.byKeyId";
    public static final String ALL = "SigningKey.all";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "playback_signing_key_seq")
    @SequenceGenerator(
            name = "playback_signing_key_seq",
            sequenceName = "playback_signing_key_seq",
            allocationSize = 50)
    private Long id;

    @Column(name = "key_id", nullable = false, unique = true, updatable = false, length = 64)
    private String keyId;

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(nullable = false, updatable = false, length = 8)
    private String algorithm;

    @Column(name = "public_jwk", nullable = false, updatable = false, length = 4000)
    private String publicJwk;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected SigningKey() {}

    public SigningKey(String keyId, String algorithm, String publicJwk) {
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.createdAt = Instant.now();
    }

    public String keyId() {
        return keyId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String algorithm() {
        return algorithm;
    }

    public String publicJwk() {
        return publicJwk;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
