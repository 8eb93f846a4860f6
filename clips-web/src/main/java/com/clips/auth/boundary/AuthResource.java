package com.clips.auth.boundary;

import com.clips.auth.control.TokenSigner;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.RateLimitedException;
import com.clips.platform.Text;
import com.clips.platform.web.Outcome;
import com.clips.platform.web.TrustedProxies;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OAuth2 client-credentials grant (RFC 6749 §4.4): form body, HTTP Basic, or a JSON body. */
@Path("auth/token")
@Outcome(meter = "clips.tokens", route = "client-credentials")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Auth")
@SecurityRequirements
public class AuthResource {

    public record TokenResponse(
            @JsonbProperty("access_token") String accessToken,
            @JsonbProperty("token_type") String tokenType,
            @JsonbProperty("expires_in") long expiresIn) {}

    public record TokenRequest(
            @JsonbProperty("grant_type") String grantType,
            @JsonbProperty("client_id") String clientId,
            @JsonbProperty("client_secret") String clientSecret) {}

    @EJB
    RateLimits limits;

    @Inject
    @ConfigProperty(name = "clips.ratelimit.token-per-minute", defaultValue = "60")
    long tokensPerMinute;

    @EJB
    ApiClients clients;

    @Context
    HttpServletRequest http;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @APIResponse(
            responseCode = "200",
            description = "A bearer token",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @Operation(operationId = "getToken", summary = "Exchange client credentials for a bearer token")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                            schema = @Schema(implementation = TokenRequest.class)))
    public Response form(
            @FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String basic) {
        return token(new TokenRequest(grantType, clientId, clientSecret), basic);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "200",
            description = "A bearer token",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @Operation(operationId = "getTokenWithJson", summary = "Exchange client credentials for a bearer token (JSON body)")
    public Response json(TokenRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String basic) {
        return token(request == null ? new TokenRequest(null, null, null) : request, basic);
    }

    private Response token(TokenRequest request, String authorization) {
        if (!"client_credentials".equals(request.grantType())) {
            throw new ProblemException(ProblemType.UNSUPPORTED_GRANT_TYPE, "grant_type must be client_credentials.");
        }
        var id = request.clientId();
        var secret = request.clientSecret();
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            var pair = decodeBasic(authorization.substring(6).trim());
            id = pair[0];
            secret = pair[1];
        }
        if (id == null || secret == null) {
            throw ProblemException.invalidClient(
                    "Send client_id and client_secret, in the body or as HTTP Basic credentials.");
        }
        if (id.length() > 64 || Text.firstForbidden(id) >= 0 || secret.length() > 1024) {
            throw ProblemException.invalidClient("Unknown client, wrong secret or revoked client.");
        }
        // counted before the secret is checked, per client id *and* source address: guessing a secret
        // from one place is throttled there without locking the rightful client out from another
        // (the client id is no secret: it is every token's sub). A ceiling per client id alone,
        // far above, bounds a guesser who spreads over many addresses.
        refuseOver(
                limits.take(
                        "token", id + "@" + TrustedProxies.clientAddress(http), tokensPerMinute, Duration.ofMinutes(1)),
                tokensPerMinute);
        long ceiling = tokensPerMinute * CEILING_FACTOR;
        refuseOver(limits.take("token-id", id, ceiling, Duration.ofMinutes(1)), ceiling);
        TokenSigner.Token token = clients.issueToken(id, secret);
        var noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new TokenResponse(
                        token.value(), "Bearer", token.lifetime().toSeconds()))
                .cacheControl(noStore)
                .build();
    }

    /** A client id's ceiling over all addresses, as a multiple of the per-address budget. */
    static final long CEILING_FACTOR = 20;

    private static void refuseOver(RateLimits.Window window, long limit) {
        if (window.exceeded()) {
            long retry = window.secondsLeft(Instant.now());
            throw new RateLimitedException(
                    "At most " + limit + " token requests per minute for this client; try again in " + retry + " s.",
                    retry);
        }
    }

    private static String[] decodeBasic(String encoded) {
        try {
            var text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no colon");
            }
            return new String[] {text.substring(0, colon), text.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidClient("Malformed HTTP Basic credentials.");
        }
    }
}
