package com.clips.webhooks.boundary;

import com.clips.events.boundary.EventsResource;
import com.clips.events.entity.EventType;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Fields;
import com.clips.platform.web.PageParams;
import com.clips.platform.web.PathIds;
import com.clips.webhooks.entity.WebhookEndpoint;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Administrators register where the tenant's events go (Standard Webhooks), see every delivery
 * attempt, send a test message and replay events.
 */
@Path("webhooks/endpoints")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhookEndpointsResource {

    private static final Set<String> FIELDS = Set.of("url", "description", "eventTypes", "enabled");

    @EJB
    WebhookEndpoints endpoints;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    /** eventTypes empty: every type. secret: only in the answer that made it. */
    public record EndpointView(
            String id,
            String url,
            String description,
            List<String> eventTypes,
            boolean enabled,
            String disabledReason,
            Instant failingSince,
            Instant previousSecretValidUntil,
            Instant createdAt,
            Instant updatedAt,
            String secret) {

        static EndpointView of(WebhookEndpoint e, String secret) {
            return new EndpointView(
                    e.publicId().toString(),
                    e.url(),
                    e.description(),
                    e.eventTypes(),
                    e.enabled(),
                    e.disabledReason(),
                    e.failingSince(),
                    e.previousSecret(Instant.now()).isPresent() ? e.previousSecretUntil() : null,
                    e.createdAt(),
                    e.updatedAt(),
                    secret);
        }
    }

    public record AttemptPage(List<WebhookEndpoints.Attempt> items, int page, int pageSize, long total) {}

    public record Sent(String eventId, int events) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createWebhookEndpoint",
            summary =
                    "Register an endpoint: url (https), description, eventTypes (none: all); the secret is in this answer only")
    @APIResponse(
            responseCode = "201",
            description = "Registered; Location names it; the secret is in this answer only",
            content = @Content(schema = @Schema(implementation = EndpointView.class)))
    public Response create(JsonObject body) {
        Fields.only(body, FIELDS);
        if (!body.containsKey("url")) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "url is required.");
        }
        if (body.containsKey("enabled")) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "A new endpoint is enabled; disable it with PATCH.");
        }
        var created = endpoints.create(
                caller.tenant(),
                Fields.text(body, "url", 2048),
                description(body).orElse(null),
                types(body).orElse(List.of()));
        var view = EndpointView.of(created.endpoint(), created.secret());
        return Response.created(uri.getBaseUriBuilder()
                        .path(WebhookEndpointsResource.class)
                        .path(view.id())
                        .build())
                .entity(view)
                .build();
    }

    @GET
    @Operation(operationId = "listWebhookEndpoints", summary = "The tenant's endpoints (never their secrets)")
    public List<EndpointView> list() {
        return endpoints.list().stream().map(e -> EndpointView.of(e, null)).toList();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getWebhookEndpoint", summary = "One endpoint")
    public EndpointView get(@PathParam("id") String id) {
        return EndpointView.of(endpoints.get(id(id)), null);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(
            operationId = "updateWebhookEndpoint",
            summary = "Change url, description, eventTypes or enabled (merge patch)")
    public EndpointView change(@PathParam("id") String id, JsonObject body) {
        var endpoint = id(id);
        Fields.only(body, FIELDS);
        Boolean enabled = null;
        if (body.containsKey("enabled")) {
            var value = body.get("enabled");
            if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                throw new ProblemException(ProblemType.INVALID_FIELD, "enabled must be true or false.");
            }
            enabled = value == JsonValue.TRUE;
        }
        var changes = new WebhookEndpoints.Changes(
                body.containsKey("url") ? Fields.text(body, "url", 2048) : null,
                body.containsKey("description")
                        ? Optional.ofNullable(description(body).orElse(null))
                        : null,
                types(body).orElse(null),
                enabled);
        if (body.containsKey("url") && changes.url() == null) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "url cannot be removed.");
        }
        return EndpointView.of(endpoints.change(endpoint, changes), null);
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete an endpoint with its delivery log")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        endpoints.delete(id(id));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "rotateWebhookSecret",
            summary =
                    "A new secret (in this answer only); the old one is still signed with until previousSecretValidUntil")
    public EndpointView rotate(@PathParam("id") String id) {
        var rotated = endpoints.rotate(id(id));
        return EndpointView.of(rotated.endpoint(), rotated.secret());
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "sendWebhookTest", summary = "Send a webhook.test message to this endpoint now")
    @APIResponse(
            responseCode = "202",
            description = "Queued for delivery",
            content = @Content(schema = @Schema(implementation = Sent.class)))
    public Response test(@PathParam("id") String id) {
        var event = endpoints.test(id(id));
        return Response.accepted(new Sent(event.publicId(), 1)).build();
    }

    @POST
    @Path("{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "replayWebhookEvents",
            summary = "Send events again: {eventId} for one, or {from, to} (ISO-8601, to exclusive) for a range"
                    + " of the types the endpoint takes (at most clips.webhooks.replay-max-events)")
    @APIResponse(
            responseCode = "202",
            description = "Queued for delivery: the event, or how many of the range",
            content = @Content(schema = @Schema(implementation = Sent.class)))
    public Response replay(@PathParam("id") String id, JsonObject body) {
        var endpoint = id(id);
        Fields.only(body, Set.of("eventId", "from", "to"));
        if (body.containsKey("eventId")) {
            if (body.containsKey("from") || body.containsKey("to")) {
                throw new ProblemException(ProblemType.INVALID_FIELD, "Give eventId, or from and to, not both.");
            }
            var event = endpoints.replay(endpoint, Fields.text(body, "eventId", 64));
            return Response.accepted(new Sent(event.publicId(), 1)).build();
        }
        if (!body.containsKey("from") || !body.containsKey("to")) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "Give eventId, or both from and to.");
        }
        int count = endpoints.replay(endpoint, instant(body, "from"), instant(body, "to"));
        return Response.accepted(new Sent(null, count)).build();
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "Every delivery attempt to this endpoint, newest first")
    public AttemptPage deliveries(@PathParam("id") String id, @BeanParam PageParams page) {
        var found = endpoints.attempts(id(id), page.offset(), page.size());
        return new AttemptPage(found.attempts(), page.page(), page.size(), found.total());
    }

    private static UUID id(String id) {
        return PathIds.uuid("Webhook endpoint", id);
    }

    private static Optional<String> description(JsonObject body) {
        if (!body.containsKey("description")) {
            return Optional.empty();
        }
        var text = Fields.text(body, "description", 500);
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }

    /** eventTypes: an array of catalogue types; absent: none given. */
    private static Optional<List<EventType>> types(JsonObject body) {
        if (!body.containsKey("eventTypes")) {
            return Optional.empty();
        }
        var value = body.get("eventTypes");
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.of(List.of());
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "eventTypes must be an array of event types.");
        }
        var names = new java.util.ArrayList<String>();
        for (var item : value.asJsonArray()) {
            if (!(item instanceof JsonString s)) {
                throw new ProblemException(ProblemType.INVALID_FIELD, "eventTypes must be an array of event types.");
            }
            names.add(s.getString());
        }
        return Optional.of(EventsResource.types(names));
    }

    private static Instant instant(JsonObject body, String key) {
        var text = Fields.text(body, key, 64);
        try {
            return Instant.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    ProblemType.INVALID_FIELD,
                    "'" + key + "' must be an ISO-8601 instant such as 2026-12-01T00:00:00Z.");
        }
    }
}
