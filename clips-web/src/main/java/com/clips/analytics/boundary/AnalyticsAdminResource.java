package com.clips.analytics.boundary;

import com.clips.analytics.control.EventBuffer;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators' view of analytics: how far the rollup has got, this node's buffer, and the rollup job
 * on demand. Platform administrators only: the rollup spans every tenant.
 */
@Path("admin/analytics")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class AnalyticsAdminResource {

    /** rolledUpTo: everything before it is in the hourly aggregates; buffered/dropped: this node's events. */
    public record Status(Instant rolledUpTo, int bufferedEvents, long droppedEvents) {}

    @EJB
    AnalyticsRollup rollup;

    @EJB
    RollupControl jobs;

    @Inject
    EventBuffer buffer;

    @Context
    UriInfo uri;

    @Inject
    Caller caller;

    @GET
    @Operation(operationId = "getAnalyticsStatus", summary = "Rollup watermark and this node's event buffer")
    public Status status() {
        return caller.asPlatformAdministrator(
                () -> new Status(rollup.rolledUpTo().orElse(null), buffer.buffered(), buffer.dropped()));
    }

    @POST
    @Path("rollups")
    @Operation(
            operationId = "startAnalyticsRollup",
            summary = "Run the analytics-rollup job now (or answer the run in progress on this node)",
            description =
                    "It also runs hourly. Restartable like any job: JBeret's restart-job on the clips-batch.jar subdeployment.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = RollupControl.Run.class)))
    public Response start() {
        var run = caller.asPlatformAdministrator(jobs::start);
        return Response.accepted(run)
                .location(uri.getAbsolutePathBuilder()
                        .path(String.valueOf(run.id()))
                        .build())
                .build();
    }

    @GET
    @Path("rollups/{id}")
    @Operation(operationId = "getAnalyticsRollup", summary = "One run of the analytics-rollup job")
    public RollupControl.Run get(@PathParam("id") String id) {
        try {
            return caller.asPlatformAdministrator(() -> jobs.get(Long.parseLong(id)));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("Rollup " + id);
        }
    }
}
