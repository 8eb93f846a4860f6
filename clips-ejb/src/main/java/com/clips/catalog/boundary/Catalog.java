package com.clips.catalog.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.Asset_;
import com.clips.assets.entity.ImageSet_;
import com.clips.assets.entity.Rendition;
import com.clips.catalog.control.AssetQuery;
import com.clips.catalog.control.AssetSort;
import com.clips.catalog.control.Cursor;
import com.clips.catalog.entity.Game;
import com.clips.catalog.entity.Game_;
import com.clips.identity.Viewer;
import com.clips.media.entity.VideoMetadata_;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.TenantScope;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The catalog: one tenant's assets as the caller may see them, filtered by any of its
 * MediaAssetQuery fields, sorted by any MediaAssetSortBy, paged by number (with a total) or by
 * keyset cursor. Built with the Criteria API on the generated metamodel; free text uses
 * PostgreSQL's full-text search (the generated {@code search} column, GIN-indexed, ranked).
 */
@Stateless
public class Catalog {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @EJB
    CatalogCount counter;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Inject
    CountsAlongside alongside;

    /** The deepest a page number reaches (rows); past it, the cursor. Counting never goes further. */
    public static final int COUNT_LIMIT = 10_000;
    /** How far past the start of the requested page its total is counted exactly. */
    public static final int COUNT_AHEAD = 1_000;
    /** How long a page waits for the count it started alongside before it counts itself. */
    static final Duration COUNT_PATIENCE = Duration.ofSeconds(2);

    /**
     * One page: the assets with their renditions; in page mode its total, exact or (when more rows
     * matched than were counted) a lower bound; where the next page starts; and, where the total
     * needed a count, how long the count took (it runs alongside the page) and how long the answer
     * then waited for it.
     */
    public record Page(
            List<Asset> items,
            Map<Long, List<Rendition>> renditions,
            Long total,
            boolean totalIsLowerBound,
            Cursor next,
            Duration counting,
            Duration countWait) {}

    /**
     * Where page mode counts to: {@link #COUNT_AHEAD} rows past the page's start, at most
     * {@link #COUNT_LIMIT}. The first page's "at least 1,000" costs a fraction of an exact count of
     * a broad filter over a million clips (a count finds the matching rows one by one, 2-5 µs each
     * here); the total grows as the pages go deeper, where an offset page costs its offset anyway.
     */
    static int countLimit(long offset) {
        return (int) Math.min(COUNT_LIMIT, offset + COUNT_AHEAD);
    }

