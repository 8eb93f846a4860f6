package com.clips.processing.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.events.control.Outbox;
import com.clips.events.entity.EventType;
import com.clips.platform.ProblemException;
import com.clips.processing.entity.ProcessingRun;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The operators' record of process-asset executions, one short transaction per call. Written by
 * the job's listeners; read, always scoped to the caller's tenant, by the jobs API.
 */
@Stateless
public class ProcessingRuns {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    Outbox outbox;

    public record Filter(String status, UUID assetId, Instant from, Instant to) {}

    public record Page(List<ProcessingRun> runs, long total) {}

    public void started(long executionId, long instanceId, UUID assetId, String node) {
        if (find(executionId).isPresent()) {
            return;
        }
        var asset = em.createNamedQuery(Asset.BY_PUBLIC_ID, Asset.class)
                .setParameter("publicId", assetId)
                .getSingleResult();
        long earlier = em.createNamedQuery(ProcessingRun.ATTEMPTS_OF_ASSET, Long.class)
                .setParameter("asset", asset)
                .getSingleResult();
        var run = new ProcessingRun(executionId, instanceId, asset, node, (int) earlier + 1);
        em.persist(run);
        record(EventType.JOB_STARTED, run);
    }

    /** A run's event, in the transaction that records its change. */
    private void record(EventType type, ProcessingRun run) {
        outbox.record(run.tenantId(), type, String.valueOf(run.executionId()), data -> {
            data.add("assetId", run.asset().publicId().toString());
            data.add("attempt", run.attempt());
            data.add("node", run.node());
            Outbox.put(data, "batchStatus", run.batchStatus());
            Outbox.put(data, "exitStatus", run.exitStatus());
            Outbox.put(data, "error", run.lastError());
        });
    }

    private static EventType endOf(String batchStatus) {
        return switch (batchStatus) {
            case "COMPLETED" -> EventType.JOB_SUCCEEDED;
            case "STOPPED" -> EventType.JOB_STOPPED;
            default -> EventType.JOB_FAILED;
        };
    }

    public void entered(long executionId, String step) {
        find(executionId).ifPresent(r -> r.enteredStep(step));
    }

    /** Progress of the run's ladder encode, in a transaction of its own (it is reported from ffmpeg's progress thread). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void encoded(long executionId, int percent) {
        find(executionId).ifPresent(r -> r.encoded(percent));
    }

    public void failed(long executionId, String error) {
        find(executionId).ifPresent(r -> r.failedWith(error));
    }

    public void ended(long executionId, String batchStatus, String exitStatus) {
        find(executionId).ifPresent(r -> {
            boolean running = r.endedAt() == null;
            r.ended(batchStatus, exitStatus);
            if (running) {
                record(endOf(batchStatus), r);
            }
        });
    }

    public void requestStop(long executionId) {
        find(executionId).ifPresent(ProcessingRun::requestStop);
    }

    /** The run was ended by its server, not by an operator or a failure: it resumes when the node is back. */
    public void interrupted(long executionId, String batchStatus, String reason) {
        find(executionId).ifPresent(run -> {
            boolean running = run.endedAt() == null;
            run.failedWith(reason);
            run.ended(batchStatus, ProcessingRun.INTERRUPTED);
            if (running) {
                record(EventType.JOB_FAILED, run);
            }
        });
    }

    /**
     * Runs this node's stop interrupted (crash marked at start-up, or a shutdown) that are still
     * their asset's latest run, the asset neither Ready nor Deleted: nobody resumed or replaced them.
     */
    public List<ProcessingRun> interruptedOnNode(String node) {
        return em.createNamedQuery(ProcessingRun.INTERRUPTED_ON_NODE, ProcessingRun.class)
                .setParameter("node", node)
                .setParameter("settled", List.of(AssetStatus.READY, AssetStatus.DELETED))
                .getResultList();
    }

