package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text subtitle streams of a source, found by ffprobe and turned into WebVTT by the real ffmpeg. */
class SourceSubtitlesTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    static Path dir;

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    @Test
    void iso639TagsBecomeBcp47() {
        assertThat(SourceSubtitles.language("eng")).isEqualTo("en");
        assertThat(SourceSubtitles.language("fre")).isEqualTo("fr");
        assertThat(SourceSubtitles.language("fra")).isEqualTo("fr");
        assertThat(SourceSubtitles.language("ger")).isEqualTo("de");
        assertThat(SourceSubtitles.language("pt")).isEqualTo("pt");
        // a language without a two-letter code keeps its three letters
        assertThat(SourceSubtitles.language("haw")).isEqualTo("haw");
        assertThat(SourceSubtitles.language("und")).isEqualTo("und");
        assertThat(SourceSubtitles.language(null)).isEqualTo("und");
        assertThat(SourceSubtitles.language("not a tag")).isEqualTo("und");
    }

    @Test
    void everyTextStreamOfAnMkvIsExtractedAsWebVtt() throws Exception {
        var srt = Files.writeString(
                dir.resolve("en.srt"),
                "1\n00:00:00,500 --> 00:00:01,500\n[door creaks] Hello\n\n2\n00:00:02,000 --> 00:00:03,000\nBye\n",
                StandardCharsets.UTF_8);
        var source = dir.resolve("two-tracks.mkv");
        var command = List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-i",
                srt.toString(),
                "-i",
                srt.toString(),
                "-map",
                "0:v",
                "-map",
                "1",
                "-map",
                "2",
                "-t",
                "4",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:s",
                "srt",
                "-metadata:s:s:0",
                "language=eng",
                "-metadata:s:s:0",
                "title=English SDH",
                "-disposition:s:0",
                "hearing_impaired",
                "-metadata:s:s:1",
                "language=fre",
                source.toString());
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();

        var subtitles = new SourceSubtitles();
        subtitles.prober = TestWatchdog.prober(SCHEDULER);
        subtitles.ffmpeg = TestWatchdog.encoder(SCHEDULER).ffmpeg;
        var work = Files.createDirectories(dir.resolve("work"));
        var found = subtitles.extract(source, ContainerFormat.MATROSKA, work, 7L);

        assertThat(found).extracting(e -> e.stream().index()).containsExactly(1, 2);
        assertThat(found).extracting(e -> e.stream().codec()).containsExactly("subrip", "subrip");
        assertThat(found).extracting(e -> e.stream().language()).containsExactly("eng", "fre");
        assertThat(found).extracting(e -> e.stream().title()).containsExactly("English SDH", null);
        assertThat(found).extracting(e -> e.stream().hearingImpaired()).containsExactly(true, false);
        assertThat(new String(found.get(0).webvtt(), StandardCharsets.UTF_8))
                .isEqualTo("WEBVTT\n\n00:00.500 --> 00:01.500\n[door creaks] Hello\n\n00:02.000 --> 00:03.000\nBye\n");
    }
}
