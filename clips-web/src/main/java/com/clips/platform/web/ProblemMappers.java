package com.clips.platform.web;

import com.clips.platform.DependencyUnavailableException;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.RateLimitedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Every error leaves as problem+json; nothing internal (no stack trace, no class name) leaks. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {}

    @Provider
    public static class Domain implements ExceptionMapper<ProblemException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(ProblemException e) {
            var answer = Problem.of(e.type(), e.detail(), path(uri)).toResponse();
            if (e instanceof RateLimitedException limited) {
                return Response.fromResponse(answer)
                        .header("Retry-After", limited.retryAfterSeconds())
                        .build();
            }
            return answer;
        }
    }

    @Provider
    public static class Http implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uri;

        @Context
        SecurityContext security;

        @Override
        public Response toResponse(WebApplicationException e) {
            int code = e.getResponse().getStatus();
            if (code == 403 && (security == null || security.getUserPrincipal() == null)) {
                // RESTEasy answers a missing token on a @RolesAllowed resource with 403; it is a 401
                code = 401;
            }
            var response = Problem.forStatus(code, path(uri)).toResponse();
            e.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(v -> response.getHeaders().add(name, v));
                }
            });
            return response;
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(Throwable e) {
            if (isOutage(e)) {
                LOG.log(Level.WARNING, "storage unavailable on " + path(uri) + ": " + e);
                return Response.fromResponse(Problem.of(
                                        ProblemType.STORAGE_UNAVAILABLE,
                                        "Object storage is not answering; try again shortly.",
                                        path(uri))
                                .toResponse())
                        .header("Retry-After", "30")
                        .build();
            }
            var incident = UUID.randomUUID();
            LOG.log(Level.SEVERE, "incident " + incident + " on " + path(uri), e);
            return Problem.of(
                            ProblemType.INTERNAL_ERROR,
                            "The request failed on our side; quote incident " + incident + " when reporting it.",
                            path(uri))
                    .toResponse();
        }
    }

    /**
     * Is a service we depend on down or overloaded (worth a 503 and a retry later)? Storage
     * failures are classified at its adapter; a raw SDK client error (a presigner, a connection
     * refused) and an open circuit breaker or fault-tolerance timeout mean the same.
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DependencyUnavailableException
                    || t instanceof SdkClientException
                    || t instanceof FaultToleranceException) {
                return true;
            }
        }
        return false;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
