package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.processing.control.ProcessingSettings;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Records each execution for operators (node, attempt, outcome), always removes the job's work
 * dir at the end, and makes sure an execution that ends badly leaves the asset Failed, even when
 * it broke before any step ran. A run its own server stopped (suspend, shutdown, undeploy) is
 * recorded as interrupted, so the node resumes it when it starts again.
 */
@Named
@Dependent
public class ProcessingRunListener extends AbstractJobListener {

    @Inject
    JobContext job;

    @EJB
    ProcessingRuns runs;

    @EJB
    AssetProcessing processing;

    @Inject
    ProcessingSettings settings;

    @Override
    public void beforeJob() {
        JobParameters.logContext(job);
        runs.started(job.getExecutionId(), job.getInstanceId(), JobParameters.assetId(job), settings.node());
    }

    @Override
    public void afterJob() {
        try {
            recordEnd();
        } finally {
            JobParameters.endLogContext();
        }
    }

    private void recordEnd() {
        settings.workDirectory(job.getInstanceId()).remove();
        EncodeProgress.forget(job.getExecutionId());
        var status = job.getBatchStatus();
        // JBeret calls afterJob before it turns STARTED into COMPLETED and STOPPING into STOPPED
        var outcome = switch (status) {
            case STARTED -> BatchStatus.COMPLETED;
            case STOPPING -> BatchStatus.STOPPED;
            default -> status;
        };
        if (outcome == BatchStatus.COMPLETED) {
            runs.ended(job.getExecutionId(), outcome.name(), job.getExitStatus());
            return;
        }
        var run = runs.find(job.getExecutionId());
        boolean byOperator = run.isPresent() && run.get().stopRequested();
        if (run.isPresent() && !byOperator && stoppedByItsServer(outcome)) {
            // not a final state: the next start of this node resumes it (no asset.failed)
            runs.interrupted(job.getExecutionId(), outcome.name(), ProcessingRecovery.INTERRUPTED);
            var reason =
                    ProcessingRecovery.INTERRUPTED + " It resumes from its last checkpoint when the node starts again.";
            if (settings.resumeInterrupted()) {
                processing.markInterrupted(JobParameters.assetId(job), reason);
            } else {
                processing.markFailed(
                        JobParameters.assetId(job),
                        ProcessingRecovery.INTERRUPTED + " An operator can restart the job.");
            }
            return;
        }
        runs.ended(job.getExecutionId(), outcome.name(), job.getExitStatus());
        if (byOperator) {
            processing.markFailed(JobParameters.assetId(job), AssetFailureListener.STOPPED);
        } else {
            // a step that failed has already said why (markFailed keeps the first reason)
            processing.markFailed(
                    JobParameters.assetId(job),
                    "Processing failed (" + outcome + "). An operator can restart the job.");
        }
    }

    // WildFly stops running jobs when it suspends (shutdown, undeploy); an operator's stop is recorded
    private static boolean stoppedByItsServer(BatchStatus outcome) {
        return outcome == BatchStatus.STOPPED || ProcessingRecovery.shuttingDown();
    }
}
