package com.clips.processing.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Processing requests that kept failing, parked on the dead-letter queue: list them, replay or discard one. */
@Path("admin/dead-letters")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class DeadLettersResource {

    @EJB
    DeadLetters deadLetters;

    @Inject
    Caller caller;

    @GET
    @Operation(
            operationId = "listDeadLetters",
            summary = "Dead-lettered processing requests of this tenant (oldest first)")
    public List<DeadLetters.DeadLetter> listDeadLetters(@BeanParam PageParams paging) {
        int p = paging.page();
        int size = paging.size();
        var upTo = deadLetters.list(caller.tenant(), p * size);
        return upTo.subList(Math.min(upTo.size(), (p - 1) * size), upTo.size());
    }

    @POST
    @Path("{messageId}/replay")
    @Operation(operationId = "replayDeadLetter", summary = "Move one dead letter back to the processing queue")
    @APIResponse(responseCode = "202", description = "Back on the processing queue")
    public Response replay(@PathParam("messageId") String messageId) {
        deadLetters.replay(caller.tenant(), messageId);
        return Response.accepted().build();
    }

    @DELETE
    @Path("{messageId}")
    @Operation(operationId = "discardDeadLetter", summary = "Discard one dead letter for good")
    @APIResponse(responseCode = "204", description = "Discarded")
    public Response discard(@PathParam("messageId") String messageId) {
        deadLetters.discard(caller.tenant(), messageId);
        return Response.noContent().build();
    }
}
