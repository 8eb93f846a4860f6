package com.clips.platform.web;

import com.clips.platform.Histogram;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * {@code clips_http_server_requests_seconds} (and its buckets,
 * {@code clips_http_server_requests_seconds_le_total}): every API answer's latency by method, route template
 * (the resource's {@code @Path}s, never the request's own path, so no id becomes a label) and
 * status class; {@code clips_http_server_rejections_total} counts the rate limit's 429s by route.
 * An unmatched request (404 before routing) is the route {@code UNMATCHED}. The clock is
 * {@link ServerTiming}'s (started before routing), so the metric and the header agree.
 */
@Provider
public class RequestMetrics implements ContainerResponseFilter {

    static final String UNMATCHED = "UNMATCHED";
    private static final Histogram BUCKETS = new Histogram(
            "clips.http.server.requests.seconds", 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    @Inject
    MeterRegistry meters;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var elapsed = ServerTiming.elapsedNanos(request);
        if (elapsed.isEmpty()) {
            return;
        }
        var route = route(resource.getResourceClass(), resource.getResourceMethod());
        int status = response.getStatus();
        var tags = Tags.of("method", request.getMethod(), "route", route, "status", (status / 100) + "xx");
        var took = Duration.ofNanos(elapsed.getAsLong());
        meters.timer("clips.http.server.requests", tags).record(took);
        BUCKETS.record(meters, took.toNanos() / 1e9, tags);
        if (status == 429) {
            meters.counter("clips.http.server.rejections", "route", route).increment();
        }
    }

    /** {@code /api/v1} + the class's and the method's {@code @Path}, as written (templates). */
    static String route(Class<?> type, Method method) {
        if (type == null || method == null) {
            return UNMATCHED;
        }
        var route = new StringBuilder("/api/v1");
        append(route, type.getAnnotation(Path.class));
        append(route, method.getAnnotation(Path.class));
        return route.toString();
    }

    private static void append(StringBuilder route, Path path) {
        if (path == null || path.value().isEmpty() || path.value().equals("/")) {
            return;
        }
        var value = path.value();
        if (!value.startsWith("/")) {
            route.append('/');
        }
        route.append(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }
}
