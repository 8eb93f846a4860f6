package com.clips.media.control;

import com.clips.media.entity.AudioLoudness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Loudness normalisation to EBU R128 / ITU-R BS.1770, in two passes. The probe step measures the
 * source's audio once (FFmpeg's {@code ebur128} filter with true peaks: integrated loudness, its
 * gating threshold, loudness range, true peak); every rendition's audio then goes through
 * {@code loudnorm} given those measurements, which applies one constant gain (its linear mode)
 * unless that gain would push the true peak past the ceiling, where it falls back to its dynamic
 * mode. Both passes see the audio as the renditions carry it (48 kHz stereo), so a mono source's
 * upmix is measured too.
 *
 * <p>The first pass is {@code ebur128} rather than {@code loudnorm}'s own: it reports the same four
 * figures from the same BS.1770 meter in a fifth of the time (0.36 s against 1.7 s for a minute of
 * stereo on these machines), because it does not resample the audio to 192 kHz.
 */
@ApplicationScoped
public class Loudness {

    /** How far from the target a source's integrated loudness may be to be left as it is. */
    static final double TOLERANCE_LU = 1.0;

    /** The loudness range loudnorm is given at least; a wider source's own range is kept (up to loudnorm's 50). */
    static final double MIN_RANGE_LU = 11;

    static final double MAX_RANGE_LU = 50;

    /** Below this, ebur128's absolute gate: nothing was loud enough to measure. */
    static final double SILENCE_LUFS = -70;

    static final String AS_RENDERED = "aformat=sample_rates=48000:channel_layouts=stereo";

    public static final String OFF =
            "Not normalised: loudness normalisation is off in the tenant's encoding profile or the platform's settings.";
    public static final String SILENT = "Not normalised: the audio is silent.";
    public static final String NOT_MEASURED = "Not normalised: the audio could not be measured.";
    public static final String WITHIN =
            "Left as it is: already within 1 LU of the target and under its true-peak ceiling.";

    private static final Pattern SUMMARY = Pattern.compile(
            "Integrated loudness:\\s+I:\\s+(-?[0-9.]+) LUFS\\s+Threshold:\\s+(-?[0-9.]+) LUFS\\s+"
                    + "Loudness range:\\s+LRA:\\s+(-?[0-9.]+) LU.*?True peak:\\s+Peak:\\s+(-?[0-9.]+|-inf) dBFS",
            Pattern.DOTALL);

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    @ConfigProperty(name = "clips.processing.loudness.normalize", defaultValue = "true")
    boolean normalize;

    @Inject
    @ConfigProperty(name = "clips.processing.loudness.target-lufs", defaultValue = "-16")
    double targetLufs;

    @Inject
    @ConfigProperty(name = "clips.processing.loudness.true-peak-dbtp", defaultValue = "-1.5")
    double truePeakDbtp;

    /** What BS.1770 measured: integrated loudness, its relative gate, loudness range, true peak. */
    public record Measurement(double integratedLufs, double thresholdLufs, double rangeLu, double truePeakDbtp) {
        boolean silent() {
            return integratedLufs <= SILENCE_LUFS || Double.isInfinite(truePeakDbtp);
        }
    }

    /** Where the audio is brought: integrated loudness and the true-peak ceiling. */
    public record Target(double integratedLufs, double truePeakDbtp) {}

    /**
     * The target for a tenant's encoding profile ({@code normalize}, {@code integratedLufs},
     * {@code truePeakDbtp}; each null for the platform's setting); empty when normalisation is off.
     */
    public Optional<Target> target(Boolean normalize, Double integratedLufs, Double truePeakDbtp) {
        if (!(normalize == null ? this.normalize : normalize)) {
            return Optional.empty();
        }
        return Optional.of(new Target(
                integratedLufs == null ? targetLufs : integratedLufs,
                truePeakDbtp == null ? this.truePeakDbtp : truePeakDbtp));
    }

    /**
     * Measures the first audio stream of the input that {@code input} opens (ffmpeg's arguments
     * up to and including {@code -i}); empty if ffmpeg could not, which the caller reports.
     */
    public Optional<Measurement> measure(List<String> input, Path workDir, long owner) {
        return measure(input, 0, workDir, owner);
    }

    /** Measures the {@code position}-th audio stream ({@code 0:a:position}) of the input. */
    public Optional<Measurement> measure(List<String> input, int position, Path workDir, long owner) {
        var args = new ArrayList<>(input);
        // the summary is written at the info level; the per-frame lines go to verbose with framelog
        args.set(args.indexOf("-v") + 1, "info");
        args.addAll(List.of(
                "-map",
                "0:a:" + position,
                "-vn",
                "-sn",
                "-dn",
                "-af",
                AS_RENDERED + ",ebur128=peak=true:framelog=verbose",
                "-f",
                "null",
                "-"));
        try {
            return parse(ffmpeg.runForLog(args, workDir, "loudness", owner));
        } catch (UnsupportedMediaException e) {
            return Optional.empty();
        }
    }

