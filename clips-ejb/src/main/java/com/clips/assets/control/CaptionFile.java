package com.clips.assets.control;

import com.clips.media.control.WebVttTime;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An uploaded caption file, checked and written as WebVTT: UTF-8 (a BOM is dropped), WebVTT or
 * SRT (SRT is converted), cues in start order and inside the clip. Whatever is wrong is refused
 * as {@code /problems/invalid-captions} with the line it is on.
 */
public record CaptionFile(String webvtt, int cues) {

    /** Larger than any real caption file of a clip; refused before it is read. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** Clip durations from the probe are rounded; a cue may end this much after them. */
    private static final long END_TOLERANCE_MILLIS = 100;

    private static final Pattern VTT_TIMING = Pattern.compile(
            "((?:[0-9]{2,}:)?[0-5][0-9]:[0-5][0-9]\\.[0-9]{3})[ \\t]+-->[ \\t]+((?:[0-9]{2,}:)?[0-5][0-9]:[0-5][0-9]\\.[0-9]{3})([ \\t].*)?");

    private static final Pattern SRT_TIMING = Pattern.compile(
            "([0-9]{1,3}:[0-5][0-9]:[0-5][0-9][,.][0-9]{1,3})[ \\t]*-->[ \\t]*([0-9]{1,3}:[0-5][0-9]:[0-5][0-9][,.][0-9]{1,3})([ \\t].*)?");

    private static final Pattern SRT_NUMBER = Pattern.compile("[0-9]+");

    /** SRT markup WebVTT does not know: font tags and ASS override blocks such as {\an8}. */
    private static final Pattern SRT_ONLY_MARKUP = Pattern.compile("</?font[^>]*>|\\{\\\\[^}]*}");

