package com.clips.processing.boundary;

import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.ImageSet;
import com.clips.media.control.ImageMaker;
import com.clips.storage.control.StorageKeys;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Path;

/** Step "images": poster and animated previews, uploaded under the asset's keys. */
@Named
@Dependent
public class ImagesBatchlet extends AbstractBatchlet {

    @Inject
    AssetStep step;

    @Inject
    ImageMaker images;

    @Override
    public String process() {
        var assetId = step.assetId();
        var asset = step.enter(AssetStatus.GENERATING_THUMBNAIL);
        var work = step.work();
        var source = work.source(asset, step.storage());
        var made = images.make(
                source.file(), source.format(), asset.metadata(), work.freshDir("images"), step.executionId());
        var tenant = asset.tenantId();
        var poster = upload(StorageKeys.thumbnail(tenant, assetId, ImageMaker.POSTER), made.poster());
        var gif = upload(StorageKeys.preview(tenant, assetId, ImageMaker.PREVIEW_GIF), made.previewGif());
        var webp = upload(StorageKeys.preview(tenant, assetId, ImageMaker.PREVIEW_WEBP), made.previewWebp());
        // the storyboard is sampled by the renditions step's encode
        step.processing()
                .recordImages(
                        assetId, new ImageSet(poster, made.posterWidth(), made.posterHeight(), gif, webp, null, null));
        return "IMAGES";
    }

    private String upload(String key, Path file) {
        step.storage().putFile(key, file);
        return key;
    }
}
