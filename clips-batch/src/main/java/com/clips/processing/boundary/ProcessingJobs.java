package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.AssetStatus;
import com.clips.audit.boundary.AuditLog;
import com.clips.media.control.Ffmpeg;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.processing.entity.ProcessingRun;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starts, restarts and stops process-asset and tells operators where a run stands. Lives in the
 * batch module because the JobOperator resolves job XML from the caller's deployment module. Runs
 * outside a transaction: JBeret writes executions through its own connections and the job thread
 * must see them committed.
 */
@Stateless
@LocalBean
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProcessingJobs implements JobControl {

    public static final String JOB = "process-asset";
    static final List<String> STEPS = List.of("probe", "audio", "playable", "images", "renditions", "publish");
    // share of the work each step stands for, for percent done
    private static final Map<String, Integer> WEIGHTS =
            Map.of("probe", 4, "audio", 2, "playable", 1, "images", 10, "renditions", 78, "publish", 5);

    private static final Logger LOG = Logger.getLogger(ProcessingJobs.class.getName());
    private static final EnumSet<BatchStatus> LIVE =
            EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

    @EJB
    AssetProcessing processing;

    @EJB
    ProcessingRuns runs;

    @Inject
    Ffmpeg ffmpeg;

    @EJB
    AuditLog audit;

    /**
     * Starts a run for a queued asset. Returns the execution started, or -1 when there is nothing
     * to do: a redelivered message for an asset already processing or processed, or one whose
     * previous run is still alive.
     */
    public long startFor(UUID assetId) {
        var asset = processing.find(assetId);
        if (asset.isEmpty()) {
            LOG.warning(() -> "processing request for unknown asset " + assetId + " dropped");
            return -1;
        }
        var operator = BatchRuntime.getJobOperator();
        var previous = asset.get().jobExecutionId();
        if (asset.get().status() != AssetStatus.QUEUED
                || previous != null && isLive(operator, previous)
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

    // an execution purged from the job repository is not running
    private static boolean isLive(JobOperator operator, long execution) {
        try {
            return LIVE.contains(operator.getJobExecution(execution).getBatchStatus());
        } catch (NoSuchJobExecutionException e) {
            return false;
        }
    }

    @Override
    public long restart(String tenantId, long executionId) {
        runs.get(tenantId, executionId);
        long next = restart(executionId);
        audit.record(tenantId, "job.restart", "execution " + executionId, "continues as execution " + next);
        return next;
    }

    /**
     * Restart without a tenant check, for the node's own recovery of interrupted runs. Atomic: the
     * restart is claimed on the run's row first ({@link ProcessingRuns#claimRestart}), so of any
     * number of concurrent restarts (operators, this node's recovery, other nodes) exactly one
     * asks JBeret; the others get 409 naming the execution that won.
     */
    public long restart(long executionId) {
        var operator = BatchRuntime.getJobOperator();
        refuseUnrestartable(operator, executionId);
        var claim = runs.claimRestart(executionId);
        if (!claim.won()) {
            throw restartedBy(executionId, claim.winner());
        }
        long next;
        try {
            next = operator.restart(executionId, new Properties());
        } catch (RuntimeException e) {
            runs.releaseRestart(executionId, claim.assetError());
            throw restartProblem(executionId, e);
        }
        runs.restartedAs(executionId, next);
        LOG.info(() -> "execution " + executionId + " restarted as " + next);
        return next;
    }

    // what JBeret would refuse, refused before any claim is taken
    private static void refuseUnrestartable(JobOperator operator, long executionId) {
        try {
            var status = operator.getJobExecution(executionId).getBatchStatus();
            var later = operator.getJobExecutions(operator.getJobInstance(executionId)).stream()
                    .mapToLong(e -> e.getExecutionId())
                    .max()
                    .orElse(executionId);
            if (later > executionId) {
                throw new ProblemException(
                        ProblemType.JOB_NOT_LATEST,
                        "Only the latest execution of a job can be restarted: execution " + executionId
                                + " was restarted as execution " + later + ".");
            }
            if (status == BatchStatus.COMPLETED) {
                throw new ProblemException(
                        ProblemType.JOB_COMPLETE, "The job completed; reprocess the asset to run it again.");
            }
            if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
                throw new ProblemException(
                        ProblemType.JOB_NOT_RESTARTABLE, "Only a failed or stopped job can be restarted.");
            }
        } catch (NoSuchJobExecutionException e) {
            throw ProblemException.notFound("Job " + executionId);
        }
    }

    /** The loser of a restart race: names the winner's execution, waiting a little for it to be known. */
    private ProblemException restartedBy(long executionId, Long winner) {
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (winner == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            winner = runs.restartOf(executionId).orElse(null);
        }
        return new ProblemException(
                ProblemType.JOB_RESTARTED,
                winner == null
                        ? "Execution " + executionId + " is being restarted by another request."
                        : "Execution " + executionId + " was already restarted as execution " + winner + ".");
    }

    private static ProblemException restartProblem(long executionId, RuntimeException e) {
        if (e instanceof JobExecutionNotMostRecentException) {
            return new ProblemException(
                    ProblemType.JOB_NOT_LATEST, "Only the latest execution of a job can be restarted.");
        }
        if (e instanceof JobExecutionAlreadyCompleteException) {
            return new ProblemException(
                    ProblemType.JOB_COMPLETE, "The job completed; reprocess the asset to run it again.");
        }
        if (e instanceof JobRestartException) {
            return new ProblemException(
                    ProblemType.JOB_NOT_RESTARTABLE, "Only a failed or stopped job can be restarted.");
        }
        if (e instanceof NoSuchJobExecutionException) {
            return ProblemException.notFound("Job " + executionId);
        }
        throw e;
    }

    /** The batch status of an execution, for callers that wait for a run to end. */
    public BatchStatus status(long executionId) {
        return BatchRuntime.getJobOperator().getJobExecution(executionId).getBatchStatus();
    }

    @Override
    public void stop(String tenantId, long executionId) {
        var run = runs.get(tenantId, executionId);
        if (!LIVE.contains(BatchStatus.valueOf(run.batchStatus()))) {
            throw new ProblemException(ProblemType.JOB_NOT_RUNNING, "The job is not running.");
        }
        // recorded first: a run that ends STOPPED without this was stopped by its server, and resumes;
        // one conditional update, so of concurrent stops exactly one goes on
        if (!runs.claimStop(executionId)) {
            throw new ProblemException(
                    ProblemType.JOB_STOPPING, "Execution " + executionId + " is already being stopped.");
        }
        try {
            BatchRuntime.getJobOperator().stop(executionId);
        } catch (JobExecutionNotRunningException e) {
            runs.releaseStop(executionId);
            throw new ProblemException(ProblemType.JOB_NOT_RUNNING, "The job is not running.");
        } catch (NoSuchJobExecutionException e) {
            runs.releaseStop(executionId);
            throw ProblemException.notFound("Job " + executionId);
        }
        audit.record(tenantId, "job.stop", "execution " + executionId, null);
        int killed = ffmpeg.kill(executionId);
        LOG.info(() -> "execution " + executionId + " stopping; " + killed + " encoder process(es) ended");
    }

    @Override
    public JobDetail detail(String tenantId, long executionId) {
        var run = runs.get(tenantId, executionId);
        return detail(run);
    }

    JobDetail detail(ProcessingRun run) {
        var operator = BatchRuntime.getJobOperator();
        var asset = run.asset();
        var finished = processing.renditions(asset.publicId());
        var steps = new ArrayList<JobDetail.Step>();
        List<StepExecution> executions;
        try {
            executions = operator.getStepExecutions(run.executionId());
        } catch (NoSuchJobExecutionException e) {
            executions = List.of();
        }
        Instant previousEnd = null;
        for (var step : executions) {
            var started = instant(step.getStartTime());
            // JBeret stamps a partitioned step's start when its partitions are collected, i.e. at
            // its end; steps run one after another, so it really started when the previous ended
            if (previousEnd != null
                    && started != null
                    && started.isAfter(previousEnd)
                    && step.getStepName().equals(RenditionPartitionMapper.STEP)) {
                started = previousEnd;
            }
            var ended = instant(step.getEndTime());
            steps.add(new JobDetail.Step(
                    step.getStepName(), step.getBatchStatus().name(), step.getExitStatus(), started, ended));
            previousEnd = ended;
        }
        var renditions = new ArrayList<JobDetail.RenditionState>();
        var media = asset.metadata();
        if (media != null && media.width() != null && media.height() != null) {
            var running = RenditionPartitionMapper.STEP.equals(run.currentStep())
                    && LIVE.contains(BatchStatus.valueOf(run.batchStatus()));
            for (var rung : processing.ladder(asset)) {
                var done =
                        finished.stream().filter(r -> r.label() == rung.label()).findFirst();
                renditions.add(done.map(r -> new JobDetail.RenditionState(
                                rung.name(),
                                "DONE",
                                r.width(),
                                r.height(),
                                r.executionId(),
                                r.encodeSeconds().doubleValue(),
                                r.finishedAt()))
                        .orElseGet(() -> new JobDetail.RenditionState(
                                rung.name(),
                                running ? "ENCODING" : "PENDING",
                                rung.width(),
                                rung.height(),
                                null,
                                null,
                                null)));
            }
        }
        Double speed = null;
        Long eta = null;
        if (RenditionPartitionMapper.STEP.equals(run.currentStep())
                && LIVE.contains(BatchStatus.valueOf(run.batchStatus()))
                && run.encodeSpeed() != null) {
            speed = Math.round(run.encodeSpeed() * 100) / 100.0;
            var end = run.encodeEta();
            eta = end == null
                    ? null
                    : Math.max(0, Duration.between(Instant.now(), end).toSeconds());
        }
        return new JobDetail(
                run, steps, renditions, percentDone(run, earlierCompletedSteps(run), renditions), speed, eta);
    }

    /** Steps any execution of this job instance (this one or the ones it restarted) completed. */
    private List<String> earlierCompletedSteps(ProcessingRun run) {
        var operator = BatchRuntime.getJobOperator();
        var completed = new ArrayList<String>();
        for (var other : runs.ofAsset(run.asset())) {
            if (other.instanceId() != run.instanceId() || other.executionId() > run.executionId()) {
                continue;
            }
            try {
                operator.getStepExecutions(other.executionId()).stream()
                        .filter(s -> s.getBatchStatus() == BatchStatus.COMPLETED)
                        .forEach(s -> completed.add(s.getStepName()));
            } catch (NoSuchJobExecutionException ignored) {
                // purged from the repository; it contributes nothing
            }
        }
        return completed;
    }

    static int percentDone(ProcessingRun run, List<String> completedSteps, List<JobDetail.RenditionState> renditions) {
        if ("COMPLETED".equals(run.batchStatus())) {
            return 100;
        }
        double done = 0;
        for (var step : STEPS) {
            if (completedSteps.contains(step)) {
                done += WEIGHTS.get(step);
            } else if (step.equals(RenditionPartitionMapper.STEP) && !renditions.isEmpty()) {
                // rungs recorded, or how far the encode is: a one-process ladder records none until its end
                double recorded = renditions.stream()
                                .filter(r -> r.state().equals("DONE"))
                                .count()
                        / (double) renditions.size();
                double encoded = run.encodePercent() == null ? 0 : run.encodePercent() / 100.0;
                done += WEIGHTS.get(step) * Math.max(recorded, encoded);
            }
        }
        return (int) Math.min(99, Math.floor(done));
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

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
