package com.clips.uploads.boundary;

import com.clips.assets.boundary.AssetView;
import com.clips.assets.boundary.Assets;
import com.clips.assets.boundary.AssetsResource;
import com.clips.assets.boundary.UploadForm;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Outcome;
import com.clips.platform.web.PathIds;
import com.clips.uploads.boundary.UploadSessions.Completion;
import com.clips.uploads.boundary.UploadSessions.Declaration;
import com.clips.uploads.control.NotificationSignature;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Direct upload sessions: declare the file, send it straight to storage through presigned URLs,
 * complete. The server reads the object back (size, first bytes, SHA-256) before the asset exists.
 */
@Path("uploads")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Uploads")
public class UploadsResource {

    private static final int MAX_NOTIFICATION_BYTES = 64 * 1024;

    @EJB
    UploadSessions sessions;

    @EJB
    Assets assets;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    @Inject
    @ConfigProperty(name = "clips.upload.notification-secret")
    Optional<String> notificationSecret;

    @Inject
    @ConfigProperty(name = "clips.upload.notification-tolerance", defaultValue = "PT5M")
    Duration notificationTolerance;

    /** What a client declares; the clip's details are the same fields as a streamed upload's form. */
    public record UploadRequest(
            String fileName,
            Long sizeBytes,
            String contentType,
            String sha256,
            Boolean multipart,
            String title,
            String description,
            String gameTitle,
            String sessionId,
            String recordedAt,
            String visibility,
            List<String> tags) {}

