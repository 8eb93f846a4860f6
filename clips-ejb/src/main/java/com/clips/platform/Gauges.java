package com.clips.platform;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges a deployment registered, removed when it goes. WildFly's registry outlives a deployment,
 * keeps its gauges, and hands a redeployed application the old gauge of the same name and tags,
 * whose figure (held weakly) is gone: it reads NaN from then on. Removing them at
 * {@code @PreDestroy} lets the next deployment register its own.
 */
public final class Gauges {

    private Gauges() {}

    /** Removes this deployment's gauges of these names, whatever their tags. */
    public static void remove(MeterRegistry meters, String... names) {
        for (var name : names) {
            meters.find(name).gauges().forEach(meters::remove);
        }
    }
}
