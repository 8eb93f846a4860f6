package com.clips.playback.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The API's delivery routes for a caller with a token: an asset by its id, as that caller may see
 * it. Viewers without a token use the playback ID routes ({@link PlaybackResource}).
 */
@Path("assets")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assets")
public class AssetDeliveryResource {

    static final String HLS = "application/vnd.apple.mpegurl";

    @EJB
    Playback playback;

    @Inject
    Caller caller;

    @POST
    @Path("{id}/share")
    @Operation(operationId = "shareAsset", summary = "Record that the caller shared the asset (an analytics event)")
    @APIResponse(responseCode = "204", description = "Recorded")
    public Response share(@PathParam("id") String id) {
        playback.share(caller.viewer(), PathIds.uuid("Asset", id));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/stream")
    @Operation(
            operationId = "streamAsset",
            summary = "Play the progressive MP4 (302 to a short-lived URL); records a view")
    @APIResponse(responseCode = "302", description = "Location: a presigned or CDN URL")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response stream(@PathParam("id") String id) {
        return redirect(playback.stream(caller.viewer(), PathIds.uuid("Asset", id)));
    }

    @GET
    @Path("{id}/download")
    @Operation(
            operationId = "downloadAsset",
            summary = "Download the original under its file name (302 to a short-lived URL); records a download")
    @APIResponse(responseCode = "302", description = "Location: a presigned URL with Content-Disposition: attachment")
    public Response download(@PathParam("id") String id) {
        return redirect(playback.download(caller.viewer(), PathIds.uuid("Asset", id)));
    }

    @GET
    @Path("{id}/thumbnail")
    @Operation(operationId = "getAssetThumbnail", summary = "The poster image (302)")
    @APIResponse(responseCode = "302", description = "Location: a presigned or CDN URL of the JPEG")
    public Response thumbnail(@PathParam("id") String id) {
        return redirect(playback.thumbnail(caller.viewer(), PathIds.uuid("Asset", id)));
    }

    @GET
    @Path("{id}/preview")
    @Operation(
            operationId = "getAssetPreview",
            summary = "The 3 s animated preview (302): GIF, or WebP with format=webp")
    @APIResponse(responseCode = "302", description = "Location: a presigned or CDN URL")
    public Response preview(@PathParam("id") String id, @QueryParam("format") @DefaultValue("gif") String format) {
        if (!format.equals("gif") && !format.equals("webp")) {
            throw new ProblemException(ProblemType.INVALID_FILTER, "format must be gif or webp.");
        }
        return redirect(playback.preview(caller.viewer(), PathIds.uuid("Asset", id), format.equals("webp")));
    }

    @GET
    @Path("{id}/hls/master.m3u8")
    @Produces(HLS)
    @Operation(
            operationId = "getHlsMasterPlaylist",
            summary = "HLS master playlist (its variants resolve to the media playlists below); records a view")
    public Response master(@PathParam("id") String id) {
        return playlist(playback.master(caller.viewer(), PathIds.uuid("Asset", id)));
    }

    @GET
    @Path("{id}/hls/{rendition}/index.m3u8")
    @Produces(HLS)
    @Operation(
            operationId = "getHlsMediaPlaylist",
            summary = "HLS media playlist of one rendition, every segment with its own short-lived URL")
    public Response media(@PathParam("id") String id, @PathParam("rendition") String rendition) {
        return playlist(playback.media(caller.viewer(), PathIds.uuid("Asset", id), rendition));
    }

    // the URL expires: neither the redirect nor a signed playlist may be cached for long
    static Response redirect(URI target) {
        return Response.status(Response.Status.FOUND)
                .location(target)
                .header("Cache-Control", "private, no-store")
                .build();
    }

    static Response playlist(String text) {
        return Response.ok(text, HLS)
                .header("Cache-Control", "private, no-store")
                .build();
    }
}
