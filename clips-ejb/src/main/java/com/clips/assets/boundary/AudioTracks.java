package com.clips.assets.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AudioTrack;
import com.clips.identity.Viewer;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/**
 * The audio tracks of an asset whose audio is in renditions of its own (see the audio step):
 * whoever may see the asset lists them; the processing records them, all at once, when it has
 * encoded them.
 */
@Stateless
public class AudioTracks {

    @EJB
    Assets assets;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    public List<AudioTrack> list(Viewer viewer, UUID assetId) {
        return of(assets.visibleLive(viewer, assetId));
    }

    /** The tracks of an asset already found, by position (empty: no audio, or audio inside its renditions). */
    public List<AudioTrack> of(Asset asset) {
        return em.createNamedQuery(AudioTrack.OF_ASSET, AudioTrack.class)
                .setParameter("asset", asset)
                .getResultList();
    }

    /** Whether the asset's audio is in tracks of its own: its video renditions are then encoded without. */
    public boolean separate(UUID assetId) {
        return em.createNamedQuery(AudioTrack.COUNT_OF_ASSET, Long.class)
                        .setParameter("publicId", assetId)
                        .getSingleResult()
                > 0;
    }

    /** Replaces the asset's tracks with {@code made}: a repeated step (a restart) leaves one set. */
    public void record(UUID assetId, List<AudioTrack.Made> made) {
        var asset = em.createNamedQuery(Asset.BY_PUBLIC_ID, Asset.class)
                .setParameter("publicId", assetId)
                .getSingleResult();
        em.createNamedQuery(AudioTrack.DELETE_OF_ASSET)
                .setParameter("asset", asset)
                .executeUpdate();
        made.forEach(m -> em.persist(new AudioTrack(asset, m)));
    }
}
