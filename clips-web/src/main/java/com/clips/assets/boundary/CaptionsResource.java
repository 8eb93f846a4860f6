package com.clips.assets.boundary;

import com.clips.assets.control.CaptionFile;
import com.clips.assets.entity.CaptionKind;
import com.clips.assets.entity.CaptionTrack;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.Text;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An asset's caption tracks, one per language: the body is the WebVTT or SRT file itself (SRT is
 * stored as WebVTT), its language, label and kind are query parameters. They are published in the
 * header-free master playlist as HLS subtitle renditions.
 */
@Path("assets/{id}/captions")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assets")
public class CaptionsResource {

    static final String SRT = "application/x-subrip";

    static final String VTT = "text/vtt";

    static final int MAX_LABEL = CaptionTracks.MAX_LABEL;

    private static final Logger LOG = Logger.getLogger(CaptionsResource.class.getName());

    @EJB
    CaptionTracks captions;

    @Inject
    Caller caller;

    /** One caption track as the API shows it. */
    public record CaptionView(
            String language,
            String label,
            String kind,
            int cues,
            long sizeBytes,
            Instant createdAt,
            Instant updatedAt) {
        static CaptionView of(CaptionTrack t) {
            return new CaptionView(
                    t.language(),
                    t.label(),
                    t.kind().name().toLowerCase(Locale.ROOT),
                    t.cueCount(),
                    t.sizeBytes(),
                    t.createdAt(),
                    t.updatedAt());
        }
    }

    public record CaptionList(List<CaptionView> items) {}

    @GET
    @Operation(operationId = "listCaptions", summary = "The asset's caption tracks, by language")
    @APIResponse(
            responseCode = "200",
            description = "The tracks",
            content = @Content(schema = @Schema(implementation = CaptionList.class)))
    public CaptionList list(@PathParam("id") String id) {
        return new CaptionList(captions.list(caller.viewer(), PathIds.uuid("Asset", id)).stream()
                .map(CaptionView::of)
                .toList());
    }

    @POST
    @Consumes({VTT, SRT, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(
            operationId = "addCaptions",
            summary = "Upload a WebVTT or SRT caption track in one language",
            description = "The body is the file (UTF-8, at most " + CaptionFile.MAX_BYTES + " bytes); its cues must"
                    + " be in start order and end within the clip, which must be Ready. A bad file is 422"
                    + " /problems/invalid-captions whose detail names the line.")
    @RequestBody(
            content = {
                @Content(mediaType = VTT, schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = SRT, schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    @APIResponse(
            responseCode = "201",
            description = "The new track",
            content = @Content(schema = @Schema(implementation = CaptionView.class)))
    public Response add(
            @PathParam("id") String id,
            @QueryParam("language") @Parameter(required = true, description = "a BCP-47 language tag: en, pt-BR")
                    String language,
            @BeanParam CaptionQuery query,
            InputStream body) {
        if (language == null) {
            throw new ProblemException(ProblemType.INVALID_FILTER, "language is required: a BCP-47 tag such as en.");
        }
        var added = captions.add(caller.viewer(), PathIds.uuid("Asset", id), upload(language, query, body));
        return Response.status(Response.Status.CREATED)
                .entity(CaptionView.of(added))
                .build();
    }

    @PUT
    @Path("{language}")
    @Consumes({VTT, SRT, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "replaceCaptions", summary = "Replace a caption track's file, label and kind")
    @RequestBody(
            content = {
                @Content(mediaType = VTT, schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = SRT, schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    @APIResponse(
            responseCode = "200",
            description = "The track",
            content = @Content(schema = @Schema(implementation = CaptionView.class)))
    public CaptionView replace(
            @PathParam("id") String id,
            @PathParam("language") String language,
            @BeanParam CaptionQuery query,
            InputStream body) {
        return CaptionView.of(
                captions.replace(caller.viewer(), PathIds.uuid("Asset", id), upload(language, query, body)));
    }

    @DELETE
    @Path("{language}")
    @Operation(operationId = "deleteCaptions", summary = "Delete a caption track")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id, @PathParam("language") String language) {
        captions.delete(caller.viewer(), PathIds.uuid("Asset", id), language);
        return Response.noContent().build();
    }

    private static CaptionTracks.Upload upload(String language, CaptionQuery query, InputStream body) {
        var label = Text.requireLength("label", query.label, MAX_LABEL);
        if (label != null && label.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "'label' is blank.");
        }
        var kind = query.kind;
        CaptionKind parsed = null;
        if (kind != null) {
            if (!kind.equals("subtitles") && !kind.equals("captions")) {
                throw new ProblemException(ProblemType.INVALID_FILTER, "kind must be subtitles or captions.");
            }
            parsed = CaptionKind.valueOf(kind.toUpperCase(Locale.ROOT));
        }
        return new CaptionTracks.Upload(language, label, parsed, read(body));
    }

    /** At most one byte more than the limit is read, so the parser can say the file is too large. */
    private static byte[] read(InputStream body) {
        if (body == null) {
            throw new ProblemException(ProblemType.EMPTY_FILE, "The body is the caption file; it is empty.");
        }
        try {
            var bytes = body.readNBytes(CaptionFile.MAX_BYTES + 1);
            if (bytes.length == 0) {
                throw new ProblemException(ProblemType.EMPTY_FILE, "The body is the caption file; it is empty.");
            }
            return bytes;
        } catch (IOException e) { // the client went away or stalled past the read timeout
            LOG.info(() -> "caption upload broke off: " + e);
            throw new ProblemException(
                    ProblemType.UPLOAD_INTERRUPTED, "The upload ended before the caption file was complete.");
        }
    }
}
