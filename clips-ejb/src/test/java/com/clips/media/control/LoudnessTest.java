package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loudness normalisation: the plan for a measured source (left alone, constant gain, dynamic mode,
 * silent, off), ebur128's summary read back, and both passes run by the real ffmpeg on a quiet
 * mono tone, whose normalised stereo output ebur128 measures at the target.
 */
class LoudnessTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    private static final Loudness.Target R128_WEB = new Loudness.Target(-16, -1.5);

    @TempDir
    static Path dir;

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    @Test
    void ebur128sSummaryIsReadFromTheLastOneInTheLog() {
        var log = "[Parsed_ebur128_1 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -30.6 LUFS\n"
                + "    Threshold: -40.6 LUFS\n\n  Loudness range:\n    LRA:         0.1 LU\n    Threshold: -50.6 LUFS\n"
                + "    LRA low:   -30.7 LUFS\n    LRA high:  -30.5 LUFS\n\n  True peak:\n    Peak:      -23.6 dBFS\n";
        assertThat(Loudness.parse("Input #0, mov\n" + log))
                .contains(new Loudness.Measurement(-30.6, -40.6, 0.1, -23.6));
        var silence = "Summary:\n\n  Integrated loudness:\n    I:         -70.0 LUFS\n    Threshold:   0.0 LUFS\n\n"
                + "  Loudness range:\n    LRA:         0.0 LU\n    Threshold:   0.0 LUFS\n\n  True peak:\n"
                + "    Peak:       -inf dBFS\n";
        assertThat(Loudness.parse(silence).orElseThrow().silent()).isTrue();
        assertThat(Loudness.parse("Conversion failed!")).isEmpty();
        assertThat(Loudness.parse(null)).isEmpty();
    }

    @Test
    void thePlanSaysWhatIsDoneToTheAudioAndWhy() {
        var quiet = Optional.of(new Loudness.Measurement(-30.6, -40.6, 0.1, -23.6));
        var linear = Loudness.plan(quiet, Optional.of(R128_WEB));
        assertThat(linear.reason()).isEqualTo("Normalised by a constant gain of +14.6 dB (loudnorm, linear).");
        assertThat(linear.filter())
                .isEqualTo("aformat=sample_rates=48000:channel_layouts=stereo,loudnorm=I=-16.0:TP=-1.5:LRA=11"
                        + ":measured_I=-30.6:measured_TP=-23.6:measured_LRA=0.1:measured_thresh=-40.6:offset=0"
                        + ":linear=true:print_format=none,aresample=48000");

        var peaky = Loudness.plan(Optional.of(new Loudness.Measurement(-24, -34, 14.2, -3)), Optional.of(R128_WEB));
        assertThat(peaky.reason())
                .isEqualTo("Normalised by loudnorm's dynamic mode: a constant gain of +8.0 dB would pass the"
                        + " true-peak ceiling of -1.5 dBTP (or the range is over 50 LU).");
        assertThat(peaky.filter()).contains(":LRA=15:");

        var mastered = Loudness.plan(Optional.of(new Loudness.Measurement(-16.8, -26.8, 6, -2)), Optional.of(R128_WEB));
        assertThat(mastered).isEqualTo(new Loudness.Plan(null, Loudness.WITHIN));
        // within 1 LU, but its peaks are over the ceiling
        assertThat(Loudness.plan(Optional.of(new Loudness.Measurement(-16.5, -26.5, 6, -0.5)), Optional.of(R128_WEB))
                        .filter())
                .isNotNull();

        assertThat(Loudness.plan(
                        Optional.of(new Loudness.Measurement(-70, 0, 0, Double.NEGATIVE_INFINITY)),
                        Optional.of(R128_WEB)))
                .isEqualTo(new Loudness.Plan(null, Loudness.SILENT));
        assertThat(Loudness.plan(Optional.empty(), Optional.of(R128_WEB)))
                .isEqualTo(new Loudness.Plan(null, Loudness.NOT_MEASURED));
        assertThat(Loudness.plan(quiet, Optional.empty())).isEqualTo(new Loudness.Plan(null, Loudness.OFF));
    }

    @Test
    void theTenantsProfileOverridesThePlatformsTarget() {
        var loudness = new Loudness();
        loudness.normalize = true;
        loudness.targetLufs = -16;
        loudness.truePeakDbtp = -1.5;
        assertThat(loudness.target(null, null, null)).contains(R128_WEB);
        assertThat(loudness.target(null, -23.0, null)).contains(new Loudness.Target(-23, -1.5));
        assertThat(loudness.target(false, -23.0, null)).isEmpty();
        loudness.normalize = false;
        assertThat(loudness.target(null, null, null)).isEmpty();
        assertThat(loudness.target(true, null, -2.0)).contains(new Loudness.Target(-16, -2));
    }

    @Test
    void aQuietMonoToneIsMeasuredAndBroughtToTheTargetInStereo() throws Exception {
        var source = dir.resolve("quiet.mp4");
        run(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=500:sample_rate=44100,volume=0.05",
                "-t",
                "8",
                "-ac",
                "1",
                "-c:a",
                "aac",
                source.toString());
        var loudness = new Loudness();
        loudness.ffmpeg = TestWatchdog.encoder(SCHEDULER).ffmpeg;
        var work = Files.createDirectories(dir.resolve("work"));

        var input = loudness.measure(Ffmpeg.input(source, ContainerFormat.MP4), work, 7L)
                .orElseThrow();
        // measured as the renditions carry it: upmixed to stereo, 3 LU louder than its mono self (-50.8)
        assertThat(input.integratedLufs()).isCloseTo(-47.8, within(0.3));
        var plan = Loudness.plan(Optional.of(input), Optional.of(R128_WEB));
        assertThat(plan.reason()).startsWith("Normalised by a constant gain of +");

        var normalised = dir.resolve("normalised.m4a");
        var args = new java.util.ArrayList<>(List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-i",
                source.toString(),
                "-af",
                plan.filter(),
                "-c:a",
                "aac",
                "-ac",
                "2",
                "-ar",
                "48000",
                normalised.toString()));
        run(args.toArray(String[]::new));
        var output = loudness.measure(Ffmpeg.input(normalised, ContainerFormat.MP4), work, 7L)
                .orElseThrow();
        assertThat(output.integratedLufs()).isCloseTo(-16.0, within(1.0));
        assertThat(output.truePeakDbtp()).isLessThanOrEqualTo(-1.0);
        assertThat(Files.list(work)).isEmpty();
    }

    private static String run(String... command) throws Exception {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
