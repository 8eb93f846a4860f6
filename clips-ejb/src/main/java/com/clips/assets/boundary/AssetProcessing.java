package com.clips.assets.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.VideoMetadata;
import com.clips.media.control.ContainerFormat;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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

    public Optional<Asset> find(UUID publicId) {
        return em.createQuery("select a from Asset a where a.publicId = :id", Asset.class)
                .setParameter("id", publicId).getResultStream().findFirst();
    }

    /**
     * Moves the asset into a step's status and records which job execution works on it (only the
     * job writes the row while it runs, so no one races it). A restarted step finds the status
     * already set.
     */
    public Asset enter(UUID publicId, AssetStatus status, long executionId) {
        var asset = require(publicId);
        if (asset.status() != status) {
            asset.moveTo(status);
        }
        asset.startedAs(executionId);
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
        var extension = ContainerFormat.ofMediaType(asset.contentType()).map(ContainerFormat::extension)
                .orElse("bin");
        var permanent = StorageKeys.original(asset.tenantId(), asset.publicId(), extension);
        storage.copy(staged, permanent);
        asset.relocateOriginal(permanent);
        return Optional.of(staged);
    }

    public void recordProbe(UUID publicId, VideoMetadata metadata) {
        require(publicId).recordProbe(metadata);
    }

    public void markFailed(UUID publicId, String reason) {
        find(publicId).filter(a -> a.status() != AssetStatus.FAILED && a.status() != AssetStatus.DELETED)
                .ifPresent(a -> a.markFailed(reason));
    }

    private Asset require(UUID publicId) {
        return find(publicId).orElseThrow(() -> new IllegalStateException("asset " + publicId + " is gone"));
    }
}
