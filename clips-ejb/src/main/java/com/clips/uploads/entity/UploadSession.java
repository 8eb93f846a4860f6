package com.clips.uploads.entity;

import com.clips.assets.entity.AssetDetails;
import com.clips.assets.entity.Tags;
import com.clips.identity.Uploader;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.storage.control.StorageKeys;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

/**
 * One upload on its way to becoming an asset: who sends it, what they declared (size, type,
 * optional SHA-256, the clip's details), where the bytes go ({@code tmp/{id}/source}), how far it
 * got, and how it ended. A finished session keeps its answer, so completing it twice answers the
 * same.
 */
@Entity
@Table(name = "upload_session")
@NamedQuery(
        name = UploadSession.STALE,
        query =
                "select s from UploadSession s where s.state in ('OPEN', 'VERIFYING') and s.expiresAt < :now order by s.expiresAt")
@NamedQuery(name = UploadSession.BY_STORAGE_KEY, query = "select s from UploadSession s where s.storageKey = :key")
@NamedQuery(
        name = UploadSession.IS_LIVE,
        query = "select count(s) from UploadSession s where s.id = :id and s.state in ('OPEN', 'VERIFYING')")
// a tus offset moves only from the value the request saw, so a second PATCH at once changes nothing
@NamedQuery(
        name = UploadSession.ADVANCE,
        query = "update UploadSession s set s.receivedBytes = :to, s.lastActivityAt = :now, s.version = s.version + 1"
                + " where s.id = :id and s.receivedBytes = :from and s.state = :open")
@NamedQuery(
        name = UploadSession.MULTIPART_STARTED,
        query = "update UploadSession s set s.multipartUploadId = :upload, s.version = s.version + 1"
                + " where s.id = :id and s.multipartUploadId is null")
public class UploadSession {

    public static final String STALE = "UploadSession.stale";
    public static final String BY_STORAGE_KEY = "UploadSession.byStorageKey";
    public static final String IS_LIVE = "UploadSession.isLive";
    public static final String ADVANCE = "UploadSession.advance";
    public static final String MULTIPART_STARTED = "UploadSession.multipartStarted";

    @Id
    private UUID id;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(name = "owner_subject", nullable = false, updatable = false)
    private String ownerSubject;

