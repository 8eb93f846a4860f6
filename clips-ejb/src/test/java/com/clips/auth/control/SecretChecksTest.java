package com.clips.auth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.platform.ProblemType;
import com.clips.platform.RateLimitedException;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SecretChecksTest {

    @Test
    void neverMoreAtOnceThanItsPermitsAndEveryoneGetsATurn() throws Exception {
        var checks = new SecretChecks(2, 10_000);
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(12);
        try {
            var results = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                results.add(pool.submit(() -> checks.run(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(20);
                    running.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < 12; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void aCheckThatCannotGetATurnInTimeIsBusyWithRetryAfter() throws Exception {
        var checks = new SecretChecks(1, 50);
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> checks.run(() -> {
                holding.countDown();
                await(release);
                return null;
            }));
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> checks.run(() -> "never"))
                    .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.BUSY);
                        assertThat(e.type().status()).isEqualTo(503);
                        assertThat(e.retryAfterSeconds()).isEqualTo(1);
                    });
            release.countDown();
            // the permit is back once the holder is done
            assertThat(pool.submit(() -> checks.run(() -> "next")).get(5, TimeUnit.SECONDS))
                    .isEqualTo("next");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