    /** Runs this node recorded as live: after a crash of this node they are not live any more. */
    public List<ProcessingRun> liveOnNode(String node) {
        return em.createNamedQuery(ProcessingRun.LIVE_ON_NODE, ProcessingRun.class)
                .setParameter("node", node)
                .getResultList();
    }

    /**
     * A run this node was doing when it died (kill -9, power loss) is still STARTED in JBeret's
     * repository. It is marked FAILED there, with its steps and partitions, so the API, the CLI
     * and the console all show it as restartable; a restart resumes from its checkpoints.
     */
    public void markInterrupted(long executionId, String reason) {
        var live = "('STARTING', 'STARTED', 'STOPPING')";
        em.createNativeQuery(
                        "update public.partition_execution set batchstatus = 'FAILED', version = coalesce(version, 0) + 1"
                                + " where batchstatus in " + live + " and stepexecutionid in"
                                + " (select stepexecutionid from public.step_execution where jobexecutionid = ?1)")
                .setParameter(1, executionId)
                .executeUpdate();
        em.createNativeQuery("update public.step_execution set batchstatus = 'FAILED', exitstatus = 'INTERRUPTED',"
                        + " endtime = now(), version = coalesce(version, 0) + 1 where jobexecutionid = ?1 and batchstatus in "
                        + live)
                .setParameter(1, executionId)
                .executeUpdate();
        em.createNativeQuery("update public.job_execution set batchstatus = 'FAILED', exitstatus = 'INTERRUPTED',"
                        + " endtime = now(), lastupdatedtime = now(), version = coalesce(version, 0) + 1"
                        + " where jobexecutionid = ?1 and batchstatus in " + live)
                .setParameter(1, executionId)
                .executeUpdate();
        interrupted(executionId, "FAILED", reason);
    }

    /** The run with its asset loaded (callers read both outside a transaction). */
    public Optional<ProcessingRun> find(long executionId) {
        return em.createQuery(
                        "select r from ProcessingRun r join fetch r.asset where r.executionId = :id",
                        ProcessingRun.class)
                .setParameter("id", executionId)
                .getResultStream()
                .findFirst();
    }

    public ProcessingRun get(String tenantId, long executionId) {
        return find(executionId)
                .filter(r -> r.tenantId().equals(tenantId))
                .orElseThrow(() -> ProblemException.notFound("Job " + executionId));
    }

    public List<ProcessingRun> ofAsset(Asset asset) {
        return em.createNamedQuery(ProcessingRun.OF_ASSET, ProcessingRun.class)
                .setParameter("asset", asset)
                .getResultList();
    }

    public Page list(String tenantId, Filter filter, int offset, int limit) {
        var where = new ArrayList<String>(List.of("r.tenantId = :tenant"));
        if (filter.status() != null) {
            where.add("r.batchStatus = :status");
        }
        if (filter.assetId() != null) {
            where.add("r.asset.publicId = :asset");
        }
        if (filter.from() != null) {
            where.add("r.startedAt >= :from");
        }
        if (filter.to() != null) {
            where.add("r.startedAt < :to");
        }
        var condition = String.join(" and ", where);
        var query = em.createQuery(
                "select r from ProcessingRun r join fetch r.asset where " + condition
                        + " order by r.startedAt desc, r.executionId desc",
                ProcessingRun.class);
        var count = em.createQuery("select count(r) from ProcessingRun r where " + condition, Long.class);
        for (var q : List.of(query, count)) {
            q.setParameter("tenant", tenantId);
            if (filter.status() != null) {
                q.setParameter("status", filter.status());
            }
            if (filter.assetId() != null) {
                q.setParameter("asset", filter.assetId());
            }
            if (filter.from() != null) {
                q.setParameter("from", filter.from());
            }
            if (filter.to() != null) {
                q.setParameter("to", filter.to());
            }
        }
        return new Page(query.setFirstResult(offset).setMaxResults(limit).getResultList(), count.getSingleResult());
    }
}
