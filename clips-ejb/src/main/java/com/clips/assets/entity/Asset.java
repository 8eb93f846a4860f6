package com.clips.assets.entity;

import com.clips.identity.Uploader;
import com.clips.identity.Viewer;
import com.clips.media.entity.AudioLoudness;
import com.clips.media.entity.VideoMetadata;
import jakarta.persistence.Basic;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;
import org.hibernate.annotations.TenantId;

/** A clip: the original in object storage, what was learnt about it, and where processing stands. */
@Entity
@Table(name = "asset")
// scoped to the caller's tenant by @TenantId (TenantScope), like every query of a tenant-owned entity
@NamedQuery(name = Asset.BY_PUBLIC_ID, query = "select a from Asset a where a.publicId = :publicId")
@NamedQuery(
        name = Asset.BY_CONTENT_HASH,
        query =
                "select a from Asset a where a.tenantId = :tenantId and a.contentHash = :hash and a.status <> com.clips.assets.entity.AssetStatus.DELETED")
@NamedQuery(
        name = Asset.DELETED_BEFORE,
        query = "select a from Asset a where a.status = com.clips.assets.entity.AssetStatus.DELETED"
                + " and a.deletedAt < :before order by a.deletedAt")
@NamedQuery(
        name = Asset.DELETED_BEFORE_IN_TENANT,
        query =
                "select a from Asset a where a.tenantId = :tenantId"
                        + " and a.status = com.clips.assets.entity.AssetStatus.DELETED and a.deletedAt < :before order by a.deletedAt")
@NamedQuery(
        name = Asset.COUNT_FAVORITE,
        query = "update Asset a set a.favoriteCount = a.favoriteCount + :delta where a.id = :id")
// the content-aware ladder's choice: once per run, beside the partition that records the storyboard
@NamedQuery(
        name = Asset.RECORD_LADDER_CHOICE,
        query = "update Asset a set a.crfOffset = :offset, a.ladderReason = :reason where a.publicId = :publicId"
                + " and a.crfOffset is null and a.status = com.clips.assets.entity.AssetStatus.COMPRESSING")
@NamedQuery(
        name = Asset.RECORD_OUTPUT_LOUDNESS,
        query = "update Asset a set a.outputLufs = :lufs, a.outputTruePeakDbtp = :truePeak"
                + " where a.publicId = :publicId and a.outputLufs is null")
@NamedQuery(
        name = Asset.CLEAR_RUN_CHOICES,
        query = "update Asset a set a.crfOffset = null, a.ladderReason = null, a.outputLufs = null,"
                + " a.outputTruePeakDbtp = null where a.id = :id")
@NamedQuery(name = Asset.COUNT_BY_STORAGE_KEY, query = "select count(a) from Asset a where a.originalKey = :key")
@NamedQuery(name = Asset.BY_IDS, query = "select a from Asset a where a.id in :ids")
// for analytics: an owner's uploads per UTC hour, and their catalog in figures (deleted ones left out)
@NamedQuery(
        name = Asset.UPLOAD_HOURS,
        query = "select function('clips.utc_hour', a.uploadedAt), count(a) from Asset a where a.ownerId = :owner"
                + " and a.uploadedAt >= :from and a.uploadedAt < :to group by function('clips.utc_hour', a.uploadedAt)")
@NamedQuery(
        name = Asset.OWNER_FIGURES,
        query = "select count(a), coalesce(sum(a.viewCount), 0), coalesce(sum(a.downloadCount), 0),"
                + " coalesce(sum(a.favoriteCount), 0), coalesce(sum(a.fileSizeBytes + coalesce(a.derivedSizeBytes, 0)), 0)"
                + Asset.OWNED)
@NamedQuery(
        name = Asset.OWNER_MOST_VIEWED,
        query = "select a" + Asset.OWNED + " and a.viewCount > 0 order by a.viewCount desc, a.uploadedAt desc")
@NamedQuery(name = Asset.OWNER_RECENT, query = "select a" + Asset.OWNED + " order by a.uploadedAt desc")
public class Asset {

