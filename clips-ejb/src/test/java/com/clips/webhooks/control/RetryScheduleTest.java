package com.clips.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");

    private static RetrySchedule spec(double jitter) {
        return new RetrySchedule(
                Arrays.stream(WebhookSettings.SPEC_SCHEDULE.split(","))
                        .map(Duration::parse)
                        .toList(),
                jitter);
    }

    @Test
    void theSpecificationsScheduleThenGivesUp() {
        var schedule = spec(0);
        assertThat(schedule.attempts()).isEqualTo(10);
        assertThat(schedule.next(1, NOW, Optional.empty())).contains(NOW.plusSeconds(5));
        assertThat(schedule.next(2, NOW, Optional.empty())).contains(NOW.plus(Duration.ofMinutes(5)));
        assertThat(schedule.next(9, NOW, Optional.empty())).contains(NOW.plus(Duration.ofHours(24)));
        assertThat(schedule.next(10, NOW, Optional.empty())).isEmpty();
    }

    @Test
    void jitterStaysWithinItsFraction() {
        var schedule = spec(0.1);
        for (int i = 0; i < 200; i++) {
            var next = schedule.next(3, NOW, Optional.empty()).orElseThrow();
            assertThat(Duration.between(NOW, next)).isBetween(Duration.ofMinutes(27), Duration.ofMinutes(33));
        }
    }

    @Test
    void retryAfterWaitsAtLeastThatLongAndAtMostADay() {
        var schedule = spec(0);
        assertThat(schedule.next(1, NOW, Optional.of(Duration.ofSeconds(60)))).contains(NOW.plusSeconds(60));
        assertThat(schedule.next(2, NOW, Optional.of(Duration.ofSeconds(60))))
                .contains(NOW.plus(Duration.ofMinutes(5)));
        assertThat(schedule.next(1, NOW, Optional.of(Duration.ofDays(9)))).contains(NOW.plus(Duration.ofDays(1)));
        assertThat(RetrySchedule.retryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetrySchedule.retryAfter("Wed, 02 Dec 2026 00:01:00 GMT", NOW))
                .contains(Duration.ofMinutes(1));
        assertThat(RetrySchedule.retryAfter("soon", NOW)).isEmpty();
        assertThat(RetrySchedule.retryAfter("-5", NOW)).isEmpty();
    }
}
