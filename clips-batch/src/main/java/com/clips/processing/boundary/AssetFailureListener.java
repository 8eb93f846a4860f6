package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.media.control.EncoderStalledException;
import com.clips.media.control.ProcessingStoppedException;
import com.clips.media.control.UnsupportedMediaException;
import com.clips.storage.control.TransientStorageException;
import jakarta.batch.api.chunk.listener.ItemProcessListener;
import jakarta.batch.api.chunk.listener.ItemWriteListener;
import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.logging.Logger;

/**
 * Keeps the run's current step, and when a step (or one rendition of the partitioned step) fails,
 * makes the asset Failed with a reason a person can read and records it on the run.
 */
@Named
@Dependent
public class AssetFailureListener implements StepListener, ItemProcessListener, ItemWriteListener {

    private static final Logger LOG = Logger.getLogger(AssetFailureListener.class.getName());

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    @EJB
    AssetProcessing processing;

    @EJB
    ProcessingRuns runs;

    @Override
    public void beforeStep() {
        // a step may run on another pooled thread than the job's listener did
        JobParameters.logContext(job);
        runs.entered(job.getExecutionId(), step.getStepName());
    }

    @Override
    public void afterStep() {
        try {
            if (step.getException() != null) {
                failed(step.getException());
            }
        } finally {
            JobParameters.endLogContext();
        }
    }

    @Override
    public void onProcessError(Object item, Exception failure) {
        if (retried(failure)) {
            // the chunk is tried again (process-asset.xml): the run says why, the asset stays as it is;
            // if the tries run out, the step fails and afterStep marks the asset
            var reason = reason(step.getStepName(), failure) + " Retrying.";
            LOG.warning(() -> "process-asset execution " + job.getExecutionId() + ": " + reason);
            runs.failed(job.getExecutionId(), reason);
            return;
        }
        failed(failure);
    }

    private static boolean retried(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EncoderStalledException || t instanceof TransientStorageException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onWriteError(List<Object> items, Exception failure) {
        failed(failure);
    }

    private void failed(Exception failure) {
        var assetId = JobParameters.assetId(job);
        LOG.warning(() -> "process-asset execution " + job.getExecutionId() + " failed in step " + step.getStepName()
                + " for asset " + assetId + ": " + failure);
        var reason = reason(step.getStepName(), failure);
        runs.failed(job.getExecutionId(), reason);
        if (!stopped(failure)) {
            processing.markFailed(assetId, reason);
        }
        // a stop (an operator's, or its server going down) is the job listener's to judge: an
        // operator's leaves the asset Failed, its server's Interrupted until the node resumes it
    }

    private static boolean stopped(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProcessingStoppedException) {
                return true;
            }
        }
        return false;
    }

    static String reason(String stepName, Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedMediaException || t instanceof EncoderStalledException) {
                return t.getMessage();
            }
            if (t instanceof ProcessingStoppedException) {
                return STOPPED;
            }
        }
        // the exception itself is in the log (failed() logs it): the reason is for a person
        return "Processing failed while " + doing(stepName) + ", for a reason on our side, not in the file."
                + " An operator can restart the job.";
    }

    private static String doing(String stepName) {
        return switch (stepName == null ? "" : stepName) {
            case "probe" -> "reading the file";
            case "playable" -> "publishing the original as it is";
            case "images" -> "making the poster and previews";
            case "renditions" -> "encoding the video";
            case "audio" -> "encoding the audio tracks";
            case "publish" -> "publishing the video";
            default -> "processing the video";
        };
    }

    static final String STOPPED = "Stopped by an operator; restart the job to resume from its last checkpoint.";

    @Override
    public void beforeProcess(Object item) {}

    @Override
    public void afterProcess(Object item, Object result) {}

    @Override
    public void beforeWrite(List<Object> items) {}

    @Override
    public void afterWrite(List<Object> items) {}
}
