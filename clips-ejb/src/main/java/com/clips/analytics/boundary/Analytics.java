package com.clips.analytics.boundary;

import com.clips.analytics.control.AnalyticsSql;
import com.clips.analytics.entity.EventType;
import com.clips.analytics.entity.OwnerHourly;
import com.clips.analytics.entity.RecordedEvent;
import com.clips.assets.boundary.Assets;
import com.clips.assets.entity.Asset;
import com.clips.identity.Viewer;
import com.clips.platform.ProblemException;
import com.clips.platform.SqlTimes;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads analytics: hours before the rollup watermark from the hourly aggregates, the
 * hours since from raw events, so figures are current and the cost of a year does not grow with the
 * events in it. Tenant-owned rows are read through the tenant scope (JPQL over mapped entities); the
 * per-asset figures are native SQL keyed by the id of an asset the scope already let the caller
 * see. Counts come out per UTC hour and are placed in the caller's time zone here (whole-hour zones
 * exactly; in a zone with a half-hour offset an hour counts where it starts).
 */
@Stateless
public class Analytics {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @EJB
    Assets assets;

    /** Day of week (Monday first) by hour of day in {@code zone}. */
    public record Heatmap(String owner, Instant from, Instant to, ZoneId zone, long[][] cells, long total) {}

    public record AssetSummary(
            Asset asset,
            Map<EventType, Long> totals,
            long uniqueViewers,
            Instant firstViewedAt,
            Map<LocalDate, Long> viewsByDay,
            long rebufferMillis) {}

    public record UserSummary(
            String owner,
            long assets,
            long views,
            long downloads,
            long favorites,
            long storageBytes,
            List<Asset> mostViewed,
            List<Asset> recentUploads) {}

    /** When the owner's assets were uploaded. */
    public Heatmap uploads(Viewer viewer, String owner, Instant from, Instant to, ZoneId zone) {
        var whose = owner(viewer, owner);
        var hours = em.createNamedQuery(Asset.UPLOAD_HOURS, Object[].class)
                .setParameter("owner", whose)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
        return heatmap(whose, from, to, zone, hours);
    }

    /**
     * When the owner's assets were played: the aggregates for the hours before the watermark, raw
     * events from it on. The watermark is read first and bounds both reads, so a rollup committing
     * between them changes neither: it only adds hours from that watermark on, and does not prune
     * raw events that recent. (A late event goes into the aggregates of its past hour, never into the
     * raw part, as before.)
     */
    public Heatmap views(Viewer viewer, String owner, Instant from, Instant to, ZoneId zone) {
        var whose = owner(viewer, owner);
        var watermark = watermark();
        var hours = new ArrayList<Object[]>();
        if (watermark != null && from.isBefore(watermark)) {
            hours.addAll(em.createNamedQuery(OwnerHourly.OF_OWNER, Object[].class)
                    .setParameter("owner", whose)
                    .setParameter("view", EventType.VIEW)
                    .setParameter("from", from)
                    .setParameter("to", to.isBefore(watermark) ? to : watermark)
                    .getResultList());
        }
        hours.addAll(em.createNamedQuery(RecordedEvent.OWNER_HOURS, Object[].class)
                .setParameter("owner", whose)
                .setParameter("view", EventType.VIEW)
                .setParameter("from", watermark != null && watermark.isAfter(from) ? watermark : from)
                .setParameter("to", to)
                .getResultList());
        return heatmap(whose, from, to, zone, hours);
    }

    /**
     * One asset the caller may see: totals per event type, unique viewers, first view, plays per day
     * in {@code zone}, and the time its players spent rebuffering.
     */
    public AssetSummary asset(Viewer viewer, UUID id, Instant from, Instant to, ZoneId zone) {
        var asset = assets.visible(viewer, id);
        var totals = new EnumMap<EventType, Long>(EventType.class);
        for (var type : EventType.values()) {
            totals.put(type, 0L);
        }
        for (var row : rows(em.createNativeQuery(AnalyticsSql.ASSET_TOTALS)
                .setParameter(1, asset.id())
                .getResultList())) {
            totals.put(EventType.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        var viewers = (Object[]) em.createNativeQuery(AnalyticsSql.ASSET_VIEWERS)
                .setParameter(1, asset.id())
                .getSingleResult();
        List<?> hours = em.createNativeQuery(AnalyticsSql.ASSET_VIEWS_BY_HOUR)
                .setParameter(1, asset.id())
                .setParameter(2, from)
                .setParameter(3, to)
                .getResultList();
        var byDay = new TreeMap<LocalDate, Long>();
        for (var day = from.atZone(zone).toLocalDate();
                day.isBefore(to.atZone(zone).toLocalDate().plusDays(1));
                day = day.plusDays(1)) {
            byDay.put(day, 0L);
        }
        for (var row : rows(hours)) {
            byDay.merge(SqlTimes.instant(row[0]).atZone(zone).toLocalDate(), ((Number) row[1]).longValue(), Long::sum);
        }
        // the counters on the asset row are committed with the events they count: read after the
        // events, the row is at least as new as they are (read before, a play in between showed up
        // in the totals but not in lastViewedAt)
        em.refresh(asset);
        var rebuffering = em.createNativeQuery(AnalyticsSql.ASSET_REBUFFERING)
                .setParameter(1, asset.id())
                .getSingleResult();
        return new AssetSummary(
                asset,
                totals,
                ((Number) viewers[0]).longValue(),
                SqlTimes.instant(viewers[1]),
                byDay,
                number(rebuffering));
    }

    /** The caller's own catalog in figures (soft-deleted assets left out). */
    public UserSummary user(Viewer viewer) {
        var figures = em.createNamedQuery(Asset.OWNER_FIGURES, Object[].class)
                .setParameter("owner", viewer.subject())
                .getSingleResult();
        var mostViewed = em.createNamedQuery(Asset.OWNER_MOST_VIEWED, Asset.class)
                .setParameter("owner", viewer.subject())
                .setMaxResults(5)
                .getResultList();
        var recent = em.createNamedQuery(Asset.OWNER_RECENT, Asset.class)
                .setParameter("owner", viewer.subject())
                .setMaxResults(5)
                .getResultList();
        return new UserSummary(
                viewer.subject(),
                number(figures[0]),
                number(figures[1]),
                number(figures[2]),
                number(figures[3]),
                number(figures[4]),
                mostViewed,
                recent);
    }

    /** Whose heatmap: the caller's own, or (moderators) any owner's in the tenant. */
    private static String owner(Viewer viewer, String owner) {
        if (owner == null || owner.equals(viewer.subject())) {
            return viewer.subject();
        }
        if (!viewer.moderator()) {
            throw ProblemException.forbidden("Only moderators may see another user's analytics.");
        }
        return owner;
    }

    /** The rollup watermark: hours before it are in the aggregates (none when nothing is rolled up yet). */
    private Instant watermark() {
        return SqlTimes.instant(em.createNativeQuery(AnalyticsSql.ROLLED_UP_TO).getSingleResult());
    }

    private static Heatmap heatmap(String owner, Instant from, Instant to, ZoneId zone, List<Object[]> hours) {
        var cells = new long[7][24];
        long total = 0;
        for (var row : hours) {
            var local = SqlTimes.instant(row[0]).atZone(zone);
            long count = ((Number) row[1]).longValue();
            cells[local.getDayOfWeek().getValue() - 1][local.getHour()] += count;
            total += count;
        }
        return new Heatmap(owner, from, to, zone, cells, total);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
