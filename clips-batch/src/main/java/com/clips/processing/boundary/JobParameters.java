package com.clips.processing.boundary;

import com.clips.platform.LogContext;
import jakarta.batch.runtime.context.JobContext;
import java.util.UUID;

final class JobParameters {

    static final String ASSET_ID = "assetId";

    private JobParameters() {}

    static UUID assetId(JobContext job) {
        return UUID.fromString(job.getProperties().getProperty(ASSET_ID));
    }

    /** This thread's log lines name the job's asset and run (a step or partition may run on a pooled thread of its own). */
    static void logContext(JobContext job) {
        LogContext.put(LogContext.ASSET, assetId(job));
        LogContext.put(LogContext.EXECUTION, job.getExecutionId());
    }

    static void endLogContext() {
        LogContext.remove(LogContext.ASSET, LogContext.EXECUTION);
    }
}
