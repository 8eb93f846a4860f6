package com.clips.analytics.control;

import com.clips.analytics.entity.AnalyticsEvent;
import com.clips.analytics.entity.EventType;
import com.clips.assets.entity.Asset;
import com.clips.identity.Viewer;
import com.clips.platform.RequestOrigin;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This node's events on their way to the database: requests only append here (an event caused
 * inside a transaction once that transaction has committed), and {@code EventFlusher} writes them
 * in batches. Bounded: when the database cannot keep up for long, new events are dropped and
 * counted rather than slowing the requests that cause them; a hard kill loses at most what is
 * buffered (normally less than a second's worth).
 */
@ApplicationScoped
public class EventBuffer {

    @Inject
    RequestOrigin origin;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    @ConfigProperty(name = "clips.analytics.buffer-size", defaultValue = "200000")
    int capacity;

    private BlockingDeque<AnalyticsEvent> queue;
    private final LongAdder dropped = new LongAdder();

    @PostConstruct
    void create() {
        queue = new LinkedBlockingDeque<>(capacity);
    }

    /** Records that {@code viewer} caused {@code type} on {@code asset}, now. */
    public void record(Asset asset, Viewer viewer, EventType type) {
        record(asset, viewer, type, null, 0);
    }

    /**
     * The same from a player's beacon: its viewer {@code session} (VIEW and the quartiles count
     * once per session, see {@code EventStore}) and, for a rebuffer, its length.
     */
    public void record(Asset asset, Viewer viewer, EventType type, String session, long millis) {
        var from = origin();
        var event = new AnalyticsEvent(
                asset.id(),
                asset.tenantId(),
                asset.ownerId(),
                viewer.subject(),
                type,
                Instant.now(),
                from.ipAddress(),
                from.userAgent(),
                from.referrer(),
                session,
                millis);
        if (transactions.getTransactionKey() != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {}

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        append(event);
                    }
                }
            });
        } else {
            append(event);
        }
    }

    private RequestOrigin.Origin origin() {
        try {
            return origin.get();
        } catch (ContextNotActiveException e) {
            return RequestOrigin.Origin.UNKNOWN; // caused outside a request (a job)
        }
    }

    private void append(AnalyticsEvent event) {
        if (!queue.offerLast(event)) {
            dropped.increment();
        }
    }

    /** Takes up to {@code max} of the oldest events. */
    public List<AnalyticsEvent> take(int max) {
        var batch = new ArrayList<AnalyticsEvent>(Math.min(max, queue.size()));
        queue.drainTo(batch, max);
        return batch;
    }

    /** Puts back a batch that could not be written, oldest first, as far as there is room. */
    public void putBack(List<AnalyticsEvent> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            if (!queue.offerFirst(batch.get(i))) {
                dropped.add(i + 1L);
                return;
            }
        }
    }

    public int buffered() {
        return queue.size();
    }

    public long dropped() {
        return dropped.sum();
    }
}
