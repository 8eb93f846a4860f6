package com.clips.catalog.boundary;

import com.clips.assets.boundary.AssetView;
import com.clips.assets.boundary.Assets;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Problem;
import com.clips.social.boundary.Favorites;
import com.clips.social.boundary.Playlists;
import com.clips.social.boundary.PlaylistsResource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The catalog's convenience routes: the caller's own clips, and one game's clips. */
@Path("")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog")
public class CatalogResource {

    @Inject
    AssetListing listing;

    @Inject
    Caller caller;

    @EJB
    Favorites favorites;

    @EJB
    Playlists playlists;

    @EJB
    Assets assets;

    @Context
    UriInfo uri;

    @GET
    @Path("me/assets")
    @Operation(summary = "My clips (public and private), with every filter, sort and paging of GET /assets")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "Unknown parameter or value out of range",
            content =
                    @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response mine() {
        return listing.list(uri, caller.subject(), null);
    }

    @GET
    @Path("me/favorites")
    @Operation(summary = "My favorites, most recent first (page from 1, pageSize 1-100)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetPage.class)))
    public AssetPage favorites(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        for (var name : uri.getQueryParameters().keySet()) {
            if (!name.equals("page") && !name.equals("pageSize")) {
                throw new ProblemException(
                        ProblemType.INVALID_FILTER, "Unknown parameter '" + name + "'. Accepted: page, pageSize.");
            }
        }
        int p = AssetQueryParams.bounded("page", page, 1, AssetQueryParams.MAX_OFFSET, 1);
        int size = AssetQueryParams.bounded("pageSize", pageSize, 1, AssetQueryParams.MAX_PAGE_SIZE, 20);
        var found = favorites.mine(caller.viewer(), p, size);
        var items = found.items().stream()
                .map(a -> AssetView.of(a, assets.renditions(a)))
                .toList();
        return AssetPage.of(items, p, size, found.total(), false, null);
    }

    @GET
    @Path("me/playlists")
    @Operation(summary = "My playlists, newest first")
    public PlaylistsResource.PlaylistPage playlists(
            @QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        int p = AssetQueryParams.bounded("page", page, 1, 10_000, 1);
        int size = AssetQueryParams.bounded("pageSize", pageSize, 1, AssetQueryParams.MAX_PAGE_SIZE, 20);
        var items = playlists.mine(caller.viewer(), p, size).stream()
                .map(s -> PlaylistsResource.PlaylistView.of(s, caller.subject()))
                .toList();
        return new PlaylistsResource.PlaylistPage(items, p, size, playlists.countMine(caller.viewer()));
    }

    @GET
    @Path("games/{title}/assets")
    @Operation(
            summary =
                    "One game's clips (title matched exactly, ignoring case), with every filter, sort and paging of GET /assets")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetPage.class)))
    public Response game(@PathParam("title") String title) {
        return listing.list(uri, null, title);
    }
}
