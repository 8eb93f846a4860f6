package com.clips.playback.boundary;

import com.clips.assets.boundary.AssetView;
import com.clips.assets.entity.PlaybackPolicy;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An asset's playback IDs: add one (public or signed), delete one (revokes it). The asset JSON lists them. */
@Path("assets/{id}/playback-ids")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Playback")
public class PlaybackIdsResource {

    @EJB
    PlaybackIds playbackIds;

    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createPlaybackId",
            summary = "Add a playback ID: {\"policy\":\"public\"} or {\"policy\":\"signed\"}")
    @APIResponse(
            responseCode = "201",
            description = "The new playback ID with its URLs",
            content = @Content(schema = @Schema(implementation = AssetView.PlaybackView.class)))
    public Response add(@PathParam("id") String id, JsonObject body) {
        if (body == null || !Set.of("policy").containsAll(body.keySet())) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "The body takes one key: policy.");
        }
        var value = body.get("policy") instanceof JsonString s ? s.getString() : null;
        if (!"public".equals(value) && !"signed".equals(value)) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "policy must be public or signed.");
        }
        var added = playbackIds.add(
                caller.viewer(), PathIds.uuid("Asset", id), PlaybackPolicy.valueOf(value.toUpperCase(Locale.ROOT)));
        return Response.status(Response.Status.CREATED)
                .entity(AssetView.PlaybackView.of(added))
                .build();
    }

    @DELETE
    @Path("{playbackId}")
    @Operation(
            operationId = "deletePlaybackId",
            summary = "Delete a playback ID: every URL through it is 404 from now on")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("id") String id, @PathParam("playbackId") String playbackId) {
        playbackIds.revoke(caller.viewer(), PathIds.uuid("Asset", id), playbackId);
        return Response.noContent().build();
    }
}
