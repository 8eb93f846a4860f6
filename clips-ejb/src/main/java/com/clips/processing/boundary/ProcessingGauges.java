package com.clips.processing.boundary;

import com.clips.platform.Gauges;
import com.clips.platform.NodeName;
import com.clips.platform.Queues;
import com.clips.processing.control.WorkArea;
import com.clips.processing.entity.ProcessingRun;
import com.clips.tenants.entity.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The processing figures a scrape reads from the database and the broker, refreshed every 15 s
 * (a scrape itself never waits on either): runs started in the last hour by batch status, the
 * processing queue's depth and its oldest message's age, the dead letters, and each tenant's
 * share of its monthly processing quota. Every node reports the same cluster-wide values for
 * those; two figures are the node's own, labelled with its name: clips_node_info (always 1, so a
 * scrape target can be joined to the node name runs and logs carry) and the jobs running on it.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ProcessingGauges {

    private static final Logger LOG = Logger.getLogger(ProcessingGauges.class.getName());
    /** Browsing stops here: a deeper queue is reported as at least this deep. */
    static final int BROWSE_LIMIT = 10_000;

    @Inject
    MeterRegistry meters;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    JMSContext jms;

    @Resource(lookup = Queues.PROCESSING)
    Queue processing;

    @Resource(lookup = Queues.PROCESSING_DEAD_LETTERS)
    Queue deadLetters;

    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong runningHere = new AtomicLong();

    @Inject
    @ConfigProperty(name = "clips.work.dir")
    Optional<String> workDir;

    /** A gauge per label value, registered when the value is first seen; the figures of the last refresh. */
    private final Map<String, AtomicReference<Double>> runs = new ConcurrentHashMap<>();

    private final Map<String, AtomicReference<Double>> quotaUse = new ConcurrentHashMap<>();

    private static final String QUOTA_USE = "clips.tenant.processing.quota.used.ratio";

    @PostConstruct
    void register() {
        var node = Tags.of("node", NodeName.get());
        meters.gauge("clips.node.info", node, this, g -> 1);
        meters.gauge("clips.node.jobs.running", node, runningHere, AtomicLong::get);
        meters.gauge("clips.processing.queue.depth", Tags.empty(), queued, AtomicLong::get);
        meters.gauge("clips.processing.queue.oldest.age.seconds", Tags.empty(), oldestAgeMillis, a -> a.get() / 1000.0);
        meters.gauge("clips.processing.dead.letters", Tags.empty(), deadLettered, AtomicLong::get);
        meters.gauge("clips.work.dir.free.bytes", Tags.empty(), this, g -> g.workStore(FileStore::getUsableSpace));
        meters.gauge("clips.work.dir.size.bytes", Tags.empty(), this, g -> g.workStore(FileStore::getTotalSpace));
        for (var status : BatchStatus.values()) { // every state has a series, 0 when no run is in it
            runs.put(status.name(), gauge("clips.processing.runs.recent", "state", status.name()));
        }
    }

    @PreDestroy
    void unregister() {
        Gauges.remove(
                meters,
                "clips.node.info",
                "clips.node.jobs.running",
                "clips.processing.queue.depth",
                "clips.processing.queue.oldest.age.seconds",
                "clips.processing.dead.letters",
                "clips.work.dir.free.bytes",
                "clips.work.dir.size.bytes",
                "clips.processing.runs.recent",
                QUOTA_USE);
    }

    private AtomicReference<Double> gauge(String name, String label, String value) {
        var figure = new AtomicReference<>(0.0);
        meters.gauge(name, Tags.of(label, value), figure, AtomicReference::get);
        return figure;
    }

    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
    void refresh() {
        try {
            browse();
            runningHere.set(((Number) em.createNamedQuery(ProcessingRun.RUNNING_ON_NODE)
                            .setParameter(1, NodeName.get())
                            .getSingleResult())
                    .longValue());
            update(runs, rows(ProcessingRun.RECENT_BY_STATUS), null);
            update(quotaUse, rows(Tenant.PROCESSING_QUOTA_USE), QUOTA_USE);
        } catch (RuntimeException | JMSException e) {
            // the figures stay as they were; health checks report the outage itself
            LOG.log(Level.FINE, "processing gauges not refreshed", e);
        }
    }

    private void browse() throws JMSException {
        long now = System.currentTimeMillis();
        long depth = 0;
        long oldest = now;
        try (var browser = jms.createBrowser(processing)) {
            for (var messages = browser.getEnumeration(); messages.hasMoreElements() && depth < BROWSE_LIMIT; ) {
                var message = (Message) messages.nextElement();
                depth++;
                oldest = Math.min(oldest, message.getJMSTimestamp());
            }
        }
        queued.set(depth);
        oldestAgeMillis.set(depth == 0 ? 0 : now - oldest);
        long dead = 0;
        try (var browser = jms.createBrowser(deadLetters)) {
            for (var messages = browser.getEnumeration(); messages.hasMoreElements() && dead < BROWSE_LIMIT; ) {
                messages.nextElement();
                dead++;
            }
        }
        deadLettered.set(dead);
    }

    /** A figure of the work directory's file system (the directory may not exist before the first job). */
    double workStore(ToLongIOFunction figure) {
        var dir = WorkArea.base(workDir).toAbsolutePath();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        try {
            return dir == null ? Double.NaN : figure.apply(Files.getFileStore(dir));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    interface ToLongIOFunction {
        long apply(FileStore store) throws IOException;
    }

    private Map<String, Double> rows(String query) {
        @SuppressWarnings("unchecked")
        List<Object[]> result = em.createNamedQuery(query).getResultList();
        return result.stream()
                .collect(Collectors.toMap(row -> row[0].toString(), row -> ((Number) row[1]).doubleValue()));
    }

    /**
     * Sets every gauge of {@code figures} to this refresh's value: 0 where the query had no row.
     * With a {@code name}, a label value first seen gets its gauge (tenants come and go).
     */
    private void update(Map<String, AtomicReference<Double>> figures, Map<String, Double> rows, String name) {
        if (name != null) {
            rows.keySet().forEach(key -> figures.computeIfAbsent(key, k -> gauge(name, "tenant", k)));
        }
        figures.forEach((key, figure) -> figure.set(rows.getOrDefault(key, 0.0)));
    }
}
