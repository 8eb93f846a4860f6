package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.processing.control.ProcessingSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * When this node starts, the runs it recorded as live cannot be: it was killed while they ran.
 * They are marked FAILED (interrupted) in JBeret's repository and in the run records, the asset
 * says why, and, unless switched off (clips.processing.resume-interrupted), they are restarted
 * from their checkpoints a moment after deployment.
 */
@Singleton
@Startup
@DependsOn("clips-ejb.jar#DatabaseMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProcessingRecovery {

    private static final Logger LOG = Logger.getLogger(ProcessingRecovery.class.getName());
    static final String INTERRUPTED = "Interrupted: the server stopped while the job ran.";

    @EJB
    ProcessingRuns runs;

    @EJB
    AssetProcessing processing;

    @EJB
    ProcessingJobs jobs;

    @Inject
    ProcessingSettings settings;

    @Resource
    TimerService timers;

    @PostConstruct
    void recover() {
        var interrupted = new ArrayList<Long>();
        for (var run : runs.liveOnNode(settings.node())) {
            LOG.warning(() -> "execution " + run.executionId() + " of asset " + run.asset().publicId()
                    + " was interrupted by a stop of node " + run.node() + "; marking it failed");
            runs.markInterrupted(run.executionId(), INTERRUPTED);
            settings.workDirectory(run.instanceId()).remove();
            processing.markFailed(run.asset().publicId(), INTERRUPTED + (settings.resumeInterrupted()
                    ? " It resumes from its last checkpoint." : " An operator can restart the job."));
            interrupted.add(run.executionId());
        }
        if (!interrupted.isEmpty() && settings.resumeInterrupted()) {
            // after deployment: the job operator needs the deployment up to load the job XML
            timers.createSingleActionTimer(3000, new TimerConfig(interrupted, false));
        }
    }

    @Timeout
    void resume(Timer timer) {
        for (var execution : (List<?>) timer.getInfo()) {
            try {
                jobs.restart((Long) execution);
            } catch (RuntimeException e) {
                LOG.warning(() -> "could not resume interrupted execution " + execution + ": " + e);
            }
        }
    }
}
