package com.clips.storage.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator actions on object storage. */
@Path("admin/storage")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class StorageAdminResource {

    public record SweepResult(int removed, String olderThan) {}

    @Inject
    Caller caller;

    @EJB
    StorageJanitor janitor;

    @POST
    @Path("orphans/sweep")
    @Operation(
            operationId = "sweepStorage",
            summary = "Delete staging objects that no asset refers to (platform administrators)",
            description = "What the hourly janitor does, on demand. olderThan is an ISO-8601 duration "
                    + "(default PT6H); younger objects may belong to uploads still in flight.")
    public SweepResult sweep(@QueryParam("olderThan") @DefaultValue("PT6H") String olderThan) {
        Duration age;
        try {
            age = Duration.parse(olderThan);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    ProblemType.INVALID_PARAMETER, "olderThan must be an ISO-8601 duration like PT6H.");
        }
        if (age.isNegative()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "olderThan must not be negative.");
        }
        // staging keys belong to no tenant yet: only the platform may judge which are orphans
        return new SweepResult(caller.asPlatformAdministrator(() -> janitor.sweepStaging(age)), age.toString());
    }
}
