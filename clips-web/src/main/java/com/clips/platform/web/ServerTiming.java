package com.clips.platform.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code Server-Timing: app;dur=<ms>} on every API answer: the time from the request reaching
 * JAX-RS to its answer being ready (the body is written after), so clients and benchmarks can
 * tell the server's part from the network's. A resource may add metrics of its own (part of the
 * whole, e.g. a catalog page's {@code count}); {@code app} is added after them.
 */
@Provider
@PreMatching
public class ServerTiming implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "Server-Timing";

    private static final String STARTED = ServerTiming.class.getName();

    /** One metric: {@code name;dur=<ms>}. */
    public static String metric(String name, Duration took) {
        return metric(name, took.toNanos());
    }

    private static String metric(String name, long nanos) {
        return String.format(Locale.ROOT, "%s;dur=%.2f", name, nanos / 1e6);
    }

    /** Nanoseconds since this request reached JAX-RS, if this filter saw it arrive. */
    public static OptionalLong elapsedNanos(ContainerRequestContext request) {
        return request.getProperty(STARTED) instanceof Long started
                ? OptionalLong.of(System.nanoTime() - started)
                : OptionalLong.empty();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        elapsedNanos(request).ifPresent(took -> response.getHeaders().add(HEADER, metric("app", took)));
    }
}
