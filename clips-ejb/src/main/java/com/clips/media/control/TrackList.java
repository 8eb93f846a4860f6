package com.clips.media.control;

import java.nio.charset.StandardCharsets;

/**
 * Reads a container's track list from the first bytes of a file, when it lies within them: an
 * ISO-BMFF {@code moov} (MP4/MOV written with faststart) or a Matroska/WebM {@code Tracks} element.
 * Every length is checked against the bytes at hand; a track list that is beyond them, truncated or
 * malformed tells nothing ({@code false}), and the probe of the whole file decides.
 */
final class TrackList {

    private static final long EBML = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;
    private static final long TRACKS = 0x1654AE6BL;
    private static final long CLUSTER = 0x1F43B675L;
    private static final long TRACK_ENTRY = 0xAEL;
    private static final long TRACK_TYPE = 0x83L;
    // Matroska TrackType: 1 video, 2 audio, 3 complex (audio and video in one track)
    private static final long TYPE_VIDEO = 1;
    private static final long TYPE_AUDIO = 2;
    private static final long TYPE_COMPLEX = 3;

    private TrackList() {}

    /** Whether a complete {@code moov} within the head has sound tracks and no video track. */
    static boolean isoAudioOnly(byte[] bytes, int length) {
        int end = Math.min(length, bytes.length);
        long pos = 0;
        while (pos + 8 <= end) {
            var box = box(bytes, pos, end);
            if (box == null) {
                return false; // runs past the head (mdat first, moov at the end) or malformed
            }
            if (box.type.equals("moov")) {
                return soundWithoutVideo(bytes, box);
            }
            pos = box.end;
        }
        return false;
    }

    private static boolean soundWithoutVideo(byte[] bytes, Box moov) {
        int sound = 0;
        int video = 0;
        for (long pos = moov.content; pos < moov.end; ) {
            var box = box(bytes, pos, moov.end);
            if (box == null) {
                return false;
            }
            if (box.type.equals("trak")) {
                var handler = handlerOf(bytes, box);
                if (handler == null) {
                    return false;
                }
                if (handler.equals("vide")) {
                    video++;
                } else if (handler.equals("soun")) {
                    sound++;
                }
            }
            pos = box.end;
        }
        return sound > 0 && video == 0;
    }

    /** A trak's mdia/hdlr handler type ("vide", "soun", ...), or null if it has none. */
    private static String handlerOf(byte[] bytes, Box trak) {
        var mdia = child(bytes, trak, "mdia");
        var hdlr = mdia == null ? null : child(bytes, mdia, "hdlr");
        // version and flags (4), pre_defined or QuickTime's component type (4), handler type (4)
        if (hdlr == null || hdlr.end - hdlr.content < 12) {
            return null;
        }
        return ascii(bytes, (int) hdlr.content + 8, 4);
    }

    private static Box child(byte[] bytes, Box parent, String type) {
        for (long pos = parent.content; pos < parent.end; ) {
            var box = box(bytes, pos, parent.end);
            if (box == null) {
                return null;
            }
            if (box.type.equals(type)) {
                return box;
            }
            pos = box.end;
        }
        return null;
    }

    /** The box at {@code pos}, or null unless it lies wholly before {@code end}. */
    private static Box box(byte[] bytes, long pos, long end) {
        if (pos + 8 > end) {
            return null;
        }
        long size = uint(bytes, (int) pos, 4);
        int header = 8;
        if (size == 1) {
            if (pos + 16 > end) {
                return null;
            }
            size = uint(bytes, (int) pos + 8, 8);
            header = 16;
        }
        // size 0 ("to the end of the file") and sizes past the head are beyond what can be read here
        if (size < header || size > end - pos) {
            return null;
        }
        return new Box(ascii(bytes, (int) pos + 4, 4), pos + header, pos + size);
    }

    private record Box(String type, long content, long end) {}

    /** Whether a complete {@code Tracks} element within the head has audio tracks and no video track. */
    static boolean matroskaAudioOnly(byte[] bytes, int length) {
        int end = Math.min(length, bytes.length);
        var header = element(bytes, 0, end);
        if (header == null || header.id != EBML || header.unknownSize || header.end > end) {
            return false;
        }
        var segment = element(bytes, header.end, end);
        if (segment == null || segment.id != SEGMENT) {
            return false;
        }
        long segmentEnd = segment.unknownSize ? end : Math.min(segment.end, end);
        for (long pos = segment.content; pos < segmentEnd; ) {
            var element = element(bytes, pos, end);
            if (element == null || element.id == CLUSTER || element.unknownSize) {
                return false; // media before the track list, or nothing more to read here
            }
            if (element.id == TRACKS) {
                return element.end <= end && audioWithoutVideo(bytes, element);
            }
            pos = element.end;
        }
        return false;
    }

    private static boolean audioWithoutVideo(byte[] bytes, Element tracks) {
        int audio = 0;
        int video = 0;
        for (long pos = tracks.content; pos < tracks.end; ) {
            var entry = element(bytes, pos, tracks.end);
            if (entry == null || entry.unknownSize || entry.end > tracks.end) {
                return false;
            }
            if (entry.id == TRACK_ENTRY) {
                long type = trackType(bytes, entry);
                if (type == TYPE_VIDEO || type == TYPE_COMPLEX) {
                    video++;
                } else if (type == TYPE_AUDIO) {
                    audio++;
                } else if (type < 0) {
                    return false;
                }
            }
            pos = entry.end;
        }
        return audio > 0 && video == 0;
    }

    /** A TrackEntry's TrackType, or -1 if it has none that can be read. */
    private static long trackType(byte[] bytes, Element entry) {
        for (long pos = entry.content; pos < entry.end; ) {
            var element = element(bytes, pos, entry.end);
            if (element == null || element.unknownSize || element.end > entry.end) {
                return -1;
            }
            long size = element.end - element.content;
            if (element.id == TRACK_TYPE) {
                return size >= 1 && size <= 8 ? uint(bytes, (int) element.content, (int) size) : -1;
            }
            pos = element.end;
        }
        return -1;
    }

    /** The EBML element at {@code pos} (its ID and size read, its data not necessarily within {@code end}). */
    private static Element element(byte[] bytes, long pos, long end) {
        if (pos >= end) {
            return null;
        }
        int idLength = varintLength(bytes[(int) pos]);
        if (idLength == 0 || idLength > 4 || pos + idLength > end) {
            return null;
        }
        long id = uint(bytes, (int) pos, idLength);
        long sizeAt = pos + idLength;
        if (sizeAt >= end) {
            return null;
        }
        int sizeLength = varintLength(bytes[(int) sizeAt]);
        if (sizeLength == 0 || sizeAt + sizeLength > end) {
            return null;
        }
        long raw = uint(bytes, (int) sizeAt, sizeLength);
        long marker = 1L << (7 * sizeLength);
        long size = raw & (marker - 1);
        boolean unknown = size == marker - 1;
        long content = sizeAt + sizeLength;
        return new Element(id, content, unknown ? Long.MAX_VALUE : content + size, unknown);
    }

    private record Element(long id, long content, long end, boolean unknownSize) {}

    /** How many bytes an EBML variable-length integer takes, from its first byte (0: invalid). */
    private static int varintLength(byte first) {
        int b = first & 0xFF;
        return b == 0 ? 0 : Integer.numberOfLeadingZeros(b) - 23;
    }

    private static long uint(byte[] bytes, int from, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 8) | (bytes[from + i] & 0xFF);
        }
        return value;
    }

    private static String ascii(byte[] bytes, int from, int count) {
        return new String(bytes, from, count, StandardCharsets.ISO_8859_1);
    }
}
