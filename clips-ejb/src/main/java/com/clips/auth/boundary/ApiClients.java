package com.clips.auth.boundary;

import com.clips.audit.boundary.AuditLog;
import com.clips.auth.control.SecretChecks;
import com.clips.auth.control.TokenSigner;
import com.clips.auth.entity.ApiClient;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.TenantScope;
import com.clips.tenants.boundary.TenantAdministrators;
import com.clips.tenants.boundary.Tenants;
import com.password4j.Password;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** API clients and the OAuth2 client-credentials grant. */
@Stateless
@LocalBean
public class ApiClients implements TenantAdministrators {

    private static final SecureRandom RANDOM = new SecureRandom();
    // checked against when the client id is unknown, so both paths cost one Argon2 verification
    private static final String DECOY_HASH =
            Password.hash("decoy").addRandomSalt(16).withArgon2().getResult();
    // one node-wide gate for every Argon2 computation (EJB instances come and go, the gate stays)
    private static final SecretChecks ARGON2 =
            new SecretChecks(Runtime.getRuntime().availableProcessors(), 10_000);

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    TokenSigner signer;

    @EJB
    TokenRefusals refusals;

    @EJB
    AuditLog audit;

    @EJB
    Tenants tenants;

    /** A new client; the secret exists in clear only in this return value. */
    public record Credentials(String clientId, String clientSecret, String tenant, Set<Role> roles) {}

    /** A client in {@code tenant}; {@code rateLimitPerHour} overrides the configured API limit (null: keep it). */
    public Credentials create(String tenant, String name, Set<Role> roles, Integer rateLimitPerHour) {
        if (roles.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "A client needs at least one role.");
        }
        if (rateLimitPerHour != null && rateLimitPerHour < 1) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "rateLimitPerHour must be at least 1.");
        }
        var clientId = "clp_" + HexFormat.of().formatHex(random(10));
        var secret = newSecret();
        em.persist(new ApiClient(tenant, clientId, name, hash(secret), roles, rateLimitPerHour));
        audit.record(
                tenant,
                "client.create",
                clientId,
                "roles " + roles + (rateLimitPerHour == null ? "" : ", " + rateLimitPerHour + " calls per hour"));
        return new Credentials(clientId, secret, tenant, roles);
    }

    /** A new tenant's first client: an administrator. */
    @Override
    public FirstAdministrator createFirst(String tenantId, String name) {
        var credentials = create(tenantId, name, EnumSet.of(Role.ADMINISTRATOR), null);
        return new FirstAdministrator(credentials.clientId(), credentials.clientSecret());
    }

    public List<ApiClient> list(String tenant) {
        return em.createNamedQuery(ApiClient.OF_TENANT, ApiClient.class)
                .setParameter("tenant", tenant)
                .getResultList();
    }

    /** A new secret (shown once); the old one stops working at once. Tokens already issued stay valid. */
    public Credentials rotate(String tenant, String clientId) {
        var client = inTenant(tenant, clientId);
        if (!client.active()) {
            throw new ProblemException(ProblemType.CLIENT_REVOKED, "A revoked client cannot get a new secret.");
        }
        var secret = newSecret();
        client.replaceSecret(hash(secret));
        audit.record(tenant, "client.rotate", clientId, null);
        return new Credentials(client.clientId(), secret, tenant, client.roles());
    }

    /** No more tokens, and the client's unexpired tokens are refused from now on (idempotent). */
    public void revoke(String tenant, String clientId) {
        inTenant(tenant, clientId).revoke();
        refusals.revoked(clientId);
        audit.record(tenant, "client.revoke", clientId, null);
    }

    private ApiClient inTenant(String tenant, String clientId) {
        return em.createNamedQuery(ApiClient.BY_CLIENT_ID, ApiClient.class)
                .setParameter("clientId", clientId)
                .getResultStream()
                .filter(c -> c.tenantId().equals(tenant))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Client " + clientId));
    }

    private static String newSecret() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
    }

    private static String hash(String secret) {
        return ARGON2.run(
                () -> Password.hash(secret).addRandomSalt(16).withArgon2().getResult());
    }

    // no transaction: a request waiting for its turn at Argon2 must not hold a database connection
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public TokenSigner.Token issueToken(String clientId, String secret) {
        // the caller has no token yet, so no tenant: which client it is decides that
        var client = TenantScope.system(() -> em.createNamedQuery(ApiClient.BY_CLIENT_ID, ApiClient.class)
                .setParameter("clientId", clientId == null ? "" : clientId)
                .getResultStream()
                .findFirst());
        var hash = client.map(ApiClient::secretHash).orElse(DECOY_HASH);
        boolean matches =
                secret != null && ARGON2.run(() -> Password.check(secret, hash).withArgon2());
        if (client.isEmpty() || !matches || !client.get().active()) {
            throw ProblemException.invalidClient("Unknown client, wrong secret or revoked client.");
        }
        tenants.requireActive(client.get().tenantId());
        return signer.sign(
                client.get().clientId(),
                client.get().tenantId(),
                client.get().roles(),
                client.get().rateLimitPerHour());
    }

    public long count() {
        return em.createNamedQuery(ApiClient.COUNT, Long.class).getSingleResult();
    }

    private static byte[] random(int bytes) {
        var b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }
}
