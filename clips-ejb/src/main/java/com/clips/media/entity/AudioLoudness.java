package com.clips.media.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * The source's audio as the probe measured it (ITU-R BS.1770: integrated loudness, its relative
 * gate, loudness range, true peak; null if it could not be measured) and the target the
 * renditions' audio is brought to (null: normalisation is off).
 */
@Embeddable
public record AudioLoudness(
        @Column(name = "loudness_input_lufs") Double inputLufs,
        @Column(name = "loudness_input_threshold_lufs") Double inputThresholdLufs,
        @Column(name = "loudness_input_range_lu") Double inputRangeLu,
        @Column(name = "loudness_input_true_peak_dbtp") Double inputTruePeakDbtp,
        @Column(name = "loudness_target_lufs") Double targetLufs,
        @Column(name = "loudness_target_true_peak_dbtp") Double targetTruePeakDbtp) {}