    public Page search(Viewer viewer, AssetQuery query) {
        if (query.includeDeleted() && !viewer.moderator()) {
            throw ProblemException.forbidden("Only moderators and administrators may list deleted assets.");
        }
        if (query.sort() == AssetSort.RELEVANCE && query.text() == null) {
            throw new ProblemException(ProblemType.INVALID_FILTER, "sort=relevance needs a search text (q).");
        }
        long offset = query.keyset() ? 0 : (long) (query.page() - 1) * query.pageSize();
        int limit = countLimit(offset);
        // page mode counts on a second connection while this one chooses the page: on a filtered
        // first page the count takes as long as the rest, and would otherwise double it
        var counted = query.keyset() ? null : countAlongside(viewer, query, limit);
        var cb = em.getCriteriaBuilder();
        // the page is chosen over (row id, sort key, public id) only, and its rows are read after:
        // sorting 47,000 search matches to keep 21 then moves three values a row, not the whole
        // row (a ranked search for a common word over the bench's million clips: 135-190 ms ->
        // 100-120 ms in the database)
        var select = cb.createTupleQuery();
        var root = select.from(Asset.class);
        var where = filters(cb, select, root, viewer, query);
        var key = sortKey(cb, root, query);
        var id = root.get(Asset_.publicId);
        if (query.keyset()) {
            where.add(after(cb, key, id, query));
        }
        select.multiselect(root.get(Asset_.id), key, id)
                .where(where.toArray(Predicate[]::new))
                .orderBy(query.descending() ? List.of(cb.desc(key), cb.desc(id)) : List.of(cb.asc(key), cb.asc(id)));
        var page = em.createQuery(select).setMaxResults(query.pageSize() + 1);
        if (!query.keyset()) {
            page.setFirstResult((int) offset);
        }
        var chosen = page.getResultList();
        Cursor next = null;
        if (chosen.size() > query.pageSize()) {
            chosen = chosen.subList(0, query.pageSize());
            var last = chosen.get(chosen.size() - 1);
            next = new Cursor(query.sort(), query.descending(), keyText(last.get(1)), last.get(2, UUID.class));
        }
        var found = rowsOf(chosen.stream().map(row -> row.get(0, Long.class)).toList());
        if (query.keyset()) {
            return new Page(found, renditionsOf(found), null, false, next, null, null);
        }
        // a page that is not full and not past the end is the last one: the total is known without
        // the count (left to finish on its own)
        if (next == null && (!chosen.isEmpty() || offset == 0)) {
            return new Page(found, renditionsOf(found), offset + chosen.size(), false, next, null, null);
        }
        long waitStarted = System.nanoTime();
        Supplier<CatalogCount.Counted> here = () -> counter.count(viewer, query, limit);
        var count = counted == null ? here.get() : awaitOr(counted, COUNT_PATIENCE, here);
        var waited = Duration.ofNanos(System.nanoTime() - waitStarted);
        return new Page(
                found,
                renditionsOf(found),
                Math.min(count.rows(), limit),
                count.rows() > limit,
                next,
                count.took(),
                waited);
    }

    /** The count, started on the managed executor in the caller's tenant scope; null when no permit is free. */
    private CompletableFuture<CatalogCount.Counted> countAlongside(Viewer viewer, AssetQuery query, int limit) {
        if (!alongside.tryStart()) {
            return null;
        }
        var tenant = TenantScope.current();
        try {
            return executor.supplyAsync(() -> {
                try {
                    return TenantScope.of(tenant, () -> counter.count(viewer, query, limit));
                } finally {
                    alongside.done();
                }
            });
        } catch (RuntimeException rejected) {
            alongside.done();
            return null;
        }
    }

    /**
     * The result of the work started alongside, or, when it has not come within {@code patience}
     * or failed, the same work done here. A count on its own connection needs a second connection
     * from the pool while this request holds its first; when every connection is held by a request
     * waiting for its count, the counts would wait for the pool's blocking timeout and fail. Here
     * the request counts on its own connection instead (and an error that is not about resources
     * fails again, here, where it is reported). The late count is not cancelled: a cancelled
     * future would never run its task, which releases its permit ({@link CountsAlongside}).
     */
    static <T> T awaitOr(CompletableFuture<T> started, Duration patience, Supplier<T> here) {
        try {
            return started.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // falls through to the count here
        }
        return here.get();
    }

    private Map<Long, List<Rendition>> renditionsOf(List<Asset> assets) {
        if (assets.isEmpty()) {
            return Map.of();
        }
        return em.createNamedQuery(Rendition.OF_ASSETS, Rendition.class)
                .setParameter("assets", assets)
                .getResultStream()
                .collect(Collectors.groupingBy(r -> r.asset().id()));
    }