    public static final String BY_PUBLIC_ID = "Asset.byPublicId";
    public static final String BY_CONTENT_HASH = "Asset.byContentHash";
    public static final String COUNT_BY_STORAGE_KEY = "Asset.countByStorageKey";
    public static final String BY_IDS = "Asset.byIds";
    public static final String UPLOAD_HOURS = "Asset.uploadHours";
    public static final String OWNER_FIGURES = "Asset.ownerFigures";
    public static final String OWNER_MOST_VIEWED = "Asset.ownerMostViewed";
    public static final String OWNER_RECENT = "Asset.ownerRecent";
    static final String OWNED =
            " from Asset a where a.ownerId = :owner and a.status <> com.clips.assets.entity.AssetStatus.DELETED";
    public static final String DELETED_BEFORE = "Asset.deletedBefore";
    public static final String DELETED_BEFORE_IN_TENANT = "Asset.deletedBeforeInTenant";
    public static final String COUNT_FAVORITE = "Asset.countFavorite";
    public static final String RECORD_LADDER_CHOICE = "Asset.recordLadderChoice";
    public static final String CLEAR_RUN_CHOICES = "Asset.clearRunChoices";
    public static final String RECORD_OUTPUT_LOUDNESS = "Asset.recordOutputLoudness";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "asset_seq")
    @SequenceGenerator(name = "asset_seq", sequenceName = "asset_seq", allocationSize = 50)
    private Long id;

    @Column(name = "public_id", nullable = false, unique = true, updatable = false)
    private UUID publicId;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(name = "owner_id", nullable = false, updatable = false, length = 128)
    private String ownerId;

    @Column(length = 200)
    private String title;

    @Column(length = 5000)
    private String description;

    @Column(name = "original_file_name", nullable = false, length = 255)
    private String originalFileName;

    @Column(name = "file_size_bytes", nullable = false)
    private long fileSizeBytes;

    @Column(name = "content_hash", nullable = false, length = 64)
    private String contentHash;

    @Column(name = "content_type", nullable = false, length = 64)
    private String contentType;

    @Column(name = "original_key", nullable = false, length = 512)
    private String originalKey;

    @Column(name = "game_title", length = 200)
    private String gameTitle;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "asset_tag", joinColumns = @JoinColumn(name = "asset_id"))
    @Column(name = "tag", length = Tags.MAX_LENGTH)
    @OrderBy
    private Set<String> tags = new LinkedHashSet<>();

    // read only where chapters are shown (their API, the chapters track, the player page), not by the asset JSON
    @ElementCollection
    @CollectionTable(name = "asset_chapter", joinColumns = @JoinColumn(name = "asset_id"))
    @OrderColumn(name = "position")
    private List<Chapter> chapters = new ArrayList<>();

    // every asset JSON lists them; batched so a catalog page loads them in one query per 100 assets
    @OneToMany(mappedBy = "asset", fetch = FetchType.EAGER, cascade = CascadeType.ALL, orphanRemoval = true)
    @Fetch(FetchMode.SELECT)
    @BatchSize(size = 100)
    @OrderBy("createdAt, id")
    private List<PlaybackId> playbackIds = new ArrayList<>();

    @Column(name = "session_id", length = 200)
    private String sessionId;

    @Column(name = "recorded_at")
    private Instant recordedAt;

    @Column(name = "is_public", nullable = false)
    private boolean isPublic;

    @Column(name = "view_count", nullable = false, updatable = false)
    private long viewCount;

    @Column(name = "download_count", nullable = false, updatable = false)
    private long downloadCount;

    @Column(name = "last_viewed_at", updatable = false)
    private Instant lastViewedAt;

    @Column(name = "favorite_count", nullable = false, updatable = false)
    private long favoriteCount;

    /** The tags as one text, for the full-text search column (asset_tag stays the truth). */
    @Column(name = "tag_text", length = 1100)
    private String tagText;

    /**
     * PostgreSQL's generated tsvector over title, tags, game and description (V9); mapped only so
     * catalog queries can name it, never written.
     */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "search", insertable = false, updatable = false)
    private String search;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status_before_delete", length = 32)
    private AssetStatus statusBeforeDelete;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private AssetStatus status;

    @Column(name = "processing_error", length = 2000)
    private String processingError;

    @Embedded
    private VideoMetadata metadata;

    /** The source's audio as the probe measured it, and its target; null without audio. */
    @Embedded
    private AudioLoudness loudness;

    /**
     * The top rendition's audio as measured after its encode; null until then. Written only by
     * RECORD_OUTPUT_LOUDNESS and CLEAR_RUN_CHOICES (a partition's own transaction, as the ladder's choice).
     */
    @Column(name = "loudness_output_lufs", insertable = false, updatable = false)
    private Double outputLufs;

    @Column(name = "loudness_output_true_peak_dbtp", insertable = false, updatable = false)
    private Double outputTruePeakDbtp;

    @Column(name = "keep_original", nullable = false, updatable = false)
    private boolean keepOriginal;

    @Embedded
    private ImageSet images;

    @Column(name = "master_playlist_key", length = 512)
    private String masterPlaylistKey;

    @Column(name = "compressed_key", length = 512)
    private String compressedKey;

    @Column(name = "compressed_size_bytes")
    private Long compressedSizeBytes;

    @Column(name = "compression_ratio", precision = 8, scale = 3)
    private BigDecimal compressionRatio;

    @Column(name = "derived_size_bytes")
    private Long derivedSizeBytes;

    // set when nothing can be made of the original and its bytes are deleted: it stops counting
    // against the tenant's storage quota (the asset itself stays, Failed, until its owner deletes it)
    @Column(name = "original_discarded_at")
    private Instant originalDiscardedAt;

    @Column(name = "job_execution_id")
    private Long jobExecutionId;

    @Column(name = "uploaded_at", nullable = false, updatable = false)
    private Instant uploadedAt;

    @Column(name = "probed_at")
    private Instant probedAt;

    @Column(name = "processed_at")
    private Instant processedAt;

    /** Whether the original was published as it is (see StandardInput); null until the playable step looked. */
    @Column(name = "standard_input")
    private Boolean standardInput;

    @Column(name = "non_standard_reasons")
    private String nonStandardReasons;

    /**
     * How far above the presets' CRF the rungs encoded after the complexity probe are (the
     * content-aware ladder); null until chosen. Written only by RECORD_LADDER_CHOICE and
     * CLEAR_RUN_CHOICES, so an update of the row beside it cannot write it back.
     */
    @Column(name = "crf_offset", insertable = false, updatable = false)
    private Integer crfOffset;

    @Column(name = "ladder_reason", insertable = false, updatable = false)
    private String ladderReason;

    @Version
    private long version;

    protected Asset() {}

    public Asset(Uploader uploader, StoredOriginal original, AssetDetails details) {
        this.publicId = UUID.randomUUID();
        this.tenantId = Objects.requireNonNull(uploader.tenantId());
        this.ownerId = Objects.requireNonNull(uploader.subject());
        this.keepOriginal = uploader.keepsOriginalQuality();
        this.originalFileName = original.fileName();
        this.fileSizeBytes = original.sizeBytes();
        this.contentHash = original.sha256();
        this.contentType = original.contentType();
        this.originalKey = original.key();
        this.title = details.title() != null ? details.title() : original.fileName();
        this.description = details.description();
        this.gameTitle = details.gameTitle();
        this.tags.addAll(details.tags());
        this.tagText = details.tags().isEmpty() ? null : String.join(" ", details.tags());
        this.sessionId = details.sessionId();
        this.recordedAt = details.recordedAt();
        this.isPublic = details.isPublic();
        this.status = AssetStatus.UPLOADED;
        this.uploadedAt = Instant.now();
    }

    public void moveTo(AssetStatus target) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransitionException(status, target);
        }
        status = target;
        // a deleted Failed asset keeps its reason for when it is restored
        if (target != AssetStatus.FAILED && target != AssetStatus.DELETED && target != AssetStatus.RESUMING) {
            processingError = null;
        }
    }

    /**
     * Moves forward to a processing step's status through every status in between, each a legal
     * transition: a restarted job resumes past finished steps, and a failed asset goes back to
     * Queued first ("Failed → Queued on retry").
     */
    public void advanceTo(AssetStatus target) {
        if (status == AssetStatus.FAILED) {
            moveTo(AssetStatus.QUEUED);
        }
        if (status == AssetStatus.RESUMING) {
            // a resume goes straight on at the step its run was in
            moveTo(target);
            return;
        }
        int goal = AssetStatus.PIPELINE.indexOf(target);
        if (goal < 0 || AssetStatus.PIPELINE.indexOf(status) < 0 || AssetStatus.PIPELINE.indexOf(status) > goal) {
            throw new IllegalTransitionException(status, target);
        }
        while (status != target) {
            moveTo(AssetStatus.PIPELINE.get(AssetStatus.PIPELINE.indexOf(status) + 1));
        }
    }

    /** Soft delete: hidden, restorable. Only a settled asset (Ready or Failed) can be deleted. */
    public void softDelete() {
        if (status != AssetStatus.READY && status != AssetStatus.FAILED) {
            throw new IllegalTransitionException(status, AssetStatus.DELETED);
        }
        statusBeforeDelete = status;
        moveTo(AssetStatus.DELETED);
        deletedAt = Instant.now();
    }

    /** Undoes a soft delete: back to the status the asset was deleted from. */
    public void restore() {
        requireStatus(AssetStatus.DELETED);
        moveTo(statusBeforeDelete);
        statusBeforeDelete = null;
        deletedAt = null;
    }

    public Instant deletedAt() {
        return deletedAt;
    }

    public void markFailed(String reason) {
        moveTo(AssetStatus.FAILED);
        processingError = reason == null ? "unknown error" : reason.substring(0, Math.min(reason.length(), 2000));
    }

    /**
     * What the probe read. The source's chapters are taken when the asset has none, so chapters
     * edited through the API survive a reprocess.
     */
    public void recordProbe(VideoMetadata probed, List<Chapter> sourceChapters, AudioLoudness audio) {
        if (status != AssetStatus.EXTRACTING_METADATA) {
            throw new IllegalTransitionException(status, AssetStatus.EXTRACTING_METADATA);
        }
        this.metadata = probed;
        this.loudness = audio;
        this.probedAt = Instant.now();
        if (chapters.isEmpty()) {
            chapters.addAll(sourceChapters);
        }
    }

    /** In start order; the first starts at 0. */
    public List<Chapter> chapters() {
        return List.copyOf(chapters);
    }

    /** Replaces the chapters with {@code checked} (see Chapters.checked). */
    public void replaceChapters(List<Chapter> checked) {
        chapters.clear();
        chapters.addAll(checked);
    }

    /** What the playable step found: no reasons, the original is published as it is; else why not. */
    public void recordInputAssessment(List<String> reasons) {
        requireStatus(AssetStatus.EXTRACTING_METADATA);
        this.standardInput = reasons.isEmpty();
        this.nonStandardReasons = reasons.isEmpty() ? null : String.join("\n", reasons);
    }

    public AudioLoudness loudness() {
        return loudness;
    }

    public Double outputLufs() {
        return outputLufs;
    }

    public Double outputTruePeakDbtp() {
        return outputTruePeakDbtp;
    }

    public Integer crfOffset() {
        return crfOffset;
    }

    public String ladderReason() {
        return ladderReason;
    }

    public Boolean standardInput() {
        return standardInput;
    }

    /** Why the original could not be published as it is, one sentence each; empty if it could or nobody looked yet. */
    public List<String> nonStandardReasons() {
        return nonStandardReasons == null ? List.of() : List.of(nonStandardReasons.split("\n"));
    }

    public void recordImages(ImageSet made) {
        requireStatus(AssetStatus.GENERATING_THUMBNAIL);
        this.images = made;
    }

    /** The storyboard comes with the renditions (the ladder encode samples it), after the other images. */
    public void recordStoryboard(String spriteKey, String trackKey) {
        requireStatus(AssetStatus.COMPRESSING);
        var made = images == null ? new ImageSet(null, null, null, null, null, null, null) : images;
        this.images = new ImageSet(
                made.posterKey(),
                made.posterWidth(),
                made.posterHeight(),
                made.previewGifKey(),
                made.previewWebpKey(),
                spriteKey,
                trackKey);
    }

    /**
     * Whether players can have it, given its recorded renditions: from the first rung on (the
     * master playlist lists the rungs recorded so far and grows as the others land), unless it is
     * deleted. A restart never removes a recorded rung, so it never unpublishes.
     */
    public boolean playableWith(List<Rendition> renditions) {
        return !renditions.isEmpty() && status != AssetStatus.DELETED;
    }

    public boolean hasStoryboard() {
        return images != null && images.storyboardKey() != null;
    }

    /**
     * The job's last step: the master playlist is in place, sizes are known, the asset is Ready.
     * The compression ratio is compressed size over original size (0.45 = 45 %).
     */
    public void publish(String masterPlaylistKey, Rendition compressed, long derivedSizeBytes) {
        moveTo(AssetStatus.READY);
        this.masterPlaylistKey = masterPlaylistKey;
        this.compressedKey = compressed == null ? null : compressed.compressedKey();
        this.compressedSizeBytes = compressed == null ? null : compressed.compressedSizeBytes();
        this.compressionRatio = compressedSizeBytes == null
                ? null
                : BigDecimal.valueOf(compressedSizeBytes)
                        .divide(BigDecimal.valueOf(fileSizeBytes), 3, RoundingMode.HALF_UP);
        this.derivedSizeBytes = derivedSizeBytes;
        this.processedAt = Instant.now();
    }

    /**
     * A restart of its run is about to start: a failed asset goes back in the queue, an
     * interrupted one is resuming. Either way a reprocess (which needs a settled asset) cannot
     * race the restart.
     */
    public void requeueForRestart() {
        if (status == AssetStatus.INTERRUPTED) {
            moveTo(AssetStatus.RESUMING);
        } else {
            requireStatus(AssetStatus.FAILED);
            moveTo(AssetStatus.QUEUED);
        }
    }

    /** Its run was cut short by its server and will be resumed; the reason says so. */
    public void markInterrupted(String reason) {
        moveTo(AssetStatus.INTERRUPTED);
        processingError = reason;
    }

    /** Back to the queue for a fresh run: what the previous run made is about to be deleted. */
    public void requeueForReprocessing() {
        moveTo(AssetStatus.QUEUED);
        this.images = null;
        this.masterPlaylistKey = null;
        this.compressedKey = null;
        this.compressedSizeBytes = null;
        this.compressionRatio = null;
        this.derivedSizeBytes = null;
        this.processedAt = null;
        this.standardInput = null;
        this.nonStandardReasons = null;
        // the content-aware choice is cleared by CLEAR_RUN_CHOICES, in the same transaction
    }

    private void requireStatus(AssetStatus expected) {
        if (status != expected) {
            throw new IllegalTransitionException(status, expected);
        }
    }

    /** The original was promoted from its staging key to its permanent one. */
    public void relocateOriginal(String key) {
        this.originalKey = key;
    }

    public void discardOriginal() {
        this.originalDiscardedAt = Instant.now();
    }

    public void startedAs(long executionId) {
        this.jobExecutionId = executionId;
    }

    public Long id() {
        return id;
    }

    public UUID publicId() {
        return publicId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String ownerId() {
        return ownerId;
    }

    public boolean ownedBy(Viewer viewer) {
        return ownerId.equals(viewer.subject());
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public String originalFileName() {
        return originalFileName;
    }

    public long fileSizeBytes() {
        return fileSizeBytes;
    }

    public String contentHash() {
        return contentHash;
    }

    public String contentType() {
        return contentType;
    }

    public String originalKey() {
        return originalKey;
    }

    public String gameTitle() {
        return gameTitle;
    }

    public long favoriteCount() {
        return favoriteCount;
    }

    /** Sorted, lower case. */
    public List<PlaybackId> playbackIds() {
        return List.copyOf(playbackIds);
    }

    /** A new playback ID of this asset; persisted with it. */
    public PlaybackId addPlaybackId(PlaybackPolicy policy) {
        var created = new PlaybackId(this, policy);
        playbackIds.add(created);
        return created;
    }

    /** Revokes one of this asset's playback IDs: it is deleted with the transaction. */
    public boolean removePlaybackId(String publicId) {
        return playbackIds.removeIf(p -> p.publicId().equals(publicId));
    }

    public List<String> tags() {
        return tags.stream().sorted().toList();
    }

    public String sessionId() {
        return sessionId;
    }

    public Instant recordedAt() {
        return recordedAt;
    }

    public boolean isPublic() {
        return isPublic;
    }

    /** New catalog details (the owner's or a moderator's edit); a cleared title falls back to the file name. */
    public void describe(AssetDetails details) {
        this.title = details.title() != null ? details.title() : originalFileName;
        this.description = details.description();
        this.gameTitle = details.gameTitle();
        this.sessionId = details.sessionId();
        this.recordedAt = details.recordedAt();
        this.isPublic = details.isPublic();
        this.tags.retainAll(details.tags());
        this.tags.addAll(details.tags());
        this.tagText = details.tags().isEmpty() ? null : String.join(" ", details.tags());
    }

    /** Public assets are for everyone in the tenant; private ones for their owner and the tenant's moderators. */
    public boolean visibleTo(String subject, boolean moderator) {
        return isPublic || moderator || ownerId.equals(subject);
    }

    public long viewCount() {
        return viewCount;
    }

    public long downloadCount() {
        return downloadCount;
    }

    public Instant lastViewedAt() {
        return lastViewedAt;
    }

    public AssetStatus status() {
        return status;
    }

    public String processingError() {
        return processingError;
    }

    public VideoMetadata metadata() {
        return metadata;
    }

    public Long jobExecutionId() {
        return jobExecutionId;
    }

    public Instant uploadedAt() {
        return uploadedAt;
    }

    public Instant probedAt() {
        return probedAt;
    }

    public Instant processedAt() {
        return processedAt;
    }

    public boolean keepOriginal() {
        return keepOriginal;
    }

    public ImageSet images() {
        return images;
    }

    public String masterPlaylistKey() {
        return masterPlaylistKey;
    }

    public String compressedKey() {
        return compressedKey;
    }

    public Long compressedSizeBytes() {
        return compressedSizeBytes;
    }

    public BigDecimal compressionRatio() {
        return compressionRatio;
    }

    public Long derivedSizeBytes() {
        return derivedSizeBytes;
    }
}
