package com.clips.playback.boundary;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Problem;
import com.clips.playback.boundary.PublicPlayback.Audience;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Header-free playback by playback ID, for players that cannot send a token: a {@code <video>}
 * element, Safari's native HLS, smart TVs, ffplay. For a signed playback ID a playback token takes
 * the ID's place in the path, so every relative URI a player resolves carries it. The master
 * playlist's variants are relative; media playlists name every segment by its own storage URL,
 * signed again at each fetch; the rest answers 302 to storage (or the CDN), where Range works.
 */
@Path("playback/{ref}")
@PermitAll
@Tag(name = "Playback")
@APIResponse(
        responseCode = "404",
        description = "No such playback ID (or it was deleted), or a malformed name",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "A signed playback ID without a valid playback token",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
public class PlaybackResource {

    @EJB
    PublicPlayback playback;

    @PathParam("ref")
    @Parameter(description = "a playback ID, or a playback token whose subject is one")
    String reference;

    @HeaderParam("Referer")
    String referrer;

    @QueryParam("token")
    @Parameter(description = "a playback token, when the path names the playback ID itself")
    String token;

    @GET
    @Path("master.m3u8")
    @Produces(AssetDeliveryResource.HLS)
    @Operation(summary = "HLS master playlist; records a view")
    public Response master() {
        var master = playback.master(access(Audience.VIDEO));
        return AssetDeliveryResource.playlist(withToken(master));
    }

    /** Relative URIs lose the query: each one (a variant's, a subtitle rendition's) carries the token on. */
    private String withToken(String playlist) {
        if (token == null) {
            return playlist;
        }
        var suffix = "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return playlist.lines()
                .map(line -> line.startsWith("#EXT-X-MEDIA:")
                        ? MEDIA_URI.matcher(line).replaceFirst("URI=\"$1" + suffix + "\"")
                        : line.isBlank() || line.startsWith("#") ? line : line + suffix)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static final Pattern MEDIA_URI = Pattern.compile("URI=\"([^\"?]*)\"");

    @GET
    @Path("subtitles/{language}.m3u8")
    @Produces(AssetDeliveryResource.HLS)
    @Operation(summary = "HLS media playlist of a caption track: one segment, the whole WebVTT file")
    public Response subtitles(@PathParam("language") String language) {
        return AssetDeliveryResource.playlist(withToken(playback.subtitles(access(Audience.VIDEO), language)));
    }

    @GET
    @Path("subtitles/{language}.vtt")
    @Produces("text/vtt")
    @Operation(summary = "A caption track's WebVTT file")
    public Response captionFile(@PathParam("language") String language) {
        return Response.ok(playback.captionFile(access(Audience.VIDEO), language), "text/vtt; charset=utf-8")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    @GET
    @Path("{rendition}/index.m3u8")
    @Produces(AssetDeliveryResource.HLS)
    @Operation(summary = "HLS media playlist, each segment with a URL valid for the clip's length and a margin")
    public Response media(@PathParam("rendition") String rendition) {
        return AssetDeliveryResource.playlist(playback.media(access(Audience.VIDEO), rendition));
    }

    @GET
    @Path("{rendition}/{segment}")
    @Operation(summary = "One init or media segment (302 to storage)")
    @APIResponse(responseCode = "302", description = "Location: a presigned or CDN URL")
    public Response segment(@PathParam("rendition") String rendition, @PathParam("segment") String segment) {
        return AssetDeliveryResource.redirect(playback.segment(access(Audience.VIDEO), rendition, segment));
    }

    @GET
    @Path("video.mp4")
    @Operation(summary = "The progressive MP4 (302 to storage, where Range requests answer 206); records a view")
    @APIResponse(responseCode = "302", description = "Location: a presigned or CDN URL")
    public Response mp4() {
        return AssetDeliveryResource.redirect(playback.mp4(access(Audience.VIDEO)));
    }

    @GET
    @Path("poster.jpg")
    @Operation(
            summary = "The poster (302), or a frame at a chosen time and width",
            description = "Without time and width, the poster made at processing. With either, a JPEG of the"
                    + " frame at time (seconds, to a tenth; default the middle of the clip) scaled to width"
                    + " (16 to " + Playback.THUMBNAIL_MAX_WIDTH + " pixels, even; never wider than the clip),"
                    + " made on first request and kept.")
    @APIResponse(responseCode = "302", description = "Location: a presigned or CDN URL")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Response poster(
            @QueryParam("time") @Parameter(schema = @Schema(type = SchemaType.NUMBER, minimum = "0")) String time,
            @QueryParam("width")
                    @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "16",
                                            maximum = "" + Playback.THUMBNAIL_MAX_WIDTH))
                    String width) {
        var access = access(Audience.THUMBNAIL);
        if (time == null && width == null) {
            return AssetDeliveryResource.redirect(playback.poster(access));
        }
        return AssetDeliveryResource.redirect(playback.posterAt(access, seconds(time), pixels(width)));
    }

    private static Double seconds(String time) {
        if (time == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(time);
            if (Double.isFinite(seconds) && seconds >= 0 && time.matches("[0-9]{1,6}(\\.[0-9]{1,3})?")) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(ProblemType.INVALID_FILTER, "time must be a number of seconds such as 12.5.");
    }

    private static Integer pixels(String width) {
        if (width == null) {
            return null;
        }
        if (width.matches("[0-9]{2,4}")) {
            int pixels = Integer.parseInt(width);
            if (pixels >= 16 && pixels <= Playback.THUMBNAIL_MAX_WIDTH) {
                return pixels;
            }
        }
        throw new ProblemException(
                ProblemType.INVALID_FILTER,
                "width must be a whole number from 16 to " + Playback.THUMBNAIL_MAX_WIDTH + ".");
    }

    @GET
    @Path("preview.gif")
    @Operation(summary = "The 3 s animated preview, GIF (302)")
    public Response previewGif() {
        return AssetDeliveryResource.redirect(playback.preview(access(Audience.GIF), false));
    }

    @GET
    @Path("preview.webp")
    @Operation(summary = "The 3 s animated preview, WebP (302)")
    public Response previewWebp() {
        return AssetDeliveryResource.redirect(playback.preview(access(Audience.GIF), true));
    }

    @GET
    @Path("storyboard.vtt")
    @Produces("text/vtt")
    @Operation(summary = "Storyboard WebVTT: one cue per tile, storyboard.jpg#xywh=x,y,w,h (relative)")
    public Response storyboardTrack() {
        return Response.ok(playback.storyboardTrack(access(Audience.STORYBOARD)), "text/vtt; charset=utf-8")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    @GET
    @Path("storyboard.jpg")
    @Operation(summary = "The storyboard sprite (302)")
    public Response storyboardSprite() {
        return AssetDeliveryResource.redirect(playback.storyboardSprite(access(Audience.STORYBOARD)));
    }

    private PublicPlayback.Access access(Audience audience) {
        return playback.access(reference, audience, referrer, token);
    }
}
