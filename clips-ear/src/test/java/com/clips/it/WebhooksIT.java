package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Standard Webhooks from the outbox to a sink in this JVM: what an upload through READY sends,
 * verified by the reference library; retries with one webhook-id, 410, a hanging sink, Retry-After,
 * redirects; rotation with both signatures; replay; the endpoints API's bad input and tenancy. The
 * suite runs with a retry schedule of seconds (./clips test) and loopback allowed.
 */
@ExtendWith(ArquillianExtension.class)
class WebhooksIT {

    private static final String ENDPOINTS = TestStack.API + "/webhooks/endpoints";
    private static WebhookSink sink;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void startSink() throws Exception {
        sink = new WebhookSink();
    }

    @AfterAll
    static void stopSink() {
        sink.close();
    }

    /** A tenant of its own, so its events are only those the test makes. */
    private static String tenantToken() {
        var tenant = TestStack.newTenant("hooks", Map.of());
        return TestStack.token(
                tenant.getString("administrator.clientId"), tenant.getString("administrator.clientSecret"));
    }

    private static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token);
    }

    private static JsonPath register(String token, String path, List<String> types) {
        var body = new java.util.HashMap<String, Object>();
        body.put("url", sink.url(path));
        body.put("description", "sink " + path);
        if (types != null) {
            body.put("eventTypes", types);
        }
        return as(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post(ENDPOINTS)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static String test(String token, String endpoint) {
        return as(token)
                .post(ENDPOINTS + "/" + endpoint + "/test")
                .then()
                .statusCode(202)
                .extract()
                .path("eventId");
    }

    /** Polls the endpoint's delivery log until {@code count} attempts are in it (newest first). */
    private static List<Map<String, Object>> attempts(String token, String endpoint, int count)
            throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        List<Map<String, Object>> items;
        do {
            items = as(token)
                    .get(ENDPOINTS + "/" + endpoint + "/deliveries?pageSize=100")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            if (items.size() >= count) {
                return items;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("expected " + count + " attempts, got " + items);
    }

    @Test
    void anUploadThroughReadySendsTheSameEventsAsThePullApiSignedForTheReferenceLibrary() throws Exception {
        var token = tenantToken();
        var endpoint = register(token, "/ready", null);
        String secret = endpoint.getString("secret");
        assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
        var only = register(token, "/ready-only", List.of("asset.ready"));

        var clip = TestStack.h264Clip("hooks-ready.mp4", 320, 240, 25, 2);
        var location = as(token)
                .multiPart("file", clip.toFile(), "video/mp4")
                .post(TestStack.API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        var asset = TestStack.awaitAsset(
                token, location, Duration.ofMinutes(4), a -> "READY".equals(a.getString("status")));

        var pulled = EventsIT.pull(token, "");
        assertThat(pulled)
                .extracting(e -> e.get("type"))
                .containsExactly(
                        "asset.created",
                        "job.started",
                        "asset.processing",
                        "asset.rendition.ready",
                        "asset.ready",
                        "job.succeeded");
        var received = sink.await("/ready", pulled.size(), Duration.ofMinutes(2));
        assertThat(received).hasSize(pulled.size());
        // each event once, its webhook-id the event id, its body the pulled one without the id
        assertThat(received)
                .extracting(WebhookSink.Received::id)
                .containsExactlyInAnyOrderElementsOf(
                        pulled.stream().map(e -> (String) e.get("id")).toList());
        for (var r : received) {
            var event = pulled.stream()
                    .filter(e -> e.get("id").equals(r.id()))
                    .findFirst()
                    .orElseThrow();
            var sent = new JsonPath(r.body());
            assertThat(sent.getString("type")).isEqualTo(event.get("type"));
            assertThat(sent.getMap("data")).isEqualTo(event.get("data"));
            assertThat(sent.getMap("")).containsOnlyKeys("type", "timestamp", "data");
            // v1 under the endpoint's secret, v1a under the deployment's Ed25519 key
            assertThat(r.signature()).matches("v1,[A-Za-z0-9+/]{43}= v1a,[A-Za-z0-9+/]{86}==");
            assertThat(Long.parseLong(r.timestamp()))
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(600L));
        }
        var keys = as(token)
                .get(TestStack.API + "/webhooks/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(keys.getList("keys.crv")).containsExactly("Ed25519");
        String publicKey = keys.getString("publicKeys[0]");
        assertThat(publicKey).matches("whpk_[A-Za-z0-9+/]{43}=");
        var verified = WebhookSink.verify(List.of(secret), publicKey, received);
        assertThat(verified.getList("failures")).isEmpty();
        assertThat(verified.getInt("v1aVerified")).isEqualTo(received.size());
        assertThat(verified.getInt("verified")).isEqualTo(received.size());
        assertThat(verified.getInt("tamperedRefused")).isEqualTo(received.size());
        // a wrong secret verifies nothing: the library really checks
        var wrong = WebhookSink.verify(List.of(register(token, "/unused", null).getString("secret")), received);
        assertThat(wrong.getInt("verified")).isZero();

        // the endpoint that takes asset.ready only got asset.ready
        var readyOnly = sink.await("/ready-only", 1, Duration.ofMinutes(1));
        assertThat(readyOnly).hasSize(1);
        assertThat(new JsonPath(readyOnly.get(0).body()).getString("data.id")).isEqualTo(asset.getString("id"));
        var log = attempts(token, only.getString("id"), 1);
        assertThat(log.get(0))
                .containsEntry("eventType", "asset.ready")
                .containsEntry("statusCode", 200)
                .containsEntry("deliveryState", "DELIVERED")
                .containsEntry("attempt", 1)
                .containsEntry("responseExcerpt", "answer 200");
        assertThat(endpoint.getString("id")).isNotNull();
    }

    @Test
    void aSinkFailingTwiceGetsThreeAttemptsWithOneWebhookIdAllInTheLog() throws Exception {
        var token = tenantToken();
        var endpoint = register(token, "/flaky", null).getString("id");
        sink.plan("/flaky", WebhookSink.Reply.status(500), WebhookSink.Reply.status(502));
        var eventId = test(token, endpoint);

        var received = sink.await("/flaky", 3, Duration.ofMinutes(1));
        assertThat(received).extracting(WebhookSink.Received::id).containsExactly(eventId, eventId, eventId);
        var log = attempts(token, endpoint, 3);
        assertThat(log).extracting(a -> a.get("attempt")).containsExactly(3, 2, 1);
        assertThat(log).extracting(a -> a.get("statusCode")).containsExactly(200, 502, 500);
        assertThat(log).extracting(a -> a.get("eventId")).containsOnly(eventId);
        assertThat(log).extracting(a -> a.get("eventType")).containsOnly("webhook.test");
        assertThat(log).extracting(a -> a.get("deliveryState")).containsOnly("DELIVERED");
        assertThat(log.get(0).get("nextAttemptAt")).isNull();
        // the schedule of the suite: 1 s after the first failure, 2 s after the second
        assertThat(gap(log.get(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(gap(log.get(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat((String) log.get(2).get("error")).isEqualTo("The endpoint answered 500.");
        assertThat(as(token).get(ENDPOINTS + "/" + endpoint).jsonPath().getString("failingSince"))
                .isNull();
    }

    @Test
    void deliveryMetersCountEachAttemptByOutcomeStatusAndTheBacklog() throws Exception {
        var token = tenantToken();
        var flaky = register(token, "/metered-flaky", null).getString("id");
        var held = register(token, "/metered-held", null).getString("id");
        // nothing of another test still to send (the gauge is read every 5 s: twice, a read apart)
        awaitScrape(m -> ObservabilityIT.value(m, "clips_webhook_deliveries_pending") == 0);
        Thread.sleep(6000);
        var before = awaitScrape(m -> ObservabilityIT.value(m, "clips_webhook_deliveries_pending") == 0);

        sink.plan("/metered-flaky", WebhookSink.Reply.status(500), WebhookSink.Reply.status(502));
        test(token, flaky);
        attempts(token, flaky, 3);
        // five answers that never come: every attempt of the suite's schedule times out (3 s)
        var release = new CountDownLatch(1);
        var hanging = WebhookSink.Reply.hangUntil(release);
        sink.plan("/metered-held", hanging, hanging, hanging, hanging, hanging);
        test(token, held);
        try {
            awaitScrape(m -> ObservabilityIT.value(m, "clips_webhook_deliveries_pending") == 1);
            var log = attempts(token, held, 5);
            assertThat(log.get(0)).containsEntry("deliveryState", "FAILED");
        } finally {
            release.countDown();
        }
        var after = awaitScrape(m -> ObservabilityIT.value(m, "clips_webhook_deliveries_pending") == 0);

        assertThat(increase(before, after, "clips_webhook_deliveries_total", "outcome=\"delivered\""))
                .isEqualTo(1);
        assertThat(increase(before, after, "clips_webhook_deliveries_total", "outcome=\"retry\""))
                .isEqualTo(2 + 4);
        assertThat(increase(before, after, "clips_webhook_deliveries_total", "outcome=\"failed\""))
                .isEqualTo(1);
        assertThat(increase(before, after, "clips_webhook_attempts_seconds_count", "status=\"2xx\""))
                .isEqualTo(1);
        assertThat(increase(before, after, "clips_webhook_attempts_seconds_count", "status=\"5xx\""))
                .isEqualTo(2);
        assertThat(increase(before, after, "clips_webhook_attempts_seconds_count", "status=\"none\""))
                .isEqualTo(5);
        assertThat(increase(before, after, "clips_webhook_attempts_seconds_le_total", "status=\"none\"", "le=\"+Inf\""))
                .isEqualTo(5);
        // a timed-out attempt waited the whole 3 s
        assertThat(increase(before, after, "clips_webhook_attempts_seconds_le_total", "status=\"none\"", "le=\"2.5\""))
                .isZero();
        assertThat(after).doesNotContain(flaky).doesNotContain(held);
    }

    private static double increase(String before, String after, String name, String... labels) {
        return ObservabilityIT.value(after, name, labels) - ObservabilityIT.value(before, name, labels);
    }

    /** Scrapes /metrics until the condition holds (a minute at most). */
    private static String awaitScrape(Predicate<String> ready) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(1));
        String metrics;
        do {
            metrics = RestAssured.get(TestStack.MANAGEMENT + "/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            if (ready.test(metrics)) {
                return metrics;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("metrics never satisfied the condition:\n" + metrics);
    }

    /** From an attempt to the next it scheduled, to the second. */
    private static Duration gap(Map<String, Object> attempt) {
        return Duration.between(Instant.parse((String) attempt.get("attemptedAt")), Instant.parse((String)
                        attempt.get("nextAttemptAt")))
                .withNanos(0);
    }

    @Test
    void aGoneEndpointIsDisabledAndAudited() throws Exception {
        var token = tenantToken();
        var endpoint = register(token, "/gone", null).getString("id");
        sink.plan("/gone", WebhookSink.Reply.status(410));
        test(token, endpoint);
        var log = attempts(token, endpoint, 1);
        assertThat(log.get(0)).containsEntry("statusCode", 410).containsEntry("deliveryState", "FAILED");
        var after = as(token).get(ENDPOINTS + "/" + endpoint).jsonPath();
        assertThat(after.getBoolean("enabled")).isFalse();
        assertThat(after.getString("disabledReason")).isEqualTo("The endpoint answered 410 Gone.");
        var audit =
                as(token).get(TestStack.API + "/admin/audit?action=webhook.").jsonPath();
        assertThat(audit.getList("items.target")).containsExactly(endpoint);
        assertThat(audit.getList("items.actor")).containsExactly("system");
        // no more sends: a test message is refused until it is enabled again
        TestStack.assertProblem(
                as(token).post(ENDPOINTS + "/" + endpoint + "/test"), 409, "/problems/endpoint-disabled");
        as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", true))
                .patch(ENDPOINTS + "/" + endpoint)
                .then()
                .statusCode(200);
        test(token, endpoint);
        assertThat(sink.await("/gone", 2, Duration.ofMinutes(1))).hasSize(2);
        assertThat(attempts(token, endpoint, 2).get(0)).containsEntry("statusCode", 200);
    }

    @Test
    void aHangingSinkTimesOutAndIsRetried() throws Exception {
        var token = tenantToken();
        var endpoint = register(token, "/hang", null).getString("id");
        sink.plan("/hang", WebhookSink.Reply.hang(Duration.ofSeconds(20)));
        var eventId = test(token, endpoint);
        var received = sink.await("/hang", 2, Duration.ofMinutes(1));
        assertThat(received).extracting(WebhookSink.Received::id).containsExactly(eventId, eventId);
        var log = attempts(token, endpoint, 2);
        assertThat(log.get(1)).containsEntry("error", "No answer within 3 s.").doesNotContainKey("statusCode");
        assertThat(((Number) log.get(1).get("latencyMs")).longValue()).isGreaterThanOrEqualTo(3000);
        assertThat(log.get(0)).containsEntry("statusCode", 200).containsEntry("deliveryState", "DELIVERED");
    }

    @Test
    void retryAfterIsHonouredAndRedirectsAreNotFollowed() throws Exception {
        var token = tenantToken();
        var busy = register(token, "/busy", null).getString("id");
        sink.plan("/busy", WebhookSink.Reply.status(429, "Retry-After", "4"));
        test(token, busy);
        var log = attempts(token, busy, 2);
        assertThat(log.get(1)).containsEntry("statusCode", 429);
        assertThat(gap(log.get(1))).isEqualTo(Duration.ofSeconds(4)); // the schedule alone says 1 s
        assertThat(log.get(0)).containsEntry("statusCode", 200);

        var moved = register(token, "/moved", null).getString("id");
        sink.plan("/moved", WebhookSink.Reply.status(302, "Location", sink.url("/elsewhere")));
        test(token, moved);
        var redirected = attempts(token, moved, 2);
        assertThat(redirected.get(1)).containsEntry("statusCode", 302).containsEntry("deliveryState", "DELIVERED");
        assertThat(redirected.get(0)).containsEntry("statusCode", 200);
        assertThat(sink.at("/elsewhere")).isEmpty();
    }

    @Test
    void aRotatedSecretSignsAlongsideTheOldOneAndReplaySendsTheSameId() throws Exception {
        var token = tenantToken();
        var created = register(token, "/rotate", null);
        var endpoint = created.getString("id");
        var rotated = as(token)
                .post(ENDPOINTS + "/" + endpoint + "/rotate-secret")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(rotated.getString("secret")).startsWith("whsec_").isNotEqualTo(created.getString("secret"));
        assertThat(Instant.parse(rotated.getString("previousSecretValidUntil"))).isAfter(Instant.now());
        var eventId = test(token, endpoint);
        var received = sink.await("/rotate", 1, Duration.ofMinutes(1));
        assertThat(received.get(0).signature().split(" ")).hasSize(3); // v1 new, v1 old, v1a
        var both = WebhookSink.verify(List.of(rotated.getString("secret"), created.getString("secret")), received);
        assertThat(both.getInt("verified")).isEqualTo(2);
        assertThat(both.getList("failures")).isEmpty();
        assertThat(as(token).get(ENDPOINTS).jsonPath().getList("secret")).containsOnlyNulls();

        as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("eventId", eventId))
                .post(ENDPOINTS + "/" + endpoint + "/replay")
                .then()
                .statusCode(202);
        var again = sink.await("/rotate", 2, Duration.ofMinutes(1));
        assertThat(again).extracting(WebhookSink.Received::id).containsExactly(eventId, eventId);
        assertThat(again.get(1).body()).isEqualTo(again.get(0).body());
        assertThat(attempts(token, endpoint, 2).get(0)).containsEntry("replay", true);
    }

    @Test
    void badInputIsAProblemAndWritesNothing() throws Exception {
        var token = tenantToken();
        long before = TestStack.count("select count(*) from clips.webhook_endpoint");
        Map<String, String> refused = Map.of(
                "ftp://example.com/hook", "/problems/invalid-webhook-url",
                "not a url", "/problems/invalid-webhook-url",
                "https://user:pw@example.com/hook", "/problems/invalid-webhook-url",
                "http://10.1.2.3/hook", "/problems/webhook-url-refused",
                "https://192.168.0.10/hook", "/problems/webhook-url-refused",
                "http://169.254.169.254/latest/meta-data", "/problems/webhook-url-refused",
                "http://[::ffff:172.16.0.1]/hook", "/problems/webhook-url-refused",
                "http://[fd00:ec2::254]/", "/problems/webhook-url-refused",
                "http://224.0.0.1/hook", "/problems/webhook-url-refused",
                "https://no-such-host.invalid/hook", "/problems/webhook-url-refused");
        for (var url : refused.entrySet()) {
            TestStack.assertProblem(
                    as(token)
                            .contentType(ContentType.JSON)
                            .body(Map.of("url", url.getKey()))
                            .post(ENDPOINTS),
                    400,
                    url.getValue());
        }
        TestStack.assertProblem(
                as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("url", sink.url("/x"), "eventTypes", List.of("asset.ready", "asset.exploded")))
                        .post(ENDPOINTS),
                400,
                "/problems/unknown-event-type");
        TestStack.assertProblem(
                as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("url", sink.url("/x"), "secret", "mine"))
                        .post(ENDPOINTS),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("description", "no url"))
                        .post(ENDPOINTS),
                400,
                "/problems/invalid-field");
        assertThat(TestStack.count("select count(*) from clips.webhook_endpoint"))
                .isEqualTo(before);

        // replays: unknown event, reversed range, a range of more events than allowed (1,000): nothing queued
        var endpoint = register(token, "/replays", null).getString("id");
        var tenant = as(token)
                .get(TestStack.API + "/tenants/" + tenantOf(token))
                .then()
                .extract()
                .jsonPath();
        assertThat(tenant.getString("id")).isNotNull();
        TestStack.execute(
                "insert into clips.event (public_id, tenant_id, type, resource_type, resource_id,"
                        + " resource_version, occurred_at, body) select 'evt_bulk' || g || '" + endpoint.substring(0, 8)
                        + "', '" + tenant.getString("id") + "', 'asset.updated', 'asset', 'bulk', g,"
                        + " timestamptz '2026-01-01T00:00:00Z' + g * interval '1 second', '{}' from generate_series(1, 1001) g");
        long deliveries = TestStack.count("select count(*) from clips.webhook_delivery");
        var replay = ENDPOINTS + "/" + endpoint + "/replay";
        TestStack.assertProblem(
                as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z"))
                        .post(replay),
                400,
                "/problems/replay-too-large");
        TestStack.assertProblem(
                as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("from", "2026-01-02T00:00:00Z", "to", "2026-01-01T00:00:00Z"))
                        .post(replay),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("eventId", "evt_none"))
                        .post(replay),
                404,
                "/problems/not-found");
        assertThat(TestStack.count("select count(*) from clips.webhook_delivery"))
                .isEqualTo(deliveries);
        // 1,000 of them is within the bound
        var within = as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("from", "2026-01-01T00:00:01Z", "to", "2026-01-01T00:16:41Z"))
                .post(replay);
        assertThat(within.statusCode()).as(within.asString()).isEqualTo(202);
        assertThat(within.jsonPath().getInt("events")).isEqualTo(1000);
        as(token).delete(ENDPOINTS + "/" + endpoint).then().statusCode(204);
    }

    /** The tenant id of a token: its payload's tenant claim. */
    private static String tenantOf(String token) {
        var payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return new JsonPath(payload).getString("tenant");
    }

    @Test
    void anotherTenantsEndpointIsNotFoundAndTheApiIsForAdministrators() throws Exception {
        var token = tenantToken();
        var endpoint = register(token, "/mine", null).getString("id");
        var eventId = test(token, endpoint);
        sink.await("/mine", 1, Duration.ofMinutes(1));
        var other = tenantToken();
        var path = ENDPOINTS + "/" + endpoint;
        TestStack.assertProblem(as(other).get(path), 404, "/problems/not-found");
        TestStack.assertProblem(
                as(other)
                        .contentType(ContentType.JSON)
                        .body(Map.of("description", "x"))
                        .patch(path),
                404,
                "/problems/not-found");
        TestStack.assertProblem(as(other).delete(path), 404, "/problems/not-found");
        TestStack.assertProblem(as(other).post(path + "/test"), 404, "/problems/not-found");
        TestStack.assertProblem(as(other).post(path + "/rotate-secret"), 404, "/problems/not-found");
        TestStack.assertProblem(as(other).get(path + "/deliveries"), 404, "/problems/not-found");
        TestStack.assertProblem(
                as(other)
                        .contentType(ContentType.JSON)
                        .body(Map.of("eventId", eventId))
                        .post(path + "/replay"),
                404,
                "/problems/not-found");
        // its own endpoint cannot replay the first tenant's event either
        var theirs = register(other, "/theirs", null).getString("id");
        TestStack.assertProblem(
                as(other)
                        .contentType(ContentType.JSON)
                        .body(Map.of("eventId", eventId))
                        .post(ENDPOINTS + "/" + theirs + "/replay"),
                404,
                "/problems/not-found");
        TestStack.assertProblem(as(other).get(ENDPOINTS + "/not-a-uuid"), 404, "/problems/not-found");
        assertThat(as(other).get(ENDPOINTS).jsonPath().getList("id")).containsExactly(theirs);
        TestStack.assertProblem(as(TestStack.userToken("hooks-user")).get(ENDPOINTS), 403, "/problems/forbidden");
        // the first tenant's endpoint is untouched
        assertThat(as(token).get(path).jsonPath().getString("description")).isEqualTo("sink /mine");
        as(token).delete(path).then().statusCode(204);
        TestStack.assertProblem(as(token).get(path), 404, "/problems/not-found");
    }

    @Test
    void anEndpointFailingForLongerThanTheLimitIsDisabledWithAnAuditEntry() throws Exception {
        var token = tenantToken();
        var endpoint = register(token, "/failing", null).getString("id");
        for (int i = 0; i < 5; i++) {
            sink.plan("/failing", WebhookSink.Reply.status(500));
        }
        test(token, endpoint);
        attempts(token, endpoint, 1);
        assertThat(as(token).get(ENDPOINTS + "/" + endpoint).jsonPath().getBoolean("enabled"))
                .isTrue();
        // failing for six days now (clips.webhooks.disable-after is five): the retry's failure disables it
        TestStack.execute("update clips.webhook_endpoint set failing_since = now() - interval '6 days'"
                + " where public_id = '" + endpoint + "'");
        var deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (as(token).get(ENDPOINTS + "/" + endpoint).jsonPath().getBoolean("enabled")) {
            assertThat(Instant.now()).as("the endpoint was not disabled").isBefore(deadline);
            Thread.sleep(200);
        }
        int sent = sink.at("/failing").size();
        assertThat(attempts(token, endpoint, sent))
                .extracting(a -> a.get("statusCode"))
                .containsOnly(500);
        Thread.sleep(3000); // the schedule's next retry would be due by now: the endpoint is disabled, none comes
        assertThat(sink.at("/failing")).hasSize(sent);
        var after = as(token).get(ENDPOINTS + "/" + endpoint).jsonPath();
        assertThat(after.getBoolean("enabled")).isFalse();
        assertThat(after.getString("disabledReason"))
                .startsWith("Every attempt failed since ")
                .endsWith("(longer than PT120H).");
        var audit = as(token)
                .get(TestStack.API + "/admin/audit?action=webhook.endpoint.disable")
                .jsonPath();
        assertThat(audit.getList("items.target")).containsExactly(endpoint);
    }

    @Test
    void theOpenApiDocumentHasAWebhookAndABodySchemaPerEventType() {
        var doc = RestAssured.given()
                .queryParam("format", "JSON")
                .get(TestStack.ROOT + "/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(doc.getString("openapi")).startsWith("3.1");
        Map<String, Object> webhooks = doc.getMap("webhooks");
        assertThat(webhooks.keySet())
                .containsExactlyInAnyOrder(
                        "asset.created",
                        "asset.processing",
                        "asset.rendition.ready",
                        "asset.ready",
                        "asset.failed",
                        "asset.updated",
                        "asset.deleted",
                        "asset.restored",
                        "asset.purged",
                        "upload.created",
                        "upload.completed",
                        "upload.failed",
                        "upload.cancelled",
                        "upload.expired",
                        "job.started",
                        "job.succeeded",
                        "job.failed",
                        "job.stopped",
                        "tenant.quota.threshold",
                        "webhook.test");
        assertThat(doc.getString(
                        "webhooks.'asset.rendition.ready'.post.requestBody.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/AssetRenditionReadyEvent");
        assertThat(doc.getList("webhooks.'asset.ready'.post.parameters.name"))
                .containsExactly("webhook-id", "webhook-timestamp", "webhook-signature");
        var schema = "components.schemas.AssetRenditionReadyEvent.";
        assertThat(doc.getString(schema + "properties.type.const")).isEqualTo("asset.rendition.ready");
        assertThat(doc.getString(schema + "properties.data.'$ref'")).isEqualTo("#/components/schemas/AssetEventData");
        assertThat(doc.getList(schema + "required")).containsExactly("type", "timestamp", "data");
        assertThat(doc.getMap("components.schemas.TenantEventData.properties"))
                .containsKeys("quota", "thresholdPercent");
    }

    @Test
    void anEndpointChangesByMergePatch() {
        var token = tenantToken();
        var endpoint = register(token, "/patch", null).getString("id");
        var changed = as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("description", "new words", "eventTypes", List.of("asset.ready", "asset.failed")))
                .patch(ENDPOINTS + "/" + endpoint)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(changed.getString("description")).isEqualTo("new words");
        assertThat(changed.getList("eventTypes")).containsExactly("asset.ready", "asset.failed");
        assertThat(changed.getString("url")).isEqualTo(sink.url("/patch"));
        assertThat(changed.getString("secret")).isNull();
        TestStack.assertProblem(
                as(token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("url", "http://10.0.0.1/"))
                        .patch(ENDPOINTS + "/" + endpoint),
                400,
                "/problems/webhook-url-refused");
        assertThat(as(token).get(ENDPOINTS + "/" + endpoint).jsonPath().getString("url"))
                .isEqualTo(sink.url("/patch"));
    }
}
