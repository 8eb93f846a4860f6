package com.clips.catalog.boundary;

import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.Tags;
import com.clips.catalog.control.AssetQuery;
import com.clips.catalog.control.AssetSort;
import com.clips.catalog.control.Cursor;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Paging;
import jakarta.ws.rs.core.MultivaluedMap;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The catalog's query string, read strictly: an unknown parameter, a value out of range or of the
 * wrong kind is a 400 problem naming what is accepted, never silently ignored.
 */
public final class AssetQueryParams {

    private static final Set<String> NAMES = CatalogFilters.NAMES;

    private final MultivaluedMap<String, String> params;

    private AssetQueryParams(MultivaluedMap<String, String> params) {
        this.params = params;
    }

    /** The query; {@code owner} and {@code exactGame} fix those filters for /me/assets and /games/{title}/assets. */
    static AssetQuery parse(MultivaluedMap<String, String> params, String owner, String exactGame) {
        for (var name : params.keySet()) {
            if (!NAMES.contains(name)) {
                throw invalid("Unknown parameter '" + name + "'. Accepted: " + String.join(", ", NAMES) + ".");
            }
            if (params.get(name).size() > 1 && !name.equals("tags") && !name.equals("codecs")) {
                throw invalid("Parameter '" + name + "' was given more than once.");
            }
        }
        return new AssetQueryParams(params).build(owner, exactGame);
    }

    private AssetQuery build(String forcedOwner, String exactGame) {
        var text = text("q");
        if (text != null && text.length() > 200) {
            throw invalid("q is longer than 200 characters.");
        }
        var sort = value("sort", AssetSort::of, "one of " + AssetSort.names());
        if (sort == null) {
            sort = text != null ? AssetSort.RELEVANCE : AssetSort.UPLOADED_AT;
        }
        var order = text("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw invalid("order must be asc or desc.");
        }
        boolean descending = !"asc".equals(order);
        int pageSize = range("pageSize", 1, Paging.MAX_PAGE_SIZE, 20);
        var cursorText = text("cursor");
        if (cursorText != null && params.containsKey("page")) {
            throw invalid("Give page or cursor, not both.");
        }
        int page = range("page", 1, Integer.MAX_VALUE, 1);
        if ((long) (page - 1) * pageSize >= Paging.MAX_OFFSET) {
            throw invalid("page × pageSize may not pass " + Paging.MAX_OFFSET
                    + " rows; follow the cursor (Link: rel=next) " + "to scroll deeper.");
        }
        var cursor = cursorText == null ? null : value("cursor", Cursor::decode, "a cursor from a previous page");
        var visibility = text("visibility");
        if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
            throw invalid("visibility must be public or private.");
        }
        var owner = text("owner");
        if (forcedOwner != null) {
            owner = forcedOwner;
        }
        return new AssetQuery(
                text("fileName"),
                text("title"),
                nonNegative("minSize", Long::valueOf),
                nonNegative("maxSize", Long::valueOf),
                instant("uploadedAfter"),
                instant("uploadedBefore"),
                owner,
                visibility == null ? null : visibility.equals("public"),
                Boolean.TRUE.equals(bool("includeDeleted")),
                text("game"),
                exactGame,
                text("sessionId"),
                tags(),
                bool("hasTags"),
                nonNegative("minDuration", BigDecimal::new),
                nonNegative("maxDuration", BigDecimal::new),
                nonNegative("minWidth", Integer::valueOf),
                nonNegative("minHeight", Integer::valueOf),
                codecs(),
                nonNegative("minFrameRate", BigDecimal::new),
                status(),
                bool("compressed"),
                bool("hasThumbnail"),
                nonNegative("minViews", Long::valueOf),
                nonNegative("minFavorites", Long::valueOf),
                instant("viewedAfter"),
                text,
                sort,
                descending,
                page,
                pageSize,
                cursor);
    }

    private String text(String name) {
        var value = params.getFirst(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private <T> T value(String name, Function<String, T> parse, String expected) {
        var text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (RuntimeException e) {
            throw invalid(name + " must be " + expected + ".");
        }
    }

    private <T extends Comparable<T>> T nonNegative(String name, Function<String, T> parse) {
        var value = value(name, parse, "a non-negative number");
        if (value != null && value.compareTo(parse.apply("0")) < 0) {
            throw invalid(name + " must be a non-negative number.");
        }
        return value;
    }

    private int range(String name, int min, int max, int fallback) {
        return Paging.bounded(name, text(name), min, max, fallback);
    }

    private Instant instant(String name) {
        return value(name, Instant::parse, "an ISO-8601 instant such as 2026-11-23T18:30:00Z");
    }

    private Boolean bool(String name) {
        var text = text(name);
        if (text == null) {
            return null;
        }
        if (!text.equals("true") && !text.equals("false")) {
            throw invalid(name + " must be true or false.");
        }
        return text.equals("true");
    }

    private AssetStatus status() {
        return value(
                "status",
                s -> AssetStatus.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_')),
                "one of " + Arrays.toString(AssetStatus.values()));
    }

    private List<String> tags() {
        var all = new ArrayList<String>();
        for (var value : params.getOrDefault("tags", List.of())) {
            try {
                all.addAll(Tags.parse(value));
            } catch (ProblemException e) {
                throw invalid(e.detail());
            }
        }
        return all;
    }

    private List<String> codecs() {
        var all = new ArrayList<String>();
        for (var value : params.getOrDefault("codecs", List.of())) {
            for (var codec : value.split(",")) {
                var c = codec.strip().toLowerCase(Locale.ROOT);
                if (!c.isEmpty()) {
                    if (!c.matches("[a-z0-9_]{1,32}")) {
                        throw invalid("codecs must be codec names such as h264, hevc, vp9, av1.");
                    }
                    all.add(c);
                }
            }
        }
        return all;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_FILTER, detail);
    }
}
