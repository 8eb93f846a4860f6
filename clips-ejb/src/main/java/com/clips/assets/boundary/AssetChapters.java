package com.clips.assets.boundary;

import com.clips.assets.control.AssetEvents;
import com.clips.assets.control.Chapters;
import com.clips.assets.entity.Chapter;
import com.clips.audit.boundary.AuditLog;
import com.clips.events.entity.EventType;
import com.clips.identity.Viewer;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * An asset's chapters: whoever may see the asset reads them; the owner, a moderator or an
 * administrator replaces them, once the asset is Ready (a chapter is checked against the clip's
 * length, and a running job writes the asset's row). A replacement is an {@code asset.updated}.
 */
@Stateless
public class AssetChapters {

    @EJB
    Assets assets;

    @EJB
    AuditLog audit;

    @Inject
    AssetEvents events;

    public List<Chapter> list(Viewer viewer, UUID assetId) {
        return assets.visibleLive(viewer, assetId).chapters();
    }

    public List<Chapter> replace(Viewer viewer, UUID assetId, List<Chapters.Entry> entries) {
        var asset = assets.editableWhenReady(viewer, assetId, "Chapters");
        asset.replaceChapters(Chapters.checked(entries, asset.metadata().lengthSeconds()));
        events.record(EventType.ASSET_UPDATED, asset);
        if (!asset.ownedBy(viewer)) {
            audit.record(asset.tenantId(), "asset.chapters", asset.publicId().toString(), "owner " + asset.ownerId());
        }
        return asset.chapters();
    }
}
