package com.clips.assets.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.identity.Uploader;
import com.clips.media.entity.VideoMetadata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssetStatusTest {

    private static Asset newAsset() {
        return new Asset(
                new Uploader("t1", "u1", false),
                new StoredOriginal("tmp/x/source", "a.mp4", 10, "0".repeat(64), "video/mp4"),
                new AssetDetails(null, null, null, null, Instant.EPOCH, true, null));
    }

    @Test
    void pipelineMovesForwardThroughTheSeedStates() {
        var asset = newAsset();
        asset.moveTo(AssetStatus.QUEUED);
        asset.moveTo(AssetStatus.EXTRACTING_METADATA);
        asset.moveTo(AssetStatus.GENERATING_THUMBNAIL);
        asset.moveTo(AssetStatus.COMPRESSING);
        asset.moveTo(AssetStatus.READY);

        assertThat(asset.status()).isEqualTo(AssetStatus.READY);
    }

    @Test
    void skippingAheadIsRejected() {
        var asset = newAsset();

        assertThatThrownBy(() -> asset.moveTo(AssetStatus.READY))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("UPLOADED")
                .hasMessageContaining("READY");
        assertThat(asset.status()).isEqualTo(AssetStatus.UPLOADED);
    }

    @Test
    void failedCarriesItsReasonAndARetryClearsIt() {
        var asset = newAsset();
        asset.moveTo(AssetStatus.QUEUED);
        asset.markFailed("corrupt");

        assertThat(asset.processingError()).isEqualTo("corrupt");
        asset.moveTo(AssetStatus.QUEUED);
        assertThat(asset.processingError()).isNull();
    }

    @Test
    void onlyASettledAssetIsSoftDeletedAndARestoreGoesBackToWhereItWas() {
        var asset = newAsset();
        assertThatThrownBy(asset::softDelete).isInstanceOf(IllegalTransitionException.class);
        asset.moveTo(AssetStatus.QUEUED);
        assertThatThrownBy(asset::softDelete).as("still processing").isInstanceOf(IllegalTransitionException.class);
        asset.markFailed("corrupt");

        asset.softDelete();
        assertThat(asset.status()).isEqualTo(AssetStatus.DELETED);
        assertThat(asset.deletedAt()).isNotNull();
        assertThatThrownBy(() -> asset.moveTo(AssetStatus.QUEUED)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(asset::softDelete).isInstanceOf(IllegalTransitionException.class);

        asset.restore();
        assertThat(asset.status()).isEqualTo(AssetStatus.FAILED);
        assertThat(asset.processingError()).isEqualTo("corrupt");
        assertThat(asset.deletedAt()).isNull();
        assertThatThrownBy(asset::restore).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void metadataIsOnlyRecordedWhileExtracting() {
        var asset = newAsset();

        assertThatThrownBy(() -> asset.recordProbe(
                        new VideoMetadata(null, 1, 1, 0, "h264", null, 1, null, "mov"), List.of(), null))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(asset.probedAt()).isNull();
    }

    @Test
    void titleDefaultsToTheFileName() {
        assertThat(newAsset().title()).isEqualTo("a.mp4");
    }

    @Test
    void aRestartedJobAdvancesAFailedAssetThroughEveryStatusToItsStep() {
        var asset = newAsset();
        asset.moveTo(AssetStatus.QUEUED);
        asset.moveTo(AssetStatus.EXTRACTING_METADATA);
        asset.markFailed("stopped");

        asset.advanceTo(AssetStatus.COMPRESSING);

        assertThat(asset.status()).isEqualTo(AssetStatus.COMPRESSING);
        assertThat(asset.processingError()).isNull();
    }

    @Test
    void advancingBackwardsIsRejected() {
        var asset = newAsset();
        asset.moveTo(AssetStatus.QUEUED);
        asset.moveTo(AssetStatus.EXTRACTING_METADATA);
        asset.moveTo(AssetStatus.GENERATING_THUMBNAIL);

        assertThatThrownBy(() -> asset.advanceTo(AssetStatus.EXTRACTING_METADATA))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(asset.status()).isEqualTo(AssetStatus.GENERATING_THUMBNAIL);
    }
}
