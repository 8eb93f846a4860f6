package com.clips.media.control;

import com.clips.media.entity.VideoMetadata;
import java.util.Optional;

/**
 * Whether an asset also gets a progressive MP4 "compressed" copy, and at which preset: a file
 * over 50 MB, or one whose bitrate is more than 20 % above its preset's, is compressed to the
 * best preset that fits it. Premium owners keep their original. Nothing below 720p is compressed: there is no
 * smaller preset worth the quality loss.
 */
public final class CompressionPolicy {

    static final long LARGE_BYTES = 50L * 1024 * 1024;

    private CompressionPolicy() {}

    public static Optional<QualityPreset> target(VideoMetadata source, long sizeBytes, boolean keepOriginal) {
        if (keepOriginal || source.width() == null || source.height() == null) {
            return Optional.empty();
        }
        int shortSide = Math.min(source.width(), source.height());
        QualityPreset target;
        if (shortSide >= QualityPreset.UHD_4K.height()) {
            target = QualityPreset.FULL_HD;
        } else if (shortSide >= QualityPreset.HD.height()) {
            target = QualityPreset.HD;
        } else {
            return Optional.empty();
        }
        boolean large = sizeBytes > LARGE_BYTES;
        boolean aboveTarget = shortSide > target.height();
        boolean highBitrate = source.bitrateKbps() != null && source.bitrateKbps() > target.videoKbps() * 1.2;
        return large || aboveTarget || highBitrate ? Optional.of(target) : Optional.empty();
    }
}
