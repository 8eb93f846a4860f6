package com.clips.auth.boundary;

import com.clips.platform.ProblemException;
import com.clips.tenants.boundary.Tenants;
import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A token of a revoked client, or of a suspended tenant, is refused at once, not only when it expires. */
@Provider
@Priority(Priorities.AUTHENTICATION + 1)
public class RevokedTokens implements ContainerRequestFilter {

    @Inject
    JsonWebToken token;

    @EJB
    TokenRefusals refusals;

    @Override
    public void filter(ContainerRequestContext request) {
        if (token != null && token.getRawToken() != null && refusals.isRevoked(token.getSubject())) {
            throw ProblemException.unauthenticated("This client has been revoked.");
        }
        String tenant = token == null || token.getRawToken() == null ? null : token.getClaim("tenant");
        if (refusals.isSuspended(tenant)) {
            throw Tenants.suspendedProblem();
        }
    }
}
