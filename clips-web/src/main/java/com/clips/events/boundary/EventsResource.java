package com.clips.events.boundary;

import com.clips.events.entity.Event;
import com.clips.events.entity.EventType;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Paging;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The pull API: the tenant's events in commit order after a cursor, the same bodies webhooks carry. */
@Path("events")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
public class EventsResource {

    @EJB
    EventFeed feed;

    @GET
    @Operation(
            operationId = "listEvents",
            summary = "Events after a cursor, oldest first",
            description = "after: the nextCursor of the previous page (none: from the oldest event kept);"
                    + " types: comma-separated event types (none: all); pageSize 1-100 (100)."
                    + " An empty page keeps the cursor: poll it again later. Link rel=next carries it too.")
    public Response list(
            @QueryParam("after") @Parameter(description = "the nextCursor of the previous page") String after,
            @QueryParam("types") @Parameter(description = "comma-separated event types") List<String> types,
            @QueryParam("pageSize")
                    @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "100",
                                            defaultValue = "100"))
                    String pageSize,
            @Context UriInfo uri) {
        // an undeclared parameter is refused before this (KnownQueryParameters)
        var query = uri.getQueryParameters();
        for (var key : List.of("after", "pageSize")) {
            if (query.containsKey(key) && query.get(key).size() > 1) {
                throw new ProblemException(ProblemType.INVALID_FILTER, key + " is given more than once.");
            }
        }
        int size = Paging.bounded("pageSize", pageSize, 1, Paging.MAX_PAGE_SIZE, 100);
        var page = feed.after(Event.Position.decode(after), types(types), size);
        var items = Json.createArrayBuilder();
        for (var event : page.events()) {
            items.add(item(event));
        }
        var cursor = page.next().encode();
        var body = Json.createObjectBuilder().add("items", items).add("nextCursor", cursor);
        var next = uri.getRequestUriBuilder().replaceQueryParam("after", cursor).build();
        return Response.ok(body.build()).link(next, "next").build();
    }

    /** An event as consumers get it: its id, then the body webhooks sign and send. */
    static jakarta.json.JsonObject item(Event event) {
        try (var reader = Json.createReader(new StringReader(event.body()))) {
            return Json.createObjectBuilder()
                    .add("id", event.publicId())
                    .addAll(Json.createObjectBuilder(reader.readObject()))
                    .build();
        }
    }

    /** Comma-separated or repeated event types, each from the catalogue (the test message is not one). */
    public static List<EventType> types(List<String> values) {
        var types = new ArrayList<EventType>();
        if (values == null) {
            return types;
        }
        for (var value : values) {
            for (var name : value.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                var type = EventType.of(name.strip())
                        .filter(t -> t != EventType.WEBHOOK_TEST)
                        .orElseThrow(() -> new ProblemException(
                                ProblemType.UNKNOWN_EVENT_TYPE,
                                "Unknown event type '" + name.strip() + "'. Types: " + catalogue() + "."));
                if (!types.contains(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    public static String catalogue() {
        return String.join(
                ", ",
                java.util.Arrays.stream(EventType.values())
                        .filter(t -> t != EventType.WEBHOOK_TEST)
                        .map(EventType::type)
                        .toList());
    }
}
