package com.clips.social.boundary;

import com.clips.analytics.control.EventBuffer;
import com.clips.analytics.entity.EventType;
import com.clips.assets.boundary.Assets;
import com.clips.assets.boundary.Viewer;
import com.clips.assets.entity.Asset;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Favorites (seed 000 §10). Adding and removing are idempotent: the (asset, user) primary key
 * decides whether this click changed anything, and only then does the asset's counter move, by an
 * atomic increment in the same transaction, so concurrent clicks are counted exactly once.
 */
@Stateless
public class Favorites {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @EJB
    Assets assets;

    @Inject
    EventBuffer events;

    public record Page(List<Asset> items, long total) {
    }

    public void add(Viewer viewer, UUID publicId) {
        var asset = assets.visible(viewer, publicId);
        int added = em.createNativeQuery("insert into clips.favorite (asset_id, tenant_id, subject) values (?1, ?2, ?3)"
                        + " on conflict do nothing")
                .setParameter(1, asset.id()).setParameter(2, viewer.tenantId()).setParameter(3, viewer.subject())
                .executeUpdate();
        count(asset, added);
        if (added == 1) {
            events.record(asset, viewer, EventType.FAVORITE);
        }
    }

    public void remove(Viewer viewer, UUID publicId) {
        var asset = assets.visible(viewer, publicId);
        int removed = em.createNativeQuery("delete from clips.favorite where asset_id = ?1 and subject = ?2")
                .setParameter(1, asset.id()).setParameter(2, viewer.subject()).executeUpdate();
        count(asset, -removed);
        if (removed == 1) {
            events.record(asset, viewer, EventType.UNFAVORITE);
        }
    }

    private void count(Asset asset, int delta) {
        if (delta != 0) {
            em.createNamedQuery(Asset.COUNT_FAVORITE).setParameter("delta", (long) delta).setParameter("id", asset.id())
                    .executeUpdate();
        }
    }

    /** The caller's favorites, most recent first, leaving out any that are no longer visible to them. */
    @SuppressWarnings("unchecked")
    public Page mine(Viewer viewer, int page, int pageSize) {
        var visible = "from clips.favorite f join clips.asset a on a.id = f.asset_id where f.tenant_id = ?1"
                + " and f.subject = ?2 and a.status <> 'DELETED' and (a.is_public or a.owner_id = ?2 or ?3)";
        long total = ((Number) em.createNativeQuery("select count(*) " + visible)
                .setParameter(1, viewer.tenantId()).setParameter(2, viewer.subject()).setParameter(3, viewer.moderator())
                .getSingleResult()).longValue();
        List<Number> ids = em.createNativeQuery("select a.id " + visible + " order by f.created_at desc, a.id desc")
                .setParameter(1, viewer.tenantId()).setParameter(2, viewer.subject()).setParameter(3, viewer.moderator())
                .setFirstResult((page - 1) * pageSize).setMaxResults(pageSize).getResultList();
        if (ids.isEmpty()) {
            return new Page(List.of(), total);
        }
        var order = ids.stream().map(Number::longValue).toList();
        Map<Long, Asset> byId = em.createQuery("select a from Asset a where a.id in :ids", Asset.class)
                .setParameter("ids", order).getResultStream().collect(Collectors.toMap(Asset::id, Function.identity()));
        return new Page(order.stream().map(byId::get).sorted(Comparator.comparingInt(a -> order.indexOf(a.id())))
                .toList(), total);
    }
}
