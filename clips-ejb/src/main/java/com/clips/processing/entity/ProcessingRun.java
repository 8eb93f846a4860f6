package com.clips.processing.entity;

import com.clips.assets.entity.Asset;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.TenantId;

/**
 * One execution of process-asset as operators see it: which asset (and so which tenant), on which
 * node, which attempt, where it stands, why it failed. Kept by a job listener next to JBeret's own
 * repository, which stays the truth for steps, partitions and checkpoints.
 */
@Entity
@Table(name = "processing_run")
// a run is written from several threads (ffmpeg's progress reports, the job's steps, an operator's
// stop as one conditional update): each write sets only the columns it changed, so a progress
// report that loaded the row before a stop was claimed cannot write stop_requested back to false
@DynamicUpdate
@NamedQuery(
        name = ProcessingRun.LIVE_ON_NODE,
        query = "select r from ProcessingRun r join fetch r.asset where r.node = :node and r.takenOverBy is null"
                + " and r.batchStatus in ('STARTING', 'STARTED', 'STOPPING')")
@NamedQuery(
        name = ProcessingRun.INTERRUPTED_ON_NODE,
        query = "select r from ProcessingRun r join fetch r.asset where r.node = :node and r.takenOverBy is null"
                + " and r.exitStatus = '"
                + ProcessingRun.INTERRUPTED + "' and r.asset.status not in :settled and r.executionId ="
                + " (select max(later.executionId) from ProcessingRun later where later.asset = r.asset)")
@NamedQuery(
        name = ProcessingRun.CLAIM_STOP,
        query =
                "update ProcessingRun r set r.stopRequested = true where r.executionId = :id and r.stopRequested = false")
@NamedQuery(
        name = ProcessingRun.ATTEMPTS_OF_ASSET,
        query = "select count(r) from ProcessingRun r where r.asset = :asset")
@NamedQuery(
        name = ProcessingRun.OF_ASSET,
        query = "select r from ProcessingRun r where r.asset = :asset order by r.startedAt desc, r.executionId desc")
@NamedQuery(
        name = ProcessingRun.BY_EXECUTION,
        query = "select r from ProcessingRun r join fetch r.asset where r.executionId = :id")
@NamedQuery(
        name = ProcessingRun.MARK_INTERRUPTED_ON_NODE,
        query = "update ProcessingRun r set r.exitStatus = :interrupted, r.lastError = :reason"
                + " where r.node = :node and r.batchStatus in ('STARTING', 'STARTED', 'STOPPING')"
                + " and r.stopRequested = false")
@NamedQuery(
        name = ProcessingRun.CLAIM_TAKEOVER,
        query =
                "update ProcessingRun r set r.takenOverBy = :survivor where r.executionId = :id and r.takenOverBy is null")
@NamedQuery(
        name = ProcessingRun.RELEASE_TAKEOVER,
        query =
                "update ProcessingRun r set r.takenOverBy = null where r.executionId = :id and r.takenOverBy = :survivor")
@NamedNativeQuery(
        name = ProcessingRun.HEARTBEAT,
        query = "insert into clips.node_lease (node, heartbeat_at) values (?1, now())"
                + " on conflict (node) do update set heartbeat_at = now()")
@NamedNativeQuery(
        name = ProcessingRun.ORPHANED,
        // live runs, and interrupted ones still waiting for their resume, of nodes silent for ?2 seconds
        // (or never heard of: a node of a version before heartbeats)
        query = "select r.execution_id from clips.processing_run r join clips.asset a on a.id = r.asset_id"
                + " left join clips.node_lease l on l.node = r.node"
                + " where r.node <> ?1 and r.taken_over_by is null and r.restarted_as is null"
                + " and (l.heartbeat_at is null or l.heartbeat_at < now() - make_interval(secs => ?2))"
                + " and (r.batch_status in ('STARTING', 'STARTED', 'STOPPING')"
                + " or r.exit_status = '" + ProcessingRun.INTERRUPTED
                + "' and a.status not in ('READY', 'DELETED', 'FAILED')"
                + " and r.execution_id = (select max(later.execution_id) from clips.processing_run later"
                + " where later.asset_id = r.asset_id))"
                + " order by r.execution_id")
@NamedNativeQuery(
        name = ProcessingRun.RUNNING_ON_NODE,
        query = "select count(*) from clips.processing_run where node = ?1 and taken_over_by is null"
                + " and batch_status in ('STARTING', 'STARTED', 'STOPPING')")
@NamedNativeQuery(
        name = ProcessingRun.RECENT_BY_STATUS,
        query = "select batch_status, count(*) from clips.processing_run"
                + " where started_at > now() - interval '1 hour' group by batch_status")
public class ProcessingRun {

    public static final String RECENT_BY_STATUS = "ProcessingRun.recentByStatus";
    public static final String RUNNING_ON_NODE = "ProcessingRun.runningOnNode";

    public static final String LIVE_ON_NODE = "ProcessingRun.liveOnNode";
    public static final String INTERRUPTED_ON_NODE = "ProcessingRun.interruptedOnNode";
    /** Exit status of a run its server stopped (crash, shutdown): it is resumed, not left for an operator. */
    public static final String INTERRUPTED = "INTERRUPTED";
    /** The status operators see while the resume of an interrupted run is being started. */
    public static final String RESUMING = "RESUMING";

    public static final String CLAIM_STOP = "ProcessingRun.claimStop";
    /** A survivor claims a dead node's run, as one conditional update: of any number of survivors one wins. */
    public static final String CLAIM_TAKEOVER = "ProcessingRun.claimTakeover";