    static List<Predicate> filters(
            CriteriaBuilder cb, CriteriaQuery<?> query, Root<Asset> a, Viewer viewer, AssetQuery q) {
        var where = new ArrayList<Predicate>();
        // the tenant is not named here: @TenantId scopes every criteria query to the caller's (TenantScope)
        if (!viewer.moderator()) {
            where.add(cb.or(cb.isTrue(a.get(Asset_.isPublic)), cb.equal(a.get(Asset_.ownerId), viewer.subject())));
        }
        if (!q.includeDeleted()) {
            where.add(cb.notEqual(a.get(Asset_.status), AssetStatus.DELETED));
        }
        var media = a.get(Asset_.metadata);
        if (q.fileName() != null) {
            where.add(contains(cb, a.get(Asset_.originalFileName), q.fileName()));
        }
        if (q.title() != null) {
            where.add(contains(cb, a.get(Asset_.title), q.title()));
        }
        atLeast(cb, where, a.get(Asset_.fileSizeBytes), q.minSizeBytes());
        atMost(cb, where, a.get(Asset_.fileSizeBytes), q.maxSizeBytes());
        atLeast(cb, where, a.get(Asset_.uploadedAt), q.uploadedAfter());
        atMost(cb, where, a.get(Asset_.uploadedAt), q.uploadedBefore());
        if (q.owner() != null) {
            where.add(cb.equal(a.get(Asset_.ownerId), q.owner()));
        }
        if (q.isPublic() != null) {
            where.add(cb.equal(a.get(Asset_.isPublic), q.isPublic()));
        }
        if (q.game() != null) {
            // the tenant's few game titles are matched first, then their clips by index (V20)
            var games = query.subquery(String.class);
            var game = games.from(Game.class);
            games.select(game.get(Game_.title)).where(contains(cb, game.get(Game_.title), q.game()));
            where.add(cb.lower(a.get(Asset_.gameTitle)).in(games));
        }
        if (q.exactGame() != null) {
            where.add(cb.equal(cb.lower(a.get(Asset_.gameTitle)), q.exactGame().toLowerCase(Locale.ROOT)));
        }
        if (q.sessionId() != null) {
            where.add(cb.equal(a.get(Asset_.sessionId), q.sessionId()));
        }
        if (!q.tags().isEmpty()) {
            var tagged = query.subquery(Integer.class);
            var same = tagged.correlate(a);
            tagged.select(cb.literal(1)).where(same.join(Asset_.tags).in(q.tags()));
            where.add(cb.exists(tagged));
        }
        if (q.hasTags() != null) {
            where.add(q.hasTags() ? cb.isNotEmpty(a.get(Asset_.tags)) : cb.isEmpty(a.get(Asset_.tags)));
        }
        atLeast(cb, where, media.get(VideoMetadata_.durationSeconds), q.minDurationSeconds());
        atMost(cb, where, media.get(VideoMetadata_.durationSeconds), q.maxDurationSeconds());
        atLeast(cb, where, media.get(VideoMetadata_.width), q.minWidth());
        atLeast(cb, where, media.get(VideoMetadata_.height), q.minHeight());
        if (!q.codecs().isEmpty()) {
            where.add(cb.lower(media.get(VideoMetadata_.videoCodec)).in(q.codecs()));
        }
        atLeast(cb, where, media.get(VideoMetadata_.frameRate), q.minFrameRate());
        if (q.status() != null) {
            where.add(cb.equal(a.get(Asset_.status), q.status()));
        }
        if (q.compressed() != null) {
            var key = a.get(Asset_.compressedKey);
            where.add(q.compressed() ? cb.isNotNull(key) : cb.isNull(key));
        }
        if (q.hasThumbnail() != null) {
            var poster = a.get(Asset_.images).get(ImageSet_.posterKey);
            where.add(q.hasThumbnail() ? cb.isNotNull(poster) : cb.isNull(poster));
        }
        atLeast(cb, where, a.get(Asset_.viewCount), q.minViews());
        atLeast(cb, where, a.get(Asset_.favoriteCount), q.minFavorites());
        atLeast(cb, where, a.get(Asset_.lastViewedAt), q.viewedAfter());
        if (q.text() != null) {
            where.add(
                    cb.isTrue(cb.function("clips.matches", Boolean.class, a.get(Asset_.search), cb.literal(q.text()))));
        }
        return where;
    }

