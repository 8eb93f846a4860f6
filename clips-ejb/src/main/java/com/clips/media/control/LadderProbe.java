package com.clips.media.control;

import com.clips.media.entity.VideoMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The content-aware part of the ladder: a quick complexity probe of the source sets how far above
 * the presets' CRF its rungs are encoded. Up to three 2 s samples of the source (at 20, 50 and
 * 80 % of it) are scaled to the lowest rung still to encode in the probing partition and encoded
 * there at the preset's CRF and at {@link #OFFSETS} above it; the largest offset that is
 * {@link #acceptable} is chosen for the rungs encoded after the probe. An easy source
 * (slides, a screen) tolerates a higher CRF at no visible cost and gets fewer bytes; a hard one
 * keeps the preset's. The presets' bitrate caps stay as they are (never above the preset), no
 * rung is upscaled, and {@link #MAX_OFFSET} is the floor of quality.
 */
@ApplicationScoped
public class LadderProbe {

    /** CRF steps tried above the preset's, in order; 6 is also the largest (the quality floor). */
    static final List<Integer> OFFSETS = List.of(3, 6);

    static final int MAX_OFFSET = 6;

    /** The SSIM an offset may cost against the preset's CRF on the samples. */
    static final double MAX_SSIM_LOSS = 0.002;

    static final double SAMPLE_SECONDS = 2;

    /** The fewest bytes an offset must save over the one before it to be taken (see {@link #acceptable}). */
    static final double MIN_SAVING = 0.05;

    /** Why a clip whose one rung to encode is also its first playable one is not probed. */
    public static final String FIRST_PLAYABLE_ONLY =
            "The presets' CRF: the clip's one rung to encode is its first playable one, which the probe would delay.";

    /** Why the presets' CRF holds when the probe could not decode its samples (the ladder then says why). */
    public static final String NOT_SAMPLED = "The presets' CRF: the complexity probe could not sample the source.";

    private static final Pattern ALL = Pattern.compile("All:([0-9.]+)");

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    @ConfigProperty(name = "clips.encode.preset", defaultValue = "veryfast")
    String speedPreset;

    /** One encode of the samples: its CRF offset, SSIM against the samples, and size. */
    public record Sample(int offset, int crf, double ssim, long bytes) {}

    /** The offset chosen, what each try measured, and why, in one sentence for the asset JSON. */
    public record Choice(int crfOffset, List<Sample> samples, String reason) {}

    /**
     * Measures {@code source} at {@code rung} (the lowest of the rungs still to encode) and chooses
     * the offset for the rungs encoded after it.
     */
    public Choice choose(
            Path source, ContainerFormat format, VideoMetadata media, Rung rung, Path workDir, long jobExecution) {
        var reference = workDir.resolve("samples.mkv");
        ffmpeg.run(samplesArguments(source, format, media, rung, reference), workDir, "ladder samples", jobExecution);
        var samples = new ArrayList<Sample>();
        samples.add(measure(reference, rung, 0, workDir, jobExecution));
        var chosen = samples.get(0);
        for (int offset : OFFSETS) {
            var sample = measure(reference, rung, offset, workDir, jobExecution);
            samples.add(sample);
            if (!acceptable(samples.get(0), chosen, sample)) {
                break;
            }
            chosen = sample;
        }
        return choice(samples);
    }

    /** The largest {@link #acceptable} offset, with the reason in one sentence. */
    static Choice choice(List<Sample> samples) {
        var base = samples.get(0);
        var chosen = base;
        Sample refused = null;
        for (var sample : samples.subList(1, samples.size())) {
            if (acceptable(base, chosen, sample)) {
                chosen = sample;
            } else {
                refused = sample;
                break;
            }
        }
        String reason;
        if (chosen != base) {
            reason = String.format(
                    Locale.ROOT,
                    "CRF +%d on the rungs encoded after the probe: the samples keep SSIM %.4f against %.4f at the"
                            + " presets' CRF %d, in %d %% fewer bytes.",
                    chosen.offset(),
                    chosen.ssim(),
                    base.ssim(),
                    base.crf(),
                    percentFewer(base, chosen));
        } else if (refused == null) {
            reason = "The presets' CRF: nothing else was tried.";
        } else if (base.ssim() - refused.ssim() > MAX_SSIM_LOSS) {
            reason = String.format(
                    Locale.ROOT,
                    "The presets' CRF: CRF %d would lose %.5f SSIM (%.5f against %.5f at CRF %d), more than %.3f.",
                    refused.crf(),
                    base.ssim() - refused.ssim(),
                    refused.ssim(),
                    base.ssim(),
                    base.crf(),
                    MAX_SSIM_LOSS);
        } else {
            reason = String.format(
                    Locale.ROOT,
                    "The presets' CRF: CRF %d saves %d %% of the samples' bytes, less than %d %%: the rung's bitrate"
                            + " cap holds them, which says nothing of the other rungs.",
                    refused.crf(),
                    percentFewer(base, refused),
                    Math.round(100 * MIN_SAVING));
        }
        return new Choice(chosen.offset(), List.copyOf(samples), reason);
    }

    /**
     * Whether {@code sample} may replace {@code chosen}: within the SSIM allowance of the presets'
     * CRF, at most the floor, and at least {@link #MIN_SAVING} fewer bytes than {@code chosen}.
     * Samples that barely shrink are held by the rung's bitrate cap: their SSIM then measures the
     * cap, not the CRF, and a rung the cap does not hold would lose more (a gameplay-like source
     * probed at 720p lost 0.0094 SSIM at 1080p with +6 before this rule).
     */
    static boolean acceptable(Sample base, Sample chosen, Sample sample) {
        return base.ssim() - sample.ssim() <= MAX_SSIM_LOSS
                && sample.offset() <= MAX_OFFSET
                && sample.bytes() <= chosen.bytes() * (1 - MIN_SAVING);
    }

    private static long percentFewer(Sample base, Sample other) {
        return Math.round(100.0 * (base.bytes() - other.bytes()) / Math.max(1, base.bytes()));
    }

    private Sample measure(Path reference, Rung rung, int offset, Path workDir, long jobExecution) {
        var tried = rung.withCrfOffset(offset);
        var encoded = workDir.resolve("sample-" + offset + ".mp4");
        var stats = workDir.resolve("sample-" + offset + ".ssim");
        var encode = new ArrayList<>(Ffmpeg.input(reference, ContainerFormat.MATROSKA));
        encode.addAll(List.of("-map", "0:v:0", "-an"));
        encode.addAll(HlsEncoder.encoderArguments(tried, speedPreset));
        encode.add(encoded.toString());
        ffmpeg.run(encode, workDir, "ladder sample crf " + tried.crf(), jobExecution);
        var compare = new ArrayList<>(Ffmpeg.input(encoded, ContainerFormat.MP4));
        compare.addAll(List.of(
                "-protocol_whitelist", "file", "-f", ContainerFormat.MATROSKA.demuxer(), "-i", reference.toString()));
        compare.addAll(List.of("-lavfi", "[0:v][1:v]ssim=stats_file=" + stats, "-f", "null", "-"));
        ffmpeg.run(compare, workDir, "ladder sample ssim", jobExecution);
        try {
            return new Sample(offset, tried.crf(), meanSsim(Files.readAllLines(stats)), Files.size(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mean of the per-frame "All:" values in an ssim filter's stats file. */
    static double meanSsim(List<String> lines) {
        double sum = 0;
        int frames = 0;
        for (var line : lines) {
            var all = ALL.matcher(line);
            if (all.find()) {
                sum += Double.parseDouble(all.group(1));
                frames++;
            }
        }
        if (frames == 0) {
            throw new UnsupportedMediaException(Ffmpeg.couldNotMake("ladder sample"));
        }
        return sum / frames;
    }

    /** The samples, scaled to the rung and concatenated, losslessly: what each try is measured against. */
    static List<String> samplesArguments(
            Path source, ContainerFormat format, VideoMetadata media, Rung rung, Path reference) {
        double length = media.lengthSeconds();
        var starts = new ArrayList<Double>();
        if (length >= 5 * SAMPLE_SECONDS) {
            for (double at : List.of(0.2, 0.5, 0.8)) {
                starts.add(Math.max(0, at * length - SAMPLE_SECONDS / 2));
            }
        } else {
            starts.add(0.0);
        }
        double each =
                starts.size() == 1 ? Math.min(Math.max(length, SAMPLE_SECONDS), 3 * SAMPLE_SECONDS) : SAMPLE_SECONDS;
        var args = new ArrayList<String>();
        var graph = new StringBuilder();
        for (int i = 0; i < starts.size(); i++) {
            var seek = List.of(
                    "-ss",
                    String.format(Locale.ROOT, "%.3f", starts.get(i)),
                    "-t",
                    String.format(Locale.ROOT, "%.3f", each));
            if (i == 0) {
                args.addAll(Ffmpeg.input(source, format, seek.toArray(String[]::new)));
            } else {
                args.addAll(seek);
                args.addAll(List.of("-protocol_whitelist", "file", "-f", format.demuxer(), "-i", source.toString()));
            }
            graph.append('[').append(i).append(":v:0]");
            if (media.frameRate() != null && media.frameRate().doubleValue() > HlsEncoder.MAX_FRAME_RATE) {
                graph.append("fps=").append(HlsEncoder.MAX_FRAME_RATE).append(',');
            }
            graph.append("scale=")
                    .append(rung.width())
                    .append(':')
                    .append(rung.height())
                    .append(",format=yuv420p,setsar=1[p")
                    .append(i)
                    .append("];");
        }
        for (int i = 0; i < starts.size(); i++) {
            graph.append("[p").append(i).append(']');
        }
        graph.append("concat=n=").append(starts.size()).append(":v=1:a=0[samples]");
        args.addAll(List.of(
                "-filter_complex",
                graph.toString(),
                "-map",
                "[samples]",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-qp",
                "0",
                reference.toString()));
        return args;
    }
}
