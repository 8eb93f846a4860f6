package com.clips.assets.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.VideoMetadata;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An asset as API clients see it: public id, no storage keys, no internal ids. */
public record AssetView(
        UUID id,
        String title,
        String description,
        String fileName,
        long sizeBytes,
        String contentType,
        String sha256,
        String status,
        String processingError,
        String gameTitle,
        String sessionId,
        Instant recordedAt,
        String visibility,
        Instant uploadedAt,
        Instant probedAt,
        Instant processedAt,
        Media media) {

    public record Media(BigDecimal durationSeconds, Integer width, Integer height, Integer rotation,
            String videoCodec, String audioCodec, Integer bitrateKbps, BigDecimal frameRate, String container) {

        static Media of(VideoMetadata m) {
            return m == null ? null : new Media(m.durationSeconds(), m.width(), m.height(), m.rotation(),
                    m.videoCodec(), m.audioCodec(), m.bitrateKbps(), m.frameRate(), m.container());
        }
    }

    public static AssetView of(Asset a) {
        return new AssetView(a.publicId(), a.title(), a.description(), a.originalFileName(), a.fileSizeBytes(),
                a.contentType(), a.contentHash(), a.status().name(), a.processingError(), a.gameTitle(),
                a.sessionId(), a.recordedAt(), a.isPublic() ? "public" : "private", a.uploadedAt(), a.probedAt(),
                a.processedAt(), Media.of(a.metadata()));
    }
}
