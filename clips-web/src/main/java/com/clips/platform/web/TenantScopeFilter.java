package com.clips.platform.web;

import com.clips.platform.TenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Puts every request in its caller's tenant scope for all the persistence it causes (see
 * {@link TenantScope}): the tenant of the verified token, or — without a token — a scope that
 * matches no row. It wraps the whole request, so the scope cannot outlive it on a pooled thread.
 * No route answers asynchronously; one that did would have to enter the scope again on the thread
 * that finishes it (which would otherwise be in the system's).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class TenantScopeFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String tenant = request.getUserPrincipal() instanceof JsonWebToken token ? token.getClaim("tenant") : null;
        try (var scope = TenantScope.enter(tenant == null || tenant.isBlank() ? TenantScope.NOBODY : tenant)) {
            chain.doFilter(request, response);
        }
    }
}
