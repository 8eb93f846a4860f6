package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.media.entity.VideoMetadata;
import java.math.BigDecimal;
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
 * The content-aware ladder's choice: the largest CRF offset whose SSIM on the samples stays
 * within 0.002 of the presets' CRF; and the probe itself, run by the real ffmpeg on a clip.
 */
class LadderProbeTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    static Path dir;

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    @Test
    void theLargestOffsetWithinTheSsimAllowanceIsChosenAndSaysWhy() {
        var easy = LadderProbe.choice(List.of(
                new LadderProbe.Sample(0, 25, 0.9968, 87_146),
                new LadderProbe.Sample(3, 28, 0.9953, 76_104),
                new LadderProbe.Sample(6, 31, 0.9929, 68_128)));
        assertThat(easy.crfOffset()).isEqualTo(3);
        assertThat(easy.reason())
                .isEqualTo(
                        "CRF +3 on the rungs encoded after the probe: the samples keep SSIM 0.9953 against 0.9968 at the presets' CRF 25,"
                                + " in 13 % fewer bytes.");

        var hard = LadderProbe.choice(List.of(
                new LadderProbe.Sample(0, 23, 0.9500, 1_000_000), new LadderProbe.Sample(3, 26, 0.9450, 700_000)));
        assertThat(hard.crfOffset()).isZero();
        assertThat(hard.reason())
                .isEqualTo("The presets' CRF: CRF 26 would lose 0.00500 SSIM (0.94500 against 0.95000 at CRF 23),"
                        + " more than 0.002.");

        var flat = LadderProbe.choice(List.of(
                new LadderProbe.Sample(0, 25, 0.999, 1000),
                new LadderProbe.Sample(3, 28, 0.9985, 800),
                new LadderProbe.Sample(6, 31, 0.998, 700)));
        assertThat(flat.crfOffset()).isEqualTo(6);

        // the gameplay-like source of bench/ladder at 720p: the cap holds the samples, +6 even looks better
        var capped = LadderProbe.choice(List.of(
                new LadderProbe.Sample(0, 24, 0.9543, 1_000_000),
                new LadderProbe.Sample(3, 27, 0.9549, 995_000),
                new LadderProbe.Sample(6, 30, 0.9553, 990_000)));
        assertThat(capped.crfOffset()).isZero();
        assertThat(capped.reason())
                .isEqualTo("The presets' CRF: CRF 27 saves 1 % of the samples' bytes, less than 5 %: the rung's"
                        + " bitrate cap holds them, which says nothing of the other rungs.");

        // +3 saves enough, +6 little more than +3: +3
        var levelling = LadderProbe.choice(List.of(
                new LadderProbe.Sample(0, 25, 0.9970, 100_000),
                new LadderProbe.Sample(3, 28, 0.9965, 80_000),
                new LadderProbe.Sample(6, 31, 0.9962, 78_000)));
        assertThat(levelling.crfOffset()).isEqualTo(3);
    }

    @Test
    void theProbeMeasuresThreeSamplesOfTheSourceAtTheRungAndChoosesFromWhatItMeasured() throws Exception {
        var source = dir.resolve("screen.mp4");
        run(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=1280x720:rate=25",
                "-t",
                "12",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "18",
                "-pix_fmt",
                "yuv420p",
                source.toString());
        var media = new VideoMetadata(
                BigDecimal.valueOf(12), 1280, 720, 0, "h264", null, 900, BigDecimal.valueOf(25), "mov");
        var probe = new LadderProbe();
        probe.ffmpeg = TestWatchdog.encoder(SCHEDULER).ffmpeg;
        probe.speedPreset = "veryfast";
        var work = Files.createDirectories(dir.resolve("probe"));

        var choice = probe.choose(source, ContainerFormat.MP4, media, new Rung(360, 640, 360, 1000, 96, 25), work, 5L);

        // three 2 s samples at 640x360: 6 s of 25 fps
        var frames = run(
                        "ffprobe",
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=width,height,nb_read_frames",
                        "-of",
                        "csv=p=0",
                        work.resolve("samples.mkv").toString())
                .trim();
        assertThat(frames).isEqualTo("640,360,150");
        var samples = choice.samples();
        assertThat(samples.get(0).offset()).isZero();
        assertThat(samples.get(0).crf()).isEqualTo(25);
        assertThat(samples).allSatisfy(s -> assertThat(s.ssim()).isBetween(0.5, 1.0));
        assertThat(samples).extracting(LadderProbe.Sample::bytes).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(choice).isEqualTo(LadderProbe.choice(samples));
    }

    private static String run(String... command) throws Exception {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