    @Outcome(meter = "clips.upload.sessions", route = "direct")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "openUpload",
            summary = "Open a direct upload session",
            description = "Declare fileName, sizeBytes, optional contentType and sha256 (hex), and the clip's details "
                    + "(title, description, gameTitle, sessionId, recordedAt, visibility, tags). Answers a presigned PUT url, "
                    + "or with multipart=true one presigned url per part (every part but the last is partSizeBytes). "
                    + "The URLs are valid until expiresAt; storage refuses a body of another size. Then complete.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = UploadView.class)))
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    public Response open(UploadRequest request) {
        if (request == null || request.sizeBytes() == null) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "fileName and sizeBytes are required.");
        }
        var form = new UploadForm();
        form.accept("title", request.title());
        form.accept("description", request.description());
        form.accept("gameTitle", request.gameTitle());
        form.accept("sessionId", request.sessionId());
        form.accept("recordedAt", request.recordedAt());
        form.accept("visibility", request.visibility());
        form.accept("tags", request.tags() == null ? null : String.join(",", request.tags()));
        var declared = new Declaration(
                request.fileName(),
                request.sizeBytes(),
                request.contentType(),
                request.sha256(),
                Boolean.TRUE.equals(request.multipart()));
        var ticket = sessions.open(caller.uploader(), declared, form.details());
        return Response.created(location(ticket.session().id()))
                .entity(UploadView.of(ticket))
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(
            operationId = "getUpload",
            summary = "Where an upload stands: state, bytes received, percent, speed, ETA, and its asset once complete")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UploadView.class)))
    public UploadView progress(@PathParam("id") String id) {
        return UploadView.of(sessions.progress(caller.tenant(), caller.subject(), PathIds.uuid("Upload", id)));
    }

    @Outcome(meter = "clips.uploads", route = "direct")
    @POST
    @Path("{id}/complete")
    @Operation(
            operationId = "completeUpload",
            summary = "Verify the uploaded object and turn it into an asset",
            description = "Checks the object's size against the declaration, its first bytes (a video container) and "
                    + "its SHA-256 (against the declared one, if any), then registers the asset and queues processing. "
                    + "Completing again answers the same.")
    @APIResponse(
            responseCode = "202",
            description = "Asset created and queued",
            content = @Content(schema = @Schema(implementation = AssetView.class)))
    @APIResponse(
            responseCode = "200",
            description = "The tenant already had this content: the existing asset",
            content = @Content(schema = @Schema(implementation = AssetView.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "410", ref = "Gone")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Response complete(@PathParam("id") String id) {
        return assetResponse(sessions.complete(caller.tenant(), caller.subject(), PathIds.uuid("Upload", id)));
    }

    @DELETE
    @Path("{id}")
    @Operation(
            operationId = "abortUpload",
            summary = "Abort an upload: its bytes (and any open multipart upload) are removed")
    @APIResponse(responseCode = "204", description = "Aborted")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response abort(@PathParam("id") String id) {
        sessions.abort(caller.tenant(), caller.subject(), PathIds.uuid("Upload", id));
        return Response.noContent().build();
    }

    /** One record of a notification and what came of it. */
    public record NotificationResult(String key, UUID uploadId, String state, UUID assetId, String problem) {}

    @POST
    @Path("notifications")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "notifyUploads",
            summary = "Storage-side completion notification (S3 event format), signed",
            description =
                    "For storage that reports new objects: body {\"Records\":[{\"s3\":{\"object\":{\"key\":...}}}]}, "
                            + "header Clips-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" with "
                            + "clips.upload.notification-secret>. Completes the direct upload each key belongs to.")
    @APIResponse(responseCode = "200", description = "What became of each record")
    @RequestBody(
            required = true,
            description = "An S3 event notification (Records[].s3.object.key)",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema =
                                @Schema(
                                        type = SchemaType.OBJECT,
                                        requiredProperties = {"Records"},
                                        properties = {
                                            @SchemaProperty(
                                                    name = "Records",
                                                    type = SchemaType.ARRAY,
                                                    implementation = Object.class)
                                        }))
            })
    public List<NotificationResult> notification(@HeaderParam("Clips-Signature") String signature, InputStream body)
            throws IOException {
        var secret = notificationSecret
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> ProblemException.notFound("Storage notifications are not configured; the endpoint"));
        var bytes = body.readNBytes(MAX_NOTIFICATION_BYTES + 1);
        if (bytes.length > MAX_NOTIFICATION_BYTES) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE, "A notification is at most " + MAX_NOTIFICATION_BYTES + " bytes.");
        }
        try {
            new NotificationSignature(secret, notificationTolerance).verify(signature, bytes, Instant.now());
        } catch (NotificationSignature.Invalid e) {
            throw new ProblemException(ProblemType.INVALID_SIGNATURE, e.getMessage());
        }
        var results = new ArrayList<NotificationResult>();
        for (var key : objectKeys(bytes)) {
            try {
                var done = sessions.completeByStorageKey(key);
                results.add(done.map(c -> new NotificationResult(
                                key, c.session().id(), c.session().state().name(), c.assetId(), null))
                        .orElse(new NotificationResult(key, null, null, null, ProblemType.NOT_FOUND.uri())));
            } catch (ProblemException e) {
                results.add(
                        new NotificationResult(key, null, null, null, e.type().uri()));
            }
        }
        return results;
    }

    /** The object keys of an S3 event notification (URL-encoded, as S3 sends them). */
    private static List<String> objectKeys(byte[] body) {
        try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
            var keys = new ArrayList<String>();
            for (var record : reader.readObject().getJsonArray("Records").getValuesAs(JsonObject.class)) {
                var key = record.getJsonObject("s3").getJsonObject("object").getString("key");
                keys.add(URLDecoder.decode(key, StandardCharsets.UTF_8));
            }
            return keys;
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new ProblemException(
                    ProblemType.INVALID_NOTIFICATION,
                    "The body must be an S3 event notification: {\"Records\":[{\"s3\":{\"object\":{\"key\":...}}}]}.");
        }
    }

    private Response assetResponse(Completion completion) {
        var asset = assets.get(completion.assetId()); // as for a streamed upload of known content
        return AssetsResource.accepted(AssetView.of(asset, assets.renditions(asset)), completion.duplicate(), uri);
    }

    private java.net.URI location(UUID id) {
        return uri.getBaseUriBuilder()
                .path(UploadsResource.class)
                .path(id.toString())
                .build();
    }
}