    public static final String RELEASE_TAKEOVER = "ProcessingRun.releaseTakeover";
    /** This node is alive now (its row in node_lease). */
    public static final String HEARTBEAT = "ProcessingRun.heartbeat";
    /** Runs of other nodes that stopped heartbeating, which nobody has taken over or resumed yet. */
    public static final String ORPHANED = "ProcessingRun.orphaned";

    public static final String ATTEMPTS_OF_ASSET = "ProcessingRun.attemptsOfAsset";
    public static final String OF_ASSET = "ProcessingRun.ofAsset";
    public static final String BY_EXECUTION = "ProcessingRun.byExecution";
    /** The node's live runs, not being stopped, get exit status INTERRUPTED (the node is going down). */
    public static final String MARK_INTERRUPTED_ON_NODE = "ProcessingRun.markInterruptedOnNode";

    @Id
    @Column(name = "execution_id")
    private long executionId;

    @Column(name = "instance_id", nullable = false, updatable = false)
    private long instanceId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "asset_id", updatable = false)
    private Asset asset;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(nullable = false, updatable = false, length = 128)
    private String node;

    @Column(nullable = false, updatable = false)
    private int attempt;

    @Column(name = "batch_status", nullable = false, length = 16)
    private String batchStatus;

    @Column(name = "exit_status", length = 512)
    private String exitStatus;

    @Column(name = "current_step", length = 64)
    private String currentStep;

    @Column(name = "started_at", nullable = false, updatable = false)
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "last_error", length = 2000)
    private String lastError;

    @Column(name = "stop_requested", nullable = false)
    private boolean stopRequested;

    @Column(name = "encode_percent")
    private Integer encodePercent;

    @Column(name = "encode_speed")
    private Double encodeSpeed;

    @Column(name = "encode_seconds_left")
    private Integer encodeSecondsLeft;

    @Column(name = "encode_reported_at")
    private Instant encodeReportedAt;

    /** The execution a restart of this run started; set once. */
    @Column(name = "restarted_as")
    private Long restartedAs;

    /** When a restart of this run was claimed (the claim is taken before JBeret is asked). */
    @Column(name = "taken_over_by", length = 128)
    private String takenOverBy;

    @Column(name = "restart_claimed_at")
    private Instant restartClaimedAt;

    protected ProcessingRun() {}

    public ProcessingRun(long executionId, long instanceId, Asset asset, String node, int attempt) {
        this.executionId = executionId;
        this.instanceId = instanceId;
        this.asset = asset;
        this.tenantId = asset.tenantId();
        this.node = node;
        this.attempt = attempt;
        this.batchStatus = "STARTED";
        this.startedAt = Instant.now();
    }

    public void enteredStep(String step) {
        this.currentStep = step;
    }

    /**
     * How far this execution's renditions are, 0–100 (it only moves forward), how fast the
     * encode goes (× realtime) and how many seconds it still needs, as of now.
     */
    public void encoded(int percent, Double speed, Integer secondsLeft) {
        int bounded = Math.max(0, Math.min(100, percent));
        if (encodePercent == null || bounded > encodePercent) {
            encodePercent = bounded;
        }
        encodeSpeed = speed;
        encodeSecondsLeft = secondsLeft;
        encodeReportedAt = Instant.now();
    }

    public Double encodeSpeed() {
        return encodeSpeed;
    }

    /** When the encode should end, from its last report; null when unknown. */
    public Instant encodeEta() {
        return encodeSecondsLeft == null || encodeReportedAt == null
                ? null
                : encodeReportedAt.plusSeconds(encodeSecondsLeft);
    }

    public Integer encodePercent() {
        return encodePercent;
    }

    /**
     * Claims the restart of this run for one caller (called under a row lock): false when a
     * restart already won, or one is under way whose claim is younger than {@code staleBefore}
     * (a claim whose node died before it restarted anything is taken over after that).
     */
    public boolean claimRestart(Instant now, Instant staleBefore) {
        if (restartedAs != null || restartClaimedAt != null && restartClaimedAt.isAfter(staleBefore)) {
            return false;
        }
        restartClaimedAt = now;
        return true;
    }

    /** The claimed restart could not start: another request may try. */
    public void releaseRestart() {
        restartClaimedAt = null;
    }

    public void restartedAs(long execution) {
        this.restartedAs = execution;
    }

    public Long restartedAs() {
        return restartedAs;
    }

    public void failedWith(String error) {
        this.lastError = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
    }

    /** An operator asked for this run to stop (recorded before the stop is sent to the job). */
    public void requestStop() {
        this.stopRequested = true;
    }

    public void withdrawStop() {
        this.stopRequested = false;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public void ended(String batchStatus, String exitStatus) {
        this.batchStatus = batchStatus;
        this.exitStatus = exitStatus == null ? null : exitStatus.substring(0, Math.min(exitStatus.length(), 512));
        this.endedAt = Instant.now();
    }

    public long executionId() {
        return executionId;
    }

    public long instanceId() {
        return instanceId;
    }

    public Asset asset() {
        return asset;
    }

    public String tenantId() {
        return tenantId;
    }

    public String node() {
        return node;
    }

    public int attempt() {
        return attempt;
    }

    public String batchStatus() {
        return batchStatus;
    }

    /**
     * What operators see: the batch status, except for a run its server cut short, which is not
     * a failure but INTERRUPTED, and RESUMING while its resume is being started.
     */
    public String status() {
        if (!INTERRUPTED.equals(exitStatus)) {
            return batchStatus;
        }
        return restartClaimedAt != null && restartedAs == null ? RESUMING : INTERRUPTED;
    }

    public String exitStatus() {
        return exitStatus;
    }

    public String currentStep() {
        return currentStep;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public String lastError() {
        return lastError;
    }
}
