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

    /**
     * Names the job's asset and execution in the log lines of a step's work, whatever a pooled
     * batch thread carried before (a listener's MDC is not enough: the poster line of one run once
     * carried another asset's id); closing it restores what was there.
     */
    static LogContext.Scope logScope(JobContext job) {
        var asset = LogContext.with(LogContext.ASSET, assetId(job));
        var execution = LogContext.with(LogContext.EXECUTION, job.getExecutionId());
        return () -> {
            execution.close();
            asset.close();
        };
    }
}
