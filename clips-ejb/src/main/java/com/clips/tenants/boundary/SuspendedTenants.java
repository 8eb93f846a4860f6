package com.clips.tenants.boundary;

import com.clips.tenants.entity.Tenant;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.Set;

/**
 * The suspended tenants, in memory so checking a request costs no query: this node learns of its
 * own suspensions at once and of other nodes' (and resumptions) within 30 s.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SuspendedTenants {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    private volatile Set<String> suspended = Set.of();

    @PostConstruct
    void start() {
        reload();
    }

    @Schedule(hour = "*", minute = "*", second = "*/30", persistent = false)
    synchronized void reload() {
        suspended = Set.copyOf(em.createNamedQuery(Tenant.SUSPENDED, String.class).getResultList());
    }

    public synchronized void add(String tenant) {
        var next = new HashSet<>(suspended);
        next.add(tenant);
        suspended = Set.copyOf(next);
    }

    public synchronized void remove(String tenant) {
        var next = new HashSet<>(suspended);
        next.remove(tenant);
        suspended = Set.copyOf(next);
    }

    public boolean contains(String tenant) {
        return suspended.contains(tenant);
    }
}
