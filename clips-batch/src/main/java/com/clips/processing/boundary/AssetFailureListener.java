package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.media.control.UnsupportedMediaException;
import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.util.logging.Logger;

/** When a step fails, the asset becomes Failed with a reason a person can read. */
@Named
@Dependent
public class AssetFailureListener extends AbstractStepListener {

    private static final Logger LOG = Logger.getLogger(AssetFailureListener.class.getName());

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    @EJB
    AssetProcessing processing;

    @Override
    public void afterStep() {
        var failure = step.getException();
        if (failure == null) {
            return;
        }
        var assetId = JobParameters.assetId(job);
        LOG.warning(() -> "process-asset execution " + job.getExecutionId() + " failed in step "
                + step.getStepName() + " for asset " + assetId + ": " + failure);
        processing.markFailed(assetId, reason(step.getStepName(), failure));
    }

    static String reason(String stepName, Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedMediaException) {
                return t.getMessage();
            }
        }
        return "Processing failed in step " + stepName + " (" + failure.getClass().getSimpleName() + ")."
                + " An operator can restart the job.";
    }
}
