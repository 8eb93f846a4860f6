package com.clips.assets.boundary;

import com.clips.assets.entity.StoredOriginal;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Outcome;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.apache.james.mime4j.MimeIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("assets")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assets")
public class AssetsResource {

    @EJB
    Ingest ingest;

    @EJB
    Assets assets;

    @EJB
    Deletions deletions;

    @Inject
    Caller caller;

    /** What a multipart body may carry besides its file: boundaries, part headers, the text fields. */
    static final long MULTIPART_ALLOWANCE = 256 * 1024;

    @Context
    HttpServletRequest request;

    @Context
    UriInfo uri;

    /**
     * Streams the multipart body part by part ({@link FormParts}): the file goes
     * from the socket to object storage in fixed-size parts and is never held whole in memory or
     * on local disk.
     */
    @Outcome(meter = "clips.uploads", route = "multipart", bytes = true)
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            operationId = "uploadAsset",
            summary = "Upload a clip",
            description = "multipart/form-data with a 'file' part and optional title, description, gameTitle, "
                    + "sessionId, recordedAt (ISO-8601), visibility (public|private) and tags (comma-separated). The type is decided "
                    + "from the file's bytes. Answers 202 and a Location to poll; the same content uploaded "
                    + "again by the same tenant answers 200 with the existing asset.")
    @APIResponse(
            responseCode = "202",
            description = "Accepted for processing",
            content = @Content(schema = @Schema(implementation = AssetView.class)))
    @APIResponse(
            responseCode = "200",
            description = "Same content already uploaded: the existing asset",
            content = @Content(schema = @Schema(implementation = AssetView.class)))
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @RequestBody(
            required = true,
            description = "The clip: a multipart form (a 'file' part and the details), or the bare file (details as "
                    + "query parameters)",
            content = {
                @Content(
                        mediaType = MediaType.MULTIPART_FORM_DATA,
                        schema =
                                @Schema(
                                        type = SchemaType.OBJECT,
                                        requiredProperties = "file",
                                        description = "The file part; the details go as the query parameters (as "
                                                + "form fields too: title, description, gameTitle, sessionId, "
                                                + "recordedAt, visibility, tags)",
                                        properties = {
                                            @SchemaProperty(name = "file", type = SchemaType.STRING, format = "binary")
                                        })),
                @Content(mediaType = "video/*", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(
                        mediaType = MediaType.APPLICATION_OCTET_STREAM,
                        schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    public Response upload(@BeanParam UploadQuery query) {
        var form = new UploadForm();
        var namedInQuery = queryDetails(form);
        StoredOriginal staged = null;
        ingest.refuseDeclared(caller.uploader(), request.getContentLengthLong(), MULTIPART_ALLOWANCE);
        try {
            var parts = new FormParts(request.getInputStream(), request.getContentType());
            for (var part = parts.next(); part != null; part = parts.next()) {
                if (!part.isFile()) {
                    form.accept(part.name(), part.body());
                } else if (UploadForm.FILE_FIELD.equals(part.name()) && staged == null) {
                    staged = ingest.stage(
                            part.body(), namedInQuery != null ? namedInQuery : part.fileName(), caller.uploader());
                } else {
                    throw new ProblemException(
                            ProblemType.INVALID_FIELD, "Exactly one file part, named 'file', is accepted.");
                }
            }
            if (staged == null) {
                throw new ProblemException(ProblemType.MISSING_FILE, "The form has no 'file' part.");
            }
            var result = ingest.register(caller.uploader(), staged, form.details());
            return accepted(AssetView.of(result.asset(), assets.renditions(result.asset())), result.duplicate(), uri);
        } catch (FormParts.Malformed e) {
            discardQuietly(staged, e);
            throw new ProblemException(ProblemType.MALFORMED_MULTIPART, e.getMessage());
        } catch (MimeIOException e) { // met while reading a text field: the form is not well-formed
            discardQuietly(staged, e);
            throw new ProblemException(ProblemType.MALFORMED_MULTIPART, "The multipart body is not well-formed.");
        } catch (IOException e) {
            discardQuietly(staged, e);
            throw new ProblemException(
                    ProblemType.UPLOAD_INTERRUPTED, "The upload ended before the request was complete.");
        } catch (RuntimeException e) {
            // refused before or while registering, or a dependency down (the broker the processing
            // message goes to): the transaction rolled back, no row refers to the bytes
            discardQuietly(staged, e);
            throw e;
        }
    }

    /**
     * The same upload as a bare body: the bytes go from the socket to storage with no multipart to
     * parse (about a second of CPU per 512 MiB saved), the details come as query parameters and the
     * file name from {@code Content-Disposition} (or {@code fileName}). Every parameter is checked
     * before a byte of the body is read.
     */
    @Outcome(meter = "clips.uploads", route = "binary", bytes = true)
    @POST
    @Consumes({"video/*", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(
            operationId = "uploadAssetBody",
            summary = "Upload a clip as the request body",
            description = "Content-Type video/* or application/octet-stream; optional query parameters title, "
                    + "description, gameTitle, sessionId, recordedAt, visibility, tags and fileName (else the "
                    + "Content-Disposition filename). Answers like the multipart upload.")
    @APIResponse(
            responseCode = "202",
            description = "Accepted for processing",
            content = @Content(schema = @Schema(implementation = AssetView.class)))
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    public Response uploadBody(@HeaderParam("Content-Disposition") String disposition, @BeanParam UploadQuery query) {
        var form = new UploadForm();
        var fileName = queryDetails(form);
        var details = form.details();
        if (fileName == null && disposition != null) {
            fileName = FormParts.dispositionParameters(disposition).get("filename"); // as a form part's
        }
        long declared = request.getContentLengthLong();
        ingest.refuseDeclared(caller.uploader(), declared, 0);
        StoredOriginal staged;
        try {
            staged = ingest.stage(request.getInputStream(), fileName, caller.uploader());
        } catch (IOException e) {
            throw new ProblemException(
                    ProblemType.UPLOAD_INTERRUPTED, "The upload ended before the request was complete.");
        }
        if (declared >= 0 && staged.sizeBytes() != declared) {
            // the body ended early (a stall cut by the read timeout, a dropped proxy): never a clip
            var interrupted = new ProblemException(
                    ProblemType.UPLOAD_INTERRUPTED,
                    "The body ended after " + staged.sizeBytes() + " of the " + declared
                            + " bytes it declared; nothing was kept.");
            discardQuietly(staged, interrupted);
            throw interrupted;
        }
        try {
            var result = ingest.register(caller.uploader(), staged, details);
            return accepted(AssetView.of(result.asset(), assets.renditions(result.asset())), result.duplicate(), uri);
        } catch (RuntimeException e) { // as the multipart upload: the registration rolled back
            discardQuietly(staged, e);
            throw e;
        }
    }

    /** How every upload path answers: 202 and where to poll, or 200 if the tenant already had the content. */
    public static Response accepted(AssetView view, boolean duplicate, UriInfo uri) {
        var location = uri.getBaseUriBuilder()
                .path(AssetsResource.class)
                .path(view.id().toString())
                .build();
        return (duplicate ? Response.ok(view) : Response.accepted(view))
                .location(location)
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getAsset", summary = "Read an asset and where its processing stands")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetView.class)))
    public AssetView getAsset(@PathParam("id") String id) {
        var asset = assets.visible(caller.viewer(), PathIds.uuid("Asset", id));
        return AssetView.of(asset, assets.renditions(asset));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(
            operationId = "updateAsset",
            summary = "Edit the catalog details (JSON merge patch): owner or moderator",
            description = "Any of title, description, gameTitle, sessionId, recordedAt, visibility, tags (array); "
                    + "absent keys stay, null clears (a cleared title falls back to the file name). Others may not edit "
                    + "(403), and do not see another user's private clip at all (404). 409 while processing.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetView.class)))
    @RequestBody(
            required = true,
            description = "A JSON merge patch: only the keys to change; null clears",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssetPatch.class)),
                @Content(
                        mediaType = "application/merge-patch+json",
                        schema = @Schema(implementation = AssetPatch.class))
            })
    public AssetView describe(@PathParam("id") String id, JsonObject patch) {
        if (patch == null) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "The body must be a JSON object.");
        }
        var publicId = PathIds.uuid("Asset", id);
        var current = assets.visible(caller.viewer(), publicId);
        var form = new UploadForm();
        var values = new java.util.LinkedHashMap<String, String>();
        values.put("title", current.title());
        values.put("description", current.description());
        values.put("gameTitle", current.gameTitle());
        values.put("sessionId", current.sessionId());
        values.put(
                "recordedAt",
                current.recordedAt() == null ? null : current.recordedAt().toString());
        values.put("visibility", current.isPublic() ? "public" : "private");
        values.put("tags", String.join(",", current.tags()));
        for (var entry : patch.entrySet()) {
            if (!values.containsKey(entry.getKey())) {
                throw new ProblemException(
                        ProblemType.INVALID_FIELD,
                        "Unknown key '" + entry.getKey() + "'. Editable: " + String.join(", ", values.keySet()) + ".");
            }
            values.put(entry.getKey(), text(entry.getKey(), entry.getValue()));
        }
        values.forEach(form::accept);
        var edited = assets.describe(caller.viewer(), publicId, form.details());
        return AssetView.of(edited, assets.renditions(edited));
    }

    /** A merge-patch value as form text: strings as they are, tags as a list, null as absent. */
    private static String text(String key, JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (key.equals("tags")) {
            if (!(value instanceof JsonArray array)) {
                throw new ProblemException(ProblemType.INVALID_FIELD, "tags must be an array of strings.");
            }
            var tags = new java.util.ArrayList<String>();
            for (var tag : array) {
                if (!(tag instanceof JsonString string)) {
                    throw new ProblemException(ProblemType.INVALID_FIELD, "tags must be an array of strings.");
                }
                tags.add(string.getString());
            }
            return String.join(",", tags);
        }
        if (!(value instanceof JsonString string)) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "'" + key + "' must be a string.");
        }
        return string.getString();
    }

    @DELETE
    @Path("{id}")
    @Operation(
            operationId = "deleteAsset",
            summary = "Delete an asset: soft (hidden, restorable) or, with purge=true, for good",
            description = "Soft: owner, moderator or administrator. Purge removes every stored object and the rows:"
                    + " owner or administrator. 409 while the asset is processing.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id, @QueryParam("purge") @DefaultValue("false") String purge) {
        if (!purge.equals("true") && !purge.equals("false")) {
            throw new ProblemException(ProblemType.INVALID_FILTER, "purge must be true or false.");
        }
        if (purge.equals("true")) {
            deletions.purge(caller.viewer(), PathIds.uuid("Asset", id));
        } else {
            deletions.softDelete(caller.viewer(), PathIds.uuid("Asset", id));
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/restore")
    @Operation(operationId = "restoreAsset", summary = "Undo a soft delete within the restore window (410 after it)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetView.class)))
    public AssetView restore(@PathParam("id") String id) {
        var asset = deletions.restore(caller.viewer(), PathIds.uuid("Asset", id));
        return AssetView.of(asset, assets.renditions(asset));
    }

    /** Best effort: if storage is down too, the janitor removes the staging object later. */
    /** An upload's details given as query parameters, into the form; answers the fileName given there, if any. */
    private String queryDetails(UploadForm form) {
        String fileName = null;
        for (var parameter : uri.getQueryParameters().entrySet()) {
            if (parameter.getKey().equals("fileName")) {
                fileName = parameter.getValue().get(0);
            } else {
                parameter.getValue().forEach(value -> form.accept(parameter.getKey(), value));
            }
        }
        return fileName;
    }

    private void discardQuietly(StoredOriginal staged, Exception cause) {
        if (staged == null) {
            return;
        }
        try {
            ingest.discard(staged);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
