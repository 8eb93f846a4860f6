package com.clips.media.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The RFC 6381 CODECS value of an fMP4 init segment, read from its sample entries rather than from
 * ffprobe (which reports level -99 for an init segment on its own): for H.264 the profile_idc,
 * constraint flags and level_idc bytes of the {@code avcC} box (ISO/IEC 14496-15) as
 * {@code avc1.PPCCLL}; for AAC the object type of the {@code esds} box's AudioSpecificConfig
 * (ISO/IEC 14496-3) as {@code mp4a.40.AOT}. Video comes first, as players expect.
 */
public final class InitSegmentCodecs {

    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");
    private static final int MPEG4_AUDIO = 0x40;

    private InitSegmentCodecs() {}

    public static String of(Path initSegment) {
        try {
            return of(Files.readAllBytes(initSegment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String of(byte[] initSegment) {
        var video = new ArrayList<String>();
        var audio = new ArrayList<String>();
        try {
            walk(ByteBuffer.wrap(initSegment), video, audio);
        } catch (RuntimeException e) {
            throw new UnsupportedMediaException("The init segment's boxes cannot be read: " + e.getMessage(), e);
        }
        if (video.isEmpty() && audio.isEmpty()) {
            throw new UnsupportedMediaException("The init segment has no H.264 or AAC sample entry.");
        }
        var all = new ArrayList<>(video);
        all.addAll(audio);
        return String.join(",", all);
    }

    private static void walk(ByteBuffer buffer, List<String> video, List<String> audio) {
        while (buffer.remaining() >= 8) {
            var box = nextBox(buffer);
            switch (box.type) {
                case "stsd" -> {
                    var entries = box.body;
                    entries.position(8); // version, flags, entry_count
                    walkSampleEntries(entries, video, audio);
                }
                default -> {
                    if (CONTAINERS.contains(box.type)) {
                        walk(box.body, video, audio);
                    }
                }
            }
        }
    }

    private static void walkSampleEntries(ByteBuffer entries, List<String> video, List<String> audio) {
        while (entries.remaining() >= 8) {
            var entry = nextBox(entries);
            var body = entry.body;
            switch (entry.type) {
                case "avc1", "avc3" -> {
                    body.position(78); // SampleEntry (8) + VisualSampleEntry (70)
                    child(body, "avcC").ifPresent(avcC -> video.add(avc(entry.type, avcC)));
                }
                case "mp4a" -> {
                    body.position(8);
                    int version = body.getShort() & 0xFFFF;
                    // AudioSampleEntry (28 bytes); QuickTime sound description v1 / v2 are longer
                    body.position(28 + (version == 1 ? 16 : version == 2 ? 36 : 0));
                    child(body, "esds").ifPresent(esds -> audio.add(mp4a(esds)));
                }
                default -> {}
            }
        }
    }

    static String avc(String type, ByteBuffer avcC) {
        avcC.get(); // configurationVersion
        int profile = avcC.get() & 0xFF;
        int constraints = avcC.get() & 0xFF;
        int level = avcC.get() & 0xFF;
        return String.format(Locale.ROOT, "%s.%02x%02x%02x", type, profile, constraints, level);
    }

    static String mp4a(ByteBuffer esds) {
        esds.position(4); // version, flags
        expectTag(esds, 0x03);
        descriptorLength(esds);
        esds.getShort(); // ES_ID
        int flags = esds.get() & 0xFF;
        if ((flags & 0x80) != 0) {
            esds.getShort(); // dependsOn_ES_ID
        }
        if ((flags & 0x40) != 0) {
            esds.position(esds.position() + (esds.get() & 0xFF)); // URL
        }
        if ((flags & 0x20) != 0) {
            esds.getShort(); // OCR_ES_ID
        }
        expectTag(esds, 0x04);
        descriptorLength(esds);
        int objectType = esds.get() & 0xFF;
        if (objectType != MPEG4_AUDIO) {
            return String.format(Locale.ROOT, "mp4a.%02x", objectType);
        }
        esds.position(esds.position() + 12); // streamType, bufferSizeDB, maxBitrate, avgBitrate
        expectTag(esds, 0x05);
        descriptorLength(esds);
        int first = esds.get() & 0xFF;
        int audioObjectType = first >>> 3;
        if (audioObjectType == 31) {
            int second = esds.get() & 0xFF;
            audioObjectType = 32 + (((first & 0x07) << 3) | (second >>> 5));
        }
        return "mp4a.40." + audioObjectType;
    }

    private static void expectTag(ByteBuffer buffer, int tag) {
        int found = buffer.get() & 0xFF;
        if (found != tag) {
            throw new IllegalStateException("descriptor tag " + found + " where " + tag + " belongs");
        }
    }

    // expandable size: up to four bytes of 7 bits, the top bit saying another follows
    private static int descriptorLength(ByteBuffer buffer) {
        int length = 0;
        for (int i = 0; i < 4; i++) {
            int b = buffer.get() & 0xFF;
            length = (length << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return length;
    }

    private record Box(String type, ByteBuffer body) {}

    private static Box nextBox(ByteBuffer buffer) {
        int start = buffer.position();
        long size = buffer.getInt() & 0xFFFFFFFFL;
        var type = new String(
                new byte[] {buffer.get(), buffer.get(), buffer.get(), buffer.get()},
                java.nio.charset.StandardCharsets.ISO_8859_1);
        int header = 8;
        if (size == 1) {
            size = buffer.getLong();
            header = 16;
        } else if (size == 0) {
            size = buffer.limit() - start;
        }
        if (size < header || start + size > buffer.limit()) {
            throw new IllegalStateException("box " + type + " of size " + size + " overruns its parent");
        }
        var body = buffer.slice(start + header, (int) size - header);
        buffer.position((int) (start + size));
        return new Box(type, body);
    }

    private static java.util.Optional<ByteBuffer> child(ByteBuffer parent, String type) {
        while (parent.remaining() >= 8) {
            var box = nextBox(parent);
            if (box.type.equals(type)) {
                return java.util.Optional.of(box.body);
            }
        }
        return java.util.Optional.empty();
    }
}
