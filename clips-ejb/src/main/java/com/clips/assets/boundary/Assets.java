package com.clips.assets.boundary;

import com.clips.assets.control.AssetEvents;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetDetails;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.PlaybackPolicy;
import com.clips.assets.entity.Rendition;
import com.clips.assets.entity.StoredOriginal;
import com.clips.audit.boundary.AuditLog;
import com.clips.events.entity.EventType;
import com.clips.identity.Uploader;
import com.clips.identity.Viewer;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.Queues;
import com.clips.tenants.control.QuotaAdmission;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The asset catalog's transactional edge. {@link #register} is the business transaction of an
 * upload: the row and the processing message commit together or not at all.
 */
@Stateless
public class Assets {

    private static final Logger LOG = Logger.getLogger(Assets.class.getName());

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    @JMSConnectionFactory("java:/JmsXA")
    JMSContext jms;

    @EJB
    AuditLog audit;

    @Inject
    QuotaAdmission quotas;

    @Inject
    @ConfigProperty(name = "clips.playback.default-policy", defaultValue = "auto")
    String defaultPlaybackPolicy;

    @Inject
    AssetEvents events;

    @Resource(lookup = Queues.PROCESSING)
    Queue processingQueue;

    /** A registration's outcome: the new asset, or the tenant's live asset that has the same content. */
    public record Registered(Asset asset, boolean duplicate) {}

    /**
     * Registers the staged original unless the tenant already has a live asset with the same
     * content, which it then answers with. The lookup runs under the tenant row's lock, so of two
     * concurrent uploads of the same bytes the second waits for the first to commit and finds its
     * asset; the unique index {@code asset_live_content} (V60) makes a second live copy impossible
     * whatever path writes one.
     */
    public Registered registerUnlessPresent(Uploader uploader, StoredOriginal original, AssetDetails details) {
        quotas.lockTenant(uploader.tenantId());
        var existing = findSameContent(uploader.tenantId(), original.sha256());
        if (existing.isPresent()) {
            return new Registered(existing.get(), true);
        }
        return new Registered(register(uploader, original, details), false);
    }

    public Asset register(Uploader uploader, StoredOriginal original, AssetDetails details) {
        quotas.admitAsset(uploader.tenantId(), original.sizeBytes());
        var asset = new Asset(uploader, original, details);
        defaultPlayback(asset).ifPresent(asset::addPlaybackId);
        em.persist(asset);
        asset.moveTo(AssetStatus.QUEUED);
        requestProcessing(asset);
        LOG.info(() -> "asset " + asset.publicId() + " registered (" + original.sizeBytes() + " bytes), queued");
        events.record(EventType.ASSET_CREATED, asset);
        return asset;
    }

    /**
     * The playback ID an upload gets ({@code clips.playback.default-policy}): {@code auto} (public
     * for a public clip, signed for a private one), {@code public}, {@code signed} or {@code none}.
     */
    private Optional<PlaybackPolicy> defaultPlayback(Asset asset) {
        return switch (defaultPlaybackPolicy) {
            case "none" -> Optional.empty();
            case "public" -> Optional.of(PlaybackPolicy.PUBLIC);
            case "signed" -> Optional.of(PlaybackPolicy.SIGNED);
            default -> Optional.of(asset.isPublic() ? PlaybackPolicy.PUBLIC : PlaybackPolicy.SIGNED);
        };
    }

    /** Queues an asset for process-asset; commits with the caller's transaction. */
    public void requestProcessing(Asset asset) {
        jms.createProducer()
                .setProperty("tenant", asset.tenantId())
                .send(processingQueue, asset.publicId().toString());
    }

