package com.clips.catalog.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

    @Context
    UriInfo uri;

    @GET
    @Path("me/assets")
    @Operation(
            operationId = "listMyAssets",
            summary = "My clips (public and private), with every filter, sort and paging of GET /assets")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetPage.class)))
    public Response mine(@BeanParam CatalogFilters filters) {
        return listing.list(uri, caller.subject(), null);
    }

    @GET
    @Path("games/{title}/assets")
    @Operation(
            operationId = "listGameAssets",
            summary =
                    "One game's clips (title matched exactly, ignoring case), with every filter, sort and paging of GET /assets")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetPage.class)))
    public Response game(@PathParam("title") String title, @BeanParam CatalogFilters filters) {
        return listing.list(uri, null, title);
    }
}
