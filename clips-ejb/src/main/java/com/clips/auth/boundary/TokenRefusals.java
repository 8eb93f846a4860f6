package com.clips.auth.boundary;

import com.clips.auth.entity.ApiClient;
import com.clips.tenants.entity.Tenant;
import com.clips.tenants.entity.TenantStatusChanged;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whose tokens no longer count before they expire: revoked clients' (for good) and suspended
 * tenants' (until resumed). Kept in memory so checking a request costs no query: this node learns
 * of its own revocations and suspensions at once, of other nodes' within 30 s.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class TokenRefusals {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    private final Set<String> revokedClients = ConcurrentHashMap.newKeySet();
    private final Set<String> suspendedTenants = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        reload();
    }

    @Schedule(hour = "*", minute = "*", second = "*/30", persistent = false)
    void reload() {
        revokedClients.addAll(
                em.createNamedQuery(ApiClient.REVOKED, String.class).getResultList());
        var suspended =
                Set.copyOf(em.createNamedQuery(Tenant.SUSPENDED, String.class).getResultList());
        suspendedTenants.addAll(suspended);
        suspendedTenants.retainAll(suspended); // resumed on another node
    }

    public void revoked(String clientId) {
        revokedClients.add(clientId);
    }

    /** This node learns of its own suspensions at once, in the transaction that makes them. */
    public void tenantChanged(@Observes TenantStatusChanged change) {
        if (change.active()) {
            suspendedTenants.remove(change.tenantId());
        } else {
            suspendedTenants.add(change.tenantId());
        }
    }

    public boolean isRevoked(String clientId) {
        return revokedClients.contains(clientId);
    }

    public boolean isSuspended(String tenant) {
        return tenant != null && suspendedTenants.contains(tenant);
    }
}
