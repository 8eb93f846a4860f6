package com.clips.assets.boundary;

import com.clips.assets.control.AssetEvents;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.IllegalTransitionException;
import com.clips.audit.boundary.AuditLog;
import com.clips.events.entity.EventType;
import com.clips.identity.Viewer;
import com.clips.platform.ClusterTasks;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deleting clips. A soft delete hides the asset and can be undone within the
 * restore window; a purge removes every stored object of the asset (original, renditions,
 * compressed copy, thumbnails, previews, storyboards, caption tracks) and then its rows, so a purge that fails
 * half-way leaves a row to purge again, never an object nobody refers to.
 */
@Stateless
public class Deletions {

    private static final Logger LOG = Logger.getLogger(Deletions.class.getName());

    @EJB
    ClusterTasks tasks;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @EJB
    Assets assets;

    @Inject
    ObjectStorage storage;

    @EJB
    AuditLog audit;

    @Inject
    AssetEvents events;

    @Inject
    @ConfigProperty(name = "clips.assets.restore-window", defaultValue = "P30D")
    Duration restoreWindow;

    /** Owner, moderator or administrator; a Ready or Failed asset (409 while it is processing). */
    public void softDelete(Viewer viewer, UUID id) {
        var asset = assets.visible(viewer, id);
        if (asset.status() == AssetStatus.DELETED) {
            throw ProblemException.notFound("Asset " + id);
        }
        requireOwnerOr(viewer.moderator(), viewer, asset, "delete");
        try {
            asset.softDelete();
        } catch (IllegalTransitionException e) {
            throw busy(asset);
        }
        events.record(EventType.ASSET_DELETED, asset);
        moderation(viewer, asset, "asset.delete");
    }

    /** Undoes a soft delete within the restore window (410 after it). */
    public Asset restore(Viewer viewer, UUID id) {
        var asset = assets.get(id);
        if (asset.status() != AssetStatus.DELETED || !asset.ownedBy(viewer) && Assets.hiddenFrom(asset, viewer)) {
            throw ProblemException.notFound("Deleted asset " + id);
        }
        if (asset.deletedAt().plus(restoreWindow).isBefore(Instant.now())) {
            throw new ProblemException(
                    ProblemType.RESTORE_WINDOW_PASSED,
                    "The asset was deleted more than " + restoreWindow + " ago and can no longer be restored.");
        }
        var live = assets.findSameContent(asset.tenantId(), asset.contentHash());
        if (live.isPresent()) {
            throw new ProblemException(
                    ProblemType.CONTENT_EXISTS,
                    "The same content was uploaded again as asset " + live.get().publicId()
                            + " after this one was deleted; delete that one first.");
        }
        asset.restore();
        events.record(EventType.ASSET_RESTORED, asset);
        moderation(viewer, asset, "asset.restore");
        return asset;
    }

    /** Hard delete by the owner or an administrator: every object, then the rows. */
    public void purge(Viewer viewer, UUID id) {
        var asset = assets.get(id);
        // the owner may purge their own soft-deleted asset, which is hidden even from them
        if (!asset.ownedBy(viewer) && Assets.hiddenFrom(asset, viewer)) {
            throw ProblemException.notFound("Asset " + id);
        }
        requireOwnerOr(viewer.administrator(), viewer, asset, "purge");
        var status = asset.status();
        if (status != AssetStatus.READY && status != AssetStatus.FAILED && status != AssetStatus.DELETED) {
            throw busy(asset);
        }
        removeEverything(asset);
        moderation(viewer, asset, "asset.purge");
    }

    /** Someone else's asset, by a moderator or an administrator: an entry in the audit log. */
    private void moderation(Viewer viewer, Asset asset, String action) {
        if (!asset.ownedBy(viewer)) {
            audit.record(asset.tenantId(), action, asset.publicId().toString(), "owner " + asset.ownerId());
        }
    }

    /** An operator's sweep of their tenant: soft-deleted assets past the restore window are purged now. */
    public int purgeExpired(String tenantId, int limit) {
        return purge(
                em.createNamedQuery(Asset.DELETED_BEFORE_IN_TENANT, Asset.class).setParameter("tenantId", tenantId),
                limit);
    }

    private int purge(TypedQuery<Asset> expiredQuery, int limit) {
        var expired = expiredQuery
                .setParameter("before", Instant.now().minus(restoreWindow))
                .setMaxResults(limit)
                .getResultList();
        for (var asset : expired) {
            removeEverything(asset);
            audit.record(
                    asset.tenantId(),
                    "asset.purge",
                    asset.publicId().toString(),
                    "soft-deleted more than " + restoreWindow + " ago");
        }
        return expired.size();
    }

    @Schedule(hour = "*", minute = "23", persistent = false)
    void sweep() {
        if (!tasks.claim("deletions", Duration.ofHours(1), Duration.ofMinutes(23))) {
            return; // another node ran it this period
        }
        int purged = purge(em.createNamedQuery(Asset.DELETED_BEFORE, Asset.class), 500);
        if (purged > 0) {
            LOG.info(() -> purged + " soft-deleted asset(s) past the restore window purged");
        }
    }

    private void removeEverything(Asset asset) {
        int objects = 0;
        if (asset.originalKey() != null) {
            storage.delete(asset.originalKey());
            objects++;
        }
        for (var prefix : StorageKeys.derivedPrefixes(asset.tenantId(), asset.publicId())) {
            objects += storage.deletePrefix(prefix);
        }
        objects += storage.deletePrefix(StorageKeys.captionsPrefix(asset.tenantId(), asset.publicId()));
        events.record(EventType.ASSET_PURGED, asset);
        em.remove(asset);
        int removed = objects;
        LOG.info(() ->
                "purged asset " + asset.publicId() + " of tenant " + asset.tenantId() + ": " + removed + " object(s)");
    }

    private static void requireOwnerOr(boolean role, Viewer viewer, Asset asset, String what) {
        if (!asset.ownedBy(viewer) && !role) {
            throw ProblemException.forbidden("Only the owner"
                    + (what.equals("purge") ? " or an administrator" : ", a moderator or an administrator") + " may "
                    + what + " this asset.");
        }
    }

    private static ProblemException busy(Asset asset) {
        return new ProblemException(
                ProblemType.ASSET_BUSY,
                "The asset is " + asset.status() + "; only a Ready or Failed asset can be deleted.");
    }
}
