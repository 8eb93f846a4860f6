package com.clips.assets.control;

import com.clips.assets.entity.Chapter;
import com.clips.media.control.WebVttTime;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.Text;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A clip's chapters: each starts where the one before it ends, the last ends with the clip. The
 * API's list is checked strictly (a problem names the chapter); the source's (read by the probe)
 * is mended, since the uploader cannot fix a file's chapters and they are only a convenience.
 * Published as a WebVTT chapters track.
 */
public final class Chapters {

    public static final int MAX_CHAPTERS = 100;

    private Chapters() {}

    /** A chapter as a client sends it. */
    public record Entry(BigDecimal startSeconds, String title) {}

    /**
     * {@code entries} checked against a clip of {@code lengthSeconds}: the first starts at 0, each
     * later one after the one before it and before the clip's end; titles are one line of 1 to
     * {@value Chapter#MAX_TITLE} characters. A list that fails is a 422 naming the chapter.
     */
    public static List<Chapter> checked(List<Entry> entries, double lengthSeconds) {
        if (entries.size() > MAX_CHAPTERS) {
            throw invalid("A clip has at most " + MAX_CHAPTERS + " chapters; this list has " + entries.size() + ".");
        }
        var chapters = new ArrayList<Chapter>();
        for (int i = 0; i < entries.size(); i++) {
            var entry = entries.get(i);
            var where = "Chapter " + (i + 1) + ": ";
            if (entry == null || entry.startSeconds() == null) {
                throw invalid(where + "startSeconds is required.");
            }
            if (entry.startSeconds().stripTrailingZeros().scale() > 3) {
                throw invalid(where + "startSeconds has at most three decimals (milliseconds).");
            }
            long startMs;
            try {
                startMs = entry.startSeconds().movePointRight(3).longValueExact();
            } catch (ArithmeticException e) {
                throw invalid(where + "startSeconds is out of range.");
            }
            if (i == 0 && startMs != 0) {
                throw invalid(where + "the first chapter starts at 0.");
            }
            if (i > 0 && startMs <= chapters.get(i - 1).startMs()) {
                throw invalid(where + "it starts at " + seconds(startMs) + " s, not after the chapter before it ("
                        + seconds(chapters.get(i - 1).startMs()) + " s).");
            }
            if (startMs >= Math.round(lengthSeconds * 1000)) {
                throw invalid(where + "it starts at " + seconds(startMs) + " s, at or past the clip's end ("
                        + seconds(Math.round(lengthSeconds * 1000)) + " s).");
            }
            var title = entry.title() == null ? "" : entry.title().strip();
            if (title.isEmpty()) {
                throw invalid(where + "the title is empty.");
            }
            if (title.codePoints().anyMatch(Character::isISOControl)) {
                throw invalid(where + "the title is one line, without control characters.");
            }
            if (title.length() > Chapter.MAX_TITLE) {
                throw invalid(
                        where + "the title is " + title.length() + " characters; at most " + Chapter.MAX_TITLE + ".");
            }
            chapters.add(new Chapter(startMs, title));
        }
        return List.copyOf(chapters);
    }

    /**
     * The chapters a source file's container names (start in seconds, title or null), mended: in
     * start order, one per start, none at or past the clip's end, the first moved to 0, titles one
     * line of at most {@value Chapter#MAX_TITLE} characters ("Chapter N" when it has none), at most
     * {@value #MAX_CHAPTERS}.
     */
    public static List<Chapter> fromSource(List<Entry> found, double lengthSeconds) {
        long end = Math.round(lengthSeconds * 1000);
        var byStart = new TreeMap<Long, String>();
        for (var entry : found) {
            if (entry.startSeconds() == null) {
                continue;
            }
            long startMs = Math.max(0, entry.startSeconds().movePointRight(3).longValue());
            if (startMs < end || end == 0) {
                byStart.putIfAbsent(startMs, entry.title());
            }
        }
        var chapters = new ArrayList<Chapter>();
        for (var chapter : byStart.entrySet()) {
            if (chapters.size() == MAX_CHAPTERS) {
                break;
            }
            var title = Text.oneLine(chapter.getValue(), Chapter.MAX_TITLE);
            if (title.isEmpty()) {
                title = "Chapter " + (chapters.size() + 1);
            }
            chapters.add(new Chapter(chapters.isEmpty() ? 0 : chapter.getKey(), title));
        }
        return List.copyOf(chapters);
    }

    /** The WebVTT chapters track: a cue per chapter, to the next one's start or the clip's end. */
    public static String webVtt(List<Chapter> chapters, double lengthSeconds) {
        var vtt = new StringBuilder("WEBVTT\n");
        long end = Math.round(lengthSeconds * 1000);
        for (int i = 0; i < chapters.size(); i++) {
            var chapter = chapters.get(i);
            long until = i + 1 < chapters.size() ? chapters.get(i + 1).startMs() : Math.max(end, chapter.startMs());
            vtt.append('\n')
                    .append(i + 1)
                    .append('\n')
                    .append(WebVttTime.of(chapter.startMs()))
                    .append(" --> ")
                    .append(WebVttTime.of(until))
                    .append('\n')
                    .append(cueText(chapter.title()))
                    .append('\n');
        }
        return vtt.toString();
    }

    /** A title as WebVTT cue text: the characters that would start a tag or an entity escaped. */
    static String cueText(String title) {
        return title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String seconds(long ms) {
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_CHAPTERS, detail);
    }
}
