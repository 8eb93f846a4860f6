package com.clips.auth.boundary;

import com.clips.platform.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * A request without a token is 401 before anything else looks at it: otherwise content
 * negotiation (415), the tus protocol check (412) or routing would answer first and tell an
 * anonymous caller more than that it must authenticate. Invalid tokens never get here (the
 * MP-JWT mechanism refuses them); the public routes and CORS/tus preflights pass.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class TokenRequired implements ContainerRequestFilter {

    static final Set<String> PUBLIC = Set.of("auth/token", "auth/jwks", "uploads/notifications", "oembed");

    /** Header-free playback: a playback ID or a playback token in the path is all it takes. */
    static final String PLAYBACK = "playback/";

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getMethod().equals("OPTIONS")
                || request.getSecurityContext().getUserPrincipal() != null) {
            return;
        }
        var path = request.getUriInfo().getPath();
        var relative = path.startsWith("/") ? path.substring(1) : path;
        if (!PUBLIC.contains(relative) && !relative.startsWith(PLAYBACK)) {
            throw ProblemException.unauthenticated("A bearer token is required (POST /api/v1/auth/token).");
        }
    }
}
