package com.clips.assets.boundary;

import com.clips.assets.entity.AudioTrack;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An asset's audio tracks, one per audio stream of its source when it has more than one: the
 * master playlist's audio group, which players offer as a language menu.
 */
@Path("assets/{id}/audio-tracks")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assets")
public class AudioTracksResource {

    @EJB
    AudioTracks audioTracks;

    @Inject
    Caller caller;

    /**
     * One track as the API shows it: {@code rendition} names its audio-only rendition (null for
     * the default, which every video rendition carries); the loudness of the source's stream and of
     * the published track in LUFS, and the sentence saying what normalisation did.
     */
    public record AudioTrackView(
            int position,
            String language,
            String name,

            @Schema(description = "The default track: the video renditions' own audio")
            boolean isDefault,

            @Schema(nullable = true) String rendition,
            int sourceStreamIndex,
            @Schema(nullable = true) Long bandwidth,
            @Schema(nullable = true) Long sizeBytes,
            @Schema(nullable = true) Double inputLufs,
            @Schema(nullable = true) Double outputLufs,
            @Schema(nullable = true) String loudness) {
        static AudioTrackView of(AudioTrack t) {
            return new AudioTrackView(
                    t.position(),
                    t.language(),
                    t.name(),
                    t.position() == 0,
                    t.renditionName(),
                    t.streamIndex(),
                    t.bandwidth(),
                    t.sizeBytes(),
                    t.inputLufs(),
                    t.outputLufs(),
                    t.loudnessReason());
        }
    }

    public record AudioTrackList(List<AudioTrackView> items) {}

    @GET
    @Operation(
            operationId = "listAudioTracks",
            summary = "The asset's audio tracks (empty unless its source has several audio streams)")
    @APIResponse(
            responseCode = "200",
            description = "The tracks, by position",
            content = @Content(schema = @Schema(implementation = AudioTrackList.class)))
    public AudioTrackList list(@PathParam("id") String id) {
        return new AudioTrackList(audioTracks.list(caller.viewer(), PathIds.uuid("Asset", id)).stream()
                .map(AudioTrackView::of)
                .toList());
    }
}
