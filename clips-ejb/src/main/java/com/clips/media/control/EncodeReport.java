package com.clips.media.control;

/**
 * One of ffmpeg's progress reports on an encode: how much of the clip is done (0–1 of its length)
 * and how fast it goes, in seconds of media per second of wall time (0 while ffmpeg cannot tell).
 */
public record EncodeReport(double fraction, double speed) {

    public EncodeReport {
        fraction = Math.max(0, Math.min(1, fraction));
        speed = Double.isFinite(speed) && speed > 0 ? speed : 0;
    }
}
