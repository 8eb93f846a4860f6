package com.clips.catalog.control;

import com.clips.assets.entity.AssetStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Every catalog filter, already validated (null: not filtering), the sort,
 * and the page: either a page number (with a total count) or a keyset cursor for deep scrolling.
 */
public record AssetQuery(
        String fileName,
        String title,
        Long minSizeBytes,
        Long maxSizeBytes,
        Instant uploadedAfter,
        Instant uploadedBefore,
        String owner,
        Boolean isPublic,
        boolean includeDeleted,
        String game,
        String exactGame,
        String sessionId,
        List<String> tags,
        Boolean hasTags,
        BigDecimal minDurationSeconds,
        BigDecimal maxDurationSeconds,
        Integer minWidth,
        Integer minHeight,
        List<String> codecs,
        BigDecimal minFrameRate,
        AssetStatus status,
        Boolean compressed,
        Boolean hasThumbnail,
        Long minViews,
        Long minFavorites,
        Instant viewedAfter,
        String text,
        AssetSort sort,
        boolean descending,
        int page,
        int pageSize,
        Cursor after) {

    public AssetQuery {
        tags = tags == null ? List.of() : List.copyOf(tags);
        codecs = codecs == null ? List.of() : List.copyOf(codecs);
    }

    public boolean keyset() {
        return after != null;
    }
}
