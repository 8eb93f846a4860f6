package com.clips.platform;

/**
 * 429 {@code /problems/rate-limited}, or 503 {@code /problems/busy} when the node itself has no
 * room: the web tier adds {@code Retry-After}.
 */
public class RateLimitedException extends ProblemException {

    private final long retryAfterSeconds;

    public RateLimitedException(String detail, long retryAfterSeconds) {
        this(ProblemType.RATE_LIMITED, detail, retryAfterSeconds);
    }

    private RateLimitedException(ProblemType type, String detail, long retryAfterSeconds) {
        super(type, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static RateLimitedException busy(String detail, long retryAfterSeconds) {
        return new RateLimitedException(ProblemType.BUSY, detail, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
