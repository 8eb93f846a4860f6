package com.clips.catalog.boundary;

import com.clips.assets.boundary.AssetView;
import com.clips.assets.boundary.Assets;
import com.clips.assets.entity.Asset;
import com.clips.platform.web.PageParams;
import java.util.List;

/**
 * One page of the catalog. Page mode: {@code page} and {@code total} with {@code totalRelation}
 * "eq" (exact) or "gte" (at least: counting stops 1,000 rows past the page's start, and at 10,000,
 * the deepest a page number reaches); keyset mode (a cursor was given): none of them.
 * {@code nextCursor} (also in {@code Link: rel="next"}) continues in keyset mode.
 */
public record AssetPage(
        List<AssetView> items, Integer page, int pageSize, Long total, String totalRelation, String nextCursor) {

    public static AssetPage of(
            List<AssetView> items, Integer page, int pageSize, Long total, boolean lowerBound, String nextCursor) {
        return new AssetPage(
                items, page, pageSize, total, total == null ? null : lowerBound ? "gte" : "eq", nextCursor);
    }

    /** A numbered page (no cursor) of {@code found}, each asset with its renditions; the total is exact. */
    public static AssetPage numbered(List<Asset> found, Assets assets, PageParams paging, long total) {
        var items =
                found.stream().map(a -> AssetView.of(a, assets.renditions(a))).toList();
        return of(items, paging.page(), paging.size(), total, false, null);
    }
}
