package com.clips.media.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which renditions a source gets: every preset whose height fits in the source's short side,
 * never upscaling. A source smaller than the lowest preset gets one rung at its own size with the
 * lowest preset's bitrates. Lowest rung first.
 */
public final class Ladder {

    private Ladder() {}

    /**
     * The ladder under a tenant's encoding profile: no rung above {@code maxHeight} (null: no cap),
     * as if the source were that small.
     */
    public static List<Rung> forSource(int displayWidth, int displayHeight, Integer maxHeight) {
        if (displayWidth <= 0 || displayHeight <= 0) {
            throw new IllegalArgumentException("no usable resolution: " + displayWidth + "x" + displayHeight);
        }
        int shortSide =
                Math.min(Math.min(displayWidth, displayHeight), maxHeight == null ? Integer.MAX_VALUE : maxHeight);
        var rungs = new ArrayList<Rung>();
        for (var preset : QualityPreset.values()) {
            if (preset.height() <= shortSide) {
                rungs.add(rung(preset, preset.height(), displayWidth, displayHeight));
            }
        }
        if (rungs.isEmpty()) {
            rungs.add(rung(QualityPreset.SD, even(shortSide), displayWidth, displayHeight));
        }
        rungs.sort(Comparator.comparingInt(Rung::label));
        return List.copyOf(rungs);
    }

    /** The rung a preset names, if the ladder has it. */
    public static Optional<Rung> find(List<Rung> ladder, QualityPreset preset) {
        return ladder.stream().filter(r -> r.label() == preset.height()).findFirst();
    }

    private static Rung rung(QualityPreset preset, int label, int width, int height) {
        boolean portrait = height > width;
        int outWidth = portrait ? label : nearestEven((double) width * label / height);
        int outHeight = portrait ? nearestEven((double) height * label / width) : label;
        return new Rung(label, outWidth, outHeight, preset.videoKbps(), preset.audioKbps(), preset.crf());
    }

    /** The even size nearest to {@code value} (H.264 with 4:2:0 needs even sides), at least 2. */
    static int nearestEven(double value) {
        return (int) Math.max(2, Math.round(value / 2) * 2);
    }

    private static int even(long value) {
        return (int) Math.max(2, value - value % 2);
    }
}
