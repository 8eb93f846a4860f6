package com.clips.analytics.boundary;

import com.clips.analytics.entity.EventType;
import com.clips.assets.entity.Asset;
import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Heatmaps and summaries. Ranges are whole hours: {@code from} is rounded down and
 * {@code to} up to the hour, and the answer says which range it covers. {@code from}/{@code to}
 * take an instant (2026-01-01T00:00:00Z) or a date, read in {@code zone}.
 */
@Path("analytics")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics")
public class AnalyticsResource {

    static final Duration MAX_RANGE = Duration.ofDays(3660);
    static final List<String> DAYS =
            Arrays.stream(java.time.DayOfWeek.values()).map(Enum::name).toList();

    /** cells[day][hour]: day 0 is Monday (as in {@code days}), hour 0-23 local to {@code zone}. */
    public record HeatmapView(
            String owner, Instant from, Instant to, String zone, List<String> days, long[][] cells, long total) {

        static HeatmapView of(Analytics.Heatmap h) {
            return new HeatmapView(h.owner(), h.from(), h.to(), h.zone().getId(), DAYS, h.cells(), h.total());
        }
    }

    public record AssetAnalyticsView(
            UUID assetId,
            long views,
            long downloads,
            long shares,
            long favorites,
            long unfavorites,
            long addedToPlaylist,
            long uniqueViewers,
            Instant firstViewedAt,
            Instant lastViewedAt,
            Instant from,
            Instant to,
            String zone,
            Map<String, Long> viewsByDay,
            PlayerFigures player) {}

    /**
     * What the players' beacons told: viewer sessions that reached each quarter of the clip,
     * rebuffers (and their total length), rendition switches.
     */
    public record PlayerFigures(
            long reached25,
            long reached50,
            long reached75,
            long reached100,
            long rebuffers,
            double rebufferSeconds,
            long renditionSwitches) {}

    public record AssetRef(UUID id, String title, String status, long views, Instant uploadedAt) {

        static List<AssetRef> of(List<Asset> assets) {
            return assets.stream()
                    .map(a -> new AssetRef(a.publicId(), a.title(), a.status().name(), a.viewCount(), a.uploadedAt()))
                    .toList();
        }
    }

    public record UserAnalyticsView(
            String userId,
            long assets,
            long views,
            long downloads,
            long favorites,
            long storageBytes,
            List<AssetRef> mostViewed,
            List<AssetRef> recentUploads) {}

    @EJB
    Analytics analytics;

    @Inject
    Caller caller;

    @GET
    @Path("heatmap/{kind: uploads|views}")
    @Operation(
            operationId = "getHeatmap",
            summary = "When clips were uploaded (uploads) or played (views): day of week x hour of day",
            description = "The caller's clips (moderators: any owner's, with owner=subject) between from (default: "
                    + "a year before to) and to (default: now), in zone (IANA name or offset; default UTC).")
    public HeatmapView heatmap(
            @PathParam("kind") String kind,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("zone") String zone,
            @QueryParam("owner") String owner) {
        var range = Range.of(from, to, zone, Duration.ofDays(365));
        var viewer = caller.viewer();
        return HeatmapView.of(
                kind.equals("uploads")
                        ? analytics.uploads(viewer, owner, range.from(), range.to(), range.zone())
                        : analytics.views(viewer, owner, range.from(), range.to(), range.zone()));
    }

    @GET
    @Path("assets/{id}")
    @Operation(
            operationId = "getAssetAnalytics",
            summary = "One clip's figures: totals per event, unique viewers, first and last view, views per day,"
                    + " and what its players reported (completion quartiles, rebuffering, rendition switches)",
            description = "Views per day cover from (default: 30 days before to) to to (default: now) in zone.")
    public AssetAnalyticsView asset(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("zone") String zone) {
        var assetId = PathIds.uuid("Asset", id);
        var range = Range.of(from, to, zone, Duration.ofDays(30));
        var s = analytics.asset(caller.viewer(), assetId, range.from(), range.to(), range.zone());
        var byDay = new LinkedHashMap<String, Long>();
        s.viewsByDay().forEach((day, n) -> byDay.put(day.toString(), n));
        var t = s.totals();
        return new AssetAnalyticsView(
                assetId,
                t.get(EventType.VIEW),
                t.get(EventType.DOWNLOAD),
                t.get(EventType.SHARE),
                t.get(EventType.FAVORITE),
                t.get(EventType.UNFAVORITE),
                t.get(EventType.ADDED_TO_PLAYLIST),
                s.uniqueViewers(),
                s.firstViewedAt(),
                s.asset().lastViewedAt(),
                range.from(),
                range.to(),
                range.zone().getId(),
                byDay,
                new PlayerFigures(
                        t.get(EventType.PROGRESS_25),
                        t.get(EventType.PROGRESS_50),
                        t.get(EventType.PROGRESS_75),
                        t.get(EventType.PROGRESS_100),
                        t.get(EventType.REBUFFER),
                        s.rebufferMillis() / 1000.0,
                        t.get(EventType.RENDITION_SWITCH)));
    }

    @GET
    @Path("users/me")
    @Operation(
            operationId = "getMyAnalytics",
            summary =
                    "The caller's catalog in figures: clips, views, downloads, favorites, storage, top and recent clips")
    public UserAnalyticsView me() {
        var s = analytics.user(caller.viewer());
        return new UserAnalyticsView(
                s.owner(),
                s.assets(),
                s.views(),
                s.downloads(),
                s.favorites(),
                s.storageBytes(),
                AssetRef.of(s.mostViewed()),
                AssetRef.of(s.recentUploads()));
    }

    /** A range of whole hours in a zone, from the query's strings. */
    record Range(Instant from, Instant to, ZoneId zone) {

        static Range of(String from, String to, String zone, Duration defaultLength) {
            ZoneId id;
            try {
                id = zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new ProblemException(ProblemType.INVALID_PARAMETER, "zone '" + zone + "' is not a time zone.");
            }
            var end = to == null ? Instant.now() : instant("to", to, id);
            end = end.truncatedTo(ChronoUnit.HOURS).equals(end)
                    ? end
                    : end.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            var start =
                    (from == null ? end.minus(defaultLength) : instant("from", from, id)).truncatedTo(ChronoUnit.HOURS);
            if (!start.isBefore(end)) {
                throw new ProblemException(ProblemType.INVALID_PARAMETER, "from must be before to.");
            }
            if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
                throw new ProblemException(ProblemType.INVALID_PARAMETER, "The range may span at most 10 years.");
            }
            return new Range(start, end, id);
        }

        private static Instant instant(String name, String value, ZoneId zone) {
            try {
                return value.length() == 10
                        ? LocalDate.parse(value).atStartOfDay(zone).toInstant()
                        : Instant.parse(value);
            } catch (DateTimeException e) {
                throw new ProblemException(
                        ProblemType.INVALID_PARAMETER,
                        name + " must be an ISO-8601 instant (2026-01-01T00:00:00Z) or date (2026-01-01).");
            }
        }
    }
}
