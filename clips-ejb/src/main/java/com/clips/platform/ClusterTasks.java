package com.clips.platform;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Periodic work that must run once per period across the cluster (sweeps, purges, rollups): every
 * node's timer fires, and {@link #claim} lets the first one through. Work that keeps a node's own
 * state fresh (caches, gauges, its heartbeat) does not go through here.
 */
@Stateless
public class ClusterTasks {

    private static final Logger LOG = Logger.getLogger(ClusterTasks.class.getName());

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    /**
     * Whether this node runs {@code task} for this period: true for the first node whose timer
     * fires, false for the others. {@code phase} is where in each period the schedule fires (e.g.
     * 23 minutes for an hourly timer at minute 23). Committed at once, whatever the task then does.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean claim(String task, Duration period, Duration phase) {
        var node = NodeName.get();
        boolean mine;
        try {
            mine = em.createNamedQuery(ClusterTask.CLAIM)
                            .setParameter(1, task)
                            .setParameter(2, node)
                            .setParameter(3, period.toMillis() / 1000.0)
                            .setParameter(4, phase.toMillis() / 1000.0)
                            .executeUpdate()
                    == 1;
        } catch (PersistenceException e) {
            // the database is away (the readiness check says so): nobody can run it this period
            LOG.warning(() -> task + " skipped on " + node + ": " + e);
            return false;
        }
        LOG.fine(() -> task + (mine ? " runs on " : " already ran this period; skipped on ") + node);
        return mine;
    }
}