    /** The sort key, never null (a missing duration sorts as 0), so a keyset comparison is total. */
    private static Expression<? extends Comparable<?>> sortKey(CriteriaBuilder cb, Root<Asset> a, AssetQuery q) {
        var media = a.get(Asset_.metadata);
        return switch (q.sort()) {
            case UPLOADED_AT -> a.get(Asset_.uploadedAt);
            case FILE_NAME -> a.get(Asset_.originalFileName);
            case SIZE -> a.get(Asset_.fileSizeBytes);
            case TITLE -> cb.coalesce(a.get(Asset_.title), "");
            case DURATION -> cb.coalesce(media.get(VideoMetadata_.durationSeconds), BigDecimal.ZERO);
            case VIEWS -> a.get(Asset_.viewCount);
            case FAVORITES -> a.get(Asset_.favoriteCount);
            case GAME -> cb.coalesce(a.get(Asset_.gameTitle), "");
            case RESOLUTION -> cb.coalesce(media.get(VideoMetadata_.height), 0);
            case LAST_VIEWED -> cb.coalesce(a.get(Asset_.lastViewedAt), Instant.EPOCH);
            case RELEVANCE -> cb.function("clips.relevance", Double.class, a.get(Asset_.search), cb.literal(q.text()));
        };
    }

    /** A sort key as the cursor carries it (parsed back by {@link #parseKey}). */
    private static String keyText(Object key) {
        return key instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(key);
    }

    /** The assets of these ids, in this order (one that went in between is left out). */
    private List<Asset> rowsOf(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var byId = em.createNamedQuery(Asset.BY_IDS, Asset.class)
                .setParameter("ids", ids)
                .getResultStream()
                .collect(Collectors.toMap(Asset::id, Function.identity()));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** Rows strictly after the cursor in this order: (key, id) beyond (cursor key, cursor id). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Predicate after(
            CriteriaBuilder cb, Expression<? extends Comparable<?>> key, Expression<UUID> id, AssetQuery q) {
        var cursor = q.after();
        if (cursor.sort() != q.sort() || cursor.descending() != q.descending()) {
            throw new ProblemException(ProblemType.INVALID_FILTER, "The cursor belongs to another sort or order.");
        }
        Comparable value = parseKey(q.sort(), cursor.key());
        Expression rawKey = key;
        // the first bound is implied by the second; it is there so the planner starts the index
        // range at the cursor instead of filtering every row before it (2 s -> 0.4 ms half-way
        // through a million clips)
        if (q.descending()) {
            return cb.and(
                    cb.lessThanOrEqualTo(rawKey, value),
                    cb.or(cb.lessThan(rawKey, value), cb.and(cb.equal(rawKey, value), cb.lessThan(id, cursor.id()))));
        }
        return cb.and(
                cb.greaterThanOrEqualTo(rawKey, value),
                cb.or(cb.greaterThan(rawKey, value), cb.and(cb.equal(rawKey, value), cb.greaterThan(id, cursor.id()))));
    }

    private static Comparable<?> parseKey(AssetSort sort, String key) {
        try {
            return switch (sort) {
                case UPLOADED_AT, LAST_VIEWED -> Instant.parse(key);
                case SIZE, VIEWS, FAVORITES -> Long.valueOf(key);
                case DURATION -> new BigDecimal(key);
                case RESOLUTION -> Integer.valueOf(key);
                case RELEVANCE -> Double.valueOf(key);
                case FILE_NAME, TITLE, GAME -> key;
            };
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_FILTER, "The cursor is not valid.");
        }
    }

    private static Predicate contains(CriteriaBuilder cb, Expression<String> field, String text) {
        var escaped = text.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return cb.like(cb.lower(field), "%" + escaped + "%", '\\');
    }

    private static <T extends Comparable<? super T>> void atLeast(
            CriteriaBuilder cb, List<Predicate> where, Expression<? extends T> field, T bound) {
        if (bound != null) {
            where.add(cb.greaterThanOrEqualTo(field, bound));
        }
    }

    private static <T extends Comparable<? super T>> void atMost(
            CriteriaBuilder cb, List<Predicate> where, Expression<? extends T> field, T bound) {
        if (bound != null) {
            where.add(cb.lessThanOrEqualTo(field, bound));
        }
    }
}
