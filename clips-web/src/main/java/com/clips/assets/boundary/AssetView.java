package com.clips.assets.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.PlaybackId;
import com.clips.assets.entity.Rendition;
import com.clips.media.control.Loudness;
import com.clips.media.entity.VideoMetadata;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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
        List<String> tags,
        String sessionId,
        Instant recordedAt,
        String visibility,
        Instant uploadedAt,
        Instant probedAt,
        Instant processedAt,
        boolean playable,
        Instant playableAt,
        Media media,
        Input input,
        Outputs outputs,
        Long jobId,
        long views,
        long downloads,
        long favorites,
        Instant lastViewedAt,
        List<PlaybackView> playbackIds) {

    /**
     * One playback ID and the URLs a viewer needs, none of which takes a header. For a signed ID the
     * URLs hold {@code {token}} where the playback token goes (it replaces the ID in the path).
     */
    public record PlaybackView(
            String id,
            String policy,
            String playbackUrl,
            String mp4Url,
            String posterUrl,
            String previewUrl,
            String storyboardVttUrl,
            String chaptersVttUrl,
            String watchUrl,
            String embedUrl) {

        public static PlaybackView of(PlaybackId p) {
            var links = PlaybackLinks.of(p.isSigned() ? PlaybackLinks.TOKEN_PLACEHOLDER : p.publicId());
            return new PlaybackView(
                    p.publicId(),
                    p.policy().name().toLowerCase(java.util.Locale.ROOT),
                    links.playbackUrl(),
                    links.mp4Url(),
                    links.posterUrl(),
                    links.previewUrl(),
                    links.storyboardVttUrl(),
                    links.chaptersVttUrl(),
                    links.watchUrl(),
                    links.embedUrl());
        }
    }

    /**
     * Whether the original could be published as it is, remuxed right after its probe (H.264 Main
     * or High, AAC, the top rung's size, within its bitrate), and if not, why: one sentence per
     * reason. {@code standard} is null until processing has looked.
     */
    public record Input(Boolean standard, List<String> nonStandardReasons) {}

    /** What processing made (delivery URLs come from the stream/download routes, never storage keys). */
    public record Outputs(
            boolean poster,
            Integer posterWidth,
            Integer posterHeight,
            boolean preview,
            boolean storyboard,
            boolean hls,
            List<RenditionView> renditions,
            Long compressedSizeBytes,
            BigDecimal compressionRatio,
            Long derivedSizeBytes,
            LadderChoice ladder,
            LoudnessView loudness) {}

    /**
     * Loudness normalisation (EBU R128 / ITU-R BS.1770): the source's audio as the probe measured
     * it (integrated loudness in LUFS, true peak in dBTP, loudness range in LU; null if it could
     * not be measured), the target (null: normalisation off), the top rendition's audio as
     * measured after its encode (null until then), whether the audio was normalised, and why, in a
     * sentence. Null for a clip without audio.
     */
    public record LoudnessView(
            boolean normalized, Level target, Level input, Double inputRangeLu, Level output, String reason) {

        /** Integrated loudness and true peak (null: silent, or no peak measured). */
        public record Level(double integratedLufs, Double truePeakDbtp) {}

        static LoudnessView of(Asset a) {
            var recorded = a.loudness();
            var plan = Loudness.plan(recorded);
            if (plan == null) {
                return null;
            }
            return new LoudnessView(
                    plan.filter() != null,
                    recorded.targetLufs() == null
                            ? null
                            : new Level(recorded.targetLufs(), recorded.targetTruePeakDbtp()),
                    recorded.inputLufs() == null ? null : new Level(recorded.inputLufs(), recorded.inputTruePeakDbtp()),
                    recorded.inputRangeLu(),
                    a.outputLufs() == null ? null : new Level(a.outputLufs(), a.outputTruePeakDbtp()),
                    plan.reason());
        }
    }

    /**
     * The content-aware ladder: how far above the presets' CRF (x264 constant quality; higher is
     * fewer bytes) the rungs encoded after the complexity probe are, and why. The lowest rung,
     * encoded beside the probe so the clip is playable sooner, keeps its preset's; each rendition's
     * {@code crf} says what it got. The presets' bitrate caps always hold. Null until chosen.
     */
    public record LadderChoice(int crfOffset, String reason) {}

    /** One published rung; {@code crf} is the x264 CRF it was encoded at, null when remuxed. */
    public record RenditionView(
            String name,
            int width,
            int height,
            long bandwidth,
            long averageBandwidth,
            String codecs,
            BigDecimal frameRate,
            int segments,
            long sizeBytes,
            BigDecimal durationSeconds,
            boolean remuxed,
            Integer crf,
            Instant finishedAt) {

        static RenditionView of(Rendition r) {
            return new RenditionView(
                    r.name(),
                    r.width(),
                    r.height(),
                    r.bandwidth(),
                    r.averageBandwidth(),
                    r.codecs(),
                    r.frameRate(),
                    r.segmentCount(),
                    r.sizeBytes(),
                    r.durationSeconds(),
                    r.remuxed(),
                    r.crf(),
                    r.finishedAt());
        }
    }

    public record Media(
            BigDecimal durationSeconds,
            Integer width,
            Integer height,
            Integer rotation,
            String videoCodec,
            String audioCodec,
            Integer bitrateKbps,
            BigDecimal frameRate,
            String container) {

        static Media of(VideoMetadata m) {
            return m == null
                    ? null
                    : new Media(
                            m.durationSeconds(),
                            m.width(),
                            m.height(),
                            m.rotation(),
                            m.videoCodec(),
                            m.audioCodec(),
                            m.bitrateKbps(),
                            m.frameRate(),
                            m.container());
        }
    }

    public static AssetView of(Asset a, List<Rendition> renditions) {
        var images = a.images();
        var outputs = new Outputs(
                images != null && images.posterKey() != null,
                images == null ? null : images.posterWidth(),
                images == null ? null : images.posterHeight(),
                images != null && images.previewGifKey() != null,
                images != null && images.storyboardKey() != null,
                a.masterPlaylistKey() != null,
                renditions.stream().map(RenditionView::of).toList(),
                a.compressedSizeBytes(),
                a.compressionRatio(),
                a.derivedSizeBytes(),
                a.crfOffset() == null ? null : new LadderChoice(a.crfOffset(), a.ladderReason()),
                LoudnessView.of(a));
        return new AssetView(
                a.publicId(),
                a.title(),
                a.description(),
                a.originalFileName(),
                a.fileSizeBytes(),
                a.contentType(),
                a.contentHash(),
                a.status().name(),
                a.processingError(),
                a.gameTitle(),
                a.tags(),
                a.sessionId(),
                a.recordedAt(),
                a.isPublic() ? "public" : "private",
                a.uploadedAt(),
                a.probedAt(),
                a.processedAt(),
                a.playableWith(renditions),
                a.playableWith(renditions)
                        ? renditions.stream()
                                .map(Rendition::finishedAt)
                                .min(Instant::compareTo)
                                .orElseThrow()
                        : null,
                Media.of(a.metadata()),
                new Input(a.standardInput(), a.nonStandardReasons()),
                outputs,
                a.jobExecutionId(),
                a.viewCount(),
                a.downloadCount(),
                a.favoriteCount(),
                a.lastViewedAt(),
                a.playbackIds().stream().map(PlaybackView::of).toList());
    }
}
