package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clips.media.entity.VideoMetadata;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ladder's one-process encode, run by the real ffmpeg on a small clip: the source is opened
 * once (the only input is before the arguments built here), progress is reported, every rung gets
 * its own playlist at its own size, the compressed rung also its MP4, and the storyboard comes out
 * of the same decode.
 */
class LadderEncodeTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    static Path dir;

    private static Path source;

    @BeforeAll
    static void clip() throws Exception {
        source = dir.resolve("source.mp4");
        run(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000",
                "-t",
                "5",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest",
                source.toString());
    }

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    @Test
    void oneProcessDecodesOnceReportsProgressAndWritesEveryRungTheCompressedCopyAndTheStoryboard() throws Exception {
        var media = new VideoMetadata(
                BigDecimal.valueOf(5), 640, 360, 0, "h264", "aac", 500, BigDecimal.valueOf(25), "mov");
        var low = new Rung(180, 320, 180, 300, 64, 28);
        var high = new Rung(360, 640, 360, 800, 96, 26);
        var outputs = List.of(
                new HlsEncoder.Output(low, Files.createDirectories(dir.resolve("180p/hls")), null),
                new HlsEncoder.Output(
                        high,
                        Files.createDirectories(dir.resolve("360p/hls")),
                        dir.resolve("360p/" + HlsEncoder.COMPRESSED)));
        var board = new HlsEncoder.StoryboardOutput(Storyboard.of(media), dir.resolve(Storyboard.SPRITE));

        var encoder = TestWatchdog.encoder(SCHEDULER);
        var loudness = new Loudness();
        loudness.ffmpeg = encoder.ffmpeg;
        var input = loudness.measure(Ffmpeg.input(source, ContainerFormat.MP4), dir, 7L);
        var normalise = Loudness.plan(input, Optional.of(new Loudness.Target(-16, -1.5)))
                .filter();
        var arguments = HlsEncoder.ladderArguments(media, outputs, board, normalise, "ultrafast");
        assertThat(arguments).doesNotContain("-i");
        // normalised once, for every rung
        assertThat(arguments.get(1)).contains(";[0:a:0]" + normalise + ",asplit=2[a0][a1]");
        var reports = new CopyOnWriteArrayList<EncodeReport>();
        encoder.encodeLadder(
                source, ContainerFormat.MP4, media, outputs, board, normalise, dir, 7L, reports::add, false);

        // ffmpeg's progress came through while it encoded (not only at its end, which an output
        // that starts late, like a tiled sprite, would cause), forwards only, to the clip's end
        var fractions = reports.stream().map(EncodeReport::fraction).toList();
        assertThat(fractions).isNotEmpty().isSorted().last().isEqualTo(1.0);
        assertThat(fractions).anyMatch(f -> f > 0 && f < 1);
        assertThat(reports).anyMatch(r -> r.speed() > 0);
        for (var output : outputs) {
            var playlist =
                    new MediaPlaylistParser().readPlaylist(output.hlsDir().resolve(HlsEncoder.PLAYLIST));
            assertThat(playlist.mediaSegments()).hasSize(2);
            var size = run(
                            "ffprobe",
                            "-v",
                            "error",
                            "-select_streams",
                            "v:0",
                            "-show_entries",
                            "stream=width,height",
                            "-of",
                            "csv=p=0",
                            output.hlsDir().resolve(HlsEncoder.INIT_SEGMENT).toString())
                    .trim();
            assertThat(size)
                    .isEqualTo(output.rung().width() + "," + output.rung().height());
            assertThat(loudness.measureRendition(output.hlsDir().resolve(HlsEncoder.PLAYLIST), dir, 7L)
                            .orElseThrow()
                            .integratedLufs())
                    .isCloseTo(-16.0, within(1.0));
        }
        assertThat(Files.exists(dir.resolve("180p/" + HlsEncoder.COMPRESSED))).isFalse();
        var compressed = run(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "stream=codec_name,width,height",
                "-of",
                "csv=p=0",
                dir.resolve("360p/" + HlsEncoder.COMPRESSED).toString());
        assertThat(compressed).contains("h264,640,360").contains("aac");
        // five seconds: a tile at 0, 2 and 4 s, 160x90 each, in one row
        var sprite = run(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=width,height",
                        "-of",
                        "csv=p=0",
                        board.sprite().toString())
                .trim();
        assertThat(sprite).isEqualTo("480,90");
    }

    @Test
    void videoOnlyRungsCarryNoAudioWhileTheCompressedCopyKeepsIt() throws Exception {
        var media = new VideoMetadata(
                BigDecimal.valueOf(5), 640, 360, 0, "h264", "aac", 500, BigDecimal.valueOf(25), "mov");
        var base = Files.createDirectories(dir.resolve("video-only"));
        var outputs = List.of(
                new HlsEncoder.Output(
                        new Rung(180, 320, 180, 300, 64, 28),
                        Files.createDirectories(base.resolve("180p")),
                        null,
                        true),
                new HlsEncoder.Output(
                        new Rung(360, 640, 360, 800, 96, 26),
                        Files.createDirectories(base.resolve("360p")),
                        base.resolve(HlsEncoder.COMPRESSED),
                        true));
        var normalise = "volume=2";
        var arguments = HlsEncoder.ladderArguments(media, outputs, null, normalise, "ultrafast");
        // the audio is normalised for the one output that has any: the compressed copy
        assertThat(arguments.get(1)).endsWith(";[0:a:0]volume=2,asplit=1[a1]");
        assertThat(String.join(" ", arguments)).contains("[f=hls:select=v:hls_time=4:");
        TestWatchdog.encoder(SCHEDULER)
                .encodeLadder(source, ContainerFormat.MP4, media, outputs, null, normalise, dir, 7L, null, false);
        for (var output : outputs) {
            assertThat(streams(output.hlsDir().resolve(HlsEncoder.INIT_SEGMENT)))
                    .isEqualTo("h264,video");
        }
        assertThat(streams(base.resolve(HlsEncoder.COMPRESSED))).isEqualTo("h264,video\naac,audio");
    }

    private static String streams(Path file) throws IOException, InterruptedException {
        return run(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_name,codec_type",
                        "-of",
                        "csv=p=0",
                        file.toString())
                .strip();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
