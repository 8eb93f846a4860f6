package com.clips.analytics.boundary;

import com.clips.platform.RequestOrigin;
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
 * address (as the server sees it; behind a proxy, turn on Undertow's proxy-address-forwarding),
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
                servletRequest.getRemoteAddr(),
                request.getHeaderString(HttpHeaders.USER_AGENT),
                request.getHeaderString("Referer"),
                token == null || token.getRawToken() == null ? null : token.getSubject()));
    }
}
