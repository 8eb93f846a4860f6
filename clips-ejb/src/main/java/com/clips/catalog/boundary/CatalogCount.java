package com.clips.catalog.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.Asset_;
import com.clips.catalog.control.AssetQuery;
import com.clips.identity.Viewer;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.Predicate;
import java.time.Duration;

/**
 * A catalog page's total, counted in a transaction of its own so {@link Catalog} can run it on a
 * second connection while it chooses the page (the caller enters the tenant's scope first).
 */
@Stateless
public class CatalogCount {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    /** How many rows matched, and how long counting them took. */
    public record Counted(long rows, Duration took) {}

    /** How many match, counted up to {@code limit} + 1: more than {@code limit} says "at least". */
    public Counted count(Viewer viewer, AssetQuery query, int limit) {
        long started = System.nanoTime();
        var cb = em.getCriteriaBuilder();
        var ids = cb.createQuery(Long.class);
        var root = ids.from(Asset.class);
        ids.select(root.get(Asset_.id))
                .where(Catalog.filters(cb, ids, root, viewer, query).toArray(Predicate[]::new));
        long rows = em.createQuery(ids).setMaxResults(limit + 1).getResultList().size();
        return new Counted(rows, Duration.ofNanos(System.nanoTime() - started));
    }
}
