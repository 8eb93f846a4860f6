package com.clips.processing.boundary;

import com.clips.assets.entity.EncodedRendition;
import com.clips.media.control.HlsEncoder;
import com.clips.media.control.Storyboard;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Uploads a rung's files (segments and init first, playlist last), then records the rendition, in
 * the chunk's transaction (with the storyboard, if the rung brought it).
 * Keys are fixed per asset and rung, so writing again after a failure overwrites, never duplicates.
 */
@Named
@Dependent
public class RenditionWriter extends AbstractItemWriter {

    @Inject
    AssetStep step;

    @Override
    public void writeItems(List<Object> items) {
        for (var item : items) {
            write((EncodedFiles) item);
        }
    }

    /** Uploads and records one rung (or only a storyboard); the playable step writes its remux through this too. */
    /**
     * Uploads an HLS rendition's files under {@code prefix}, its playlist last, so a playlist in
     * storage never names a segment that is not there yet; returns the prefix.
     */
    static String upload(ObjectStorage storage, String prefix, HlsEncoder.HlsOutput hls) {
        var files = hls.files();
        var playlistLast = new ArrayList<>(files.subList(1, files.size()));
        playlistLast.add(files.get(0));
        for (var file : playlistLast) {
            storage.putFile(prefix + file.getFileName(), file);
        }
        return prefix;
    }

    void write(EncodedFiles encoded) {
        var assetId = step.assetId();
        var asset = step.asset();
        var processing = step.processing();
        var storage = step.storage();
        if (encoded.storyboard() != null) {
            var sprite = StorageKeys.storyboard(asset.tenantId(), assetId, Storyboard.SPRITE);
            var track = StorageKeys.storyboard(asset.tenantId(), assetId, Storyboard.TRACK);
            storage.putFile(sprite, encoded.storyboard());
            storage.putFile(track, encoded.storyboardTrack());
            processing.recordStoryboard(assetId, sprite, track);
        }
        if (encoded.rung() == null) {
            return;
        }
        var prefix = upload(
                storage,
                StorageKeys.rendition(asset.tenantId(), assetId, encoded.rung().name()),
                encoded.hls());
        String compressedKey = null;
        Long compressedSize = null;
        if (encoded.compressed() != null) {
            compressedKey = StorageKeys.compressed(
                    asset.tenantId(), assetId, encoded.rung().name());
            compressedSize =
                    storage.putFile(compressedKey, encoded.compressed()).sizeBytes();
        }
        var media = asset.metadata();
        var frameRate = media.frameRate() == null
                ? null
                : media.frameRate()
                        .min(BigDecimal.valueOf(HlsEncoder.MAX_FRAME_RATE))
                        .setScale(3, RoundingMode.HALF_UP);
        var rung = encoded.rung();
        var hls = encoded.hls();
        processing.recordRendition(
                assetId,
                new EncodedRendition(
                        rung.label(),
                        rung.width(),
                        rung.height(),
                        rung.videoKbps(),
                        // a video-only rendition (the clip's audio in tracks of its own) has none
                        media.audioCodec() == null || !encoded.codecs().contains("mp4a.") ? null : rung.audioKbps(),
                        hls.peakBitsPerSecond(),
                        hls.averageBitsPerSecond(),
                        encoded.codecs(),
                        frameRate,
                        prefix + HlsEncoder.PLAYLIST,
                        hls.sizeBytes(),
                        hls.segmentCount(),
                        compressedKey,
                        compressedSize,
                        BigDecimal.valueOf(hls.durationSeconds()).setScale(3, RoundingMode.HALF_UP),
                        BigDecimal.valueOf(encoded.encodeSeconds()).setScale(3, RoundingMode.HALF_UP),
                        encoded.remuxed(),
                        encoded.remuxed() ? null : rung.crf()),
                step.executionId());
        step.work().removeDir(rung.name());
    }
}
