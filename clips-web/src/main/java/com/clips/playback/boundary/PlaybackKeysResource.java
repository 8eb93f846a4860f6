package com.clips.playback.boundary;

import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenant's playback signing keys, for its administrators: make one (the private key is in
 * that answer only), list them, read the public JWK Set, delete one (its tokens stop working).
 */
@Path("playback-keys")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Playback")
public class PlaybackKeysResource {

    @EJB
    PlaybackSigningKeys keys;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createPlaybackKey",
            summary = "Make a signing key: {\"algorithm\":\"ES256\"} (default) or RS256; the private key is shown once")
    @APIResponse(responseCode = "201", description = "id (the kid), algorithm, privateKeyPem, privateJwk")
    public Response create(JsonObject body) {
        var fields = body == null ? Set.<String>of() : body.keySet();
        if (!Set.of("algorithm").containsAll(fields)) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "The body takes one key: algorithm.");
        }
        var algorithm = body == null || !body.containsKey("algorithm")
                ? "ES256"
                : body.get("algorithm") instanceof JsonString s ? s.getString() : "";
        if (!List.of("ES256", "RS256").contains(algorithm)) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "algorithm must be ES256 or RS256.");
        }
        var created = keys.create(algorithm);
        var view = new CreatedKeyView(
                created.key().id(),
                created.key().algorithm(),
                created.key().createdAt().toString(),
                created.privateKeyPem(),
                created.privateJwk());
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    public record CreatedKeyView(
            String id, String algorithm, String createdAt, String privateKeyPem, String privateJwk) {}

    @GET
    @Operation(operationId = "listPlaybackKeys", summary = "The tenant's signing keys (never their private parts)")
    public List<PlaybackSigningKeys.KeyInfo> list() {
        return keys.list();
    }

    @GET
    @Path("jwks")
    @Produces("application/jwk-set+json")
    @Operation(operationId = "getPlaybackKeysJwks", summary = "The tenant's playback signing keys as a JWK Set")
    public Response jwks() {
        return Response.ok(keys.jwks(), "application/jwk-set+json").build();
    }

    @DELETE
    @Path("{keyId}")
    @Operation(
            operationId = "deletePlaybackKey",
            summary = "Delete a signing key: the tokens it signed are refused from now on")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("keyId") String keyId) {
        keys.delete(keyId);
        return Response.noContent().build();
    }
}
