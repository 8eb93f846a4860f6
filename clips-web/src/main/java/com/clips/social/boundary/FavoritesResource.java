package com.clips.social.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's favorite mark on one asset: set and cleared idempotently. */
@Path("assets")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Favorites")
public class FavoritesResource {

    @EJB
    Favorites favorites;

    @Inject
    Caller caller;

    @PUT
    @Path("{id}/favorite")
    @Operation(operationId = "favoriteAsset", summary = "Mark as a favorite (idempotent: a second PUT changes nothing)")
    @APIResponse(responseCode = "204", description = "It is a favorite")
    public Response favorite(@PathParam("id") String id) {
        favorites.add(caller.viewer(), PathIds.uuid("Asset", id));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/favorite")
    @Operation(operationId = "unfavoriteAsset", summary = "No longer a favorite (idempotent)")
    @APIResponse(responseCode = "204", description = "It is not a favorite")
    public Response unfavorite(@PathParam("id") String id) {
        favorites.remove(caller.viewer(), PathIds.uuid("Asset", id));
        return Response.noContent().build();
    }
}
