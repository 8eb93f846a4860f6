package com.clips.webhooks.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the next attempt of a delivery is due: the schedule's delay after the attempt that just
 * failed (spread by the jitter so endpoints that failed together are not retried together), at
 * least what a 429 or 503 asked for in Retry-After (at most a day); none once the schedule is spent.
 */
public final class RetrySchedule {

    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final List<Duration> delays;
    private final double jitter;

    public RetrySchedule(List<Duration> delays, double jitter) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one attempt");
        }
        this.delays = List.copyOf(delays);
        this.jitter = Math.max(0, Math.min(jitter, 1));
    }

    public static RetrySchedule of(WebhookSettings settings) {
        return new RetrySchedule(settings.retrySchedule(), settings.retryJitter());
    }

    public int attempts() {
        return delays.size();
    }

    /** After attempt {@code attempt} (1 = the first) failed at {@code now}; empty: give up. */
    public Optional<Instant> next(int attempt, Instant now, Optional<Duration> retryAfter) {
        if (attempt >= delays.size()) {
            return Optional.empty();
        }
        var delay = delays.get(attempt);
        if (jitter > 0 && !delay.isZero()) {
            double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
            delay = Duration.ofMillis(Math.round(delay.toMillis() * factor));
        }
        if (retryAfter.isPresent()) {
            var asked = retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        return Optional.of(now.plus(delay));
    }

    /** A Retry-After header: seconds, or an HTTP date. */
    public static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        var text = header.strip();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            try {
                var at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return at.isAfter(now) ? Optional.of(Duration.between(now, at)) : Optional.of(Duration.ZERO);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
