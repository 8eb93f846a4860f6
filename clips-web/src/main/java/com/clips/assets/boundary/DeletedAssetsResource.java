package com.clips.assets.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators purge soft-deleted assets whose restore window has passed, without waiting for the hourly sweep. */
@Path("admin/storage")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class DeletedAssetsResource {

    public record PurgeResult(int purged) {}

    @EJB
    Deletions deletions;

    @Inject
    Caller caller;

    @POST
    @Path("deleted-assets/purge")
    @Operation(
            operationId = "purgeDeletedAssets",
            summary = "Purge this tenant's soft-deleted assets whose restore window has passed",
            description =
                    "What the hourly sweep does, on demand: every stored object of each such asset, then its rows.")
    public PurgeResult purgeDeleted() {
        return new PurgeResult(deletions.purgeExpired(caller.tenant(), 1000));
    }
}
