package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Analytics end to end: plays, downloads, shares, favorites and playlist adds become events
 * (written a moment later in batches) that keep the asset's counters and feed the summaries and
 * heatmaps in the caller's time zone; the rollup job folds past hours into aggregates and prunes
 * old raw events without changing a figure.
 */
@ExtendWith(ArquillianExtension.class)
class AnalyticsIT {

    private static final String API = TestStack.API;
    private static final Duration WRITTEN_WITHIN = Duration.ofSeconds(15);

    private static String owner;
    private static String ownerSubject;
    private static String viewer;
    private static String location;
    private static String assetId;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    /** A User uploads a clip; it plays three times (twice by its owner), and gets every other kind of event. */
    @BeforeAll
    static void eventsHappen() throws Exception {
        owner = TestStack.userToken("analytics owner");
        ownerSubject = as(owner)
                .get(API + "/analytics/users/me")
                .then()
                .statusCode(200)
                .extract()
                .path("userId");
        viewer = TestStack.userToken("analytics viewer");
        location = upload(owner, TestStack.h264Clip("analytics-played.mp4", 320, 240, 12, 2));
        assetId = location.substring(location.lastIndexOf('/') + 1);
        ProcessingIT.awaitReady(location);

        as(owner)
                .header("Referer", "https://example.test/watch")
                .get(location + "/stream")
                .then()
                .statusCode(302);
        as(owner).get(location + "/stream").then().statusCode(302);
        as(viewer).get(location + "/stream").then().statusCode(302);
        as(viewer).get(location + "/download").then().statusCode(302);
        as(viewer).post(location + "/share").then().statusCode(204);
        as(viewer).put(location + "/favorite").then().statusCode(204);
        as(viewer).put(location + "/favorite").then().statusCode(204); // no change, no event
        as(viewer).delete(location + "/favorite").then().statusCode(204);
        as(owner).put(location + "/favorite").then().statusCode(204);
        var playlist = as(owner)
                .contentType("application/json")
                .body(Map.of("name", "analytics"))
                .post(API + "/playlists")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        as(owner)
                .put(API + "/playlists/" + playlist + "/assets/" + assetId)
                .then()
                .statusCode(200);
    }

    @Test
    void everyKindOfEventIsCountedAndSummarized() throws Exception {
        var summary = awaitSummary(s -> s.getLong("views")
                        + s.getLong("downloads")
                        + s.getLong("shares")
                        + s.getLong("favorites")
                        + s.getLong("unfavorites")
                        + s.getLong("addedToPlaylist")
                >= 9);
        assertThat(summary.getLong("views")).isEqualTo(3);
        assertThat(summary.getLong("downloads")).isEqualTo(1);
        assertThat(summary.getLong("shares")).isEqualTo(1);
        assertThat(summary.getLong("favorites")).isEqualTo(2);
        assertThat(summary.getLong("unfavorites")).isEqualTo(1);
        assertThat(summary.getLong("addedToPlaylist")).isEqualTo(1);
        assertThat(summary.getLong("uniqueViewers")).isEqualTo(2);
        assertThat(summary.getString("firstViewedAt")).isNotNull();
        assertThat(summary.getString("lastViewedAt")).isNotNull();
        var today = LocalDate.now(ZoneOffset.UTC).toString();
        Map<String, Integer> byDay = summary.getMap("viewsByDay");
        assertThat(byDay).hasSizeBetween(30, 32).containsKey(today);
        assertThat(byDay.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);

        // the counters on the asset come from the same events
        var asset = TestStack.awaitAsset(location, WRITTEN_WITHIN, a -> a.getLong("downloads") == 1);
        assertThat(asset.getLong("views")).isEqualTo(3);
        assertThat(asset.getLong("favorites")).isEqualTo(1);

        // where each came from is kept
        assertThat(TestStack.count(
                        "select count(*) from clips.analytics_event e join clips.asset a on a.id = e.asset_id"
                                + " where a.public_id = '" + assetId + "' and e.referrer = 'https://example.test/watch'"
                                + " and e.user_agent is not null and e.ip_address is not null"))
                .isEqualTo(1);

        var me = as(owner)
                .get(API + "/analytics/users/me")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(me.getLong("assets")).isEqualTo(1);
        assertThat(me.getLong("views")).isEqualTo(3);
        assertThat(me.getLong("downloads")).isEqualTo(1);
        assertThat(me.getLong("favorites")).isEqualTo(1);
        assertThat(me.getLong("storageBytes")).isGreaterThan(asset.getLong("sizeBytes"));
        assertThat(me.getString("mostViewed[0].id")).isEqualTo(assetId);
        assertThat(me.getString("recentUploads[0].id")).isEqualTo(assetId);
    }

