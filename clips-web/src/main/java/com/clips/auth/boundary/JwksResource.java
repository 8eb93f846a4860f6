package com.clips.auth.boundary;

import com.clips.auth.control.TokenSigner;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public key that verifies Clips' access tokens, for gateways and other services. */
@Path("auth/jwks")
@PermitAll
@Tag(name = "Auth")
public class JwksResource {

    @Inject
    TokenSigner signer;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getJwks",
            summary = "JWK Set (RFC 7517) of the token signing key: RS256, use sig, kid as in token headers")
    @APIResponse(responseCode = "200", description = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":…,\"n\":…,\"e\":…}]}")
    public Response jwks() {
        var cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(signer.publicJwks()).cacheControl(cache).build();
    }
}
