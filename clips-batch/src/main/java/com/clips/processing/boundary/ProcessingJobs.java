package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.AssetStatus;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.EnumSet;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Starts process-asset for an asset, at most once while a run is alive or done. Lives in the batch
 * module because the JobOperator resolves job XML from the caller's deployment module. Runs
 * outside a transaction: JBeret writes the new execution through its own connections and the job
 * thread must see it committed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProcessingJobs {

    public static final String JOB = "process-asset";

    private static final Logger LOG = Logger.getLogger(ProcessingJobs.class.getName());
    private static final EnumSet<BatchStatus> LIVE_OR_DONE = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING, BatchStatus.COMPLETED);

    @EJB
    AssetProcessing processing;

    /** Returns the execution started, or -1 when there was nothing to do (a redelivery). */
    public long startFor(UUID assetId) {
        var asset = processing.find(assetId);
        if (asset.isEmpty()) {
            LOG.warning(() -> "processing request for unknown asset " + assetId + " dropped");
            return -1;
        }
        var operator = BatchRuntime.getJobOperator();
        var previous = asset.get().jobExecutionId();
        if (asset.get().status() != AssetStatus.QUEUED
                || previous != null && LIVE_OR_DONE.contains(operator.getJobExecution(previous).getBatchStatus())
                || runningFor(operator, assetId)) {
            LOG.info(() -> "asset " + assetId + " already processed or processing; request ignored");
            return -1;
        }
        var parameters = new Properties();
        parameters.setProperty(JobParameters.ASSET_ID, assetId.toString());
        long execution = operator.start(JOB, parameters);
        LOG.info(() -> "asset " + assetId + " processing as execution " + execution);
        return execution;
    }

    /** A run that started but has not yet written its execution id onto the asset. */
    private static boolean runningFor(JobOperator operator, UUID assetId) {
        try {
            return operator.getRunningExecutions(JOB).stream()
                    .map(operator::getParameters)
                    .anyMatch(p -> p != null && assetId.toString().equals(p.getProperty(JobParameters.ASSET_ID)));
        } catch (NoSuchJobException e) {
            return false;
        }
    }
}
