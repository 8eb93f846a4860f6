package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard-input fast path on clips the real ffmpeg makes: what ffprobe reads of them, which
 * reasons keep one off the path, and the remux of one that is on it (copied streams, cut at its
 * own key frames, the CODECS of its own profile and level).
 */
class StandardInputTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    private static final Rung TOP = new Rung(360, 640, 360, 1000, 96, 25);

    @TempDir
    static Path dir;

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    @Test
    void aHighProfileClipWithKeyFramesEveryTwoSecondsIsRemuxedIntoFourSecondSegments() throws Exception {
        var source = clip("standard.mp4", "640x360", "-preset", "veryfast", "-profile:v", "high", "-g", "50");
        var streams = TestWatchdog.prober(SCHEDULER).streams(source, ContainerFormat.MP4);
        assertThat(StandardInput.reasons(streams, TOP)).isEmpty();

        var output = new HlsEncoder.Output(TOP, Files.createDirectories(dir.resolve("remux/hls")), null);
        var encoder = TestWatchdog.encoder(SCHEDULER);
        encoder.remux(source, ContainerFormat.MP4, output, null, dir, 3L);
        var hls = encoder.describe(output.hlsDir());
        assertThat(hls.segmentCount()).isEqualTo(3);
        assertThat(hls.longestSegmentSeconds()).isEqualTo(4.0);
        assertThat(StandardInput.keyframes(hls.longestSegmentSeconds())).isEmpty();
        int level = Integer.parseInt(probe(source, "v:0", "stream=level"));
        assertThat(InitSegmentCodecs.of(output.hlsDir().resolve(HlsEncoder.INIT_SEGMENT)))
                .isEqualTo(String.format("avc1.6400%02x,mp4a.40.2", level));
        // copied, not encoded: the remux holds the source's very packets
        assertThat(probe(
                        output.hlsDir().resolve(HlsEncoder.PLAYLIST),
                        "v:0",
                        "stream=nb_read_packets",
                        "-count_packets"))
                .isEqualTo(probe(source, "v:0", "stream=nb_read_packets", "-count_packets"));

        // normalised: the video still copied, the audio alone encoded through the filter
        var loudness = new Loudness();
        loudness.ffmpeg = encoder.ffmpeg;
        var input = loudness.measure(Ffmpeg.input(source, ContainerFormat.MP4), dir, 3L);
        var plan = Loudness.plan(input, Optional.of(new Loudness.Target(-16, -1.5)));
        var normalised = new HlsEncoder.Output(TOP, Files.createDirectories(dir.resolve("normalised/hls")), null);
        encoder.remux(source, ContainerFormat.MP4, normalised, plan.filter(), dir, 3L);
        assertThat(probe(
                        normalised.hlsDir().resolve(HlsEncoder.PLAYLIST),
                        "v:0",
                        "stream=nb_read_packets",
                        "-count_packets"))
                .isEqualTo(probe(source, "v:0", "stream=nb_read_packets", "-count_packets"));
        assertThat(input.orElseThrow().integratedLufs()).isLessThan(-19.0);
        assertThat(loudness.measureRendition(normalised.hlsDir().resolve(HlsEncoder.PLAYLIST), dir, 3L)
                        .orElseThrow()
                        .integratedLufs())
                .isCloseTo(-16.0, within(1.0));
    }

    @Test
    void keyFramesTenSecondsApartMakeSegmentsTooLongForTheFastPath() throws Exception {
        var source = clip("long-gop.mp4", "640x360", "-preset", "veryfast", "-profile:v", "high", "-g", "250");
        var streams = TestWatchdog.prober(SCHEDULER).streams(source, ContainerFormat.MP4);
        assertThat(StandardInput.reasons(streams, TOP)).isEmpty();
        var output = new HlsEncoder.Output(TOP, Files.createDirectories(dir.resolve("long/hls")), null);
        var encoder = TestWatchdog.encoder(SCHEDULER);
        encoder.remux(source, ContainerFormat.MP4, output, null, dir, 4L);

        assertThat(StandardInput.keyframes(encoder.describe(output.hlsDir()).longestSegmentSeconds()))
                .containsExactly("Its key frames are too far apart: its segments would be up to 10.0 s long, and the"
                        + " fast path takes 6 s at most.");
    }

    @Test
    void anOpenGopSourceIsNotRemuxedAndAClosedOneIs() throws Exception {
        // x264's open GOPs: every key frame after the first is a recovery-point I frame with three
        // B frames before it that are decoded after it
        var open = clip(
                "open-gop.mp4",
                "640x360",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-x264-params",
                "open-gop=1:keyint=50:min-keyint=50:scenecut=0:bframes=3:b-adapt=0");
        var closed = clip(
                "closed-gop.mp4",
                "640x360",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-x264-params",
                "keyint=50:min-keyint=50:scenecut=0:bframes=3:b-adapt=0");
        var prober = TestWatchdog.prober(SCHEDULER);
        assertThat(StandardInput.reasons(prober.streams(open, ContainerFormat.MP4), TOP))
                .isEmpty();

        // 10 s with a key frame every 2 s: five, the four after the first open
        assertThat(prober.openGops(open, ContainerFormat.MP4)).isEqualTo(4);
        assertThat(StandardInput.gops(prober.openGops(open, ContainerFormat.MP4)))
                .containsExactly("Its GOPs are open: 4 of its key frames in the first 30 s are followed by pictures"
                        + " shown before them; the fast path takes closed GOPs.");
        assertThat(prober.openGops(closed, ContainerFormat.MP4)).isZero();
        assertThat(StandardInput.gops(0)).isEmpty();
    }

    @Test
    void leadingPicturesAreCountedOncePerKeyFrame() {
        // {pts, key}: I0 P3 B1 B2 | I6 B4 B5 P9 B7 B8 | I12 P15 B13
        var packets = List.of(
                new long[] {0, 1},
                new long[] {3, 0},
                new long[] {1, 0},
                new long[] {2, 0},
                new long[] {6, 1},
                new long[] {4, 0},
                new long[] {5, 0},
                new long[] {9, 0},
                new long[] {7, 0},
                new long[] {8, 0},
                new long[] {12, 1},
                new long[] {15, 0},
                new long[] {13, 0});
        assertThat(MediaProber.openGops(packets)).isEqualTo(1);
        assertThat(MediaProber.openGops(List.of())).isZero();
    }

    @Test
    void baselineProfileAnotherSizeAndTooHighABitrateAreEachAReason() throws Exception {
        var source = clip("baseline.mp4", "320x180", "-preset", "ultrafast", "-b:v", "2000k");
        var streams = TestWatchdog.prober(SCHEDULER).streams(source, ContainerFormat.MP4);

        var reasons = StandardInput.reasons(streams, TOP);
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0))
                .isEqualTo("The video is H.264 Constrained Baseline; the fast path takes Main or High.");
        assertThat(reasons.get(1))
                .isEqualTo("The video is 320x180; the fast path takes the size of the top rung, 640x360.");
        assertThat(reasons.get(2))
                .isEqualTo("The video's bitrate, " + streams.videoKbps()
                        + " kbit/s, is more than 20 % over the top rung's 1000 kbit/s.");
    }

    @Test
    void otherCodecsPixelsRotationRateAndSurroundAreReasonsToo() {
        var streams = new StandardInput.Streams(
                "hevc", "Main", "yuv420p10le", "4:3", 90, 640, 360, 120.0, 900, "opus", 6, 128);
        assertThat(StandardInput.reasons(streams, TOP))
                .containsExactly(
                        "The video is hevc, not H.264.",
                        "The video's pixels are yuv420p10le, not 8-bit 4:2:0 (yuv420p).",
                        "The video's pixels are not square (sample aspect ratio 4:3).",
                        "The video is rotated by 90 degrees, which players handle unevenly.",
                        "The video runs at 120.000 fps; renditions run at 60 at most.",
                        "The audio is opus, not AAC.");
        var surround =
                new StandardInput.Streams("h264", "High", "yuv420p", "1:1", 0, 640, 360, 30.0, 900, "aac", 6, 384);
        assertThat(StandardInput.reasons(surround, TOP))
                .containsExactly("The audio has 6 channels; the fast path takes mono or stereo.");
        var silent = new StandardInput.Streams("h264", "Main", "yuv420p", null, 0, 640, 360, 30.0, 1200, null, 0, null);
        assertThat(StandardInput.reasons(silent, TOP)).isEmpty();
    }

    /** Ten seconds of H.264 at 25 fps with AAC, encoded with {@code videoArgs}. */
    private static Path clip(String name, String size, String... videoArgs) throws Exception {
        var out = dir.resolve(name);
        var command = new ArrayList<>(List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + size + ":rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000",
                "-t",
                "10",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p"));
        command.addAll(List.of(videoArgs));
        command.addAll(List.of("-c:a", "aac", "-shortest", out.toString()));
        run(command);
        return out;
    }

    private static String probe(Path file, String stream, String entries, String... extra) throws Exception {
        var command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(extra));
        command.addAll(List.of("-select_streams", stream, "-show_entries", entries, "-of", "csv=p=0", file.toString()));
        // an HLS playlist is a program too: its streams are listed twice
        return run(command).lines().filter(line -> !line.isBlank()).findFirst().orElse("");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
