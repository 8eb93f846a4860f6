package com.clips.media.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a source can be published as it is (remuxed to fMP4 HLS, no re-encode) right after its
 * probe: H.264 Main or High, 8-bit 4:2:0, square pixels, no rotation, exactly the size of the
 * ladder's top rung, at most 60 fps, a bitrate at most 20 % over that rung's cap (the allowance
 * {@link CompressionPolicy} gives too), AAC mono or stereo or no audio, and key frames at most
 * close enough that the remux's segments (cut at the first key frame after 4 s) last at most
 * {@link #MAX_SEGMENT_SECONDS}. Each reason a
 * source is outside is one sentence for the uploader, as Mux's {@code non_standard_input} does.
 */
public final class StandardInput {

    /** The longest segment the remux may make: Apple's HLS authoring guide asks for 6 s. */
    public static final double MAX_SEGMENT_SECONDS = 6.0;

    static final double BITRATE_ALLOWANCE = 1.2;

    /** How much of the source the open-GOP check reads: an encoder's GOP structure does not change midway. */
    public static final int GOP_WINDOW_SECONDS = 30;

    private static final Set<String> PROFILES = Set.of("Main", "High");

    private StandardInput() {}

    /** What the check reads of a source's first video and audio streams, from ffprobe. */
    public record Streams(
            String videoCodec,
            String videoProfile,
            String pixelFormat,
            String sampleAspectRatio,
            int rotation,
            int width,
            int height,
            Double frameRate,
            Integer videoKbps,
            String audioCodec,
            int audioChannels,
            Integer audioKbps) {}

    /** Why {@code source} cannot stand in for {@code top} as it is; empty when it can (then remux and check {@link #keyframes}). */
    public static List<String> reasons(Streams source, Rung top) {
        var reasons = new ArrayList<String>();
        if (!"h264".equals(source.videoCodec())) {
            reasons.add("The video is " + source.videoCodec() + ", not H.264.");
        } else if (!PROFILES.contains(source.videoProfile())) {
            reasons.add("The video is H.264 " + source.videoProfile() + "; the fast path takes Main or High.");
        }
        if (!"yuv420p".equals(source.pixelFormat())) {
            reasons.add("The video's pixels are " + source.pixelFormat() + ", not 8-bit 4:2:0 (yuv420p).");
        }
        var sar = source.sampleAspectRatio();
        if (sar != null && !sar.equals("1:1") && !sar.equals("0:1")) {
            reasons.add("The video's pixels are not square (sample aspect ratio " + sar + ").");
        }
        if (source.rotation() != 0) {
            reasons.add("The video is rotated by " + source.rotation() + " degrees, which players handle unevenly.");
        }
        if (source.width() != top.width() || source.height() != top.height()) {
            reasons.add("The video is " + source.width() + "x" + source.height()
                    + "; the fast path takes the size of the top rung, " + top.width() + "x" + top.height() + ".");
        }
        if (source.frameRate() == null || source.frameRate() > HlsEncoder.MAX_FRAME_RATE) {
            reasons.add(
                    source.frameRate() == null
                            ? "The video's frame rate is unknown."
                            : String.format(
                                    Locale.ROOT,
                                    "The video runs at %.3f fps; renditions run at %d at most.",
                                    source.frameRate(),
                                    HlsEncoder.MAX_FRAME_RATE));
        }
        if (source.videoKbps() == null) {
            reasons.add("The video's bitrate is unknown.");
        } else if (source.videoKbps() > top.videoKbps() * BITRATE_ALLOWANCE) {
            reasons.add("The video's bitrate, " + source.videoKbps() + " kbit/s, is more than 20 % over the top rung's "
                    + top.videoKbps() + " kbit/s.");
        }
        if (source.audioCodec() != null) {
            if (!"aac".equals(source.audioCodec())) {
                reasons.add("The audio is " + source.audioCodec() + ", not AAC.");
            } else if (source.audioChannels() > 2) {
                reasons.add(
                        "The audio has " + source.audioChannels() + " channels; the fast path takes mono or stereo.");
            }
        }
        return List.copyOf(reasons);
    }

    /**
     * The reason a source with {@code openGops} key frames that have leading pictures (see
     * MediaProber#openGops) cannot be remuxed, if any: a segment would start with pictures that
     * need the segment before it, which a player starting or switching there does not have.
     */
    public static List<String> gops(int openGops) {
        if (openGops == 0) {
            return List.of();
        }
        if (openGops < 0) {
            return List.of("Its GOP structure could not be read; the fast path takes closed GOPs only.");
        }
        return List.of(String.format(
                Locale.ROOT,
                "Its GOPs are open: %d of its key frames in the first %d s are followed by pictures shown before"
                        + " them; the fast path takes closed GOPs.",
                openGops,
                GOP_WINDOW_SECONDS));
    }

    /** The reason a remux whose longest segment is {@code longestSegmentSeconds} cannot be published, if any. */
    public static List<String> keyframes(double longestSegmentSeconds) {
        if (longestSegmentSeconds <= MAX_SEGMENT_SECONDS) {
            return List.of();
        }
        return List.of(String.format(
                Locale.ROOT,
                "Its key frames are too far apart: its segments would be up to %.1f s long, and the fast path"
                        + " takes %.0f s at most.",
                longestSegmentSeconds,
                MAX_SEGMENT_SECONDS));
    }
}
