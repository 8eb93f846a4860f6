package com.clips.analytics.boundary;

import com.clips.analytics.control.RequestOrigin;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Tells the analytics events a request causes where it came from: the client address (as the
 * server sees it; behind a proxy, turn on Undertow's proxy-address-forwarding), user agent and
 * referrer.
 */
@Provider
public class RequestOriginFilter implements ContainerRequestFilter {

    @Inject
    RequestOrigin origin;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        origin.set(new RequestOrigin.Origin(servletRequest.getRemoteAddr(),
                request.getHeaderString(HttpHeaders.USER_AGENT), request.getHeaderString("Referer")));
    }
}
