package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source's audio streams as tracks: languages as BCP-47 tags, names unique (title, else the
 * language's English name, else "Track N"), at most eight; and the real ffprobe and ffmpeg listing
 * an MKV's two streams and encoding the second alone into an audio-only HLS rendition in French.
 */
class SourceAudioTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    static Path dir;

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    @Test
    void tracksAreNamedByTitleThenLanguageThenPositionAndNeverTwiceAlike() {
        var tracks = SourceAudio.tracks(List.of(
                new SourceAudio.Stream(0, 1, "aac", "eng", null),
                new SourceAudio.Stream(1, 2, "aac", "fre", "Commentaire\n"),
                new SourceAudio.Stream(2, 3, "ac3", null, null),
                new SourceAudio.Stream(3, 4, "aac", "en", null),
                new SourceAudio.Stream(4, 5, "opus", "deu", "English")));
        assertThat(tracks).extracting(SourceAudio.Track::language).containsExactly("en", "fr", "und", "en", "de");
        assertThat(tracks).extracting(SourceAudio.Track::iso639).containsExactly("eng", "fra", null, "eng", "deu");
        assertThat(tracks)
                .extracting(SourceAudio.Track::name)
                .containsExactly("English", "Commentaire", "Track 3", "English 2", "English 3");
    }

    @Test
    void aLoneUntaggedStreamIsCalledAudio() {
        assertThat(SourceAudio.tracks(List.of(new SourceAudio.Stream(0, 1, "aac", null, null))))
                .extracting(SourceAudio.Track::name)
                .containsExactly("Audio");
    }

    @Test
    void atMostEightStreamsBecomeTracks() {
        var streams = java.util.stream.IntStream.range(0, 12)
                .mapToObj(n -> new SourceAudio.Stream(n, n + 1, "aac", null, null))
                .toList();
        assertThat(SourceAudio.tracks(streams)).hasSize(SourceAudio.MAX_TRACKS);
    }

    @Test
    void theSecondStreamOfAnMkvIsEncodedAloneIntoAnAudioRenditionInItsLanguage() throws Exception {
        var source = dir.resolve("two.mkv");
        run(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=160x120:rate=10",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=660",
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-map",
                "2:a",
                "-t",
                "5",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-c:a",
                "aac",
                "-metadata:s:a:1",
                "language=fre",
                "-metadata:s:a:1",
                "title=Commentaire",
                source.toString());
        var streams = TestWatchdog.prober(SCHEDULER).audioStreams(source, ContainerFormat.MATROSKA);
        assertThat(streams)
                .containsExactly(
                        new SourceAudio.Stream(0, 1, "aac", null, null),
                        new SourceAudio.Stream(1, 2, "aac", "fre", "Commentaire"));

        var hls = Files.createDirectories(dir.resolve("a1"));
        var encoder = TestWatchdog.encoder(SCHEDULER);
        encoder.encodeAudio(source, ContainerFormat.MATROSKA, 1, "fra", null, hls, dir, 3L);
        var probed = run(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "stream=codec_type,codec_name,channels:stream_tags=language",
                "-of",
                "csv=p=0",
                hls.resolve(HlsEncoder.INIT_SEGMENT).toString());
        assertThat(probed.strip()).isEqualTo("aac,audio,2,fra");
        var made = encoder.describe(hls);
        assertThat(made.segmentCount()).isEqualTo(2);
        assertThat(made.durationSeconds()).isBetween(4.9, 5.1);
    }

    private static String run(String... command) throws Exception {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
