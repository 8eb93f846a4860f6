package com.clips.auth.control;

import com.clips.platform.RateLimitedException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most one Argon2 computation per core at a time on this node. Each takes ~15 MiB of heap and
 * a core for ~60 ms: 32 token requests at once (right or wrong secrets alike, the decoy costs the
 * same) ran a 512 MiB server out of heap (bench/run auth). More in parallel would not be faster
 * anyway; the rest wait their turn, and past {@code patience} get 503 with Retry-After.
 */
public final class SecretChecks {

    private final Semaphore permits;
    private final long patienceMillis;

    public SecretChecks(int permits, long patienceMillis) {
        this.permits = new Semaphore(Math.max(1, permits), true);
        this.patienceMillis = patienceMillis;
    }

    public <T> T run(Supplier<T> argon2) {
        try {
            if (!permits.tryAcquire(patienceMillis, TimeUnit.MILLISECONDS)) {
                throw RateLimitedException.busy(
                        "Too many credential checks at once on this node; try again shortly.", 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RateLimitedException.busy("Interrupted while waiting to check the credentials.", 1);
        }
        try {
            return argon2.get();
        } finally {
            permits.release();
        }
    }
}
