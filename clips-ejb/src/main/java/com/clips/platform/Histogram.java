package com.clips.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;

/**
 * Cumulative Prometheus buckets of a duration: {@code <name>_le_total{le="…"}} counters beside
 * the meter's timer, for {@code histogram_quantile}. The registry WildFly hands applications takes
 * only plain timers (a timer's distribution settings are refused, WFLYMMTREXT0015), so the buckets
 * are counted here, one counter increment per bucket the value falls in;
 * {@code histogram_quantile} takes any series with an {@code le} label.
 */
public final class Histogram {

    private final String name;
    private final double[] bounds;

    /** {@code bounds}: the upper bounds of the buckets in seconds, ascending; {@code +Inf} is added. */
    public Histogram(String name, double... bounds) {
        // not ".bucket": Prometheus reserves the _bucket suffix, and such a counter is never served
        this.name = name + ".le";
        this.bounds = bounds.clone();
    }

    public void record(MeterRegistry meters, double seconds, Tags tags) {
        for (double bound : bounds) {
            if (seconds <= bound) {
                meters.counter(name, tags.and(Tag.of("le", format(bound)))).increment();
            }
        }
        meters.counter(name, tags.and(Tag.of("le", "+Inf"))).increment();
    }

    private static String format(double bound) {
        return String.format(Locale.ROOT, "%s", bound);
    }
}
