package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox and its pull API: an upload through READY leaves its events in the order they
 * happened, with per-resource versions, paged by cursor; a rolled-back upload leaves none; another
 * tenant sees none of them; bad parameters are problems.
 */
@ExtendWith(ArquillianExtension.class)
class EventsIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    /** Every event of the tenant behind {@code token} from the start (or a cursor), following Link rel=next. */
    static List<Map<String, Object>> pull(String token, String query) {
        var events = new ArrayList<Map<String, Object>>();
        String url = TestStack.API + "/events?pageSize=3" + query;
        for (int pages = 0; pages < 1000; pages++) {
            // the Link is already encoded: send it as it is
            var response = RestAssured.given()
                    .urlEncodingEnabled(false)
                    .auth()
                    .oauth2(token)
                    .get(url);
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            List<Map<String, Object>> items = response.jsonPath().getList("items");
            if (items.isEmpty()) {
                return events;
            }
            events.addAll(items);
            var link = response.header("Link");
            assertThat(link)
                    .contains("rel=\"next\"")
                    .contains(response.jsonPath().getString("nextCursor"));
            url = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        throw new AssertionError("the feed did not end");
    }

    @Test
    void anUploadThroughReadyLeavesItsEventsInOrderWithPerResourceVersions() throws Exception {
        var tenant = TestStack.newTenant("events", Map.of("quotas", Map.of("maxAssets", 1)));
        var token = TestStack.token(
                tenant.getString("administrator.clientId"), tenant.getString("administrator.clientSecret"));
        var clip = TestStack.h264Clip("events-ready.mp4", 320, 240, 25, 2);
        var location = RestAssured.given()
                .auth()
                .oauth2(token)
                .multiPart("file", clip.toFile(), "video/mp4")
                .multiPart("title", "Events clip")
                .post(TestStack.API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        var asset = TestStack.awaitAsset(
                token, location, Duration.ofMinutes(4), a -> "READY".equals(a.getString("status")));
        String assetId = asset.getString("id");
        long jobId = asset.getLong("jobId");

        var events = awaitEvents(token, "", 8);
        assertThat(events)
                .extracting(e -> e.get("type"))
                .containsExactly(
                        "tenant.quota.threshold",
                        "tenant.quota.threshold",
                        "asset.created",
                        "job.started",
                        "asset.processing",
                        "asset.rendition.ready",
                        "asset.ready",
                        "job.succeeded");
        assertThat(events).extracting(e -> e.get("id")).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> assertThat((String) e.get("id")).matches("evt_[0-9a-f]{32}"));

        @SuppressWarnings("unchecked")
        var data = events.stream().map(e -> (Map<String, Object>) e.get("data")).toList();
        assertThat(data.get(0))
                .containsEntry("id", tenant.getString("tenant.id"))
                .containsEntry("quota", "assets")
                .containsEntry("thresholdPercent", 80)
                .containsEntry("used", 1)
                .containsEntry("limit", 1)
                .containsEntry("version", 1);
        assertThat(data.get(1)).containsEntry("thresholdPercent", 100).containsEntry("version", 2);
        // the asset's events: versions 1..4 in order, with what a consumer needs
        for (int i : new int[] {2, 4, 5, 6}) {
            assertThat(data.get(i)).containsEntry("id", assetId).containsEntry("title", "Events clip");
        }
        assertThat(List.of(data.get(2), data.get(4), data.get(5), data.get(6)))
                .extracting(d -> d.get("version"))
                .containsExactly(1, 2, 3, 4);
        assertThat(data.get(2)).containsEntry("status", "QUEUED");
        assertThat(data.get(4)).containsEntry("status", "EXTRACTING_METADATA");
        assertThat(data.get(5)).containsEntry("first", true);
        assertThat((Map<String, Object>) data.get(5).get("rendition"))
                .containsEntry("name", "240p")
                .containsEntry("height", 240)
                // a Baseline clip: encoded, its one rung its first playable one, at its preset's CRF
                .containsEntry("remuxed", false)
                .containsEntry("crf", 25);
        assertThat(data.get(6))
                .containsEntry("status", "READY")
                .containsEntry("width", 320)
                .containsEntry("height", 240)
                .containsEntry("jobId", (int) jobId);
        // the run's events
        assertThat(data.get(3))
                .containsEntry("id", String.valueOf(jobId))
                .containsEntry("assetId", assetId)
                .containsEntry("version", 1);
        assertThat(data.get(7))
                .containsEntry("id", String.valueOf(jobId))
                .containsEntry("batchStatus", "COMPLETED")
                .containsEntry("version", 2);
        for (var event : events) {
            assertThat((String) event.get("timestamp")).isEqualTo(((Map<?, ?>) event.get("data")).get("occurredAt"));
        }

        // a type filter, and a cursor taken mid-way continues after it
        assertThat(pull(token, "&types=asset.ready,job.succeeded"))
                .extracting(e -> e.get("type"))
                .containsExactly("asset.ready", "job.succeeded");
        var first = RestAssured.given()
                .auth()
                .oauth2(token)
                .get(TestStack.API + "/events?pageSize=5")
                .jsonPath();
        assertThat(pull(token, "&after=" + first.getString("nextCursor")))
                .extracting(e -> e.get("id"))
                .containsExactlyElementsOf(
                        events.subList(5, 8).stream().map(e -> e.get("id")).toList());

        // the platform tenant, from the same cursor on, sees none of these events
        var others = pull(TestStack.asAdminToken(), "&after=" + cursorBefore(token));
        assertThat(others)
                .extracting(e -> e.get("id"))
                .doesNotContainAnyElementsOf(
                        events.stream().map(e -> e.get("id")).toList());
    }

    /** The cursor after this tenant's first event (the other tenant's older events are many: skip them). */
    private static String cursorBefore(String token) {
        return RestAssured.given()
                .auth()
                .oauth2(token)
                .get(TestStack.API + "/events?pageSize=1")
                .jsonPath()
                .getString("nextCursor");
    }

    private static List<Map<String, Object>> awaitEvents(String token, String query, int count)
            throws InterruptedException {
        var deadline = java.time.Instant.now().plus(Duration.ofMinutes(1));
        List<Map<String, Object>> events;
        do {
            events = pull(token, query);
            if (events.size() >= count) {
                return events;
            }
            Thread.sleep(300);
        } while (java.time.Instant.now().isBefore(deadline));
        return events;
    }

    @Test
    void aRolledBackUploadLeavesNoEvent() throws Exception {
        var title = "refused by the database " + System.nanoTime();
        try (var db = TestStack.database();
                var sql = db.createStatement()) {
            sql.execute("""
                    create or replace function clips.refuse_events_asset() returns trigger language plpgsql as $$
                    begin
                      if new.title = '%s' then raise exception 'simulated database failure'; end if;
                      return new;
                    end $$""".formatted(title));
            sql.execute("create trigger refuse_events_asset before insert on clips.asset "
                    + "for each row execute function clips.refuse_events_asset()");
        }
        try {
            var clip = TestStack.h264Clip("events-rollback.mp4", 320, 240, 25, 1);
            var refused = TestStack.asAdmin()
                    .multiPart("file", clip.toFile(), "video/mp4")
                    .multiPart("title", title)
                    .post(TestStack.API + "/assets");
            TestStack.assertProblem(refused, 500, "/problems/internal-error");
            assertThat(TestStack.count("select count(*) from clips.event where body like '%" + title + "%'"))
                    .isZero();
        } finally {
            try (var db = TestStack.database();
                    var sql = db.createStatement()) {
                sql.execute("drop trigger if exists refuse_events_asset on clips.asset");
                sql.execute("drop function if exists clips.refuse_events_asset()");
            }
        }
        // the same upload committed leaves exactly its asset.created (the query above would see it)
        var clip = TestStack.h264Clip("events-rollback.mp4", 320, 240, 25, 1);
        TestStack.upload(clip, "title", title);
        assertThat(TestStack.count("select count(*) from clips.event where type = 'asset.created' and body like '%"
                        + title + "%'"))
                .isEqualTo(1);
    }

    @Test
    void badParametersAreProblemsAndAUserMayNotPull() {
        TestStack.assertProblem(
                TestStack.asAdmin().get(TestStack.API + "/events?types=asset.ready,asset.exploded"),
                400,
                "/problems/unknown-event-type");
        TestStack.assertProblem(
                TestStack.asAdmin().get(TestStack.API + "/events?types=webhook.test"),
                400,
                "/problems/unknown-event-type");
        TestStack.assertProblem(
                TestStack.asAdmin().get(TestStack.API + "/events?after=not-a-cursor"), 400, "/problems/invalid-filter");
        TestStack.assertProblem(
                TestStack.asAdmin().get(TestStack.API + "/events?pageSize=0"), 400, "/problems/invalid-filter");
        TestStack.assertProblem(
                TestStack.asAdmin().get(TestStack.API + "/events?since=yesterday"), 400, "/problems/invalid-filter");
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(TestStack.userToken("events-user"))
                        .get(TestStack.API + "/events"),
                403,
                "/problems/forbidden");
    }
}
