package com.clips.analytics.control;

import com.clips.analytics.entity.AnalyticsEvent;
import com.clips.analytics.entity.EventType;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes a batch of events in the caller's transaction, each statement one round trip over arrays
 * (unnest): the raw events, and the asset counters the batch changes (one update per asset, however
 * many plays it had). Events older than the rollup watermark (held back longer than the rollup's
 * lag) go straight into the aggregates as well, so no event is ever left out of a heatmap.
 * Events of assets purged meanwhile are left out. A player's views and quartiles count once per
 * viewer session: the batch's first of each goes into {@code analytics_session}, whose primary key
 * decides (also against another node's batch in flight), and only those that went in are written.
 */
@ApplicationScoped
public class EventStore {

    @Resource(lookup = "java:jboss/datasources/ClipsDS")
    DataSource dataSource;

    public void write(List<AnalyticsEvent> batch) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            var watermark = lockWatermark(connection);
            var events = firstOfTheirSessions(connection, batch);
            if (events.isEmpty()) {
                return;
            }
            execute(connection, AnalyticsSql.INSERT_EVENTS, events);
            var late = watermark == null
                    ? List.<AnalyticsEvent>of()
                    : events.stream()
                            .filter(e -> e.occurredAt().isBefore(watermark))
                            .toList();
            if (!late.isEmpty()) {
                execute(connection, AnalyticsSql.LATE_INTO_HOURLY, late);
                execute(connection, AnalyticsSql.LATE_VIEWERS, late);
            }
            count(connection, events);
        }
    }

    /** The events without a session, and those with one that are the first of their kind in it. */
    private static List<AnalyticsEvent> firstOfTheirSessions(Connection connection, List<AnalyticsEvent> events)
            throws SQLException {
        var candidates = new LinkedHashMap<List<Object>, AnalyticsEvent>();
        for (var e : events) {
            if (e.session() != null && e.type().oncePerSession()) {
                candidates.putIfAbsent(
                        List.of(e.assetId(), e.session(), e.type().name()), e);
            }
        }
        if (candidates.isEmpty()) {
            return events;
        }
        var first = new ArrayList<>(candidates.values());
        var ids = first.stream().map(AnalyticsEvent::assetId).toArray(Long[]::new);
        var sessions = first.stream().map(AnalyticsEvent::session).toArray(String[]::new);
        var types = first.stream().map(e -> e.type().name()).toArray(String[]::new);
        var times = first.stream().map(e -> e.occurredAt().toString()).toArray(String[]::new);
        var inserted = new HashSet<List<Object>>();
        try (var insert = connection.prepareStatement(AnalyticsSql.FIRST_OF_SESSIONS)) {
            insert.setArray(1, connection.createArrayOf("bigint", ids));
            insert.setArray(2, connection.createArrayOf("varchar", sessions));
            insert.setArray(3, connection.createArrayOf("varchar", types));
            insert.setArray(4, connection.createArrayOf("varchar", times));
            try (var rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(List.of(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return events.stream()
                .filter(e -> e.session() == null
                        || !e.type().oncePerSession()
                        || (candidates.get(List.of(
                                                e.assetId(),
                                                e.session(),
                                                e.type().name()))
                                        == e
                                && inserted.contains(List.of(
                                        e.assetId(), e.session(), e.type().name()))))
                .toList();
    }

    /**
     * The rollup watermark, share-locked until commit: a rollup moving it waits for this batch,
     * and this batch waits for a rollup in progress, so an event is either in the hours the rollup
     * reads or treated as late here, never both or neither.
     */
    private static Instant lockWatermark(Connection connection) throws SQLException {
        try (var query = connection.prepareStatement(AnalyticsSql.WATERMARK_SHARED);
                var row = query.executeQuery()) {
            row.next();
            var at = row.getTimestamp(1);
            return at == null ? null : at.toInstant();
        }
    }

    private static void execute(Connection connection, String sql, List<AnalyticsEvent> events) throws SQLException {
        int n = events.size();
        var assetIds = new Long[n];
        String[][] text = new String[8][n];
        for (int i = 0; i < n; i++) {
            var e = events.get(i);
            assetIds[i] = e.assetId();
            text[0][i] = e.tenantId();
            text[1][i] = e.ownerId();
            text[2][i] = e.subject();
            text[3][i] = e.type().name();
            text[4][i] = e.occurredAt().toString();
            text[5][i] = e.ipAddress();
            text[6][i] = e.userAgent();
            text[7][i] = e.referrer();
        }
        try (var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("bigint", assetIds));
            for (int column = 0; column < text.length; column++) {
                statement.setArray(column + 2, connection.createArrayOf("varchar", text[column]));
            }
            statement.executeUpdate();
        }
    }

    /** Plays, downloads, rebuffering time and last play per asset, in one update. */
    private static void count(Connection connection, List<AnalyticsEvent> events) throws SQLException {
        Map<Long, long[]> counts = new HashMap<>();
        Map<Long, Instant> lastViewed = new HashMap<>();
        for (var e : events) {
            if (e.type() == EventType.VIEW) {
                counts.computeIfAbsent(e.assetId(), id -> new long[3])[0]++;
                lastViewed.merge(e.assetId(), e.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
            } else if (e.type() == EventType.DOWNLOAD) {
                counts.computeIfAbsent(e.assetId(), id -> new long[3])[1]++;
            } else if (e.type() == EventType.REBUFFER) {
                counts.computeIfAbsent(e.assetId(), id -> new long[3])[2] += e.millis();
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        var ids = counts.keySet().stream().sorted().toArray(Long[]::new);
        var views = new Long[ids.length];
        var downloads = new Long[ids.length];
        var rebuffering = new Long[ids.length];
        var last = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            views[i] = counts.get(ids[i])[0];
            downloads[i] = counts.get(ids[i])[1];
            rebuffering[i] = counts.get(ids[i])[2];
            var at = lastViewed.get(ids[i]);
            last[i] = at == null ? null : at.toString();
        }
        try (PreparedStatement update = connection.prepareStatement(AnalyticsSql.COUNT_ON_ASSETS)) {
            update.setArray(1, connection.createArrayOf("bigint", ids));
            update.setArray(2, connection.createArrayOf("bigint", views));
            update.setArray(3, connection.createArrayOf("bigint", downloads));
            update.setArray(4, connection.createArrayOf("bigint", rebuffering));
            update.setArray(5, connection.createArrayOf("varchar", last));
            update.executeUpdate();
        }
    }
}
