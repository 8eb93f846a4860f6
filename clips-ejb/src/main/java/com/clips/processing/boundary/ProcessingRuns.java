package com.clips.processing.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.events.control.Outbox;
import com.clips.events.entity.EventType;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.processing.entity.ProcessingRun;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
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
    public void encoded(long executionId, int percent, Double speed, Integer secondsLeft) {
        find(executionId).ifPresent(r -> r.encoded(percent, speed, secondsLeft));
    }

    /** In a transaction of its own: called from inside a chunk's transaction, which a retry rolls back. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
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

    /** A claim on a run's restart: won, or lost to the execution named (null while the winner is still starting it). */
    public record RestartClaim(boolean won, Long winner, String assetError) {}

    /** A claim not turned into an execution after this long was left by a node that died: it can be taken over. */
    static final Duration CLAIM_STALE = Duration.ofMinutes(2);

    /**
     * Claims the restart of a run, under a row lock on the run and then its asset, in a
     * transaction of its own that commits before JBeret is asked: of concurrent callers on any
     * node exactly one wins. The winner's asset goes back to Queued (a reprocess, which needs a
     * settled asset, cannot start alongside); an asset not Failed is busy with another run.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public RestartClaim claimRestart(long executionId) {
        var run = em.find(ProcessingRun.class, executionId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            throw ProblemException.notFound("Job " + executionId);
        }
        var now = Instant.now();
        if (!run.claimRestart(now, now.minus(CLAIM_STALE))) {
            return new RestartClaim(false, run.restartedAs(), null);
        }
        var asset = em.find(Asset.class, run.asset().id(), LockModeType.PESSIMISTIC_WRITE);
        if (asset.status() != AssetStatus.FAILED && asset.status() != AssetStatus.INTERRUPTED) {
            throw new ProblemException(
                    ProblemType.ASSET_BUSY,
                    "The asset is " + asset.status() + ": another run is processing it or it was reprocessed.");
        }
        var error = asset.processingError();
        asset.requeueForRestart();
        return new RestartClaim(true, null, error);
    }

    /** The claimed restart started {@code next}: later claims are told so. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void restartedAs(long executionId, long next) {
        find(executionId).ifPresent(r -> r.restartedAs(next));
    }

    /** The claimed restart could not start: the claim goes and the asset is Failed (a resume that cannot start has failed). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void releaseRestart(long executionId, String assetError) {
        var run = em.find(ProcessingRun.class, executionId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            return;
        }
        run.releaseRestart();
        var asset = em.find(Asset.class, run.asset().id(), LockModeType.PESSIMISTIC_WRITE);
        if (asset.status() == AssetStatus.QUEUED || asset.status() == AssetStatus.RESUMING) {
            asset.markFailed(assetError);
        }
    }

    /** Who restarted the run, as committed now (a loser waits for the winner's id). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Long> restartOf(long executionId) {
        return find(executionId).map(ProcessingRun::restartedAs);
    }

    /**
     * Records an operator's stop before it is sent, as one conditional update: of concurrent stops
     * exactly one changes the row and goes on; answers whether this caller did.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean claimStop(long executionId) {
        return em.createNamedQuery(ProcessingRun.CLAIM_STOP)
                        .setParameter("id", executionId)
                        .executeUpdate()
                == 1;
    }

    /** The stop found the run not running: a later stop is answered as such, not as "stopping". */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void releaseStop(long executionId) {
        find(executionId).ifPresent(ProcessingRun::withdrawStop);
    }

    /** This node is alive: its lease row says so as of now. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void heartbeat(String node) {
        em.createNamedQuery(ProcessingRun.HEARTBEAT).setParameter(1, node).executeUpdate();
    }

    /**
     * Executions of nodes other than {@code survivor} that have not heartbeated for {@code silence}
     * (or never did) and that are live, or interrupted and not resumed: nobody will finish them.
     */
    public List<Long> orphaned(String survivor, Duration silence) {
        return em.createNamedQuery(ProcessingRun.ORPHANED)
                .setParameter(1, survivor)
                .setParameter(2, (double) silence.toSeconds())
                .getResultStream()
                .map(id -> ((Number) id).longValue())
                .toList();
    }

    /**
     * Claims a dead node's run for {@code survivor}, as one conditional update committed at once:
     * of any number of survivors that see it orphaned exactly one changes the row and goes on.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean claimTakeover(long executionId, String survivor) {
        return em.createNamedQuery(ProcessingRun.CLAIM_TAKEOVER)
                        .setParameter("id", executionId)
                        .setParameter("survivor", survivor)
                        .executeUpdate()
                == 1;
    }

    /** The takeover could not restart the run: the next survivor's round may try again. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void releaseTakeover(long executionId, String survivor) {
        em.createNamedQuery(ProcessingRun.RELEASE_TAKEOVER)
                .setParameter("id", executionId)
                .setParameter("survivor", survivor)
                .executeUpdate();
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
        return em.createNamedQuery(ProcessingRun.BY_EXECUTION, ProcessingRun.class)
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
        if (ProcessingRun.INTERRUPTED.equals(filter.status())) {
            where.add("r.exitStatus = :status");
        } else if (filter.status() != null) {
            // an interrupted run is listed as such, not as the FAILED or STOPPED JBeret recorded
            where.add("r.batchStatus = :status and (r.exitStatus is null or r.exitStatus <> '"
                    + ProcessingRun.INTERRUPTED + "')");
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
