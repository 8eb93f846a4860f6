package com.clips.assets.boundary;

import com.clips.assets.control.AssetEvents;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.AudioTrack;
import com.clips.assets.entity.Chapter;
import com.clips.assets.entity.EncodedRendition;
import com.clips.assets.entity.ImageSet;
import com.clips.assets.entity.Rendition;
import com.clips.events.entity.EventType;
import com.clips.media.control.ContainerFormat;
import com.clips.media.control.Ladder;
import com.clips.media.control.Loudness;
import com.clips.media.control.Rung;
import com.clips.media.entity.AudioLoudness;
import com.clips.media.entity.VideoMetadata;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import com.clips.tenants.control.QuotaAdmission;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the processing pipeline does to an asset, one short transaction per call so a batch step
 * never holds a transaction across an FFmpeg run. Processing is not tenant-scoped: it acts on
 * whatever asset a (trusted) processing message names.
 */
@Stateless
public class AssetProcessing {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    ObjectStorage storage;

    @Inject
    AssetEvents events;

    @Inject
    QuotaAdmission quotas;

    @Inject
    Loudness loudness;

    /**
     * The renditions this asset gets: the preset ladder for its size, under its tenant's encoding
     * profile, at the presets' CRF (the renditions step applies the content-aware offset).
     */
    public List<Rung> ladder(Asset asset) {
        var media = asset.metadata();
        return Ladder.forSource(
                media.width(),
                media.height(),
                quotas.maxRenditionHeight(asset.tenantId()).orElse(null));
    }

    /** Where its tenant's encoding profile (or the platform) wants the asset's audio; empty: not normalised. */
    public Optional<Loudness.Target> loudnessTarget(Asset asset) {
        var profile = quotas.loudness(asset.tenantId());
        return loudness.target(profile.normalize(), profile.integratedLufs(), profile.truePeakDbtp());
    }

    /**
     * Records the top rendition's measured audio once per run, in a transaction of its own for the
     * same reason as {@link #recordLadderChoice}.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordOutputLoudness(UUID publicId, Loudness.Measurement output) {
        em.createNamedQuery(Asset.RECORD_OUTPUT_LOUDNESS)
                .setParameter("publicId", publicId)
                .setParameter("lufs", output.integratedLufs())
                .setParameter("truePeak", Double.isInfinite(output.truePeakDbtp()) ? null : output.truePeakDbtp())
                .executeUpdate();
    }

    /**
     * Records the content-aware ladder's choice once per run; returns the offset that holds (an
     * earlier choice, if one was recorded). In a transaction of its own: the partition that probes
     * is inside its chunk's transaction, which lasts its encode, and the row lock of the update
     * would hold back the lowest rung's partition (its storyboard write) as long. The column update
     * leaves the asset's version alone, so that write does not conflict with it either.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int recordLadderChoice(UUID publicId, int offset, String reason) {
        em.createNamedQuery(Asset.RECORD_LADDER_CHOICE)
                .setParameter("publicId", publicId)
                .setParameter("offset", offset)
                .setParameter("reason", reason.substring(0, Math.min(reason.length(), 1000)))
                .executeUpdate();
        var chosen = em.createQuery("select a.crfOffset from Asset a where a.publicId = :publicId", Integer.class)
                .setParameter("publicId", publicId)
                .getSingleResult();
        return chosen == null ? 0 : chosen;
    }

    public Optional<Asset> find(UUID publicId) {
        return em.createNamedQuery(Asset.BY_PUBLIC_ID, Asset.class)
                .setParameter("publicId", publicId)
                .getResultStream()
                .findFirst();
    }

    /**
     * Moves the asset into a step's status and records which job execution works on it (only the
     * job writes the row while it runs, so no one races it). A restarted step finds the status
     * already set.
     */
    public Asset enter(UUID publicId, AssetStatus status, long executionId) {
        var asset = require(publicId);
        boolean starting = !AssetStatus.PROCESSING.contains(asset.status());
        asset.advanceTo(status);
        asset.startedAs(executionId);
        if (starting) {
            events.record(EventType.ASSET_PROCESSING, asset);
        }
        return asset;
    }

    /**
     * Copies the original from its staging key to its permanent key and points the row at it.
     * Idempotent: a restarted job finds the key already moved. The caller deletes the staging copy
     * only after this transaction committed (or the janitor does), so no row ever points at
     * deleted bytes.
     */
    public Optional<String> promoteOriginal(UUID publicId) {
        var asset = require(publicId);
        var staged = asset.originalKey();
        if (!staged.startsWith(StorageKeys.STAGING_PREFIX)) {
            return Optional.empty();
        }
        var extension = ContainerFormat.ofMediaType(asset.contentType())
                .map(ContainerFormat::extension)
                .orElse("bin");
        var permanent = StorageKeys.original(asset.tenantId(), asset.publicId(), extension);
        storage.copy(staged, permanent);
        asset.relocateOriginal(permanent);
        return Optional.of(staged);
    }