    @Test
    void heatmapsPutEachEventInTheCallersZone() throws Exception {
        awaitSummary(s -> s.getLong("views") == 3);
        var played = new ArrayList<Instant>();
        try (var db = TestStack.database();
                var sql = db.prepareStatement(
                        "select e.occurred_at from clips.analytics_event e"
                                + " join clips.asset a on a.id = e.asset_id where a.public_id = ?::uuid and e.event_type = 'VIEW'")) {
            sql.setString(1, assetId);
            try (var rows = sql.executeQuery()) {
                while (rows.next()) {
                    played.add(rows.getTimestamp(1).toInstant());
                }
            }
        }
        assertThat(played).hasSize(3);
        for (var zone : List.of("UTC", "Asia/Kolkata", "America/New_York")) {
            var views = as(owner)
                    .queryParam("zone", zone)
                    .get(API + "/analytics/heatmap/views")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(views.getList("days")).first().isEqualTo("MONDAY");
            assertThat(views.getLong("total")).isEqualTo(3);
            assertThat(cells(views)).isEqualTo(expected(played, ZoneId.of(zone)));

            var uploads = as(owner)
                    .queryParam("zone", zone)
                    .get(API + "/analytics/heatmap/uploads")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            var uploadedAt =
                    Instant.parse(TestStack.asAdmin().get(location).jsonPath().getString("uploadedAt"));
            assertThat(cells(uploads)).isEqualTo(expected(List.of(uploadedAt), ZoneId.of(zone)));
        }

        // someone else's heatmap: moderators and administrators only
        TestStack.assertProblem(
                as(viewer).queryParam("owner", ownerSubject).get(API + "/analytics/heatmap/views"),
                403,
                "/problems/forbidden");
        assertThat(TestStack.asAdmin()
                        .queryParam("owner", ownerSubject)
                        .get(API + "/analytics/heatmap/views")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("total"))
                .isEqualTo(3);
        // a viewer's own heatmap has none of the owner's plays
        assertThat(as(viewer)
                        .get(API + "/analytics/heatmap/views")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Integer>path("total"))
                .isZero();
    }

    @Test
    void badRangesAndOtherPeoplesPrivateClipsAreRefused() throws Exception {
        TestStack.assertProblem(
                as(owner).queryParam("zone", "Mars/Olympus").get(API + "/analytics/heatmap/views"),
                400,
                "/problems/invalid-parameter");
        TestStack.assertProblem(
                as(owner)
                        .queryParam("from", "2026-02-01")
                        .queryParam("to", "2026-01-01")
                        .get(API + "/analytics/heatmap/uploads"),
                400,
                "/problems/invalid-parameter");
        TestStack.assertProblem(
                as(owner).queryParam("from", "yesterday").get(API + "/analytics/assets/" + assetId),
                400,
                "/problems/invalid-parameter");
        TestStack.assertProblem(
                as(owner).queryParam("from", "2000-01-01").get(API + "/analytics/heatmap/views"),
                400,
                "/problems/invalid-parameter");
        TestStack.assertProblem(RestAssured.given().get(API + "/analytics/users/me"), 401, "/problems/unauthenticated");

        var hidden =
                upload(owner, TestStack.h264Clip("analytics-private.mp4", 160, 120, 12, 1), "visibility", "private");
        var hiddenId = hidden.substring(hidden.lastIndexOf('/') + 1);
        TestStack.assertProblem(as(viewer).get(API + "/analytics/assets/" + hiddenId), 404, "/problems/not-found");
        TestStack.assertProblem(as(viewer).post(hidden + "/share"), 404, "/problems/not-found");
        as(owner).get(API + "/analytics/assets/" + hiddenId).then().statusCode(200);
        // a processing job is not a rollup
        long processingJob = TestStack.asAdmin().get(location).jsonPath().getLong("jobId");
        TestStack.assertProblem(
                TestStack.asAdmin().get(API + "/admin/analytics/rollups/" + processingJob), 404, "/problems/not-found");
        TestStack.assertProblem(as(owner).post(API + "/admin/analytics/rollups"), 403, "/problems/forbidden");
    }

