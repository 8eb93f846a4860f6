package com.clips.catalog.boundary;

import com.clips.assets.boundary.AssetView;
import java.util.List;

/**
 * One page of the catalog. Page mode: {@code page} and {@code total}; keyset mode (a cursor was
 * given): neither. {@code nextCursor} (also in {@code Link: rel="next"}) continues in keyset mode.
 */
public record AssetPage(List<AssetView> items, Integer page, int pageSize, Long total, String nextCursor) {
}
