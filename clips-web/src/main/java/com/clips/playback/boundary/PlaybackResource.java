package com.clips.playback.boundary;

import com.clips.analytics.entity.EventType;
import com.clips.media.control.ContentKey;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Problem;
import com.clips.playback.boundary.PublicPlayback.Audience;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
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
    @Operation(operationId = "getPlaybackMasterPlaylist", summary = "HLS master playlist; records a view")
    public Response master() {
        var master = playback.master(access(Audience.VIDEO));
        return AssetDeliveryResource.playlist(withToken(master));
    }

    @GET
    @Path("manifest.mpd")
    @Produces(DASH)
    @Operation(
            operationId = "getPlaybackDashManifest",
            summary = "MPEG-DASH MPD over the same fMP4 segments as the HLS renditions",
            description = "A static MPD: one video adaptation set of every rendition, an audio adaptation set per audio"
                    + " track (Role main for the default), a text one per caption track. Its segment URLs are relative"
                    + " and resolve to this API's segment routes (302 to storage); a token given as ?token= is"
                    + " carried on. A clip whose video renditions carry its audio inside has none: 409"
                    + " /problems/dash-unavailable.")
    public Response dash() {
        var query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return Response.ok(playback.dash(access(Audience.VIDEO), query), DASH)
                .header("Cache-Control", "private, no-store")
                .build();
    }

    static final String DASH = "application/dash+xml";

    /** The largest ClearKey licence request taken: a handful of key IDs. */
    static final int MAX_LICENCE_REQUEST_BYTES = 4096;

    @POST
    @Path("license/clearkey")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getClearKeyLicence",
            summary = "A W3C ClearKey licence for an encrypted clip (EME org.w3.clearkey)",
            description = "The body is the EME ClearKey licence request a browser's CDM makes: {\"kids\": [key IDs in"
                    + " base64url], \"type\": \"temporary\"}; the answer is a JSON Web Key set of those of the clip's"
                    + " keys, {\"keys\": [{\"kty\": \"oct\", \"kid\", \"k\"}], \"type\": \"temporary\"}. Always"
                    + " needs a playback token of audience d (in place of the playback ID, or as ?token=), even for a"
                    + " public playback ID: 403 /problems/playback-token-required without one. A clip in the clear,"
                    + " or a request for none of its keys: 404. Keys of a CPIX key server are licensed by that server.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ClearKeyRequest.class)))
    @APIResponse(
            responseCode = "200",
            description = "The licence",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ClearKeyLicence.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Response clearKeyLicence(InputStream body) throws IOException {
        var access = playback.licenceAccess(reference, referrer, token);
        var bytes = body == null ? new byte[0] : body.readNBytes(MAX_LICENCE_REQUEST_BYTES + 1);
        if (bytes.length > MAX_LICENCE_REQUEST_BYTES) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "A licence request is at most " + MAX_LICENCE_REQUEST_BYTES + " bytes.");
        }
        var keys = playback.clearKeys(access, ClearKeyRequest.keyIds(bytes));
        var encoder = Base64.getUrlEncoder().withoutPadding();
        var licence = new ClearKeyLicence(
                keys.stream()
                        .map(k -> new ClearKeyLicence.Jwk(
                                "oct", encoder.encodeToString(k.keyIdBytes()), encoder.encodeToString(k.key())))
                        .toList(),
                "temporary");
        return Response.ok(licence, MediaType.APPLICATION_JSON)
                .header("Cache-Control", "private, no-store")
                .build();
    }

    /** The EME ClearKey licence request (W3C Encrypted Media Extensions, 9.1.3). */
    @Schema(name = "ClearKeyRequest", requiredProperties = "kids")
    public record ClearKeyRequest(
            @Schema(description = "key IDs, 16 bytes each in base64url without padding")
            List<String> kids,

            @Schema(enumeration = {"temporary", "persistent-license"})
            String type) {

        static final int MAX_KEY_IDS = 16;

        /** Strict: one object whose kids are 1 to 16 key IDs of 16 bytes. */
        static List<UUID> keyIds(byte[] bytes) {
            JsonObject request;
            try (var parser = Json.createParser(new ByteArrayInputStream(bytes))) {
                if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                    throw invalidLicence("The body must be one JSON object with kids.");
                }
                request = parser.getObject();
                if (parser.hasNext()) {
                    throw invalidLicence("The body must be one JSON object with kids.");
                }
            } catch (JsonException e) {
                throw invalidLicence("The body must be one JSON object with kids.");
            }
            var kids = request.get("kids");
            if (!(kids instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_KEY_IDS) {
                throw invalidLicence("kids must be an array of 1 to " + MAX_KEY_IDS + " key IDs.");
            }
            var ids = new ArrayList<UUID>();
            for (var kid : array) {
                if (!(kid instanceof JsonString text)) {
                    throw invalidLicence("Each of kids must be a string: a key ID in base64url.");
                }
                byte[] id;
                try {
                    id = Base64.getUrlDecoder().decode(text.getString());
                } catch (IllegalArgumentException e) {
                    throw invalidLicence("Each of kids must be a key ID in base64url.");
                }
                if (id.length != 16) {
                    throw invalidLicence("Each of kids must be a key ID of 16 bytes.");
                }
                ids.add(ContentKey.keyId(id));
            }
            return ids;
        }
    }

    /** A ClearKey licence: the keys as a JSON Web Key set. */
    @Schema(name = "ClearKeyLicence")
    public record ClearKeyLicence(List<Jwk> keys, String type) {
        @Schema(name = "ClearKeyJwk")
        public record Jwk(String kty, String kid, String k) {}
    }

    private static ProblemException invalidLicence(String detail) {
        return new ProblemException(ProblemType.INVALID_LICENCE_REQUEST, detail);
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

    /** A beacon's largest body: what the player sends is about 120 bytes. */
    static final int MAX_BEACON_BYTES = 1024;

    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern RENDITION = Pattern.compile("[0-9]{3,4}p");

    /**
     * A player's report. The body is JSON, sent as {@code text/plain} by the Clips player:
     * {@code navigator.sendBeacon} with a string sends that type, a CORS "simple" request, so a page on
     * another origin sends one request and no preflight (which a closing page often never completes);
     * {@code application/json} is taken too, after a preflight.
     */
    @POST
    @Path("beacons")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(
            operationId = "sendPlaybackBeacon",
            summary = "A player's beacon: a play (counts a view once per viewer session), a quartile reached,"
                    + " a rebuffer, a rendition switch",
            description = "One JSON object (at most " + MAX_BEACON_BYTES + " bytes): session (the viewer session,"
                    + " 16 to 64 of A-Z a-z 0-9 _ -, made by the page and kept per tab), kind (play, progress,"
                    + " rebuffer, switch), position (seconds into the clip); progress adds quartile (25, 50, 75,"
                    + " 100), rebuffer duration (seconds, above 0, at most 3600), switch rendition (such as 720p)."
                    + " Views and quartiles count once per session; fetching a playlist or the MP4 counts none.")
    @RequestBody(
            content = {
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(implementation = BeaconBody.class)),
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BeaconBody.class))
            })
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(
            responseCode = "413",
            description = "A body over " + MAX_BEACON_BYTES + " bytes",
            content =
                    @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The clip is not ready to play",
            content =
                    @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response beacon(InputStream body) throws IOException {
        var access = access(Audience.VIDEO);
        var bytes = body == null ? new byte[0] : body.readNBytes(MAX_BEACON_BYTES + 1);
        if (bytes.length > MAX_BEACON_BYTES) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE, "A beacon is at most " + MAX_BEACON_BYTES + " bytes.");
        }
        playback.beacon(access, parse(bytes));
        return Response.noContent().build();
    }

    /** The beacon's fields, for the OpenAPI document. */
    @Schema(
            name = "Beacon",
            requiredProperties = {"session", "kind", "position"})
    public record BeaconBody(
            @Schema(pattern = "^[A-Za-z0-9_-]{16,64}$") String session,

            @Schema(enumeration = {"play", "progress", "rebuffer", "switch"})
            String kind,

            @Schema(minimum = "0", maximum = "864000") double position,
            @Schema(enumeration = {"25", "50", "75", "100"}) Integer quartile,

            @Schema(minimum = "0", exclusiveMinimum = true, maximum = "3600")
            Double duration,

            @Schema(pattern = "^[0-9]{3,4}p$") String rendition) {}

    /** Strict: one object, known fields of the right types for the kind, nothing else. */
    static Playback.Beacon parse(byte[] bytes) {
        JsonObject beacon;
        try (var parser = Json.createParser(new ByteArrayInputStream(bytes))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw invalid("The body must be one JSON object.");
            }
            beacon = parser.getObject();
            if (parser.hasNext()) { // anything after the object
                throw invalid("The body must be one JSON object.");
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException | NumberFormatException e) {
            throw invalid("The body must be one JSON object.");
        }
        var session = text(beacon, "session", SESSION, "16 to 64 of A-Z a-z 0-9 _ -");
        var kind = text(
                beacon, "kind", Pattern.compile("play|progress|rebuffer|switch"), "play, progress, rebuffer or switch");
        number(beacon, "position", 0, 864_000, true);
        var allowed = new java.util.HashSet<>(java.util.List.of("session", "kind", "position"));
        Playback.Beacon found;
        switch (kind) {
            case "play" -> found = new Playback.Beacon(EventType.VIEW, session, 0);
            case "progress" -> {
                allowed.add("quartile");
                var quartile = number(beacon, "quartile", 25, 100, true);
                var type = switch (quartile.toPlainString()) {
                    case "25" -> EventType.PROGRESS_25;
                    case "50" -> EventType.PROGRESS_50;
                    case "75" -> EventType.PROGRESS_75;
                    case "100" -> EventType.PROGRESS_100;
                    default -> throw invalid("quartile must be 25, 50, 75 or 100.");
                };
                found = new Playback.Beacon(type, session, 0);
            }
            case "rebuffer" -> {
                allowed.add("duration");
                var seconds = number(beacon, "duration", 0, 3600, false);
                found = new Playback.Beacon(
                        EventType.REBUFFER,
                        session,
                        Math.max(1, seconds.movePointRight(3).longValue()));
            }
            default -> {
                allowed.add("rendition");
                text(beacon, "rendition", RENDITION, "a rendition's name such as 720p");
                found = new Playback.Beacon(EventType.RENDITION_SWITCH, session, 0);
            }
        }
        for (var name : beacon.keySet()) {
            if (!allowed.contains(name)) {
                throw invalid("A " + kind + " beacon has no field " + printable(name) + ".");
            }
        }
        return found;
    }

    private static String text(JsonObject beacon, String name, Pattern format, String what) {
        if (beacon.get(name) instanceof JsonString value
                && format.matcher(value.getString()).matches()) {
            return value.getString();
        }
        throw invalid(name + " must be a string: " + what + ".");
    }

    /** A number from {@code min} (inclusive or not) to {@code max}, as written. */
    private static java.math.BigDecimal number(JsonObject beacon, String name, int min, int max, boolean minIncluded) {
        if (beacon.get(name) instanceof JsonNumber value && decimal(value) != null) {
            var number = decimal(value).stripTrailingZeros();
            int low = number.compareTo(java.math.BigDecimal.valueOf(min));
            if ((minIncluded ? low >= 0 : low > 0) && number.compareTo(java.math.BigDecimal.valueOf(max)) <= 0) {
                return number.scale() < 0 ? number.setScale(0) : number;
            }
        }
        throw invalid(
                name + " must be a number from " + min + (minIncluded ? "" : " (exclusive)") + " to " + max + ".");
    }

    private static java.math.BigDecimal decimal(JsonNumber value) {
        try {
            return value.bigDecimalValue();
        } catch (RuntimeException e) { // a number the parser refuses to convert (too many digits)
            return null;
        }
    }

    private static String printable(String name) {
        return name.length() <= 32 && name.matches("[A-Za-z0-9_]+") ? name : "of that name";
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_BEACON, detail);
    }

    @GET
    @Path("subtitles/{language}.m3u8")
    @Produces(AssetDeliveryResource.HLS)
    @Operation(
            operationId = "getPlaybackSubtitlesPlaylist",
            summary = "HLS media playlist of a caption track: one segment, the whole WebVTT file")
    public Response subtitles(@PathParam("language") String language) {
        return AssetDeliveryResource.playlist(withToken(playback.subtitles(access(Audience.VIDEO), language)));
    }

    @GET
    @Path("subtitles/{language}.vtt")
    @Produces("text/vtt")
    @Operation(operationId = "getPlaybackCaptionFile", summary = "A caption track's WebVTT file")
    public Response captionFile(@PathParam("language") String language) {
        return Response.ok(playback.captionFile(access(Audience.VIDEO), language), "text/vtt; charset=utf-8")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    @GET
    @Path("{rendition}/index.m3u8")
    @Produces(AssetDeliveryResource.HLS)
    @Operation(
            operationId = "getPlaybackMediaPlaylist",
            summary = "HLS media playlist, each segment with a URL valid for the clip's length and a margin")
    public Response media(@PathParam("rendition") String rendition) {
        return AssetDeliveryResource.playlist(playback.media(access(Audience.VIDEO), rendition));
    }

    @GET
    @Path("{rendition}/{segment}")
    @Operation(operationId = "getPlaybackSegment", summary = "One init or media segment (302 to storage)")
    @APIResponse(responseCode = "302", description = "Location: a presigned or CDN URL")
    public Response segment(@PathParam("rendition") String rendition, @PathParam("segment") String segment) {
        return AssetDeliveryResource.redirect(playback.segment(access(Audience.VIDEO), rendition, segment));
    }

    @GET
    @Path("video.mp4")
    @Operation(
            operationId = "getPlaybackMp4",
            summary = "The progressive MP4 (302 to storage, where Range requests answer 206); records a view")
    @APIResponse(responseCode = "302", description = "Location: a presigned or CDN URL")
    public Response mp4() {
        return AssetDeliveryResource.redirect(playback.mp4(access(Audience.VIDEO)));
    }

    @GET
    @Path("poster.jpg")
    @Operation(
            operationId = "getPlaybackPoster",
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
    @Operation(operationId = "getPlaybackPreviewGif", summary = "The 3 s animated preview, GIF (302)")
    public Response previewGif() {
        return AssetDeliveryResource.redirect(playback.preview(access(Audience.GIF), false));
    }

    @GET
    @Path("preview.webp")
    @Operation(operationId = "getPlaybackPreviewWebp", summary = "The 3 s animated preview, WebP (302)")
    public Response previewWebp() {
        return AssetDeliveryResource.redirect(playback.preview(access(Audience.GIF), true));
    }

    @GET
    @Path("storyboard.vtt")
    @Produces("text/vtt")
    @Operation(
            operationId = "getPlaybackStoryboardVtt",
            summary = "Storyboard WebVTT: one cue per tile, storyboard.jpg#xywh=x,y,w,h (relative)")
    public Response storyboardTrack() {
        return Response.ok(playback.storyboardTrack(access(Audience.STORYBOARD)), "text/vtt; charset=utf-8")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    @GET
    @Path("chapters.vtt")
    @Produces("text/vtt")
    @Operation(
            operationId = "getPlaybackChaptersVtt",
            summary = "Chapters WebVTT: one cue per chapter, its title the cue text (no cues when the clip has none)")
    public Response chaptersTrack() {
        return Response.ok(playback.chaptersTrack(access(Audience.VIDEO)), "text/vtt; charset=utf-8")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    @GET
    @Path("storyboard.jpg")
    @Operation(operationId = "getPlaybackStoryboardSprite", summary = "The storyboard sprite (302)")
    public Response storyboardSprite() {
        return AssetDeliveryResource.redirect(playback.storyboardSprite(access(Audience.STORYBOARD)));
    }

    private PublicPlayback.Access access(Audience audience) {
        return playback.access(reference, audience, referrer, token);
    }
}
