package com.clips.media.control;

/**
 * The quality presets: rung height, reference width, video and audio bitrate caps and CRF. The
 * x264 speed preset is not part of them ("medium"/"fast" would blow the processing budget on two
 * cores): it is configuration (clips.encode.preset).
 */
public enum QualityPreset {
    UHD_4K(2160, 10_000, 192, 22),
    QHD_2K(1440, 6_000, 192, 23),
    FULL_HD(1080, 5_000, 128, 23),
    HD(720, 2_500, 128, 24),
    SD(480, 1_000, 96, 25);

    private final int height;
    private final int videoKbps;
    private final int audioKbps;
    private final int crf;

    QualityPreset(int height, int videoKbps, int audioKbps, int crf) {
        this.height = height;
        this.videoKbps = videoKbps;
        this.audioKbps = audioKbps;
        this.crf = crf;
    }

    public int height() {
        return height;
    }

    public int videoKbps() {
        return videoKbps;
    }

    public int audioKbps() {
        return audioKbps;
    }

    public int crf() {
        return crf;
    }
}
