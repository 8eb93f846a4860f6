package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetView;
import com.clips.assets.boundary.Assets;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators run processing of one asset again from scratch (next to restarting a run from its checkpoint). */
@Path("assets")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class ReprocessResource {

    @EJB
    Assets assets;

    @Inject
    Caller caller;

    @POST
    @Path("{id}/reprocess")
    @Operation(
            operationId = "reprocessAsset",
            summary = "Run processing again for a Ready or Failed asset (operators)",
            description =
                    "Removes what the previous run made and queues a fresh run. 409 while the asset is processing.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = AssetView.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response reprocess(@PathParam("id") String id) {
        var asset = assets.reprocess(caller.tenant(), PathIds.uuid("Asset", id));
        return Response.accepted(AssetView.of(asset, List.of())).build();
    }
}
