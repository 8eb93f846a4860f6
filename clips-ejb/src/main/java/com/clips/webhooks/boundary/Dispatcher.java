package com.clips.webhooks.boundary;

import com.clips.platform.Gauges;
import com.clips.platform.Histogram;
import com.clips.platform.ProblemException;
import com.clips.webhooks.control.RetrySchedule;
import com.clips.webhooks.control.Signatures;
import com.clips.webhooks.control.UrlGuard;
import com.clips.webhooks.control.WebhookSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends webhooks from the outbox, on every node. Each poll fans new events out to deliveries and
 * claims due ones in the database ({@code FOR UPDATE SKIP LOCKED}: a row one dispatcher claimed is
 * invisible to the others until its lease runs out, so no two nodes send it at once), then sends
 * them on the managed executor, at most clips.webhooks.max-concurrency at once on this node and
 * clips.webhooks.max-per-endpoint to any one endpoint. A request is signed to the Standard
 * Webhooks specification, follows no redirect, times out after clips.webhooks.request-timeout, and
 * reads at most 4 KiB of the answer. A node that dies mid-request leaves its claims to run out:
 * the deliveries are then sent again (at least once, with the same webhook-id).
 *
 * <p>Meters: {@code clips_webhook_deliveries_total{outcome}} counts recorded attempts by what they
 * left the delivery in (delivered, retry, failed); {@code clips_webhook_attempts_seconds{status}}
 * times each request (status class, or {@code none} without an answer) with its {@code _le_total}
 * buckets; {@code clips_webhook_deliveries_pending} is the cluster's backlog, read every
 * {@link #BACKLOG_REFRESH_MILLIS} ms by the poll (a scrape never waits on the database).
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    static final int MAX_RESPONSE_BYTES = 4096;
    private static final int FANOUT_BATCH = 500;
    static final long BACKLOG_REFRESH_MILLIS = 5000;
    private static final Histogram ATTEMPT_BUCKETS = new Histogram(
            "clips.webhook.attempts.seconds", 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30);

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @EJB
    Deliveries deliveries;

    @Inject
    WebhookSettings settings;

    @Inject
    MeterRegistry meters;

    private final AtomicLong backlog = new AtomicLong();
    /** A round is running; another is wanted (asked for while one ran); the last claim found work. */
    private final AtomicBoolean inRound = new AtomicBoolean();

    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean moreDue;
    private volatile long backlogReadAt;

    private Semaphore slots;
    private final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private HttpClient http;
    private ScheduledFuture<?> polling;

    @PostConstruct
    void start() {
        meters.gauge("clips.webhook.deliveries.pending", Tags.empty(), backlog, AtomicLong::get);
        slots = new Semaphore(settings.maxConcurrency());
        var connect = settings.requestTimeout().compareTo(Duration.ofSeconds(10)) < 0
                ? settings.requestTimeout()
                : Duration.ofSeconds(10);
        http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connect)
                .build();
        long every = Math.max(50, settings.pollInterval().toMillis());
        polling = scheduler.scheduleWithFixedDelay(this::poll, 1000, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (polling != null) {
            polling.cancel(false);
        }
        Gauges.remove(meters, "clips.webhook.deliveries.pending");
    }

    /**
     * Runs a round now, or has the running one go round again: one round at a time on this node.
     * Besides the schedule, a finished delivery asks for one while the last claim found work, so a
     * backlog is sent as fast as the concurrency limits allow rather than once per poll interval.
     */
    void poll() {
        wanted.set(true);
        while (wanted.get() && inRound.compareAndSet(false, true)) {
            try {
                wanted.set(false);
                round();
            } finally {
                inRound.set(false);
            }
        }
    }

    /** One round: fan out, claim what this node has room for, hand each to the executor. */
    private void round() {
        try {
            refreshBacklog();
            if (!settings.dispatching()) {
                return;
            }
            for (int round = 0; round < 20 && deliveries.fanOut(FANOUT_BATCH) == FANOUT_BATCH; round++) {
                // a backlog: keep fanning out
            }
            int free = slots.availablePermits();
            if (free == 0) {
                return;
            }
            int perEndpoint = settings.maxPerEndpoint();
            List<Long> busy = inFlight.entrySet().stream()
                    .filter(e -> e.getValue().get() >= perEndpoint)
                    .map(Map.Entry::getKey)
                    .toList();
            var claim = UUID.randomUUID();
            var claims = deliveries.claim(claim, free, perEndpoint, busy);
            // more may be due: this claim found some, or skipped endpoints at their limit
            moreDue = !claims.isEmpty() || !busy.isEmpty();
            for (var claimed : claims) {
                var count = inFlight.computeIfAbsent(claimed.endpointRow(), k -> new AtomicInteger());
                if (!slots.tryAcquire()) {
                    deliveries.release(claimed.deliveryId(), claim);
                    continue;
                }
                if (count.incrementAndGet() > perEndpoint) {
                    count.decrementAndGet();
                    slots.release();
                    deliveries.release(claimed.deliveryId(), claim);
                    continue;
                }
                try {
                    executor.execute(() -> {
                        try {
                            deliver(claimed, claim);
                        } finally {
                            count.decrementAndGet();
                            slots.release();
                        }
                        if (moreDue) {
                            poll();
                        }
                    });
                } catch (RuntimeException rejected) {
                    count.decrementAndGet();
                    slots.release();
                    deliveries.release(claimed.deliveryId(), claim);
                }
            }
        } catch (RuntimeException e) {
            // the next poll tries again; a poll that threw must not end the schedule
            LOG.log(Level.WARNING, "webhook dispatch round failed", e);
        }
    }

    /** The backlog gauge's figure, from the database at most every BACKLOG_REFRESH_MILLIS. */
    private void refreshBacklog() {
        long now = System.currentTimeMillis();
        if (now - backlogReadAt < BACKLOG_REFRESH_MILLIS) {
            return;
        }
        backlogReadAt = now;
        try {
            backlog.set(deliveries.backlog());
        } catch (RuntimeException e) {
            // the figure stays as it was; the poll itself goes on
            LOG.log(Level.FINE, "webhook backlog not read", e);
        }
    }

    private void deliver(Deliveries.Outgoing outgoing, UUID claim) {
        var outcome = send(outgoing);
        var status = outcome.statusCode() == null ? "none" : (outcome.statusCode() / 100) + "xx";
        var tags = Tags.of("status", status);
        meters.timer("clips.webhook.attempts", tags).record(Duration.ofMillis(outcome.latencyMs()));
        ATTEMPT_BUCKETS.record(meters, outcome.latencyMs() / 1000.0, tags);
        deliveries
                .record(outgoing.deliveryId(), claim, outcome)
                .ifPresent(result -> meters.counter("clips.webhook.deliveries", "outcome", result.label())
                        .increment());
    }

    private Deliveries.Outcome send(Deliveries.Outgoing out) {
        var attemptedAt = Instant.now();
        long started = System.nanoTime();
        var timeout = settings.requestTimeout();
        try {
            // the host is resolved again and checked before every attempt (DNS may have changed)
            var uri = UrlGuard.of(settings).check(out.url());
            long timestamp = Instant.now().getEpochSecond();
            var request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Clips-Webhooks/1")
                    .header("webhook-id", out.eventId())
                    .header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", signature(out, timestamp))
                    .POST(HttpRequest.BodyPublishers.ofString(out.body(), StandardCharsets.UTF_8))
                    .build();
            var pending = http.sendAsync(request, info -> new Excerpt(MAX_RESPONSE_BYTES));
            HttpResponse<byte[]> response;
            try {
                response = pending.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                return failure(attemptedAt, started, "No answer within " + timeout.toSeconds() + " s.");
            }
            var excerpt = new String(response.body(), StandardCharsets.UTF_8).replace('\u0000', ' ');
            return new Deliveries.Outcome(
                    attemptedAt,
                    response.statusCode(),
                    millisSince(started),
                    response.statusCode() >= 200 && response.statusCode() < 300
                            ? null
                            : "The endpoint answered " + response.statusCode() + ".",
                    excerpt.isEmpty() ? null : excerpt,
                    RetrySchedule.retryAfter(
                            response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
        } catch (ProblemException refused) {
            return failure(attemptedAt, started, refused.detail());
        } catch (ExecutionException e) {
            var cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return failure(attemptedAt, started, "No answer within " + timeout.toSeconds() + " s.");
            }
            if (cause instanceof ConnectException) {
                return failure(attemptedAt, started, "The connection was refused or could not be made.");
            }
            return failure(
                    attemptedAt,
                    started,
                    cause instanceof IOException
                            ? "The request failed: " + cause.getClass().getSimpleName()
                                    + (cause.getMessage() == null ? "" : " " + cause.getMessage())
                            : "The request failed.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(attemptedAt, started, "The node stopped while sending.");
        } catch (IllegalArgumentException e) {
            return failure(attemptedAt, started, "The request could not be built: " + e.getMessage());
        }
    }

    /** v1 under each secret (two while a rotation overlaps), and v1a under the deployment's key if it has one. */
    private String signature(Deliveries.Outgoing out, long timestamp) {
        var header = Signatures.header(out.secrets(), out.eventId(), timestamp, out.body());
        var keys = settings.keyPair();
        return keys.isPresent() ? header + " " + keys.get().sign(out.eventId(), timestamp, out.body()) : header;
    }

    private static Deliveries.Outcome failure(Instant at, long started, String error) {
        return new Deliveries.Outcome(at, null, millisSince(started), error, null, Optional.empty());
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Keeps the first {@code max} bytes of a response body and cancels the rest. */
    static final class Excerpt implements HttpResponse.BodySubscriber<byte[]> {

        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Excerpt(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (var buffer : buffers) {
                int n = Math.min(buffer.remaining(), max - kept.size());
                var chunk = new byte[n];
                buffer.get(chunk);
                kept.write(chunk, 0, n);
            }
            if (kept.size() >= max) {
                subscription.cancel();
                body.complete(kept.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!body.isDone()) {
                body.completeExceptionally(error);
            }
        }

        @Override
        public void onComplete() {
            body.complete(kept.toByteArray());
        }
    }
}
