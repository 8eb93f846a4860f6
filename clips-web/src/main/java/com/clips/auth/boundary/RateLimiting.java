package com.clips.auth.boundary;

import com.clips.auth.control.TokenSigner;
import com.clips.platform.RateLimitedException;
import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * API calls per client per hour (RateLimitPerHour): the client's own limit from its
 * token, else {@code clips.ratelimit.api-per-hour}. Every authenticated answer says where the
 * caller stands ({@code RateLimit-Limit}, {@code -Remaining}, {@code -Reset} in seconds); past the
 * limit the answer is 429 {@code /problems/rate-limited} with {@code Retry-After}. The token
 * endpoint has its own limit (AuthResource).
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 2)
public class RateLimiting implements ContainerRequestFilter, ContainerResponseFilter {

    static final Duration HOUR = Duration.ofHours(1);
    private static final String WINDOW = RateLimiting.class.getName();

    @Inject
    JsonWebToken token;

    @EJB
    RateLimits limits;

    @Inject
    @ConfigProperty(name = "clips.ratelimit.api-per-hour", defaultValue = "10000")
    long defaultPerHour;

    @Override
    public void filter(ContainerRequestContext request) {
        if (token == null || token.getRawToken() == null || token.getSubject() == null) {
            return; // not authenticated: the route answers 401 (or is public)
        }
        long limit = token.claim(TokenSigner.RATE_LIMIT_CLAIM)
                .map(c -> c instanceof JsonNumber n ? n.longValue() : ((Number) c).longValue())
                .orElse(defaultPerHour);
        String tenant = token.getClaim("tenant");
        var window = limits.take("api", tenant + "/" + token.getSubject(), limit, HOUR);
        request.setProperty(WINDOW, window);
        if (window.exceeded()) {
            long retry = window.secondsLeft(Instant.now());
            throw new RateLimitedException(
                    "This client may make " + limit + " API calls per hour; the next window" + " starts in " + retry
                            + " s.",
                    retry);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(WINDOW) instanceof RateLimits.Window window) {
            var headers = response.getHeaders();
            headers.putSingle("RateLimit-Limit", window.limit());
            headers.putSingle("RateLimit-Remaining", window.remaining());
            headers.putSingle("RateLimit-Reset", window.secondsLeft(Instant.now()));
        }
    }
}
