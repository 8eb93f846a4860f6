package com.clips.catalog.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Catalog#awaitOr}: a page takes the count it started alongside, or counts itself. */
class CountAlongsideTest {

    private final AtomicInteger countedHere = new AtomicInteger();

    private long countHere() {
        countedHere.incrementAndGet();
        return 7L;
    }

    @Test
    void aCountThatArrivesInTimeIsTakenAndNotRepeated() {
        var started = CompletableFuture.supplyAsync(() -> 42L);

        assertThat(Catalog.awaitOr(started, Duration.ofSeconds(5), this::countHere))
                .isEqualTo(42L);
        assertThat(countedHere).hasValue(0);
    }

    @Test
    void aCountThatDoesNotArriveIsDoneHereAndTheLateOneIsLeftToRunAndReleaseItsPermit() {
        var late = new CompletableFuture<Long>(); // a count stuck waiting for a pool connection

        long started = System.nanoTime();
        assertThat(Catalog.awaitOr(late, Duration.ofMillis(50), this::countHere))
                .isEqualTo(7L);

        assertThat(countedHere).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(late)
                .as("not cancelled: its task still runs, and releases its permit")
                .isNotDone();
    }

    @Test
    void aQuarterOfThePoolMayCountAlongsideAndNoneOfAPoolUnderFour() {
        assertThat(CountsAlongside.permitsFor(30)).isEqualTo(7);
        assertThat(CountsAlongside.permitsFor(4)).isEqualTo(1);
        assertThat(CountsAlongside.permitsFor(3)).isZero();
        assertThat(CountsAlongside.permitsFor(2)).isZero();
    }

    @Test
    void aCountThatFailedIsDoneHereWhereAnErrorOfItsOwnIsReported() {
        var failed = CompletableFuture.<Long>failedFuture(new IllegalStateException("no managed connection"));
        assertThat(Catalog.awaitOr(failed, Duration.ofSeconds(5), this::countHere))
                .isEqualTo(7L);

        var broken = CompletableFuture.<Long>failedFuture(new IllegalArgumentException("bad query"));
        assertThatThrownBy(() -> Catalog.awaitOr(broken, Duration.ofSeconds(5), () -> {
                    throw new IllegalArgumentException("bad query, again");
                }))
                .hasMessage("bad query, again");
    }
}
