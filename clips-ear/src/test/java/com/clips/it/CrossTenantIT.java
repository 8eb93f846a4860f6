package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant B's administrator against everything tenant A has: every operation of the OpenAPI document
 * that takes an id is called with A's ids, and B's answer must be exactly the answer for an id that
 * does not exist (never a success, never a different status that would tell A's object exists);
 * every listing and search B can make must not show any of A's ids, nor A's figures; B's events
 * feed holds B's events and none of A's, and B's own webhook endpoint cannot be made to replay
 * A's event; and afterwards A's objects are all as they were.
 */
@ExtendWith(ArquillianExtension.class)
class CrossTenantIT {

    private static final String API = TestStack.API;
    private static final String ROOT = API.substring(0, API.indexOf("/api/"));

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    /** Tenant A's objects: the platform tenant's ("default"), made by its administrator. */
    record Objects(
            String asset,
            String playlist,
            long job,
            String upload,
            String tus,
            String client,
            String game,
            String webhook,
            String event) {}

    @Test
    void anotherTenantCannotListReadStreamChangeOrDeleteAnythingOfTenantA() throws Exception {
        var a = tenantAObjects();
        var b = TestStack.otherTenantAdminToken();

        var failures = new ArrayList<String>();
        for (var op : operationsWithIds()) {
            var withAsIds = concrete(op.path(), a);
            if (withAsIds == null) {
                continue;
            }
            var answer = call(b, op.method(), withAsIds, a);
            var unknown = unknown();
            var nonexistent = call(b, op.method(), concrete(op.path(), unknown), unknown);
            if (op.path().endsWith("/games/{title}/assets")) { // a listing: B's own clips of that game, none of A's
                if (answer.statusCode() != 200 || answer.asString().contains(a.asset())) {
                    failures.add(op.method() + " " + withAsIds + ": " + answer.statusCode() + " " + answer.asString());
                }
                continue;
            }
            // the same answer, word for word once the ids are blanked, as for ids that do not exist
            var seen = blank(answer.asString(), a);
            if (answer.statusCode() < 400
                    || answer.statusCode() != nonexistent.statusCode()
                    || !seen.equals(blank(nonexistent.asString(), unknown))) {
                failures.add(
                        op.method() + " " + withAsIds + ": " + answer.statusCode() + " " + seen + ", for unknown ids "
                                + nonexistent.statusCode() + " " + blank(nonexistent.asString(), unknown));
            }
        }
        assertThat(failures).isEmpty();

        // no listing or search of B shows A's objects
        var asB = List.of(
                "/assets",
                "/assets?q=crosstenant",
                "/assets?game=" + a.game(),
                "/me/assets",
                "/me/favorites",
                "/me/playlists",
                "/jobs",
                "/jobs?assetId=" + a.asset(),
                "/admin/clients",
                "/admin/audit?pageSize=100",
                "/admin/dead-letters",
                "/games/" + a.game() + "/assets",
                "/analytics/users/me",
                "/webhooks/endpoints",
                "/tenants/" + tenantOf(b));
        for (var path : asB) {
            var answer = RestAssured.given().auth().oauth2(b).get(API + path);
            assertThat(answer.statusCode()).as(path).isLessThan(300);
            assertThat(answer.asString())
                    .as(path)
                    .doesNotContain(a.asset())
                    .doesNotContain(a.playlist())
                    .doesNotContain(a.upload())
                    .doesNotContain(a.tus())
                    .doesNotContain(a.client())
                    .doesNotContain(a.webhook())
                    .doesNotContain(a.event());
        }

        // B's events feed, read to its end: B's own upload session is in it, nothing of A's
        var bUpload = json(RestAssured.given().auth().oauth2(b))
                .body(Map.of("fileName", "b.mp4", "sizeBytes", 1000))
                .post(API + "/uploads")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var feed = feed(b);
        assertThat(feed).contains(bUpload);
        assertThat(feed)
                .doesNotContain(a.asset())
                .doesNotContain(a.upload())
                .doesNotContain(a.tus())
                .doesNotContain(a.event())
                .doesNotContain(a.webhook());

        // B's own endpoint asked to replay A's event: the answer for an event that does not exist
        var bHook = json(RestAssured.given().auth().oauth2(b))
                .body(Map.of("url", "http://127.0.0.1:9/tenant-b", "eventTypes", List.of("asset.purged")))
                .post(API + "/webhooks/endpoints")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var replayA = json(RestAssured.given().auth().oauth2(b))
                .body(Map.of("eventId", a.event()))
                .post(API + "/webhooks/endpoints/" + bHook + "/replay");
        var nothing = unknown();
        var replayUnknown = json(RestAssured.given().auth().oauth2(b))
                .body(Map.of("eventId", nothing.event()))
                .post(API + "/webhooks/endpoints/" + bHook + "/replay");
        TestStack.assertProblem(replayA, 404, "/problems/not-found");
        assertThat(blank(replayA.asString(), a)).isEqualTo(blank(replayUnknown.asString(), nothing));
        assertThat(RestAssured.given()
                        .auth()
                        .oauth2(b)
                        .get(API + "/webhooks/endpoints/" + bHook + "/deliveries")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items"))
                .isEmpty();

        // B's moderators asking for the figures of A's user get what they would for a stranger: nothing
        // (A sees them). B's audit log may name A's user: the platform administrator created tenant B.
        var aUser =
                TestStack.asAdmin().get(API + "/analytics/users/me").jsonPath().getString("userId");
        assertThat(TestStack.asAdmin()
                        .queryParam("owner", aUser)
                        .get(API + "/analytics/heatmap/uploads")
                        .jsonPath()
                        .getLong("total"))
                .isPositive();
        for (var kind : List.of("uploads", "views")) {
            assertThat(RestAssured.given()
                            .auth()
                            .oauth2(b)
                            .queryParam("owner", aUser)
                            .get(API + "/analytics/heatmap/" + kind)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getLong("total"))
                    .as(kind)
                    .isZero();
        }

        // and A's objects are all as they were
        var asset = TestStack.asAdmin()
                .get(API + "/assets/" + a.asset())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asset.getString("status")).isEqualTo("READY");
        assertThat(asset.getString("title")).isEqualTo("crosstenant secret");
        assertThat(TestStack.asAdmin()
                        .get(API + "/playlists/" + a.playlist() + "/assets")
                        .jsonPath()
                        .getList("items.id", String.class))
                .containsExactly(a.asset());
        assertThat(TestStack.asAdmin()
                        .get(API + "/uploads/" + a.upload())
                        .jsonPath()
                        .getString("state"))
                .isEqualTo("OPEN");
        TestStack.asAdmin()
                .header("Tus-Resumable", "1.0.0")
                .head(API + "/tus/" + a.tus())
                .then()
                .statusCode(200);
        assertThat(TestStack.asAdmin()
                        .get(API + "/admin/clients")
                        .jsonPath()
                        .getString("find { it.clientId == '" + a.client() + "' }.revokedAt"))
                .isNull();
        TestStack.asAdmin().get(API + "/jobs/" + a.job()).then().statusCode(200);
        var hook = TestStack.asAdmin()
                .get(API + "/webhooks/endpoints/" + a.webhook())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(hook.getString("description")).isEqualTo("crosstenant hook");
        assertThat(hook.getBoolean("enabled")).isFalse();
        assertThat(TestStack.asAdmin()
                        .get(API + "/webhooks/endpoints/" + a.webhook() + "/deliveries")
                        .jsonPath()
                        .getList("items.eventId", String.class))
                .contains(a.event());
        TestStack.asAdmin()
                .delete(API + "/webhooks/endpoints/" + a.webhook())
                .then()
                .statusCode(204);
    }

    /** Every event of the token's tenant, page after page to the end of its feed, as one text. */
    private static String feed(String token) {
        var all = new StringBuilder();
        String after = null;
        for (int page = 0; page < 1000; page++) {
            var request = RestAssured.given().auth().oauth2(token).queryParam("pageSize", 100);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            var answer = request.get(API + "/events").then().statusCode(200).extract();
            var items = answer.jsonPath().getList("items");
            if (items.isEmpty()) {
                return all.toString();
            }
            all.append(answer.asString());
            after = answer.jsonPath().getString("nextCursor");
        }
        throw new AssertionError("the events feed did not end");
    }

    private static Objects tenantAObjects() throws Exception {
        // an endpoint of A's that takes upload sessions (to a port nobody listens on): A's upload
        // session below leaves a delivery in its log; disabled then, so it sends nothing more
        var webhook = json(TestStack.asAdmin())
                .body(Map.of(
                        "url",
                        "http://127.0.0.1:9/crosstenant",
                        "description",
                        "crosstenant hook",
                        "eventTypes",
                        List.of("upload.created")))
                .post(API + "/webhooks/endpoints")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var location = TestStack.upload(
                TestStack.h264Clip("crosstenant.mp4", 160, 120, 10, 1),
                "title",
                "crosstenant secret",
                "gameTitle",
                "Crosstenant Quest",
                "visibility",
                "public");
        var asset = TestStack.awaitAsset(
                location, Duration.ofMinutes(3), a -> List.of("READY", "FAILED").contains(a.getString("status")));
        var id = asset.getString("id");
        var playlist = json(TestStack.asAdmin())
                .body(Map.of("name", "crosstenant list", "visibility", "public"))
                .post(API + "/playlists")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        TestStack.asAdmin()
                .put(API + "/playlists/" + playlist + "/assets/" + id)
                .then()
                .statusCode(200);
        TestStack.asAdmin().put(API + "/assets/" + id + "/favorite").then().statusCode(204);
        long job = TestStack.asAdmin()
                .queryParam("assetId", id)
                .get(API + "/jobs")
                .jsonPath()
                .getLong("items[0].id");
        var upload = json(TestStack.asAdmin())
                .body(Map.of("fileName", "pending.mp4", "sizeBytes", 1000))
                .post(API + "/uploads")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var tusLocation = TestStack.asAdmin()
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", 1000)
                .post(API + "/tus")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        var client = json(TestStack.asAdmin())
                .body(Map.of("name", "crosstenant client", "roles", List.of("User")))
                .post(API + "/admin/clients")
                .then()
                .statusCode(201)
                .extract()
                .path("clientId")
                .toString();
        var event = deliveredEvent(webhook);
        json(TestStack.asAdmin())
                .body(Map.of("enabled", false))
                .patch(API + "/webhooks/endpoints/" + webhook)
                .then()
                .statusCode(200);
        return new Objects(
                id,
                playlist,
                job,
                upload,
                tusLocation.substring(tusLocation.lastIndexOf('/') + 1),
                client,
                "Crosstenant Quest",
                webhook,
                event);
    }

    /** The event of the first attempt in the endpoint's delivery log (a minute at most). */
    private static String deliveredEvent(String webhook) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            var ids = TestStack.asAdmin()
                    .get(API + "/webhooks/endpoints/" + webhook + "/deliveries")
                    .jsonPath()
                    .getList("items.eventId", String.class);
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no delivery attempt to " + webhook);
    }

    private static String blank(String body, Objects o) {
        return body.replaceAll("(?<=/jobs/|Job )" + o.job() + "\\b", "ID")
                .replace(o.asset(), "ID")
                .replace(o.playlist(), "ID")
                .replace(o.upload(), "ID")
                .replace(o.tus(), "ID")
                .replace(o.client(), "ID")
                .replace(o.webhook(), "ID")
                .replace(o.event(), "ID")
                .replace(o.game().replace(" ", "%20"), "ID")
                .replace(o.game(), "ID");
    }

    private static Objects unknown() {
        var nobody = UUID.randomUUID().toString();
        return new Objects(
                nobody,
                UUID.randomUUID().toString(),
                999_999_999L,
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                "clp_000000000000000000ff",
                "No Such Game",
                UUID.randomUUID().toString(),
                "evt_" + UUID.randomUUID().toString().replace("-", ""));
    }

    record Operation(String method, String path) {}

    /** Every operation whose path names an object, from the OpenAPI document. */
    private static List<Operation> operationsWithIds() {
        var doc = RestAssured.given()
                .queryParam("format", "JSON")
                .get(ROOT + "/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        var found = new ArrayList<Operation>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> !m.equals("options") && !m.equals("parameters") && path.contains("{"))
                .forEach(m -> found.add(new Operation(m.toUpperCase(), path))));
        assertThat(found).hasSizeGreaterThan(25);
        return found;
    }

    /** The path with tenant A's (or unknown) ids in it; null for operations on no object of a tenant. */
    private static String concrete(String path, Objects o) {
        String id;
        if (path.startsWith("/api/v1/assets/") || path.startsWith("/api/v1/analytics/assets/")) {
            id = o.asset();
        } else if (path.startsWith("/api/v1/playlists/")) {
            id = o.playlist();
        } else if (path.startsWith("/api/v1/jobs/")) {
            id = String.valueOf(o.job());
        } else if (path.startsWith("/api/v1/uploads/")) {
            id = o.upload();
        } else if (path.startsWith("/api/v1/tus/")) {
            id = o.tus();
        } else if (path.startsWith("/api/v1/admin/clients/")) {
            return ROOT + path.replace("{clientId}", o.client());
        } else if (path.startsWith("/api/v1/games/")) {
            return ROOT + path.replace("{title}", o.game());
        } else if (path.startsWith("/api/v1/webhooks/endpoints/")) {
            id = o.webhook();
        } else {
            return null; // tenants (platform administrators only: TenantsIT), dead letters, rollups (no tenant object)
        }
        return ROOT
                + path.replace("{id}", id)
                        .replace("{assetId}", o.asset())
                        .replace("{playbackId}", "0123456789abcdef0123456789abcdef")
                        .replace("{rendition}", "120p")
                        .replace("{language}", "en")
                        .replace("{kind}", "views");
    }

    /**
     * A well-formed request of this method: JSON bodies where they go (a replay of the tenant's
     * event, a webhook endpoint's description), tus headers on tus routes.
     */
    private static Response call(String token, String method, String url, Objects o) {
        var request = RestAssured.given().auth().oauth2(token).redirects().follow(false);
        if (url.contains("/tus/")) {
            request = request.header("Tus-Resumable", "1.0.0").header("Upload-Offset", 0);
            if (method.equals("PATCH")) {
                request = request.contentType("application/offset+octet-stream").body(new byte[] {1});
            }
        } else if (url.contains("/captions") && List.of("POST", "PUT").contains(method)) {
            // a well-formed caption file, so the answer is the asset's lookup, not the body's type
            request =
                    request.contentType("text/vtt").body("WEBVTT\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (method.equals("POST")) {
                request = request.queryParam("language", "en");
            }
        } else if (url.endsWith("/replay")) {
            request = request.contentType(ContentType.JSON).body(Map.of("eventId", o.event()));
        } else if (url.contains("/webhooks/endpoints/") && method.equals("PATCH")) {
            request = request.contentType(ContentType.JSON).body(Map.of("description", "taken"));
        } else if (List.of("POST", "PUT", "PATCH").contains(method)) {
            request =
                    request.contentType(ContentType.JSON).body(method.equals("PATCH") ? "{\"title\":\"taken\"}" : "{}");
        }
        return request.request(method, url);
    }

    private static String tenantOf(String token) throws Exception {
        var payload = token.split("\\.")[1];
        return JsonPath.from(new String(java.util.Base64.getUrlDecoder().decode(payload)))
                .getString("tenant");
    }

    private static RequestSpecification json(RequestSpecification request) {
        return request.contentType(ContentType.JSON);
    }
}
