package com.clips.tenants.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A tenant's loudness normalisation: on or off, the integrated loudness its clips' audio is
 * brought to (LUFS) and the true-peak ceiling (dBTP); each null for the platform's setting.
 */
@Embeddable
public record LoudnessProfile(
        @Column(name = "loudness_normalize") Boolean normalize,
        @Column(name = "loudness_target_lufs") Double integratedLufs,
        @Column(name = "loudness_true_peak_dbtp") Double truePeakDbtp) {

    /** Refuses values outside loudnorm's own bounds. */
    void check() {
        if (integratedLufs != null && !(integratedLufs >= -70 && integratedLufs <= -5)) {
            throw new IllegalArgumentException("loudness.integratedLufs must be between -70 and -5");
        }
        if (truePeakDbtp != null && !(truePeakDbtp >= -9 && truePeakDbtp <= 0)) {
            throw new IllegalArgumentException("loudness.truePeakDbtp must be between -9 and 0");
        }
    }

    public static final LoudnessProfile PLATFORM = new LoudnessProfile(null, null, null);
}
