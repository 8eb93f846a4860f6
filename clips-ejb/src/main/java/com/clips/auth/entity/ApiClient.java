package com.clips.auth.entity;

import com.clips.identity.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.annotations.TenantId;

/** A machine client of the API: client id + hashed secret, acting for one tenant with some roles. */
@Entity
@Table(name = "api_client")
@NamedQuery(name = ApiClient.BY_CLIENT_ID, query = "select c from ApiClient c where c.clientId = :clientId")
@NamedQuery(name = ApiClient.COUNT, query = "select count(c) from ApiClient c")
@NamedQuery(
        name = ApiClient.OF_TENANT,
        query = "select c from ApiClient c where c.tenantId = :tenant order by c.createdAt desc")
@NamedQuery(name = ApiClient.REVOKED, query = "select c.clientId from ApiClient c where c.revokedAt is not null")
public class ApiClient {

    public static final String BY_CLIENT_ID = "ApiClient.byClientId";
    public static final String COUNT = "ApiClient.count";
    public static final String OF_TENANT = "ApiClient.ofTenant";
    public static final String REVOKED = "ApiClient.revoked";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "api_client_seq")
    @SequenceGenerator(name = "api_client_seq", sequenceName = "api_client_seq", allocationSize = 50)
    private Long id;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(name = "client_id", nullable = false, unique = true, updatable = false, length = 64)
    private String clientId;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "secret_hash", nullable = false, length = 255)
    private String secretHash;

    @Column(nullable = false, length = 200)
    private String roles;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    /** API calls per hour for this client; null: the configured default. */
    @Column(name = "rate_limit_per_hour")
    private Integer rateLimitPerHour;

    @Version
    private long version;

    protected ApiClient() {}

    public ApiClient(
            String tenantId,
            String clientId,
            String name,
            String secretHash,
            Set<Role> roles,
            Integer rateLimitPerHour) {
        this.tenantId = tenantId;
        this.rateLimitPerHour = rateLimitPerHour;
        this.clientId = clientId;
        this.name = name;
        this.secretHash = secretHash;
        this.roles = roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
        this.createdAt = Instant.now();
    }

    public boolean active() {
        return revokedAt == null;
    }

    /** No more tokens for this client, and the ones it has stop working (TokenRefusals). */
    public void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }

    public void replaceSecret(String newSecretHash) {
        this.secretHash = newSecretHash;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public String name() {
        return name;
    }

    public String secretHash() {
        return secretHash;
    }

    public Set<Role> roles() {
        var set = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(","))
                .filter(s -> !s.isBlank())
                .map(Role::valueOf)
                .forEach(set::add);
        return set;
    }

    public Integer rateLimitPerHour() {
        return rateLimitPerHour;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
