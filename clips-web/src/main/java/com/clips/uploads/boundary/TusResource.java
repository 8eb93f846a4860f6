package com.clips.uploads.boundary;

import com.clips.assets.boundary.UploadForm;
import com.clips.assets.control.UploadLimits;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.identity.Uploader;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Outcome;
import com.clips.platform.web.PathIds;
import com.clips.uploads.boundary.TusUploads.Appended;
import com.clips.uploads.boundary.TusUploads.Checksum;
import com.clips.uploads.entity.UploadSession;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * tus 1.0 resumable uploads: core, creation, creation-with-upload, termination, checksum and
 * expiration. Any tus client works (tus-js-client, Uppy, tus-java-client) with a bearer token in
 * its headers. Upload-Metadata may carry filename, filetype, sha256 (hex, of the whole file) and the
 * clip's details (title, description, gameTitle, sessionId, recordedAt, visibility, tags as
 * comma-separated text); other keys
 * are ignored. When the last byte arrives the file is verified and becomes an asset, whose id the
 * final PATCH answers in Clips-Asset-Id (and GET /uploads/{id} shows).
 */
@Path("tus")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Tag(name = "Uploads")
public class TusResource {

    static final String VERSION = "1.0.0";
    static final String OCTETS = "application/offset+octet-stream";
    private static final Set<String> DETAILS =
            Set.of("title", "description", "gameTitle", "sessionId", "recordedAt", "visibility", "tags");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @EJB
    TusUploads tus;

    @Inject
    UploadLimits limits;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    @OPTIONS
    @PermitAll
    @Operation(
            operationId = "tusOptions",
            summary = "tus discovery: version, extensions, maximum size, checksum algorithms")
    @APIResponse(responseCode = "204", description = "Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm")
    public Response options() {
        return Response.noContent()
                .header("Tus-Version", VERSION)
                .header("Tus-Extension", "creation,creation-with-upload,termination,checksum,expiration")
                .header("Tus-Max-Size", limits.maxBytes(new Uploader("", "", false)))
                .header("Tus-Checksum-Algorithm", "sha1,sha256,md5")
                .build();
    }

    @Outcome(meter = "clips.upload.sessions", route = "tus")
    @POST
    @Operation(
            operationId = "tusCreate",
            summary = "tus creation (with optional upload in the same request)",
            description = "Upload-Length is required (Upload-Defer-Length is not supported). A body with Content-Type "
                    + "application/offset+octet-stream is appended at once.")
    @APIResponse(responseCode = "201", description = "Location of the upload; Upload-Expires; Upload-Offset")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    public Response create(
            @HeaderParam("Upload-Length") String length,
            @HeaderParam("Upload-Metadata") String metadata,
            @HeaderParam("Upload-Checksum") String checksum,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body) {
        if (length == null) {
            throw new ProblemException(
                    ProblemType.INVALID_HEADER, "Upload-Length is required (deferred length is not supported).");
        }
        var meta = metadata(metadata);
        var form = new UploadForm();
        DETAILS.forEach(field -> form.accept(field, meta.get(field)));
        var session = tus.create(
                caller.uploader(),
                number("Upload-Length", length),
                meta.get("filename"),
                meta.get("filetype"),
                meta.get("sha256"),
                form.details());
        var created = Response.created(uri.getBaseUriBuilder()
                .path(TusResource.class)
                .path(session.id().toString())
                .build());
        if (contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.valueOf(OCTETS))) {
            var appended = tus.append(caller.tenant(), caller.subject(), session.id(), 0, body, checksum(checksum));
            return progress(created, appended).build();
        }
        return created.header("Upload-Offset", 0)
                .header("Upload-Expires", HTTP_DATE.format(session.expiresAt()))
                .build();
    }

    @HEAD
    @Path("{id}")
    @Operation(operationId = "tusHead", summary = "tus offset: how many bytes the server has")
    @APIResponse(responseCode = "200", description = "Upload-Offset, Upload-Length, Upload-Expires")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    public Response head(@PathParam("id") String id) {
        var session = tus.current(caller.tenant(), caller.subject(), PathIds.uuid("Upload", id));
        return Response.ok()
                .header("Upload-Offset", session.receivedBytes())
                .header("Upload-Length", session.declaredBytes())
                .header("Upload-Expires", HTTP_DATE.format(session.expiresAt()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @Outcome(meter = "clips.upload.chunks", route = "tus", bytes = true)
    @PATCH
    @Path("{id}")
    @Consumes(OCTETS)
    @Operation(
            operationId = "tusPatch",
            summary = "tus append at Upload-Offset (Upload-Checksum optional: sha1, sha256 or md5)")
    @APIResponse(responseCode = "204", description = "Upload-Offset; Clips-Asset-Id once the upload is complete")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "460", ref = "ChecksumMismatch")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    public Response patch(
            @PathParam("id") String id,
            @HeaderParam("Upload-Offset") String offset,
            @HeaderParam("Upload-Checksum") String checksum,
            InputStream body) {
        if (offset == null) {
            throw new ProblemException(ProblemType.INVALID_HEADER, "Upload-Offset is required.");
        }
        var appended = tus.append(
                caller.tenant(),
                caller.subject(),
                PathIds.uuid("Upload", id),
                number("Upload-Offset", offset),
                body,
                checksum(checksum));
        return progress(Response.noContent(), appended).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "tusTerminate", summary = "tus termination: the upload and its bytes are removed")
    @APIResponse(responseCode = "204", description = "Terminated")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    public Response terminate(@PathParam("id") String id) {
        tus.terminate(caller.tenant(), caller.subject(), PathIds.uuid("Upload", id));
        return Response.noContent().build();
    }

    private static Response.ResponseBuilder progress(Response.ResponseBuilder response, Appended appended) {
        UploadSession session = appended.session();
        response.header("Upload-Offset", appended.offset())
                .header("Upload-Expires", HTTP_DATE.format(session.expiresAt()));
        appended.completion().ifPresent(c -> response.header("Clips-Asset-Id", c.assetId()));
        return response;
    }

    private static long number(String header, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(ProblemType.INVALID_HEADER, header + " must be a non-negative integer.");
    }

    /** Upload-Metadata: comma-separated "key base64value" pairs (the value may be absent). */
    static Map<String, String> metadata(String header) {
        var values = new HashMap<String, String>();
        if (header == null || header.isBlank()) {
            return values;
        }
        for (var pair : header.split(",")) {
            var parts = pair.strip().split(" ", 2);
            try {
                var value = parts.length == 2
                        ? new String(Base64.getDecoder().decode(parts[1].strip()), StandardCharsets.UTF_8)
                        : "";
                if (values.put(parts[0], value) != null) {
                    throw new ProblemException(
                            ProblemType.INVALID_HEADER, "Upload-Metadata repeats '" + parts[0] + "'.");
                }
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ProblemType.INVALID_HEADER, "Upload-Metadata values must be Base64.");
            }
        }
        return values;
    }

    /** Upload-Checksum: "algorithm base64digest". */
    private static Optional<Checksum> checksum(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var parts = header.strip().split(" ", 2);
        try {
            if (parts.length == 2) {
                return Optional.of(new Checksum(parts[0], Base64.getDecoder().decode(parts[1].strip())));
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new ProblemException(
                ProblemType.INVALID_HEADER, "Upload-Checksum must be '<algorithm> <Base64 digest>'.");
    }
}