    /** Measures a rendition's audio from its HLS playlist in a work directory, as a player would hear it. */
    public Optional<Measurement> measureRendition(Path playlist, Path workDir, long owner) {
        return measure(Ffmpeg.input(playlist, "hls"), workDir, owner);
    }

    /** ebur128's summary, the last one in {@code log}. */
    static Optional<Measurement> parse(String log) {
        if (log == null) {
            return Optional.empty();
        }
        int at = log.lastIndexOf("Summary:");
        if (at < 0) {
            return Optional.empty();
        }
        var m = SUMMARY.matcher(log.substring(at));
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Measurement(
                Double.parseDouble(m.group(1)),
                Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)),
                m.group(4).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(4))));
    }

    /** Whether a source measured so needs no normalisation to reach {@code target}. */
    static boolean within(Measurement input, Target target) {
        return Math.abs(input.integratedLufs() - target.integratedLufs()) <= TOLERANCE_LU
                && input.truePeakDbtp() <= target.truePeakDbtp();
    }

    /** The decision for a source: the filter its renditions' audio goes through (null: none), and why, in a sentence. */
    public record Plan(String filter, String reason) {}

    /** What the asset records of a probe's measurement and target (a silent source's true peak of -inf as null). */
    public static AudioLoudness recorded(Optional<Measurement> input, Optional<Target> target) {
        var m = input.orElse(null);
        var t = target.orElse(null);
        return new AudioLoudness(
                m == null ? null : m.integratedLufs(),
                m == null ? null : m.thresholdLufs(),
                m == null ? null : m.rangeLu(),
                m == null || Double.isInfinite(m.truePeakDbtp()) ? null : m.truePeakDbtp(),
                t == null ? null : t.integratedLufs(),
                t == null ? null : t.truePeakDbtp());
    }

    /** The plan for what an asset recorded at its probe; null for an asset without audio (or not probed). */
    public static Plan plan(AudioLoudness recorded) {
        if (recorded == null) {
            return null;
        }
        return plan(measured(recorded), target(recorded));
    }

    /** The probe's measurement as recorded (empty: none, or not measured). */
    public static Optional<Measurement> measured(AudioLoudness recorded) {
        if (recorded == null || recorded.inputLufs() == null) {
            return Optional.empty();
        }
        return Optional.of(new Measurement(
                recorded.inputLufs(),
                recorded.inputThresholdLufs(),
                recorded.inputRangeLu(),
                recorded.inputTruePeakDbtp() == null ? Double.NEGATIVE_INFINITY : recorded.inputTruePeakDbtp()));
    }

    /** The target recorded at the probe (empty: normalisation off, or no audio). */
    public static Optional<Target> target(AudioLoudness recorded) {
        if (recorded == null || recorded.targetLufs() == null) {
            return Optional.empty();
        }
        return Optional.of(new Target(recorded.targetLufs(), recorded.targetTruePeakDbtp()));
    }

    /** What to do with audio measured as {@code input} (empty: not measured) for {@code target} (empty: off). */
    public static Plan plan(Optional<Measurement> input, Optional<Target> target) {
        if (target.isEmpty()) {
            return new Plan(null, OFF);
        }
        if (input.isEmpty()) {
            return new Plan(null, NOT_MEASURED);
        }
        var measured = input.get();
        var to = target.get();
        if (measured.silent()) {
            return new Plan(null, SILENT);
        }
        if (within(measured, to)) {
            return new Plan(null, WITHIN);
        }
        double gain = to.integratedLufs() - measured.integratedLufs();
        double range = Math.min(MAX_RANGE_LU, Math.max(MIN_RANGE_LU, Math.ceil(measured.rangeLu())));
        boolean linear = measured.truePeakDbtp() + gain <= to.truePeakDbtp() && measured.rangeLu() <= MAX_RANGE_LU;
        var filter = String.format(
                Locale.ROOT,
                "%s,loudnorm=I=%.1f:TP=%.1f:LRA=%.0f:measured_I=%.1f:measured_TP=%.1f:measured_LRA=%.1f"
                        + ":measured_thresh=%.1f:offset=0:linear=true:print_format=none,aresample=48000",
                AS_RENDERED,
                to.integratedLufs(),
                to.truePeakDbtp(),
                range,
                measured.integratedLufs(),
                measured.truePeakDbtp(),
                measured.rangeLu(),
                measured.thresholdLufs());
        return new Plan(
                filter,
                linear
                        ? String.format(
                                Locale.ROOT, "Normalised by a constant gain of %+.1f dB (loudnorm, linear).", gain)
                        : String.format(
                                Locale.ROOT,
                                "Normalised by loudnorm's dynamic mode: a constant gain of %+.1f dB would pass"
                                        + " the true-peak ceiling of %.1f dBTP (or the range is over 50 LU).",
                                gain,
                                to.truePeakDbtp()));
    }
}
