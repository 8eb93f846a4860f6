package com.clips.assets.boundary;

import com.clips.analytics.control.EventBuffer;
import com.clips.analytics.entity.EventType;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.ImageSet;
import com.clips.identity.Viewer;
import com.clips.media.control.SignedPlaylist;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.storage.control.Delivery;
import com.clips.storage.control.ObjectStorage;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a player or a browser fetches for an asset the caller may see: short-lived URLs of the
 * stored objects (or the CDN's), and HLS playlists whose every segment carries its own signed URL.
 * Plays, downloads and shares are recorded as analytics events, which also keep the asset's counters.
 */
@Stateless
public class Playback {

    @EJB
    Assets assets;

    @Inject
    Delivery delivery;

    @Inject
    EventBuffer events;

    @Inject
    ObjectStorage storage;

    /** The progressive file: the compressed MP4 when there is one, else the original. Records a view. */
    public URI stream(Viewer viewer, UUID id) {
        var asset = ready(viewer, id);
        events.record(asset, viewer, EventType.VIEW);
        return delivery.read(asset.compressedKey() != null ? asset.compressedKey() : asset.originalKey());
    }

    /** The original, saved under its own (sanitised) file name. Records a download. */
    public URI download(Viewer viewer, UUID id) {
        var asset = notDeleted(viewer, id);
        events.record(asset, viewer, EventType.DOWNLOAD);
        return delivery.download(asset.originalKey(), asset.originalFileName());
    }

    /** The caller shared the asset (their client tells us; the link itself is the client's business). */
    public void share(Viewer viewer, UUID id) {
        events.record(notDeleted(viewer, id), viewer, EventType.SHARE);
    }

    /** A soft-deleted asset cannot be downloaded or shared, even by a moderator who can still see it. */
    private Asset notDeleted(Viewer viewer, UUID id) {
        var asset = assets.visible(viewer, id);
        if (asset.status() == AssetStatus.DELETED) {
            throw ProblemException.notFound("Asset " + id);
        }
        return asset;
    }

    public URI thumbnail(Viewer viewer, UUID id) {
        return image(viewer, id, ImageSet::posterKey, "thumbnail");
    }

    public URI preview(Viewer viewer, UUID id, boolean webp) {
        return image(viewer, id, webp ? ImageSet::previewWebpKey : ImageSet::previewGifKey, "preview");
    }

    /** The master playlist as stored: its variant URIs are relative, so they resolve to {@link #media}. Records a view. */
    public String master(Viewer viewer, UUID id) {
        var asset = ready(viewer, id);
        events.record(asset, viewer, EventType.VIEW);
        return storage.readText(asset.masterPlaylistKey());
    }

    /** One rendition's media playlist with signed segment URLs. */
    public String media(Viewer viewer, UUID id, String rendition) {
        var asset = ready(viewer, id);
        var found = assets.renditions(asset).stream()
                .filter(r -> r.name().equals(rendition))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Rendition " + rendition));
        var key = found.playlistKey();
        return SignedPlaylist.media(
                storage.readText(key),
                key.substring(0, key.lastIndexOf('/') + 1),
                segment -> delivery.read(segment).toString());
    }

    private URI image(Viewer viewer, UUID id, Function<ImageSet, String> which, String what) {
        var asset = assets.visible(viewer, id);
        var key = Optional.ofNullable(asset.images()).map(which).orElseThrow(() -> notReady(asset, "has no " + what));
        return delivery.read(key);
    }

    private Asset ready(Viewer viewer, UUID id) {
        var asset = assets.visible(viewer, id);
        if (asset.status() != AssetStatus.READY || asset.masterPlaylistKey() == null) {
            throw notReady(asset, "is not ready to play");
        }
        return asset;
    }

    private static ProblemException notReady(Asset asset, String what) {
        return new ProblemException(
                ProblemType.ASSET_NOT_READY, "The asset " + what + " yet (status " + asset.status() + ").");
    }
}
