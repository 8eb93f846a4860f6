package com.clips.analytics.boundary;

import com.clips.platform.ClusterTasks;
import com.clips.platform.ProblemException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Starts the analytics-rollup job hourly and on demand, and reports on its executions. Lives in
 * the batch module because the JobOperator resolves job XML from the caller's deployment module.
 * One run at a time per node; runs on other nodes are harmless (see the job XML).
 */
@Singleton
@LocalBean
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AnalyticsRollupJobs implements RollupControl {

    static final String JOB = "analytics-rollup";

    private static final Logger LOG = Logger.getLogger(AnalyticsRollupJobs.class.getName());

    @EJB
    ClusterTasks tasks;

    @Schedule(hour = "*", minute = "7", persistent = false)
    void hourly() {
        if (!tasks.claim("analytics-rollup", Duration.ofHours(1), Duration.ofMinutes(7))) {
            return; // another node ran it this period
        }
        start();
    }

    @Override
    public Run start() {
        var operator = BatchRuntime.getJobOperator();
        try {
            var running = operator.getRunningExecutions(JOB);
            if (!running.isEmpty()) {
                return get(running.get(0));
            }
        } catch (NoSuchJobException e) {
            LOG.fine("first analytics rollup on this node");
        }
        long execution = operator.start(JOB, new Properties());
        LOG.info(() -> "analytics rollup started as execution " + execution);
        return get(execution);
    }

    @Override
    public Run get(long executionId) {
        try {
            var execution = BatchRuntime.getJobOperator().getJobExecution(executionId);
            if (!JOB.equals(execution.getJobName())) {
                throw ProblemException.notFound("Rollup " + executionId);
            }
            return new Run(
                    executionId,
                    execution.getBatchStatus(),
                    execution.getExitStatus(),
                    instant(execution.getStartTime()),
                    instant(execution.getEndTime()));
        } catch (NoSuchJobExecutionException e) {
            throw ProblemException.notFound("Rollup " + executionId);
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
