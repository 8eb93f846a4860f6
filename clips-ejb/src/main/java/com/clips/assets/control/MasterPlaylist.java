package com.clips.assets.control;

import com.clips.assets.entity.AudioTrack;
import com.clips.assets.entity.CaptionKind;
import com.clips.assets.entity.CaptionTrack;
import com.clips.assets.entity.Rendition;
import com.clips.media.control.ContentKey;
import com.clips.media.control.HlsEncoder;
import com.clips.media.control.Packager;
import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.Channels;
import io.lindstrom.m3u8.model.KeyMethod;
import io.lindstrom.m3u8.model.MediaType;
import io.lindstrom.m3u8.model.SegmentKey;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes the master playlist over an asset's renditions (lowest first), with m3u8-parser; caption
 * tracks become the {@code subs} group of WebVTT subtitle renditions that every variant names.
 */
public final class MasterPlaylist {

    public static final String SUBTITLES_GROUP = "subs";

    public static final String AUDIO_GROUP = "audio";

    /** What marks a captions track for the deaf, as Apple's HLS authoring rules name it. */
    private static final List<String> CAPTIONS_CHARACTERISTICS =
            List.of("public.accessibility.transcribes-spoken-dialog", "public.accessibility.describes-music-and-sound");

    private MasterPlaylist() {}

    /**
     * With {@code audio} tracks (the clip's audio in renditions of its own), the {@code audio} group every
     * variant names, each track its audio-only rendition {@code a<position>}, the first the
     * default; the variants are then video alone, their CODECS naming the group's AAC as well.
     * With the content key ID {@code keyId} of an encrypted clip (null: in the clear), an
     * {@code EXT-X-SESSION-KEY} naming it for ClearKey, so that a player can ask for its licence
     * before the first media playlist; each media playlist names it per DRM system.
     */
    public static String of(
            List<Rendition> renditions, List<CaptionTrack> captions, List<AudioTrack> audio, UUID keyId) {
        var master = io.lindstrom.m3u8.model.MasterPlaylist.builder().version(7).independentSegments(true);
        if (keyId != null) {
            master.addSessionKeys(SegmentKey.builder()
                    .method(KeyMethod.SAMPLE_AES)
                    .uri(ContentKey.clearKeyUri(keyId))
                    .keyFormat(Packager.CLEARKEY_FORMAT)
                    .keyFormatVersions("1")
                    .build());
        }
        audio.forEach(t -> {
            var media = AlternativeRendition.builder()
                    .type(MediaType.AUDIO)
                    .groupId(AUDIO_GROUP)
                    .name(t.name())
                    .defaultRendition(t.position() == 0)
                    .autoSelect(true)
                    .channels(Channels.of(2));
            if (!t.language().equals("und")) {
                media.language(t.language());
            }
            media.uri(t.renditionName() + "/" + HlsEncoder.PLAYLIST);
            master.addAlternativeRenditions(media.build());
        });
        captions.forEach(c -> {
            var media = AlternativeRendition.builder()
                    .type(MediaType.SUBTITLES)
                    .groupId(SUBTITLES_GROUP)
                    .name(c.label())
                    .language(c.language())
                    .defaultRendition(false)
                    .autoSelect(true)
                    .uri(subtitlePlaylist(c.language()));
            if (c.kind() == CaptionKind.CAPTIONS) {
                media.characteristics(CAPTIONS_CHARACTERISTICS);
            }
            master.addAlternativeRenditions(media.build());
        });
        // a variant is played with one of the group's tracks: its BANDWIDTH counts the largest
        long alternate = audio.stream().mapToLong(AudioTrack::bandwidth).max().orElse(0);
        renditions.stream().sorted(Comparator.comparingInt(Rendition::label)).forEach(r -> {
            var variant = Variant.builder()
                    .bandwidth(r.bandwidth() + alternate)
                    .averageBandwidth(r.averageBandwidth() + alternate)
                    .resolution(r.width(), r.height())
                    .codecs(codecs(r, audio))
                    .uri(r.name() + "/" + HlsEncoder.PLAYLIST);
            if (r.frameRate() != null) {
                variant.frameRate(r.frameRate().doubleValue());
            }
            if (!captions.isEmpty()) {
                variant.subtitles(SUBTITLES_GROUP);
            }
            if (!audio.isEmpty()) {
                variant.audio(AUDIO_GROUP);
            }
            master.addVariants(variant.build());
        });
        return new MasterPlaylistParser().writePlaylistAsString(master.build());
    }

    /** The variant's codecs as its init segment names them, and the audio group's AAC if it has none. */
    private static List<String> codecs(Rendition r, List<AudioTrack> audio) {
        var codecs = new ArrayList<>(Arrays.asList(r.codecs().split(",")));
        if (!audio.isEmpty() && codecs.stream().noneMatch(c -> c.startsWith("mp4a."))) {
            codecs.add(AAC_LC);
        }
        return codecs;
    }

    /** What the audio tracks are encoded as (AAC-LC, see HlsEncoder#encodeAudio). */
    public static final String AAC_LC = "mp4a.40.2";

    /** A caption track's media playlist, relative to the master. */
    public static String subtitlePlaylist(String language) {
        return "subtitles/" + language + ".m3u8";
    }

    /**
     * The media playlist of one caption track: a single segment, the whole WebVTT file (named
     * relative to the playlist), as long as the clip.
     */
    public static String subtitleMedia(String language, double clipSeconds) {
        return "#EXTM3U\n"
                + "#EXT-X-VERSION:3\n"
                + "#EXT-X-TARGETDURATION:" + (long) Math.ceil(clipSeconds) + "\n"
                + "#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-PLAYLIST-TYPE:VOD\n"
                + String.format(Locale.ROOT, "#EXTINF:%.3f,", clipSeconds) + "\n"
                + language + ".vtt\n"
                + "#EXT-X-ENDLIST\n";
    }
}
