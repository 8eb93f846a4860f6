package com.clips.social.boundary;

import com.clips.analytics.control.EventBuffer;
import com.clips.analytics.entity.EventType;
import com.clips.assets.boundary.Assets;
import com.clips.assets.entity.Asset;
import com.clips.identity.Viewer;
import com.clips.social.entity.Favorite;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/**
 * Favorites. Adding and removing are idempotent: the (asset, user) primary key
 * decides whether this click changed anything, and only then does the asset's counter move, by an
 * atomic increment in the same transaction, so concurrent clicks are counted exactly once. The
 * insert names the caller's tenant; everything that reads or removes favorites goes through the
 * tenant scope ({@link com.clips.social.entity.Favorite}).
 */
@Stateless
public class Favorites {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @EJB
    Assets assets;

    @Inject
    EventBuffer events;

    public record Page(List<Asset> items, long total) {}

    public void add(Viewer viewer, UUID publicId) {
        var asset = assets.visible(viewer, publicId);
        int added = em.createNamedQuery(Favorite.ADD)
                .setParameter(1, asset.id())
                .setParameter(2, viewer.tenantId())
                .setParameter(3, viewer.subject())
                .executeUpdate();
        count(asset, added);
        if (added == 1) {
            events.record(asset, viewer, EventType.FAVORITE);
        }
    }

    public void remove(Viewer viewer, UUID publicId) {
        var asset = assets.visible(viewer, publicId);
        int removed = em.createNamedQuery(Favorite.DELETE)
                .setParameter("asset", asset.id())
                .setParameter("subject", viewer.subject())
                .executeUpdate();
        count(asset, -removed);
        if (removed == 1) {
            events.record(asset, viewer, EventType.UNFAVORITE);
        }
    }

    private void count(Asset asset, int delta) {
        if (delta != 0) {
            em.createNamedQuery(Asset.COUNT_FAVORITE)
                    .setParameter("delta", (long) delta)
                    .setParameter("id", asset.id())
                    .executeUpdate();
        }
    }

    /** The caller's favorites, most recent first, leaving out any that are no longer visible to them. */
    public Page mine(Viewer viewer, int page, int pageSize) {
        long total = em.createNamedQuery(Favorite.COUNT_MINE, Long.class)
                .setParameter("subject", viewer.subject())
                .setParameter("moderator", viewer.moderator())
                .getSingleResult();
        var items = em.createNamedQuery(Favorite.MINE, Asset.class)
                .setParameter("subject", viewer.subject())
                .setParameter("moderator", viewer.moderator())
                .setFirstResult((page - 1) * pageSize)
                .setMaxResults(pageSize)
                .getResultList();
        return new Page(items, total);
    }
}
