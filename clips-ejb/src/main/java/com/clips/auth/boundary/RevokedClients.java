package com.clips.auth.boundary;

import com.clips.auth.entity.ApiClient;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients whose tokens no longer count, kept in memory so checking a request costs no query:
 * this node learns of its own revocations at once and of other nodes' within 30 s.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RevokedClients {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        reload();
    }

    @Schedule(hour = "*", minute = "*", second = "*/30", persistent = false)
    void reload() {
        revoked.addAll(em.createNamedQuery(ApiClient.REVOKED, String.class).getResultList());
    }

    public void add(String clientId) {
        revoked.add(clientId);
    }

    public boolean contains(String clientId) {
        return revoked.contains(clientId);
    }
}
