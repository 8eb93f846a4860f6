package com.clips.analytics.boundary;

import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.Local;
import java.time.Instant;

/** Runs of the analytics-rollup job, implemented by the batch module (which holds the job XML). */
@Local
public interface RollupControl {

    record Run(long id, BatchStatus status, String exitStatus, Instant startedAt, Instant endedAt) {}

    /** Starts a run, or answers the one already running on this node. */
    Run start();

    /** A run of this job; any other execution id is 404. */
    Run get(long executionId);
}