    /**
     * An original nothing can be made of, now or on a restart: it stops counting against the
     * tenant's storage quota, and its bytes (the key returned) are the caller's to delete once this
     * has committed.
     */
    public String discardOriginal(UUID publicId) {
        var asset = require(publicId);
        asset.discardOriginal();
        return asset.originalKey();
    }

    public void recordProbe(UUID publicId, VideoMetadata metadata, List<Chapter> chapters, AudioLoudness audio) {
        require(publicId).recordProbe(metadata, chapters, audio);
    }

    /**
     * A fresh run (not a restart) starts from nothing: whatever an earlier run of the asset made is
     * removed, so no stale segment or image outlives a reprocess.
     */
    public void clearDerived(UUID publicId) {
        var asset = require(publicId);
        em.createNamedQuery(Rendition.DELETE_OF_ASSET)
                .setParameter("asset", asset)
                .executeUpdate();
        em.createNamedQuery(AudioTrack.DELETE_OF_ASSET)
                .setParameter("asset", asset)
                .executeUpdate();
        // the renditions it encrypted are gone: the next run issues a key if the tenant still protects
        em.createNamedQuery(com.clips.protection.entity.ContentKeyRecord.DELETE_OF_ASSET)
                .setParameter("assetId", asset.publicId())
                .executeUpdate();
        StorageKeys.derivedPrefixes(asset.tenantId(), asset.publicId()).forEach(storage::deletePrefix);
    }

    /** Whether the original is published as it is, and if not, why (see StandardInput). */
    public void recordInputAssessment(UUID publicId, List<String> reasons) {
        require(publicId).recordInputAssessment(reasons);
    }

    public void recordImages(UUID publicId, ImageSet images) {
        require(publicId).recordImages(images);
    }

    public void recordStoryboard(UUID publicId, String spriteKey, String trackKey) {
        require(publicId).recordStoryboard(spriteKey, trackKey);
    }

    public List<Rendition> renditions(UUID publicId) {
        return em.createNamedQuery(Rendition.OF_ASSET, Rendition.class)
                .setParameter("asset", require(publicId))
                .getResultList();
    }

    /** Records a finished rendition once; a second call for the same rung (a retried write) changes nothing. */
    public void recordRendition(UUID publicId, EncodedRendition encoded, long executionId) {
        var asset = require(publicId);
        boolean known = em.createNamedQuery(Rendition.OF_ASSET, Rendition.class)
                .setParameter("asset", asset)
                .getResultStream()
                .anyMatch(r -> r.label() == encoded.label());
        if (!known) {
            var rendition = new Rendition(asset, encoded, executionId);
            em.persist(rendition);
            events.renditionReady(asset, rendition, renditions(publicId).size() == 1);
        }
    }

    /** The asset is Ready; asset.ready is written to the outbox in the same transaction. */
    public Asset publish(UUID publicId, String masterPlaylistKey, long derivedSizeBytes) {
        var asset = require(publicId);
        var compressed = renditions(publicId).stream()
                .filter(r -> r.compressedKey() != null)
                .findFirst()
                .orElse(null);
        asset.publish(masterPlaylistKey, compressed, derivedSizeBytes);
        events.record(EventType.ASSET_READY, asset);
        return asset;
    }

    /** The run failed for good: Failed, with asset.failed. A settled asset (Ready, Failed, Deleted) stays as it is. */
    public void markFailed(UUID publicId, String reason) {
        find(publicId).filter(a -> !a.status().settled()).ifPresent(a -> {
            a.markFailed(reason);
            events.record(EventType.ASSET_FAILED, a);
        });
    }

    /**
     * The run was cut short by its server and will be resumed: Interrupted, which is not a final
     * state (no asset.failed). Only an asset still processing (or resuming) becomes Interrupted.
     */
    public void markInterrupted(UUID publicId, String reason) {
        find(publicId)
                .filter(a -> a.status().canMoveTo(AssetStatus.INTERRUPTED))
                .ifPresent(a -> a.markInterrupted(reason));
    }

    private Asset require(UUID publicId) {
        return find(publicId).orElseThrow(() -> new IllegalStateException("asset " + publicId + " is gone"));
    }
}
