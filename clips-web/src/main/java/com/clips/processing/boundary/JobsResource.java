package com.clips.processing.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.PageParams;
import com.clips.processing.entity.ProcessingRun;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators' view of processing: find runs (by status, asset, time), see why one failed and how
 * far it got, restart it from its checkpoint, stop it. Scoped to the caller's tenant.
 */
@Path("jobs")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class JobsResource {

    static final int MAX_PAGE_SIZE = 100;

    public record JobView(
            long id,
            UUID assetId,
            String status,
            String exitStatus,
            String currentStep,
            int attempt,
            String node,
            Instant startedAt,
            Instant endedAt,
            String lastError) {

        static JobView of(ProcessingRun r) {
            return new JobView(
                    r.executionId(),
                    r.asset().publicId(),
                    r.status(),
                    r.exitStatus(),
                    r.currentStep(),
                    r.attempt(),
                    r.node(),
                    r.startedAt(),
                    r.endedAt(),
                    r.lastError());
        }
    }

    public record JobPage(List<JobView> items, int page, int pageSize, long total) {}

    public record JobDetailView(
            long id,
            UUID assetId,
            String assetStatus,
            String status,
            String exitStatus,
            String currentStep,
            int attempt,
            String node,
            Instant startedAt,
            Instant endedAt,
            String lastError,
            int percentDone,
            Double encodeSpeed,
            Long etaSeconds,
            List<JobDetail.Step> steps,
            List<JobDetail.RenditionState> renditions) {}

    public record Restarted(long id, long restartedFrom) {}

    @EJB
    ProcessingRuns runs;

    @EJB
    JobControl jobs;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    @GET
    @Operation(
            operationId = "listJobs",
            summary = "List processing runs, newest first",
            description =
                    "Filters: status (STARTED, COMPLETED, FAILED, STOPPED, INTERRUPTED, ...), assetId, from/to (ISO-8601 start time).")
    public JobPage listJobs(
            @QueryParam("status") String status,
            @QueryParam("assetId") String assetId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam PageParams paging) {
        int p = paging.page();
        int size = paging.size();
        var filter = new ProcessingRuns.Filter(status(status), uuid(assetId), instant("from", from), instant("to", to));
        var result = runs.list(caller.tenant(), filter, (p - 1) * size, size);
        return new JobPage(result.runs().stream().map(JobView::of).toList(), p, size, result.total());
    }

    @GET
    @Path("{id}")
    @Operation(
            operationId = "getJob",
            summary = "One run: steps, each rendition's state, percent done, attempts, timings, last error")
    public JobDetailView getJob(@PathParam("id") String id) {
        var detail = jobs.detail(caller.tenant(), executionId(id));
        var r = detail.run();
        return new JobDetailView(
                r.executionId(),
                r.asset().publicId(),
                r.asset().status().name(),
                r.status(),
                r.exitStatus(),
                r.currentStep(),
                r.attempt(),
                r.node(),
                r.startedAt(),
                r.endedAt(),
                r.lastError(),
                detail.percentDone(),
                detail.encodeSpeed(),
                detail.etaSeconds(),
                detail.steps(),
                detail.renditions());
    }

    @POST
    @Path("{id}/restart")
    @Operation(
            operationId = "restartJob",
            summary = "Restart a failed or stopped run from its last checkpoint",
            description = "Finished steps and finished renditions are not redone. Answers the new execution.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Restarted.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response restart(@PathParam("id") String id) {
        long from = executionId(id);
        long next = jobs.restart(caller.tenant(), from);
        return Response.accepted(new Restarted(next, from))
                .location(uri.getBaseUriBuilder()
                        .path(JobsResource.class)
                        .path(String.valueOf(next))
                        .build())
                .build();
    }

    @POST
    @Path("{id}/stop")
    @Operation(
            operationId = "stopJob",
            summary = "Stop a running run; the encode in progress is ended, finished renditions are kept")
    @APIResponse(responseCode = "202", description = "Stopping")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response stop(@PathParam("id") String id) {
        jobs.stop(caller.tenant(), executionId(id));
        return Response.accepted().build();
    }

    private static long executionId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to 404 like any unknown id
        }
        throw ProblemException.notFound("Job " + id);
    }

    private static String status(String status) {
        if (status == null) {
            return null;
        }
        var statuses = new java.util.ArrayList<String>();
        Arrays.stream(BatchStatus.values()).map(Enum::name).forEach(statuses::add);
        statuses.add(ProcessingRun.INTERRUPTED);
        return statuses.stream()
                .filter(s -> s.equalsIgnoreCase(status))
                .findFirst()
                .orElseThrow(() -> new ProblemException(
                        ProblemType.INVALID_FILTER, "Unknown status '" + status + "'. Statuses: " + statuses + "."));
    }

    private static UUID uuid(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_FILTER, "assetId must be a UUID.");
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    ProblemType.INVALID_FILTER, name + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z.");
        }
    }
}