    /**
     * Runs the pipeline again for a Ready or Failed asset (new presets, a fixed bug): back to
     * Queued and a processing message, in one transaction. The new run starts by removing what
     * the old one made.
     */
    public Asset reprocess(String tenantId, UUID publicId) {
        // the row locked: of concurrent reprocesses (and restarts, which also move it to Queued) one wins
        var asset = em.createNamedQuery(Asset.BY_PUBLIC_ID, Asset.class)
                .setParameter("publicId", publicId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Asset " + publicId));
        if (asset.status() != AssetStatus.READY && asset.status() != AssetStatus.FAILED) {
            throw new ProblemException(
                    ProblemType.ASSET_BUSY,
                    "The asset is " + asset.status() + "; only a Ready or Failed asset can be reprocessed.");
        }
        quotas.checkProcessing(tenantId);
        asset.requeueForReprocessing();
        em.createNamedQuery(Asset.CLEAR_RUN_CHOICES)
                .setParameter("id", asset.id())
                .executeUpdate();
        requestProcessing(asset);
        audit.record(tenantId, "asset.reprocess", publicId.toString(), null);
        return asset;
    }

    /** The asset of the caller's tenant (the request's TenantScope: another tenant's is not found). */
    public Optional<Asset> find(UUID publicId) {
        return em.createNamedQuery(Asset.BY_PUBLIC_ID, Asset.class)
                .setParameter("publicId", publicId)
                .getResultStream()
                .findFirst();
    }

    public Asset get(UUID publicId) {
        return find(publicId).orElseThrow(() -> ProblemException.notFound("Asset " + publicId));
    }

    /**
     * The asset if this caller may see it; another user's private asset, and a deleted one for
     * anyone but the tenant's moderators, are as absent as a missing one.
     */
    public Asset visible(Viewer viewer, UUID publicId) {
        var asset = get(publicId);
        if (hiddenFrom(asset, viewer)) {
            throw ProblemException.notFound("Asset " + publicId);
        }
        return asset;
    }

    /**
     * The asset if this caller may see it and it is not deleted: what hangs off a clip (its caption
     * tracks, its chapters) is absent with it, even for the moderators who still see the clip.
     */
    public Asset visibleLive(Viewer viewer, UUID assetId) {
        var asset = visible(viewer, assetId);
        if (asset.status() == AssetStatus.DELETED) {
            throw ProblemException.notFound("Asset " + assetId);
        }
        return asset;
    }

    /**
     * The asset for an edit of what is checked against the clip's length ({@code what}: caption
     * tracks, chapters): whoever may see it finds it (a deleted one is absent); the owner, a
     * moderator or an administrator may edit (403 otherwise), once it is Ready (409 before: its
     * length may not be known, and a running job writes the row).
     */
    public Asset editableWhenReady(Viewer viewer, UUID assetId, String what) {
        var asset = visibleLive(viewer, assetId);
        if (!asset.ownedBy(viewer) && !viewer.moderator() && !viewer.administrator()) {
            throw ProblemException.forbidden(
                    "Only the owner, a moderator or an administrator manages " + what.toLowerCase(Locale.ROOT) + ".");
        }
        if (asset.status() != AssetStatus.READY) {
            throw new ProblemException(
                    ProblemType.ASSET_NOT_READY,
                    what + " are checked against the clip's length: the asset is " + asset.status()
                            + ", not Ready, yet.");
        }
        return asset;
    }

    /** The one visibility rule: {@link #visible} applies it; deleting code relaxes it only for the owner. */
    public static boolean hiddenFrom(Asset asset, Viewer viewer) {
        return !asset.visibleTo(viewer.subject(), viewer.moderator())
                || asset.status() == AssetStatus.DELETED && !viewer.moderator();
    }

    /**
     * Edits the catalog details: the owner or the tenant's moderators (anyone else who can see it
     * gets 403), once processing has finished (409 before).
     */
    public Asset describe(Viewer viewer, UUID publicId, AssetDetails details) {
        var asset = visible(viewer, publicId);
        if (!asset.ownedBy(viewer) && !viewer.moderator()) {
            throw ProblemException.forbidden("Only the owner or a moderator may edit this asset.");
        }
        if (asset.status() != AssetStatus.READY && asset.status() != AssetStatus.FAILED) {
            // a running job writes the row in transactions that can last an encode: an edit would
            // fail its version check and so the job
            throw new ProblemException(
                    ProblemType.ASSET_BUSY,
                    "The asset is " + asset.status() + "; its details can be edited once processing has finished.");
        }
        asset.describe(details);
        events.record(EventType.ASSET_UPDATED, asset);
        if (!asset.ownedBy(viewer)) {
            audit.record(asset.tenantId(), "asset.edit", asset.publicId().toString(), "owner " + asset.ownerId());
        }
        return asset;
    }

    public List<Rendition> renditions(Asset asset) {
        return em.createNamedQuery(Rendition.OF_ASSET, Rendition.class)
                .setParameter("asset", asset)
                .getResultList();
    }

    public Optional<Asset> findSameContent(String tenantId, String sha256) {
        return em.createNamedQuery(Asset.BY_CONTENT_HASH, Asset.class)
                .setParameter("tenantId", tenantId)
                .setParameter("hash", sha256)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }
}
