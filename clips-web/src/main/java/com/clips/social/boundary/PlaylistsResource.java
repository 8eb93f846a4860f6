package com.clips.social.boundary;

import com.clips.assets.boundary.Assets;
import com.clips.catalog.boundary.AssetPage;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Fields;
import com.clips.platform.web.PageParams;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Playlists: the owner creates, describes, fills, orders and deletes them; a public playlist can
 * be read by everyone in the tenant (changing it is 403), a private one by its owner only (404).
 */
@Path("playlists")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Playlists")
public class PlaylistsResource {

    private static final Set<String> FIELDS = Set.of("name", "description", "visibility");

    @EJB
    Playlists playlists;

    @EJB
    Assets assets;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    public record PlaylistView(
            UUID id,
            String name,
            String description,
            String visibility,
            boolean mine,
            long items,
            Instant createdAt,
            Instant updatedAt) {

        public static PlaylistView of(Playlists.Summary s, String caller) {
            var p = s.playlist();
            return new PlaylistView(
                    p.id(),
                    p.name(),
                    p.description(),
                    p.isPublic() ? "public" : "private",
                    p.ownedBy(caller),
                    s.items(),
                    p.createdAt(),
                    p.updatedAt());
        }
    }

    public record PlaylistPage(List<PlaylistView> items, int page, int pageSize, long total) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createPlaylist",
            summary = "Create a playlist: name (required), description, visibility (public|private, default public)")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = PlaylistView.class)))
    @RequestBody(
            required = true,
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema =
                                @Schema(
                                        type = SchemaType.OBJECT,
                                        requiredProperties = {"name"},
                                        properties = {
                                            @SchemaProperty(name = "name", type = SchemaType.STRING, maxLength = 200),
                                            @SchemaProperty(
                                                    name = "description",
                                                    type = SchemaType.STRING,
                                                    maxLength = 2000),
                                            @SchemaProperty(
                                                    name = "visibility",
                                                    type = SchemaType.STRING,
                                                    enumeration = {"public", "private"})
                                        }))
            })
    public Response create(JsonObject body) {
        var d = details(body, null);
        var created = playlists.create(caller.viewer(), d.name(), d.description(), d.isPublic());
        return Response.created(uri.getBaseUriBuilder()
                        .path(PlaylistsResource.class)
                        .path(created.playlist().id().toString())
                        .build())
                .entity(PlaylistView.of(created, caller.subject()))
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getPlaylist", summary = "A playlist (yours, or a public one of your tenant)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PlaylistView.class)))
    public PlaylistView get(@PathParam("id") String id) {
        return PlaylistView.of(playlists.get(caller.viewer(), PathIds.uuid("Playlist", id)), caller.subject());
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(
            operationId = "updatePlaylist",
            summary = "Rename, describe, make public or private (merge patch; owner only)")
    @RequestBody(
            required = true,
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = PlaylistPatch.class)),
                @Content(
                        mediaType = "application/merge-patch+json",
                        schema = @Schema(implementation = PlaylistPatch.class))
            })
    public PlaylistView describe(@PathParam("id") String id, JsonObject patch) {
        var current =
                playlists.get(caller.viewer(), PathIds.uuid("Playlist", id)).playlist();
        var d = details(patch, new Details(current.name(), current.description(), current.isPublic()));
        return PlaylistView.of(
                playlists.describe(caller.viewer(), current.id(), d.name(), d.description(), d.isPublic()),
                caller.subject());
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deletePlaylist", summary = "Delete a playlist (owner only; the clips stay)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        playlists.delete(caller.viewer(), PathIds.uuid("Playlist", id));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/assets")
    @Operation(
            operationId = "listPlaylistAssets",
            summary = "A playlist's clips in order (clips you may not see are left out)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetPage.class)))
    public AssetPage items(@PathParam("id") String id, @BeanParam PageParams paging) {
        var found = playlists.items(caller.viewer(), PathIds.uuid("Playlist", id), paging.page(), paging.size());
        return AssetPage.numbered(found.assets(), assets, paging, found.total());
    }

    @PUT
    @Path("{id}/assets/{assetId}")
    @Operation(operationId = "addPlaylistAsset", summary = "Add a clip at the end (idempotent; owner only)")
    public PlaylistView add(@PathParam("id") String id, @PathParam("assetId") String assetId) {
        return PlaylistView.of(
                playlists.add(caller.viewer(), PathIds.uuid("Playlist", id), PathIds.uuid("Asset", assetId)),
                caller.subject());
    }

    @DELETE
    @Path("{id}/assets/{assetId}")
    @Operation(
            operationId = "removePlaylistAsset",
            summary = "Remove a clip (idempotent; owner only); the ones after it move up")
    public PlaylistView remove(@PathParam("id") String id, @PathParam("assetId") String assetId) {
        return PlaylistView.of(
                playlists.remove(caller.viewer(), PathIds.uuid("Playlist", id), PathIds.uuid("Asset", assetId)),
                caller.subject());
    }

    @POST
    @Path("{id}/order")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "reorderPlaylist",
            summary = "Reorder: {\"assetId\":…, \"position\":n} moves one clip (0 = first); "
                    + "{\"assetIds\":[…]} sets the whole order (every clip exactly once)")
    @RequestBody(
            required = true,
            description = "Either assetId and position (moves one clip), or assetIds (the whole order)",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema =
                                @Schema(
                                        type = SchemaType.OBJECT,
                                        properties = {
                                            @SchemaProperty(
                                                    name = "assetId",
                                                    type = SchemaType.STRING,
                                                    format = "uuid"),
                                            @SchemaProperty(
                                                    name = "position",
                                                    type = SchemaType.INTEGER,
                                                    format = "int32",
                                                    minimum = "0"),
                                            @SchemaProperty(
                                                    name = "assetIds",
                                                    type = SchemaType.ARRAY,
                                                    implementation = String.class)
                                        }))
            })
    public PlaylistView reorder(@PathParam("id") String id, JsonObject body) {
        if (body == null) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "Send {\"assetId\",\"position\"} or {\"assetIds\"}.");
        }
        if (body.containsKey("assetIds") && body.size() == 1 && body.get("assetIds") instanceof JsonArray array) {
            var ids = new ArrayList<UUID>();
            for (var value : array) {
                if (!(value instanceof JsonString s)) {
                    throw new ProblemException(ProblemType.INVALID_FIELD, "assetIds must be an array of asset ids.");
                }
                ids.add(parseField(s.getString()));
            }
            return PlaylistView.of(
                    playlists.reorder(caller.viewer(), PathIds.uuid("Playlist", id), ids), caller.subject());
        }
        if (body.size() == 2
                && body.get("assetId") instanceof JsonString asset
                && body.get("position") instanceof JsonNumber position
                && position.isIntegral()) {
            return PlaylistView.of(
                    playlists.move(
                            caller.viewer(),
                            PathIds.uuid("Playlist", id),
                            parseField(asset.getString()),
                            position.intValue()),
                    caller.subject());
        }
        throw new ProblemException(ProblemType.INVALID_FIELD, "Send {\"assetId\",\"position\"} or {\"assetIds\"}.");
    }

    private record Details(String name, String description, boolean isPublic) {}

    /** name, description, visibility from a body; absent keys keep {@code current} (null: creating). */
    private static Details details(JsonObject body, Details current) {
        Fields.only(body, FIELDS);
        var name = body.containsKey("name") ? Fields.text(body, "name", 200) : current == null ? null : current.name();
        if (name == null || name.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "name is required (up to 200 characters).");
        }
        var description = body.containsKey("description")
                ? Fields.text(body, "description", 2000)
                : current == null ? null : current.description();
        boolean isPublic = current == null || current.isPublic();
        if (body.containsKey("visibility")) {
            var visibility = Fields.text(body, "visibility", 16);
            if (!"public".equals(visibility) && !"private".equals(visibility)) {
                throw new ProblemException(ProblemType.INVALID_FIELD, "visibility must be public or private.");
            }
            isPublic = visibility.equals("public");
        }
        return new Details(
                name.strip(), description == null || description.isBlank() ? null : description.strip(), isPublic);
    }

    private static UUID parseField(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "'" + id + "' is not an asset id.");
        }
    }
}
