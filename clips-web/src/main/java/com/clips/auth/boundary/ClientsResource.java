package com.clips.auth.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Fields;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Administrators create API clients in their own tenant. The secret is shown in this response only. */
@Path("admin/clients")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class ClientsResource {

    /** rateLimitPerHour: this client's API calls per hour (default: clips.ratelimit.api-per-hour). */
    public record NewClient(String name, List<String> roles, Integer rateLimitPerHour) {}

    public record CreatedClient(String clientId, String clientSecret, String tenant, List<String> roles) {}

    @EJB
    ApiClients clients;

    @Inject
    Caller caller;

    @POST
    @Operation(operationId = "createClient", summary = "Create an API client (its secret is returned once)")
    @APIResponse(
            responseCode = "201",
            description = "The client with its secret (shown once)",
            content = @Content(schema = @Schema(implementation = CreatedClient.class)))
    public Response create(NewClient request) {
        Fields.requireName(request == null ? null : request.name());
        var roles = EnumSet.noneOf(Role.class);
        for (var group : request.roles() == null ? List.<String>of() : request.roles()) {
            roles.add(Role.ofGroup(group)
                    .orElseThrow(() -> new ProblemException(
                            ProblemType.INVALID_FIELD,
                            "Unknown role '" + group + "'. Roles: User, Premium, Moderator, Administrator.")));
        }
        var created = clients.create(caller.tenant(), request.name().strip(), roles, request.rateLimitPerHour());
        return Response.status(201)
                .entity(new CreatedClient(
                        created.clientId(),
                        created.clientSecret(),
                        created.tenant(),
                        created.roles().stream().map(Role::group).toList()))
                .build();
    }

    public record ClientView(
            String clientId,
            String name,
            List<String> roles,
            java.time.Instant createdAt,
            java.time.Instant revokedAt) {}

    public record RotatedSecret(String clientId, String clientSecret) {}

    @GET
    @Operation(operationId = "listClients", summary = "The tenant's API clients (never their secrets)")
    public List<ClientView> list() {
        return clients.list(caller.tenant()).stream()
                .map(c -> new ClientView(
                        c.clientId(),
                        c.name(),
                        c.roles().stream().map(Role::group).sorted().toList(),
                        c.createdAt(),
                        c.revokedAt()))
                .toList();
    }

    @POST
    @Path("{clientId}/rotate")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(
            operationId = "rotateClientSecret",
            summary = "New secret for a client (returned once); the old secret stops working at once")
    public RotatedSecret rotate(@PathParam("clientId") String clientId) {
        var rotated = clients.rotate(caller.tenant(), clientId);
        return new RotatedSecret(rotated.clientId(), rotated.clientSecret());
    }

    @DELETE
    @Path("{clientId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "revokeClient",
            summary = "Revoke a client: no more tokens, and its unexpired tokens are refused (idempotent)")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("clientId") String clientId) {
        clients.revoke(caller.tenant(), clientId);
        return Response.noContent().build();
    }
}