    /** Reads {@code bytes} as WebVTT or SRT for a clip of {@code durationSeconds}. */
    public static CaptionFile parse(byte[] bytes, double durationSeconds) {
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "A caption file may have at most " + MAX_BYTES + " bytes; this one has " + bytes.length + ".");
        }
        var lines = decode(bytes).replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        long limit = Math.round(durationSeconds * 1000) + END_TOLERANCE_MILLIS;
        var first = lines.length == 0 ? "" : lines[0];
        if (first.equals("WEBVTT") || first.startsWith("WEBVTT ") || first.startsWith("WEBVTT\t")) {
            return new Reader(lines, limit).vtt();
        }
        int start = firstNonBlank(lines);
        if (start < lines.length - 1
                && SRT_NUMBER.matcher(lines[start].strip()).matches()
                && SRT_TIMING.matcher(lines[start + 1].strip()).matches()) {
            return new Reader(lines, limit).srt(start);
        }
        throw invalid(
                start + 1,
                "the file is neither WebVTT (its first line is not WEBVTT) nor SRT (a cue number, then its timing).");
    }

    private static String decode(byte[] bytes) {
        int offset =
                bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
                        ? 3
                        : 0;
        var in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        var out = CharBuffer.allocate(bytes.length);
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw invalid(line, "the file is not UTF-8 text.");
        }
        decoder.flush(out);
        out.flip();
        var text = out.toString();
        for (int i = 0, line = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == 0) {
                throw invalid(line, "the file holds a NUL character.");
            }
        }
        return text;
    }

    private static int firstNonBlank(String[] lines) {
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        return Math.min(i, Math.max(lines.length - 1, 0));
    }

    private static ProblemException invalid(int line, String what) {
        return new ProblemException(ProblemType.INVALID_CAPTIONS, "Line " + line + ": " + what);
    }

    /** Walks the lines once, keeping the previous cue's start and the WebVTT written so far. */
    private static final class Reader {
        private final String[] lines;
        private final long limitMillis;
        private final StringBuilder out = new StringBuilder();
        private long previousStart = -1;
        private int cues;
        private int at;

        Reader(String[] lines, long limitMillis) {
            this.lines = lines;
            this.limitMillis = limitMillis;
        }

        CaptionFile vtt() {
            // the header block: WEBVTT and whatever follows it up to the first blank line
            while (at < lines.length && !lines[at].isEmpty()) {
                out.append(lines[at++]).append('\n');
            }
            while (skipBlank()) {
                int blockStart = at;
                var line = lines[at];
                if (line.startsWith("NOTE") || line.equals("STYLE") || line.equals("REGION")) {
                    if (cues > 0 && !line.startsWith("NOTE")) {
                        throw invalid(at + 1, line + " blocks must come before the first cue.");
                    }
                    copyBlock();
                    continue;
                }
                if (!line.contains("-->")) {
                    at++; // the cue's identifier
                    if (at >= lines.length || lines[at].isEmpty()) {
                        throw invalid(blockStart + 1, "a cue identifier without a cue timing on the next line.");
                    }
                }
                var timing = VTT_TIMING.matcher(lines[at]);
                if (!timing.matches()) {
                    throw invalid(at + 1, "expected a cue timing such as 00:00:01.000 --> 00:00:02.500.");
                }
                cue(timing, at + 1, false);
                out.append('\n');
                for (int i = blockStart; i <= at; i++) {
                    out.append(lines[i]).append('\n');
                }
                at++;
                copyBlock();
            }
            return new CaptionFile(trimmed(), cues);
        }

        CaptionFile srt(int start) {
            out.append("WEBVTT\n");
            at = start;
            while (skipBlank()) {
                var number = lines[at].strip();
                if (!SRT_NUMBER.matcher(number).matches()) {
                    throw invalid(at + 1, "expected a cue number.");
                }
                at++;
                var timing = at < lines.length ? SRT_TIMING.matcher(lines[at].strip()) : null;
                if (timing == null || !timing.matches()) {
                    throw invalid(at + 1, "expected a cue timing such as 00:00:01,000 --> 00:00:02,500.");
                }
                var times = cue(timing, at + 1, true);
                out.append('\n')
                        .append(number)
                        .append('\n')
                        .append(format(times[0]))
                        .append(" --> ")
                        .append(format(times[1]))
                        .append('\n');
                at++;
                while (at < lines.length && !lines[at].isBlank()) {
                    var text = SRT_ONLY_MARKUP.matcher(lines[at]).replaceAll("");
                    out.append(text.replace("-->", "--&gt;")).append('\n');
                    at++;
                }
            }
            return new CaptionFile(trimmed(), cues);
        }

        /** Checks one cue's timing against the clip and the cue before it. */
        private long[] cue(Matcher timing, int line, boolean srt) {
            long start = millis(timing.group(1), srt);
            long end = millis(timing.group(2), srt);
            if (end < start) {
                throw invalid(line, "the cue ends before it starts.");
            }
            if (start < previousStart) {
                throw invalid(line, "the cue starts before the cue above it (cues must be in start order).");
            }
            if (end > limitMillis) {
                throw invalid(
                        line,
                        "the cue ends at " + format(end) + ", after the clip's end at "
                                + format(limitMillis - END_TOLERANCE_MILLIS) + ".");
            }
            previousStart = start;
            cues++;
            return new long[] {start, end};
        }

        /** Moves past blank lines; false at the end of the file. */
        private boolean skipBlank() {
            while (at < lines.length && lines[at].isBlank()) {
                at++;
            }
            return at < lines.length;
        }

        /** Copies the lines up to the next blank one (a cue's text, a NOTE, a STYLE block). */
        private void copyBlock() {
            boolean cue = at > 0 && lines[at - 1].contains("-->");
            if (!cue) {
                out.append('\n');
            }
            while (at < lines.length && !lines[at].isEmpty()) {
                if (cue && lines[at].contains("-->")) {
                    throw invalid(at + 1, "a cue's text may not contain \"-->\" (is a blank line missing?).");
                }
                out.append(lines[at++]).append('\n');
            }
        }

        private String trimmed() {
            return out.toString();
        }
    }

    private static long millis(String stamp, boolean srt) {
        var parts = stamp.replace(',', '.').split("[:.]");
        int n = parts.length;
        long hours = n == 4 ? Long.parseLong(parts[0]) : 0;
        long minutes = Long.parseLong(parts[n - 3]);
        long seconds = Long.parseLong(parts[n - 2]);
        var fraction = parts[n - 1];
        long ms = Long.parseLong(srt ? (fraction + "00").substring(0, 3) : fraction);
        return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
    }

    static String format(long millis) {
        return WebVttTime.of(millis);
    }
}
