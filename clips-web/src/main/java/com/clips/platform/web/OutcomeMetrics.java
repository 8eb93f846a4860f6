package com.clips.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/** The counters of routes marked {@link Outcome}. */
@Provider
@Outcome
public class OutcomeMetrics implements ContainerResponseFilter {

    public static final String RECEIVED_BYTES = "clips.upload.received.bytes";

    @Inject
    MeterRegistry meters;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        var outcome = method.isAnnotationPresent(Outcome.class)
                ? method.getAnnotation(Outcome.class)
                : resource.getResourceClass().getAnnotation(Outcome.class);
        if (outcome == null || outcome.meter().isEmpty()) {
            return;
        }
        int status = response.getStatus();
        meters.counter(
                        outcome.meter(),
                        "route",
                        outcome.route(),
                        "status",
                        Integer.toString(status),
                        "outcome",
                        outcome(status))
                .increment();
        if (outcome.bytes() && status < 300 && request.getLength() > 0) {
            meters.counter(RECEIVED_BYTES, "route", outcome.route()).increment(request.getLength());
        }
    }

    static String outcome(int status) {
        return status < 400 ? "accepted" : status < 500 ? "refused" : "failed";
    }
}
