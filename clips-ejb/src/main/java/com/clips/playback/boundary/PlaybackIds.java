package com.clips.playback.boundary;

import com.clips.assets.boundary.Assets;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.PlaybackId;
import com.clips.assets.entity.PlaybackPolicy;
import com.clips.identity.Viewer;
import com.clips.platform.ProblemException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import java.util.UUID;

/**
 * An asset's playback IDs, managed by whoever may edit the asset (owner, moderator, administrator).
 * Deleting one revokes it: the next request through it is 404, on every node at once.
 */
@Stateless
public class PlaybackIds {

    @EJB
    Assets assets;

    public PlaybackId add(Viewer viewer, UUID assetId, PlaybackPolicy policy) {
        return editable(viewer, assetId).addPlaybackId(policy);
    }

    public void revoke(Viewer viewer, UUID assetId, String playbackId) {
        if (!editable(viewer, assetId).removePlaybackId(playbackId)) {
            throw ProblemException.notFound("Playback ID " + playbackId);
        }
    }

    private Asset editable(Viewer viewer, UUID assetId) {
        var asset = assets.visible(viewer, assetId);
        if (asset.status() == AssetStatus.DELETED) {
            throw ProblemException.notFound("Asset " + assetId);
        }
        if (!asset.ownedBy(viewer) && !viewer.moderator() && !viewer.administrator()) {
            throw ProblemException.forbidden("Only the owner, a moderator or an administrator manages playback IDs.");
        }
        return asset;
    }
}
