package com.clips.processing.boundary;

import jakarta.ejb.Local;

/**
 * What operators do to runs of process-asset. The batch module implements it, because the
 * JobOperator resolves job XML from its caller's module; the web tier sees only this interface.
 */
@Local
public interface JobControl {

    /** Restarts a failed or stopped run from its last checkpoint; answers the new execution id. */
    long restart(String tenantId, long executionId);

    /** Stops a running run; an encode in progress is killed, finished renditions are kept. */
    void stop(String tenantId, long executionId);

    /** Where a run of the caller's tenant stands. */
    JobDetail detail(String tenantId, long executionId);
}
