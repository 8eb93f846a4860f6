package com.clips.media.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/** What ffprobe found in the original, as displayed (width/height already account for rotation). */
@Embeddable
public record VideoMetadata(
        @Column(name = "duration_seconds", precision = 12, scale = 3)
        BigDecimal durationSeconds,

        @Column(name = "width") Integer width,
        @Column(name = "height") Integer height,
        @Column(name = "rotation") Integer rotation,
        @Column(name = "video_codec", length = 32) String videoCodec,
        @Column(name = "audio_codec", length = 32) String audioCodec,
        @Column(name = "bitrate_kbps") Integer bitrateKbps,

        @Column(name = "frame_rate", precision = 8, scale = 3)
        BigDecimal frameRate,

        @Column(name = "container", length = 64) String container) {

    /** The duration in seconds, 0 when ffprobe could not tell. */
    public double lengthSeconds() {
        return durationSeconds == null ? 0 : durationSeconds.doubleValue();
    }
}
