package com.clips.processing.boundary;

import com.clips.assets.boundary.CaptionTracks;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.CaptionKind;
import com.clips.assets.entity.ImageSet;
import com.clips.media.control.ImageMaker;
import com.clips.media.control.SourceSubtitles;
import com.clips.storage.control.StorageKeys;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Step "images": poster and animated previews, uploaded under the asset's keys; and the source's
 * text subtitle tracks, as caption tracks.
 */
@Named
@Dependent
public class ImagesBatchlet extends AbstractBatchlet {

    @Inject
    AssetStep step;

    private static final Logger LOG = Logger.getLogger(ImagesBatchlet.class.getName());

    @Inject
    ImageMaker images;

    @Inject
    SourceSubtitles subtitles;

    @EJB
    CaptionTracks captions;

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
        // text subtitle tracks inside the source become caption tracks (an uploaded language wins)
        for (var track :
                subtitles.extract(source.file(), source.format(), work.freshDir("subtitles"), step.executionId())) {
            var stream = track.stream();
            var language = SourceSubtitles.language(stream.language());
            captions.addExtracted(
                            assetId,
                            language,
                            stream.title(),
                            stream.hearingImpaired() ? CaptionKind.CAPTIONS : CaptionKind.SUBTITLES,
                            track.webvtt())
                    .ifPresent(why -> LOG.info(() -> "subtitle stream " + stream.index() + " (" + language
                            + ") of asset " + assetId + " left out: " + why));
        }
        work.removeDir("subtitles");
        return "IMAGES";
    }

    private String upload(String key, Path file) {
        step.storage().putFile(key, file);
        return key;
    }
}
