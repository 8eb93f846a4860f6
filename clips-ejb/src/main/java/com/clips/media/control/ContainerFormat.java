package com.clips.media.control;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The video containers Clips accepts, recognised by their magic bytes (never by file name or the
 * client's Content-Type). Each names the FFmpeg demuxer that must be used to read it, so FFmpeg
 * never guesses a format (an HLS playlist disguised as a video is refused, not followed).
 */
public enum ContainerFormat {
    MP4("mov", "mp4", "video/mp4"),
    QUICKTIME("mov", "mov", "video/quicktime"),
    WEBM("matroska", "webm", "video/webm"),
    MATROSKA("matroska", "mkv", "video/x-matroska"),
    AVI("avi", "avi", "video/x-msvideo"),
    MPEG_TS("mpegts", "ts", "video/mp2t"),
    FLV("flv", "flv", "video/x-flv");

    /** How many leading bytes {@link #sniff} wants to see. */
    public static final int SNIFF_BYTES = 4096;

    // ISO-BMFF brands that are still images, not video
    private static final Set<String> IMAGE_BRANDS =
            Set.of("heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis", "jpeg", "jpgs");

    // ISO-BMFF brands of audio-only files (iTunes audio, audiobooks, protected audio, Flash audio)
    private static final Set<String> AUDIO_BRANDS = Set.of("M4A ", "M4B ", "M4P ", "F4A ", "F4B ");

    // the FLV header's flags byte: bit 0 says a video stream follows
    private static final int FLV_HAS_VIDEO = 0x01;

    private final String demuxer;
    private final String extension;
    private final String mediaType;

    ContainerFormat(String demuxer, String extension, String mediaType) {
        this.demuxer = demuxer;
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String demuxer() {
        return demuxer;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<ContainerFormat> ofMediaType(String mediaType) {
        return Arrays.stream(values())
                .filter(f -> f.mediaType.equals(mediaType))
                .findFirst();
    }

    public static Optional<ContainerFormat> sniff(byte[] head, int length) {
        if (length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
            var brand = ascii(head, 8, 4);
            if (IMAGE_BRANDS.contains(brand) || AUDIO_BRANDS.contains(brand) || TrackList.isoAudioOnly(head, length)) {
                return Optional.empty();
            }
            return Optional.of(brand.equals("qt  ") ? QUICKTIME : MP4);
        }
        if (length >= 4
                && (head[0] & 0xFF) == 0x1A
                && (head[1] & 0xFF) == 0x45
                && (head[2] & 0xFF) == 0xDF
                && (head[3] & 0xFF) == 0xA3) {
            if (TrackList.matroskaAudioOnly(head, length)) {
                return Optional.empty();
            }
            return Optional.of(ascii(head, 0, Math.min(length, 64)).contains("webm") ? WEBM : MATROSKA);
        }
        if (length >= 12
                && ascii(head, 0, 4).equals("RIFF")
                && ascii(head, 8, 4).equals("AVI ")) {
            return Optional.of(AVI);
        }
        if (length >= 5 && ascii(head, 0, 3).equals("FLV") && head[3] == 1) {
            return (head[4] & FLV_HAS_VIDEO) == 0 ? Optional.empty() : Optional.of(FLV);
        }
        if (length >= 188 * 3 && head[0] == 0x47 && head[188] == 0x47 && head[376] == 0x47) {
            return Optional.of(MPEG_TS);
        }
        return Optional.empty();
    }

    /**
     * Whether the container's header says the file holds audio and no video: an M4A's brand, an
     * FLV's flags, or a track list within {@code head} (a faststart MP4/MOV's {@code moov}, a
     * Matroska/WebM's {@code Tracks}) with sound tracks and no video track. A track list beyond the
     * head, or one that cannot be read, tells nothing here: the probe of the whole file decides.
     */
    public static boolean audioOnly(byte[] head, int length) {
        if (length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
            return AUDIO_BRANDS.contains(ascii(head, 8, 4)) || TrackList.isoAudioOnly(head, length);
        }
        if (length >= 4
                && (head[0] & 0xFF) == 0x1A
                && (head[1] & 0xFF) == 0x45
                && (head[2] & 0xFF) == 0xDF
                && (head[3] & 0xFF) == 0xA3) {
            return TrackList.matroskaAudioOnly(head, length);
        }
        return length >= 5 && ascii(head, 0, 3).equals("FLV") && head[3] == 1 && (head[4] & FLV_HAS_VIDEO) == 0;
    }

    private static String ascii(byte[] bytes, int from, int count) {
        return new String(Arrays.copyOfRange(bytes, from, from + count), StandardCharsets.ISO_8859_1);
    }
}
