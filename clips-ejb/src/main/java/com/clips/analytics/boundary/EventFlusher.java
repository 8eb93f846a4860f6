package com.clips.analytics.boundary;

import com.clips.analytics.control.EventBuffer;
import com.clips.analytics.control.EventStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes this node's buffered events every {@code clips.analytics.flush-interval-ms}, in
 * transactions of up to {@code clips.analytics.batch-size} events; a batch that fails is put back
 * and tried again on the next round. What is still buffered when the node stops is written then.
 * Bean-managed transactions: the last flush runs while the node's other components are stopping.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class EventFlusher {

    private static final Logger LOG = Logger.getLogger(EventFlusher.class.getName());

    @Inject
    EventBuffer buffer;

    @Inject
    EventStore store;

    @Resource(lookup = "java:jboss/UserTransaction") // usable on the scheduler's threads too
    UserTransaction transaction;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "clips.analytics.flush-interval-ms", defaultValue = "250")
    long intervalMillis;

    @Inject
    @ConfigProperty(name = "clips.analytics.batch-size", defaultValue = "5000")
    int batchSize;

    private ScheduledFuture<?> rounds;

    @PostConstruct
    void start() {
        rounds = scheduler.scheduleWithFixedDelay(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        rounds.cancel(false);
        flush();
    }

    /** Writes everything buffered; stops at the first batch that fails (it is back in the buffer). */
    void flush() {
        while (true) {
            var batch = buffer.take(batchSize);
            if (batch.isEmpty()) {
                return;
            }
            try {
                transaction.begin();
                store.write(batch);
                transaction.commit();
            } catch (Exception e) {
                rollback();
                buffer.putBack(batch);
                LOG.log(
                        Level.WARNING,
                        "could not write " + batch.size() + " analytics events; kept for the next round",
                        e);
                return;
            }
        }
    }

    private void rollback() {
        try {
            transaction.rollback();
        } catch (Exception e) {
            LOG.log(Level.FINE, "nothing to roll back", e);
        }
    }
}
