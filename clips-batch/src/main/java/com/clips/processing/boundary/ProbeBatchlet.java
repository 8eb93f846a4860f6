package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.AssetStatus;
import com.clips.media.control.MediaProber;
import com.clips.media.control.NoVideoStreamException;
import com.clips.media.entity.VideoMetadata;
import com.clips.processing.control.ProcessingSettings;
import com.clips.storage.control.ObjectStorage;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Step "probe": promote the original to its permanent key, clear what an earlier run made (a
 * reprocess starts clean), fetch the original into the job's work dir and read its headers with
 * ffprobe; the asset gets duration, resolution, codecs, frame rate, bitrate.
 */
@Named
@Dependent
public class ProbeBatchlet extends AbstractBatchlet {

    @Inject
    JobContext job;

    @EJB
    AssetProcessing processing;

    @Inject
    ObjectStorage storage;

    @Inject
    MediaProber prober;

    @Inject
    ProcessingSettings settings;

    @Override
    public String process() {
        var assetId = JobParameters.assetId(job);
        processing.enter(assetId, AssetStatus.EXTRACTING_METADATA, job.getExecutionId());
        processing.promoteOriginal(assetId).ifPresent(storage::delete);
        processing.clearDerived(assetId);
        var asset = processing.find(assetId).orElseThrow();
        var source = settings.workDirectory(job.getInstanceId()).source(asset, storage);
        VideoMetadata metadata;
        try {
            metadata = prober.probe(source.file(), source.format());
        } catch (NoVideoStreamException e) {
            // nothing can be made from it, now or on a restart: its bytes are not kept, nor counted against the quota
            storage.delete(processing.discardOriginal(assetId));
            throw e;
        }
        processing.recordProbe(assetId, metadata);
        return "PROBED";
    }
}
