package com.clips.platform;

/**
 * 429 {@code /problems/rate-limited}, or 503 {@code /problems/busy} when the node itself has no
 * room: the web tier adds {@code Retry-After}.
 */
public class RateLimitedException extends ProblemException {

    private final long retryAfterSeconds;

    public RateLimitedException(String detail, long retryAfterSeconds) {
        this(429, "rate-limited", "Too many requests", detail, retryAfterSeconds);
    }

    private RateLimitedException(int status, String type, String title, String detail, long retryAfterSeconds) {
        super(status, type, title, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static RateLimitedException busy(String detail, long retryAfterSeconds) {
        return new RateLimitedException(503, "busy", "Busy", detail, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
