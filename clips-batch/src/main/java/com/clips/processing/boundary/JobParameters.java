package com.clips.processing.boundary;

import jakarta.batch.runtime.context.JobContext;
import java.util.UUID;

final class JobParameters {

    static final String ASSET_ID = "assetId";

    private JobParameters() {}

    static UUID assetId(JobContext job) {
        return UUID.fromString(job.getProperties().getProperty(ASSET_ID));
    }
}
