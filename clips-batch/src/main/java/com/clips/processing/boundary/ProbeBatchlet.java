package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.AssetStatus;
import com.clips.media.control.ContainerFormat;
import com.clips.media.control.MediaProber;
import com.clips.processing.control.ProcessingSettings;
import com.clips.processing.control.WorkDirectory;
import com.clips.storage.control.ObjectStorage;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/**
 * Step "probe": promote the original to its permanent key, fetch it into a private work dir and
 * read its headers with ffprobe; the asset gets duration, resolution, codecs, frame rate, bitrate.
 */
@Named
@Dependent
public class ProbeBatchlet extends AbstractBatchlet {

    @Inject
    JobContext job;

    @Inject
    StepContext step;

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
        var asset = processing.find(assetId).orElseThrow();
        var format = ContainerFormat.ofMediaType(asset.contentType()).orElseThrow();
        try (var work = WorkDirectory.create(settings.workBase(), job.getExecutionId(), step.getStepName())) {
            var local = work.file("source." + format.extension());
            storage.download(asset.originalKey(), local);
            processing.recordProbe(assetId, prober.probe(local, format));
        }
        return "PROBED";
    }
}
