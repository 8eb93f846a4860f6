package com.clips.assets.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.assets.entity.Chapter;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaptersTest {

    @Test
    void aGoodListIsKeptAsMillisecondsAndStrippedTitles() {
        assertThat(Chapters.checked(List.of(entry("0", " Intro "), entry("2.5", "Middle"), entry("4.000", "End")), 6))
                .containsExactly(new Chapter(0, "Intro"), new Chapter(2500, "Middle"), new Chapter(4000, "End"));
        assertThat(Chapters.checked(List.of(), 6)).isEmpty();
    }

    @Test
    void eachRuleNamesTheChapterThatBreaksIt() {
        refused(List.of(entry("0.5", "a")), "Chapter 1: the first chapter starts at 0.");
        refused(
                List.of(entry("0", "a"), entry("3", "b"), entry("3", "c")),
                "Chapter 3: it starts at 3 s, not after the chapter before it (3 s).");
        refused(
                List.of(entry("0", "a"), entry("6", "b")),
                "Chapter 2: it starts at 6 s, at or past the clip's end (6 s).");
        refused(List.of(entry("0.0005", "a")), "Chapter 1: startSeconds has at most three decimals (milliseconds).");
        refused(List.of(entry("0", "a"), entry("1e30", "b")), "Chapter 2: startSeconds is out of range.");
        refused(List.of(entry("0", "")), "Chapter 1: the title is empty.");
        refused(Arrays.asList(entry("0", null)), "Chapter 1: the title is empty.");
        refused(List.of(entry("0", "a\tb")), "Chapter 1: the title is one line, without control characters.");
        refused(List.of(entry("0", "x".repeat(201))), "Chapter 1: the title is 201 characters; at most 200.");
        var many = new ArrayList<Chapters.Entry>();
        for (int i = 0; i < 101; i++) {
            many.add(entry(String.valueOf(i), "c"));
        }
        refused(many, "A clip has at most 100 chapters; this list has 101.");
    }

    @Test
    void aSourcesChaptersAreMendedNotRefused() {
        var found = List.of(
                entry("1.2", "First\nline"),
                entry("4", null),
                entry("3", "Duplicate start, kept"),
                entry("3", "Duplicate start, dropped"),
                entry("9", "Past the end"),
                entry("5", "x".repeat(250)));
        assertThat(Chapters.fromSource(found, 8))
                .containsExactly(
                        new Chapter(0, "First line"),
                        new Chapter(3000, "Duplicate start, kept"),
                        new Chapter(4000, "Chapter 3"),
                        new Chapter(5000, "x".repeat(200)));
    }

    @Test
    void theTrackHasACuePerChapterToTheNextOneOrTheEndWithItsTitleEscaped() {
        var vtt = Chapters.webVtt(List.of(new Chapter(0, "Intro"), new Chapter(61_500, "Tom & Jerry <live>")), 3725.25);
        assertThat(vtt)
                .isEqualTo("WEBVTT\n\n1\n00:00:00.000 --> 00:01:01.500\nIntro\n\n"
                        + "2\n00:01:01.500 --> 01:02:05.250\nTom &amp; Jerry &lt;live&gt;\n");
        assertThat(Chapters.webVtt(List.of(), 10)).isEqualTo("WEBVTT\n");
    }

    private static Chapters.Entry entry(String start, String title) {
        return new Chapters.Entry(new BigDecimal(start), title);
    }

    private static void refused(List<Chapters.Entry> entries, String detail) {
        assertThatThrownBy(() -> Chapters.checked(entries, 6)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.INVALID_CHAPTERS);
            assertThat(e.detail()).isEqualTo(detail);
        });
    }
}