    /**
     * Events from long ago (written to the database directly: the API stamps events with the
     * time they happen) read the same before the rollup (raw) and after it (aggregates), and
     * after their raw rows past retention are pruned; running the job again changes nothing.
     */
    @Test
    void rollupFoldsPastHoursAndPrunesOldEventsWithoutChangingAFigure() throws Exception {
        var archivist = TestStack.userToken("analytics archivist");
        var old = upload(archivist, TestStack.h264Clip("analytics-archive.mp4", 160, 120, 12, 1));
        var oldId = old.substring(old.lastIndexOf('/') + 1);
        var longAgo = Instant.now()
                .minus(400, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.HOURS)
                .plus(10, ChronoUnit.MINUTES);
        var lastWeek = Instant.now()
                .minus(10, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.HOURS)
                .plus(20, ChronoUnit.MINUTES);
        try (var db = TestStack.database()) {
            db.setAutoCommit(false);
            // a watermark after these hours (an earlier rollup on a reused database) is moved back to them
            try (var rewind = db.prepareStatement(
                    "update clips.analytics_rollup set rolled_up_to = ?" + " where rolled_up_to > ?")) {
                rewind.setTimestamp(1, Timestamp.from(longAgo.truncatedTo(ChronoUnit.HOURS)));
                rewind.setTimestamp(2, Timestamp.from(longAgo.truncatedTo(ChronoUnit.HOURS)));
                rewind.executeUpdate();
            }
            try (var insert = db.prepareStatement("insert into clips.analytics_event (asset_id, tenant_id, owner_id,"
                    + " subject, event_type, occurred_at) select id, tenant_id, owner_id, ?, ?, ? from clips.asset"
                    + " where public_id = ?::uuid")) {
                for (var event : List.of(
                        List.of("fan-1", "VIEW", longAgo),
                        List.of("fan-2", "VIEW", longAgo),
                        List.of("fan-1", "VIEW", longAgo),
                        List.of("fan-1", "VIEW", lastWeek),
                        List.of("fan-3", "DOWNLOAD", lastWeek))) {
                    insert.setString(1, (String) event.get(0));
                    insert.setString(2, (String) event.get(1));
                    insert.setTimestamp(3, Timestamp.from((Instant) event.get(2)));
                    insert.setString(4, oldId);
                    insert.executeUpdate();
                }
            }
            db.commit();
        }
        var yearsBack = RestAssured.given().auth().oauth2(archivist).queryParam("from", "2020-01-01");
        var before = yearsBack
                .get(API + "/analytics/heatmap/views")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        var summaryBefore = as(archivist)
                .queryParam("from", longAgo.minus(1, ChronoUnit.DAYS).toString())
                .get(API + "/analytics/assets/" + oldId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(before.getLong("total")).isEqualTo(4);
        assertThat(cells(before)).isEqualTo(expected(List.of(longAgo, longAgo, longAgo, lastWeek), ZoneOffset.UTC));
        assertThat(summaryBefore.getLong("views")).isEqualTo(4);
        assertThat(summaryBefore.getLong("downloads")).isEqualTo(1);
        assertThat(summaryBefore.getLong("uniqueViewers")).isEqualTo(2);
        assertThat(Instant.parse(summaryBefore.getString("firstViewedAt"))).isEqualTo(longAgo);

        for (int run = 0; run < 2; run++) {
            var started = TestStack.asAdmin()
                    .post(API + "/admin/analytics/rollups")
                    .then()
                    .statusCode(202)
                    .extract();
            awaitRollup(started.jsonPath().getLong("id"));

            var after = RestAssured.given()
                    .auth()
                    .oauth2(archivist)
                    .queryParam("from", "2020-01-01")
                    .get(API + "/analytics/heatmap/views")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(cells(after)).isEqualTo(cells(before));
            var summaryAfter = as(archivist)
                    .queryParam("from", longAgo.minus(1, ChronoUnit.DAYS).toString())
                    .get(API + "/analytics/assets/" + oldId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(summaryAfter.getMap("$")).isEqualTo(summaryBefore.getMap("$"));
        }
        // the aggregates hold the hours; raw events past retention (90 days) are gone, recent ones kept
        var status = TestStack.asAdmin()
                .get(API + "/admin/analytics")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(Instant.parse(status.getString("rolledUpTo"))).isAfter(lastWeek);
        assertThat(rawEvents(oldId, "occurred_at < now() - interval '90 days'")).isZero();
        assertThat(rawEvents(oldId, "occurred_at >= now() - interval '90 days'"))
                .isEqualTo(2);
        assertThat(TestStack.count("select coalesce(sum(h.events), 0) from clips.analytics_hourly h"
                        + " join clips.asset a on a.id = h.asset_id where a.public_id = '" + oldId + "'"))
                .isEqualTo(5);
    }

    /**
     * An event that reaches the database after the rollup already passed its hour (a node's buffer
     * held it back) goes straight into the aggregates: counted once, not lost. The watermark is
     * moved past now for the test and put back after, with the aggregates the test made.
     */
    @Test
    void anEventArrivingAfterItsHourWasRolledUpIsCountedOnce() throws Exception {
        var latecomer = TestStack.userToken("analytics latecomer");
        var clip = upload(latecomer, TestStack.h264Clip("analytics-late.mp4", 176, 144, 12, 1));
        var clipId = clip.substring(clip.lastIndexOf('/') + 1);
        ProcessingIT.awaitReady(clip);
        Timestamp before;
        try (var db = TestStack.database();
                var sql = db.createStatement();
                var row = sql.executeQuery("select rolled_up_to from clips.analytics_rollup")) {
            row.next();
            before = row.getTimestamp(1);
        }
        TestStack.execute(
                "update clips.analytics_rollup set rolled_up_to = date_trunc('hour', now()) + interval '2 hours'");
        try {
            as(latecomer).get(clip + "/stream").then().statusCode(302);
            var deadline = Instant.now().plus(WRITTEN_WITHIN);
            while (rawEvents(clipId, "event_type = 'VIEW'") == 0
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(TestStack.count(
                            "select coalesce(sum(h.events), 0) from clips.analytics_hourly h join clips.asset a"
                                    + " on a.id = h.asset_id where a.public_id = '" + clipId
                                    + "' and h.event_type = 'VIEW'"))
                    .isEqualTo(1);
            assertThat(as(latecomer)
                            .get(API + "/analytics/assets/" + clipId)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getLong("views"))
                    .isEqualTo(1);
            assertThat(as(latecomer)
                            .get(API + "/analytics/heatmap/views")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getLong("total"))
                    .isEqualTo(1);
        } finally {
            try (var db = TestStack.database();
                    var restore = db.prepareStatement("update clips.analytics_rollup set rolled_up_to = ?")) {
                restore.setTimestamp(1, before);
                restore.executeUpdate();
            }
            TestStack.execute("delete from clips.analytics_hourly where asset_id = (select id from clips.asset"
                    + " where public_id = '" + clipId + "')");
            TestStack.execute("delete from clips.analytics_owner_hourly where owner_id = (select owner_id"
                    + " from clips.asset where public_id = '" + clipId + "')");
            TestStack.execute("delete from clips.analytics_viewer where asset_id = (select id from clips.asset"
                    + " where public_id = '" + clipId + "')");
        }
    }

    private static long rawEvents(String publicId, String condition) throws SQLException {
        return TestStack.count("select count(*) from clips.analytics_event e join clips.asset a on a.id = e.asset_id"
                + " where a.public_id = '" + publicId + "' and e." + condition);
    }

    private static void awaitRollup(long id) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            status = TestStack.asAdmin()
                    .get(API + "/admin/analytics/rollups/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("status");
            if (List.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED").contains(status)) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(status).isEqualTo("COMPLETED");
    }

    private static JsonPath awaitSummary(java.util.function.Predicate<JsonPath> done) throws InterruptedException {
        var deadline = Instant.now().plus(WRITTEN_WITHIN);
        JsonPath summary;
        do {
            summary = as(owner)
                    .get(API + "/analytics/assets/" + assetId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (done.test(summary)) {
                return summary;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("events not written in time: " + summary.prettify());
    }

    private static long[][] cells(JsonPath heatmap) {
        List<List<Number>> rows = heatmap.getList("cells");
        assertThat(rows).hasSize(7).allSatisfy(row -> assertThat(row).hasSize(24));
        return rows.stream()
                .map(row -> row.stream().mapToLong(Number::longValue).toArray())
                .toArray(long[][]::new);
    }

    /** Counts are kept per UTC hour: in a zone with a half-hour offset an event counts where its hour starts. */
    private static long[][] expected(List<Instant> times, ZoneId zone) {
        var cells = new long[7][24];
        for (var at : times) {
            var local = at.truncatedTo(ChronoUnit.HOURS).atZone(zone);
            cells[local.getDayOfWeek().getValue() - 1][local.getHour()]++;
        }
        return cells;
    }

    private static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token).redirects().follow(false);
    }

    private static String upload(String token, java.nio.file.Path clip, String... fields) {
        var request = as(token).multiPart("file", clip.toFile(), "video/mp4");
        for (int i = 0; i < fields.length; i += 2) {
            request = request.multiPart(fields[i], fields[i + 1]);
        }
        return request.post(API + "/assets").then().statusCode(202).extract().header("Location");
    }
}
