package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.ImageSet;
import com.clips.media.control.ImageMaker;
import com.clips.processing.control.ProcessingSettings;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Path;

/** Step "images": poster and animated previews, uploaded under the asset's keys. */
@Named
@Dependent
public class ImagesBatchlet extends AbstractBatchlet {

    @Inject
    JobContext job;

    @EJB
    AssetProcessing processing;

    @Inject
    ObjectStorage storage;

    @Inject
    ImageMaker images;

    @Inject
    ProcessingSettings settings;

    @Override
    public String process() {
        var assetId = JobParameters.assetId(job);
        var asset = processing.enter(assetId, AssetStatus.GENERATING_THUMBNAIL, job.getExecutionId());
        var work = settings.workDirectory(job.getInstanceId());
        var source = work.source(asset, storage);
        var made = images.make(
                source.file(), source.format(), asset.metadata(), work.freshDir("images"), job.getExecutionId());
        var tenant = asset.tenantId();
        var poster = upload(StorageKeys.thumbnail(tenant, assetId, ImageMaker.POSTER), made.poster());
        var gif = upload(StorageKeys.preview(tenant, assetId, ImageMaker.PREVIEW_GIF), made.previewGif());
        var webp = upload(StorageKeys.preview(tenant, assetId, ImageMaker.PREVIEW_WEBP), made.previewWebp());
        // the storyboard is sampled by the renditions step's encode
        processing.recordImages(
                assetId, new ImageSet(poster, made.posterWidth(), made.posterHeight(), gif, webp, null, null));
        return "IMAGES";
    }

    private String upload(String key, Path file) {
        storage.putFile(key, file);
        return key;
    }
}
