package com.clips.social.boundary;

import com.clips.assets.boundary.Assets;
import com.clips.catalog.boundary.AssetPage;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own favorites and playlists. */
@Path("")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Favorites")
public class MySocialResource {

    @EJB
    Favorites favorites;

    @EJB
    Playlists playlists;

    @EJB
    Assets assets;

    @Inject
    Caller caller;

    @GET
    @Path("me/favorites")
    @Operation(
            operationId = "listMyFavorites",
            summary = "My favorites, most recent first (page from 1, pageSize 1-100)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetPage.class)))
    public AssetPage favorites(@BeanParam PageParams paging) {
        var found = favorites.mine(caller.viewer(), paging.page(), paging.size());
        return AssetPage.numbered(found.items(), assets, paging, found.total());
    }

    @GET
    @Path("me/playlists")
    @Operation(operationId = "listMyPlaylists", summary = "My playlists, newest first")
    public PlaylistsResource.PlaylistPage playlists(@BeanParam PageParams paging) {
        int p = paging.page();
        int size = paging.size();
        var items = playlists.mine(caller.viewer(), p, size).stream()
                .map(s -> PlaylistsResource.PlaylistView.of(s, caller.subject()))
                .toList();
        return new PlaylistsResource.PlaylistPage(items, p, size, playlists.countMine(caller.viewer()));
    }
}
