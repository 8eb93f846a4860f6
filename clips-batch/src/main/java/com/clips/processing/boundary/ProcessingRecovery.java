package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.AssetStatus;
import com.clips.media.control.Ffmpeg;
import com.clips.platform.NodeName;
import com.clips.processing.control.ProcessingSettings;
import com.clips.processing.control.WorkDirectory;
import com.clips.processing.entity.ProcessingRun;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * When this node starts, the runs it recorded as live cannot be: it was killed while they ran.
 * They are marked FAILED (interrupted) in JBeret's repository and in the run records, the asset
 * says why, and, unless switched off (clips.processing.resume-interrupted), they are restarted
 * from their checkpoints a moment after deployment, together with the runs a graceful shutdown
 * of this node interrupted. On the way down it ends the node's encoders, so none outlive it.
 * Every node heartbeats; a survivor takes over the runs of a node that went silent, so a node
 * that never comes back loses no work (this node's own start-up recovery is the same case, with
 * no wait).
 */
@Singleton
@Startup
@DependsOn("clips-ejb.jar#DatabaseMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProcessingRecovery {

    private static final Logger LOG = Logger.getLogger(ProcessingRecovery.class.getName());
    static final String INTERRUPTED = "Interrupted: the server stopped while the job ran.";
    private static volatile boolean shuttingDown;

    @EJB
    ProcessingRuns runs;

    @EJB
    AssetProcessing processing;

    @EJB
    ProcessingJobs jobs;

    @Inject
    ProcessingSettings settings;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Resource
    TimerService timers;

    @PostConstruct
    void recover() {
        // back: survivors must not take over what this node is about to resume itself
        runs.heartbeat(settings.node());
        // encoders a killed JVM left running (on Linux they are handed to init): none may hold a core
        var reaped = WorkDirectory.reapOrphans(settings.workBase());
        if (!reaped.isEmpty()) {
            LOG.warning(() -> "killed " + reaped.size() + " encoder(s) a dead server left running: pids " + reaped);
        }
        for (var run : runs.liveOnNode(settings.node())) {
            LOG.warning(() -> "execution " + run.executionId() + " of asset "
                    + run.asset().publicId() + " was interrupted by a stop of node " + run.node()
                    + "; marking it failed");
            runs.markInterrupted(run.executionId(), INTERRUPTED);
        }
        // crashed runs just marked, and runs a previous shutdown of this node interrupted
        var interrupted = new ArrayList<Long>();
        for (var run : runs.interruptedOnNode(settings.node())) {
            // a shutdown may have ended before JBeret or the asset recorded the stop
            prepareResume(run, INTERRUPTED);
            interrupted.add(run.executionId());
        }
        if (!interrupted.isEmpty() && settings.resumeInterrupted()) {
            // after deployment: the job operator needs the deployment up to load the job XML
            timers.createSingleActionTimer(3000, new TimerConfig(interrupted, false));
        }
    }

    /**
     * Marks an interrupted run failed in JBeret's repository and in its record, tells its asset
     * (Interrupted while a resume follows, Failed otherwise) and ends what its encoders left on
     * this machine: processes still running in its work directory, and the directory.
     */
    private void prepareResume(ProcessingRun run, String reason) {
        runs.markInterrupted(run.executionId(), reason);
        if (settings.resumeInterrupted()) {
            // not Failed: a client polling the asset must not see a final state before the resume
            processing.markInterrupted(run.asset().publicId(), reason + " It resumes from its last checkpoint.");
        } else {
            processing.markFailed(run.asset().publicId(), reason + " An operator can restart the job.");
        }
        var workDirectory = settings.workDirectory(run.instanceId());
        int strays = workDirectory.killStrayProcesses();
        if (strays > 0) {
            LOG.warning(() -> "killed " + strays + " encoder(s) the stopped node left running for execution "
                    + run.executionId());
        }
        workDirectory.remove();
    }

    /**
     * Every 10 s this node says it is alive (node_lease) and, unless it takes over nothing
     * (clips.processing.takeover-after=0), takes over the runs of nodes that have been silent for
     * longer than that: each is claimed on its row first, so of several survivors exactly one
     * goes on, and then resumed from its checkpoints here, as its own node would on its return.
     * A claim whose restart fails is released for the next round.
     */
    @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false)
    void heartbeat() {
        if (shuttingDown) {
            return;
        }
        var survivor = settings.node();
        try {
            runs.heartbeat(survivor);
            settings.takeoverAfter().ifPresent(silence -> {
                for (long execution : runs.orphaned(survivor, silence)) {
                    if (runs.claimTakeover(execution, survivor)) {
                        takeOver(execution, survivor, silence);
                    } else {
                        LOG.info(() -> "execution " + execution + " of a silent node: another node claimed it first");
                    }
                }
            });
        } catch (RuntimeException e) {
            // the database is away: the readiness check says so; the next tick tries again
            LOG.warning(() -> "heartbeat of node " + survivor + " not written: " + e);
        }
    }

    private void takeOver(long execution, String survivor, Duration silence) {
        try {
            var run = runs.find(execution).orElseThrow();
            var reason = "Interrupted: node " + run.node() + " stopped answering (no heartbeat for "
                    + silence.toSeconds() + " s); node " + survivor + " took the job over.";
            LOG.warning(() -> "execution " + execution + " of asset "
                    + run.asset().publicId() + " on silent node " + run.node() + ": taken over by " + survivor);
            prepareResume(run, reason);
            if (settings.resumeInterrupted()) {
                long next = jobs.restart(execution);
                LOG.info(() -> "execution " + execution + " resumes from its checkpoint as execution " + next);
            }
        } catch (RuntimeException e) {
            // the node came back and resumed it first (409), or the restart could not start yet
            LOG.warning(() -> "could not take over execution " + execution + ": " + e);
            runs.releaseTakeover(execution, survivor);
        }
    }

    /**
     * The node is going down (shutdown or undeploy) and the suspend grace period is over
     * (org.wildfly.sigterm.suspend.timeout; running jobs finish within it): end the node's
     * encoders, so none outlives it, and record its live runs as interrupted, so the next start
     * resumes them. Other beans may already be stopped here: only this bean's own persistence
     * context is used. Runs whose job thread cannot record its end stay live and are recovered
     * like a crash.
     */
    @PreDestroy
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void shutdown() {
        shuttingDown = true;
        int killed = Ffmpeg.killAll();
        int marked = em.createNamedQuery(ProcessingRun.MARK_INTERRUPTED_ON_NODE)
                .setParameter("interrupted", ProcessingRun.INTERRUPTED)
                .setParameter("reason", INTERRUPTED)
                .setParameter("node", NodeName.get())
                .executeUpdate();
        if (marked > 0 || killed > 0) {
            LOG.info(() -> "node stopping: " + marked + " run(s) interrupted, " + killed + " encoder(s) ended;"
                    + " they resume when the node starts again");
        }
    }

    static boolean shuttingDown() {
        return shuttingDown;
    }

    @Timeout
    void resume(Timer timer) {
        for (var execution : (List<?>) timer.getInfo()) {
            try {
                jobs.restart((Long) execution);
            } catch (RuntimeException e) {
                // an operator's restart may have won the claim (409): that is the resume then
                LOG.warning(() -> "could not resume interrupted execution " + execution + ": " + e);
                runs.find((Long) execution)
                        .filter(run -> run.restartedAs() == null)
                        .filter(run -> processing
                                .find(run.asset().publicId())
                                .filter(a -> a.status() == AssetStatus.INTERRUPTED)
                                .isPresent())
                        .ifPresent(run -> processing.markFailed(
                                run.asset().publicId(),
                                INTERRUPTED + " The resume could not start; an operator can restart the job."));
            }
        }
    }
}