    @Column(nullable = false, updatable = false)
    private boolean premium;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 8)
    private UploadProtocol protocol;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private UploadState state;

    @Column(name = "file_name", nullable = false, updatable = false)
    private String fileName;

    @Column(name = "declared_bytes", nullable = false, updatable = false)
    private long declaredBytes;

    @Column(name = "declared_type", updatable = false)
    private String declaredType;

    @Column(name = "declared_sha256", updatable = false, length = 64)
    private String declaredSha256;

    @Column(name = "storage_key", nullable = false, updatable = false, length = 512)
    private String storageKey;

    @Column(name = "multipart_upload_id", length = 1024)
    private String multipartUploadId;

    @Column(name = "part_size_bytes", nullable = false, updatable = false)
    private int partSizeBytes;

    @Column(name = "received_bytes", nullable = false)
    private long receivedBytes;

    @Column(updatable = false, length = 200)
    private String title;

    @Column(updatable = false, length = 5000)
    private String description;

    @Column(name = "game_title", updatable = false, length = 200)
    private String gameTitle;

    @Column(name = "clip_session_id", updatable = false, length = 200)
    private String clipSessionId;

    @Column(name = "recorded_at", updatable = false)
    private Instant recordedAt;

    @Column(name = "is_public", nullable = false, updatable = false)
    private boolean isPublic;

    @Column(updatable = false, length = 1100)
    private String tags;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_activity_at")
    private Instant lastActivityAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "asset_id")
    private UUID assetId;

    @Column(nullable = false)
    private boolean duplicate;

    @Enumerated(EnumType.STRING)
    @Column(name = "problem_type", length = 64)
    private ProblemType problemType;

    @Column(name = "problem_detail", length = 1000)
    private String problemDetail;

    @Version
    private long version;

    protected UploadSession() {}

    public UploadSession(
            Uploader uploader,
            UploadProtocol protocol,
            String fileName,
            long declaredBytes,
            String declaredType,
            String declaredSha256,
            AssetDetails details,
            int partSizeBytes,
            Duration ttl) {
        this.id = UUID.randomUUID();
        this.tenantId = uploader.tenantId();
        this.ownerSubject = uploader.subject();
        this.premium = uploader.premium();
        this.protocol = protocol;
        this.state = UploadState.OPEN;
        this.fileName = fileName;
        this.declaredBytes = declaredBytes;
        this.declaredType = declaredType;
        this.declaredSha256 = declaredSha256;
        this.storageKey = StorageKeys.staging(id);
        this.partSizeBytes = partSizeBytes;
        this.title = details.title();
        this.description = details.description();
        this.gameTitle = details.gameTitle();
        this.clipSessionId = details.sessionId();
        this.recordedAt = details.recordedAt();
        this.isPublic = details.isPublic();
        this.tags = details.tags().isEmpty() ? null : String.join(",", details.tags());
        this.createdAt = Instant.now();
        this.expiresAt = createdAt.plus(ttl);
    }

    public boolean ownedBy(String tenant, String subject) {
        return tenantId.equals(tenant) && ownerSubject.equals(subject);
    }

    public boolean expired(Instant now) {
        return !state.isFinal() && now.isAfter(expiresAt);
    }

    /** Takes the session for verification; only one completion runs at a time. */
    public void startVerifying() {
        if (state != UploadState.OPEN) {
            throw new ProblemException(ProblemType.UPLOAD_BUSY, "The upload is already being completed.");
        }
        state = UploadState.VERIFYING;
    }

    /** Back to OPEN after a verification that found nothing final (e.g. storage was unreachable). */
    public void reopen() {
        if (state == UploadState.VERIFYING) {
            state = UploadState.OPEN;
        }
    }

    public void completed(UUID asset, boolean sameContentExisted, long sizeBytes) {
        finish(UploadState.COMPLETED);
        this.assetId = asset;
        this.duplicate = sameContentExisted;
        this.receivedBytes = sizeBytes;
    }

    /** A final refusal: every later request for this session gets the same problem. */
    public void failed(ProblemException problem) {
        finish(UploadState.FAILED);
        this.problemType = problem.type();
        this.problemDetail = problem.detail();
    }

    public void aborted() {
        finish(UploadState.ABORTED);
    }

    public void expire() {
        finish(UploadState.EXPIRED);
    }

    private void finish(UploadState end) {
        this.state = end;
        this.finishedAt = Instant.now();
    }

    /**
     * Why a session takes no more requests, if it ended without an asset: aborted ones are gone
     * (404), expired ones say so (410), failed ones repeat their problem.
     */
    public Optional<ProblemException> refusal() {
        return switch (state) {
            case ABORTED -> Optional.of(ProblemException.notFound("The upload"));
            case EXPIRED -> Optional.of(expiredProblem());
            case FAILED -> problem();
            default -> Optional.empty();
        };
    }

    public static ProblemException expiredProblem() {
        return new ProblemException(ProblemType.UPLOAD_EXPIRED, "The upload session has expired; start a new one.");
    }

    /** The problem a failed session answers with, again and again. */
    public Optional<ProblemException> problem() {
        if (state != UploadState.FAILED) {
            return Optional.empty();
        }
        return Optional.of(new ProblemException(problemType, problemDetail));
    }

    public void multipartStarted(String uploadId) {
        this.multipartUploadId = uploadId;
    }

    /** Bytes the server has kept for good (tus offset, or what storage reports for a direct upload). */
    public void received(long bytes) {
        this.receivedBytes = bytes;
        this.lastActivityAt = Instant.now();
    }

    public AssetDetails details() {
        return new AssetDetails(title, description, gameTitle, clipSessionId, recordedAt, isPublic, Tags.parse(tags));
    }

    public Uploader uploader() {
        return new Uploader(tenantId, ownerSubject, premium);
    }

    public UUID id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public UploadProtocol protocol() {
        return protocol;
    }

    public UploadState state() {
        return state;
    }

    public String fileName() {
        return fileName;
    }

    public long declaredBytes() {
        return declaredBytes;
    }

    public String declaredType() {
        return declaredType;
    }

    public Optional<String> declaredSha256() {
        return Optional.ofNullable(declaredSha256);
    }

    public String storageKey() {
        return storageKey;
    }

    public Optional<String> multipartUploadId() {
        return Optional.ofNullable(multipartUploadId);
    }

    public int partSizeBytes() {
        return partSizeBytes;
    }

    public long receivedBytes() {
        return receivedBytes;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> lastActivityAt() {
        return Optional.ofNullable(lastActivityAt);
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    public Optional<UUID> assetId() {
        return Optional.ofNullable(assetId);
    }

    public boolean duplicate() {
        return duplicate;
    }

    public long version() {
        return version;
    }
}
