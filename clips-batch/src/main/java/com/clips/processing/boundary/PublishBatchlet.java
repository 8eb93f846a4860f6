package com.clips.processing.boundary;

import com.clips.assets.boundary.AudioTracks;
import com.clips.assets.control.MasterPlaylist;
import com.clips.assets.entity.AudioTrack;
import com.clips.assets.entity.Rendition;
import com.clips.protection.boundary.ContentKeys;
import com.clips.storage.control.StorageKeys;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** Step "publish": the master playlist over the finished renditions and audio tracks, sizes, and the asset is Ready. */
@Named
@Dependent
public class PublishBatchlet extends AbstractBatchlet {

    @Inject
    AssetStep step;

    @EJB
    AudioTracks audioTracks;

    @EJB
    ContentKeys contentKeys;

    @Override
    public String process() throws IOException {
        var assetId = step.assetId();
        var asset = step.asset();
        var renditions = step.processing().renditions(assetId);
        if (renditions.isEmpty()) {
            throw new IllegalStateException("no rendition was recorded for asset " + assetId);
        }
        var masterKey = StorageKeys.masterPlaylist(asset.tenantId(), assetId);
        var master = step.work().freshDir("publish").resolve("master.m3u8");
        var audio = audioTracks.of(asset);
        Files.writeString(
                master,
                MasterPlaylist.of(
                        renditions, List.of(), audio, contentKeys.keyId(assetId).orElse(null)));
        step.storage().putFile(masterKey, master);
        long derived = renditions.stream().mapToLong(PublishBatchlet::sizeOf).sum()
                + audio.stream().mapToLong(AudioTrack::sizeBytes).sum()
                + Files.size(master);
        step.processing().publish(assetId, masterKey, derived);
        return "READY";
    }

    static long sizeOf(Rendition r) {
        return r.sizeBytes() + (r.compressedSizeBytes() == null ? 0 : r.compressedSizeBytes());
    }
}
