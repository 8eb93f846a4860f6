package com.clips.assets.control;

import com.clips.assets.entity.CaptionKind;
import com.clips.assets.entity.CaptionTrack;
import com.clips.assets.entity.Rendition;
import com.clips.media.control.HlsEncoder;
import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.MediaType;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes the master playlist over an asset's renditions (lowest first), with m3u8-parser; caption
 * tracks become the {@code subs} group of WebVTT subtitle renditions that every variant names.
 */
public final class MasterPlaylist {

    public static final String SUBTITLES_GROUP = "subs";

    /** What marks a captions track for the deaf, as Apple's HLS authoring rules name it. */
    private static final List<String> CAPTIONS_CHARACTERISTICS =
            List.of("public.accessibility.transcribes-spoken-dialog", "public.accessibility.describes-music-and-sound");

    private MasterPlaylist() {}

    public static String of(List<Rendition> renditions) {
        return of(renditions, List.of());
    }

    public static String of(List<Rendition> renditions, List<CaptionTrack> captions) {
        var master = io.lindstrom.m3u8.model.MasterPlaylist.builder().version(7).independentSegments(true);
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
        renditions.stream().sorted(Comparator.comparingInt(Rendition::label)).forEach(r -> {
            var variant = Variant.builder()
                    .bandwidth(r.bandwidth())
                    .averageBandwidth(r.averageBandwidth())
                    .resolution(r.width(), r.height())
                    .codecs(Arrays.asList(r.codecs().split(",")))
                    .uri(r.name() + "/" + HlsEncoder.PLAYLIST);
            if (r.frameRate() != null) {
                variant.frameRate(r.frameRate().doubleValue());
            }
            if (!captions.isEmpty()) {
                variant.subtitles(SUBTITLES_GROUP);
            }
            master.addVariants(variant.build());
        });
        return new MasterPlaylistParser().writePlaylistAsString(master.build());
    }

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
