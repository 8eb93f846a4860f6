package com.clips.assets.boundary;

import com.clips.assets.control.Chapters;
import com.clips.assets.entity.Chapter;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Fields;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An asset's chapters: read from the source's container at processing, replaced as a whole here.
 * They are published as the WebVTT chapters track {@code /playback/{id}/chapters.vtt}, which the
 * player shows as marks on its seek bar.
 */
@Path("assets/{id}/chapters")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assets")
public class ChaptersResource {

    @EJB
    AssetChapters chapters;

    @Inject
    Caller caller;

    /** One chapter: where it starts (seconds, millisecond precision) and its title. */
    public record ChapterView(BigDecimal startSeconds, String title) {
        static ChapterView of(Chapter c) {
            return new ChapterView(BigDecimal.valueOf(c.startMs(), 3), c.title());
        }
    }

    /** The chapters in start order; each ends where the next starts, the last with the clip. */
    public record ChapterList(List<ChapterView> chapters) {
        static ChapterList of(List<Chapter> chapters) {
            return new ChapterList(chapters.stream().map(ChapterView::of).toList());
        }
    }

    @GET
    @Operation(operationId = "listChapters", summary = "The asset's chapters, in start order")
    @APIResponse(
            responseCode = "200",
            description = "The chapters (none: an empty list)",
            content = @Content(schema = @Schema(implementation = ChapterList.class)))
    public ChapterList list(@PathParam("id") String id) {
        return ChapterList.of(chapters.list(caller.viewer(), PathIds.uuid("Asset", id)));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "replaceChapters",
            summary = "Replace the asset's chapters: owner, moderator or administrator, once Ready",
            description = "The first chapter starts at 0, each later one after the one before it and before the"
                    + " clip's end; titles are one line of 1 to " + Chapter.MAX_TITLE + " characters; at most "
                    + Chapters.MAX_CHAPTERS + " chapters. An empty list removes them. A list that breaks a rule is"
                    + " 422 /problems/invalid-chapters naming the chapter.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ChapterList.class)))
    @APIResponse(
            responseCode = "200",
            description = "The chapters as stored",
            content = @Content(schema = @Schema(implementation = ChapterList.class)))
    public ChapterList replace(@PathParam("id") String id, JsonObject body) {
        var publicId = PathIds.uuid("Asset", id);
        return ChapterList.of(chapters.replace(caller.viewer(), publicId, entries(body)));
    }

    /** The body's chapters, each an object of a number and a string; anything else is named. */
    static List<Chapters.Entry> entries(JsonObject body) {
        Fields.only(body, Set.of("chapters"));
        if (!(body.get("chapters") instanceof JsonArray list)) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "'chapters' must be an array of chapters.");
        }
        if (list.size() > Chapters.MAX_CHAPTERS) {
            throw new ProblemException(
                    ProblemType.INVALID_CHAPTERS,
                    "A clip has at most " + Chapters.MAX_CHAPTERS + " chapters; this list has " + list.size() + ".");
        }
        var entries = new ArrayList<Chapters.Entry>();
        for (int i = 0; i < list.size(); i++) {
            var where = "Chapter " + (i + 1) + ": ";
            if (!(list.get(i) instanceof JsonObject chapter)) {
                throw new ProblemException(ProblemType.INVALID_FIELD, where + "must be an object.");
            }
            for (var key : chapter.keySet()) {
                if (!key.equals("startSeconds") && !key.equals("title")) {
                    throw new ProblemException(
                            ProblemType.INVALID_FIELD,
                            where + "unknown field '" + key + "'. Accepted: startSeconds, title.");
                }
            }
            if (!(chapter.get("startSeconds") instanceof JsonNumber start)) {
                throw new ProblemException(
                        ProblemType.INVALID_FIELD, where + "'startSeconds' must be a number of seconds.");
            }
            var title = chapter.get("title");
            if (!(title instanceof JsonString text) && title != null && title != JsonValue.NULL) {
                throw new ProblemException(ProblemType.INVALID_FIELD, where + "'title' must be a string.");
            }
            entries.add(new Chapters.Entry(
                    start.bigDecimalValue(), title instanceof JsonString text ? text.getString() : null));
        }
        return entries;
    }
}
