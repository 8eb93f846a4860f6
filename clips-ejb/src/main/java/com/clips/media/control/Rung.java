package com.clips.media.control;

/**
 * One rendition of the ladder. {@code label} is the rung's name ("720" for 720p): the short side
 * of the output, so a 1080x1920 phone clip's 720p rung is 720x1280.
 */
public record Rung(int label, int width, int height, int videoKbps, int audioKbps, int crf) {

    public String name() {
        return label + "p";
    }

    /** The same rung at {@code offset} above its CRF (the content-aware ladder's choice). */
    public Rung withCrfOffset(int offset) {
        return new Rung(label, width, height, videoKbps, audioKbps, crf + offset);
    }

    /** What a player needs in the worst case: the video cap plus audio, as HLS BANDWIDTH. */
    public long peakBitsPerSecond() {
        return (videoKbps + audioKbps) * 1000L;
    }
}
