package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.processing.control.ProcessingSettings;
import com.clips.processing.control.WorkDirectory;
import com.clips.storage.control.ObjectStorage;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * What every step of process-asset works with: the running job, the asset it processes, the
 * processing boundary, object storage and the job's work directory. A step injects this and
 * only what is its own (the prober, the image maker).
 */
@Dependent
public class AssetStep {

    @Inject
    JobContext job;

    @EJB
    AssetProcessing processing;

    @Inject
    ObjectStorage storage;

    @Inject
    ProcessingSettings settings;

    public UUID assetId() {
        return JobParameters.assetId(job);
    }

    public long executionId() {
        return job.getExecutionId();
    }

    /** The asset, now in {@code status} on behalf of this run. */
    public Asset enter(AssetStatus status) {
        return processing.enter(assetId(), status, executionId());
    }

    /** The asset as it is now. */
    public Asset asset() {
        return processing.find(assetId()).orElseThrow();
    }

    public WorkDirectory work() {
        return settings.workDirectory(job.getInstanceId());
    }

    public AssetProcessing processing() {
        return processing;
    }

    public ObjectStorage storage() {
        return storage;
    }

    public ProcessingSettings settings() {
        return settings;
    }
}
