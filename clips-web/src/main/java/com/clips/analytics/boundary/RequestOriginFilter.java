package com.clips.analytics.boundary;

import com.clips.platform.RequestOrigin;
import com.clips.platform.web.TrustedProxies;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tells the analytics events and audit entries a request causes where it came from: the client
 * address (the peer's, or what a trusted proxy forwarded: {@code clips.http.trusted-proxies}),
 * user agent, referrer, and the token's subject.
 */
@Provider
public class RequestOriginFilter implements ContainerRequestFilter {

    @Inject
    RequestOrigin origin;

    @Inject
    JsonWebToken token;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        origin.set(new RequestOrigin.Origin(
                TrustedProxies.clientAddress(servletRequest),
                request.getHeaderString(HttpHeaders.USER_AGENT),
                request.getHeaderString("Referer"),
                token == null || token.getRawToken() == null ? null : token.getSubject()));
    }
}
