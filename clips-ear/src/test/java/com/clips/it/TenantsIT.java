package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant administration through the API: platform administrators create, limit, suspend and
 * resume tenants; each quota is enforced at its exact boundary on every way of uploading, and a
 * refused upload leaves no row; the encoding profile caps the ladder.
 */
@ExtendWith(ArquillianExtension.class)
class TenantsIT {

    private static final String API = TestStack.API;
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    /** A tenant, its id and its administrator's token. */
    record Tenant(String id, String token) {
        RequestSpecification as() {
            return RestAssured.given().auth().oauth2(token);
        }
    }

    private static Tenant tenant(String prefix, Map<String, Object> fields) {
        var created = TestStack.newTenant(prefix, fields);
        return new Tenant(
                created.getString("tenant.id"),
                TestStack.token(
                        created.getString("administrator.clientId"), created.getString("administrator.clientSecret")));
    }

    @Test
    void platformAdministratorsManageTenantsAndNobodyElseDoes() throws Exception {
        var created = TestStack.newTenant(
                "acme",
                Map.of(
                        "quotas",
                        Map.of("maxAssets", 5, "maxUploadBytes", 1_000_000),
                        "encoding",
                        Map.of("maxRenditionHeight", 720),
                        "administratorName",
                        "acme ops"));
        var id = created.getString("tenant.id");
        assertThat(created.getString("tenant.status")).isEqualTo("ACTIVE");
        assertThat(created.getLong("tenant.quotas.maxAssets")).isEqualTo(5);
        assertThat(created.getString("tenant.quotas.maxStorageBytes")).isNull();
        assertThat(created.getInt("tenant.encoding.maxRenditionHeight")).isEqualTo(720);
        var acme = new Tenant(
                id,
                TestStack.token(
                        created.getString("administrator.clientId"), created.getString("administrator.clientSecret")));

        // the new administrator works in the new tenant and reads its own tenant, nothing more
        var own = acme.as()
                .get(API + "/tenants/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(own.getLong("usage.assets")).isZero();
        assertThat(own.getLong("quotas.maxUploadBytes")).isEqualTo(1_000_000);
        acme.as().get(API + "/assets").then().statusCode(200);
        TestStack.assertProblem(acme.as().get(API + "/tenants"), 403, "/problems/forbidden");
        TestStack.assertProblem(acme.as().get(API + "/tenants/default"), 404, "/problems/not-found");
        TestStack.assertProblem(
                json(acme.as()).body(Map.of("id", "evil-corp", "name", "e")).post(API + "/tenants"),
                403,
                "/problems/forbidden");
        TestStack.assertProblem(
                json(acme.as()).body(Map.of()).put(API + "/tenants/" + id + "/quotas"), 403, "/problems/forbidden");
        TestStack.assertProblem(acme.as().post(API + "/tenants/" + id + "/suspend"), 403, "/problems/forbidden");
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(TestStack.userToken("tenant reader"))
                        .get(API + "/tenants"),
                403,
                "/problems/forbidden");

        assertThat(TestStack.asAdmin().get(API + "/tenants").jsonPath().getList("id", String.class))
                .contains(id, "default");

        // bad requests change nothing
        long tenants = TestStack.count("select count(*) from clips.tenant");
        TestStack.assertProblem(
                json(TestStack.asAdmin())
                        .body(Map.of("id", id, "name", "again"))
                        .post(API + "/tenants"),
                409,
                "/problems/tenant-exists");
        TestStack.assertProblem(
                json(TestStack.asAdmin())
                        .body(Map.of("id", "Bad_Id", "name", "x"))
                        .post(API + "/tenants"),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                json(TestStack.asAdmin())
                        .body(Map.of("id", "negative-quota", "name", "x", "quotas", Map.of("maxAssets", 0)))
                        .post(API + "/tenants"),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                json(TestStack.asAdmin())
                        .body(Map.of("id", "huge-ladder", "name", "x", "encoding", Map.of("maxRenditionHeight", 4320)))
                        .post(API + "/tenants"),
                400,
                "/problems/invalid-field");
        assertThat(TestStack.count("select count(*) from clips.tenant")).isEqualTo(tenants);

        // quotas are replaced as a whole: what is left out is unlimited again
        var limited = json(TestStack.asAdmin())
                .body(Map.of("maxStorageBytes", 123_456_789))
                .put(API + "/tenants/" + id + "/quotas")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(limited.getLong("quotas.maxStorageBytes")).isEqualTo(123_456_789);
        assertThat(limited.getString("quotas.maxAssets")).isNull();

        // both audit logs say who did it
        for (var log : List.of(TestStack.asAdmin(), acme.as())) {
            var actions = log.queryParam("action", "tenant.")
                    .get(API + "/admin/audit")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items.findAll { it.target == '" + id + "' }.action", String.class);
            assertThat(actions).contains("tenant.create", "tenant.quotas");
        }
    }

    @Test
    void aSuspendedTenantGetsNoTokensAndItsTokensAreRefusedUntilResumed() {
        var created = TestStack.newTenant("paused", Map.of());
        var id = created.getString("tenant.id");
        var clientId = created.getString("administrator.clientId");
        var secret = created.getString("administrator.clientSecret");
        var token = TestStack.token(clientId, secret);
        RestAssured.given().auth().oauth2(token).get(API + "/assets").then().statusCode(200);

        var suspended = TestStack.asAdmin()
                .post(API + "/tenants/" + id + "/suspend")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(suspended.getString("status")).isEqualTo("SUSPENDED");
        assertThat(suspended.getString("suspendedAt")).isNotNull();

        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(token).get(API + "/assets"), 403, "/problems/tenant-suspended");
        TestStack.assertProblem(
                RestAssured.given()
                        .formParam("grant_type", "client_credentials")
                        .formParam("client_id", clientId)
                        .formParam("client_secret", secret)
                        .post(API + "/auth/token"),
                403,
                "/problems/tenant-suspended");
        // a wrong secret still says only that: suspension is not told to someone who cannot prove the client
        TestStack.assertProblem(
                RestAssured.given()
                        .formParam("grant_type", "client_credentials")
                        .formParam("client_id", clientId)
                        .formParam("client_secret", "wrong")
                        .post(API + "/auth/token"),
                401,
                "/problems/invalid-client");
        TestStack.assertProblem(
                TestStack.asAdmin().post(API + "/tenants/default/suspend"), 409, "/problems/tenant-busy");
        TestStack.assertProblem(
                TestStack.asAdmin().post(API + "/tenants/no-such-tenant/suspend"), 404, "/problems/not-found");

        TestStack.asAdmin().post(API + "/tenants/" + id + "/resume").then().statusCode(200);
        RestAssured.given().auth().oauth2(token).get(API + "/assets").then().statusCode(200);
        TestStack.token(clientId, secret);
    }

    @Test
    void theAssetQuotaTakesExactlyItsNumberOnEveryWayOfUploading() throws Exception {
        var tenant = tenant("counted", Map.of("quotas", Map.of("maxAssets", 2)));
        var first = TestStack.h264Clip("quota-count-1.mp4", 160, 120, 10, 1);
        var firstLocation = accepted(tenant, first);
        upload(tenant, TestStack.h264Clip("quota-count-2.mp4", 160, 120, 10, 1))
                .then()
                .statusCode(202);

        var third = TestStack.h264Clip("quota-count-3.mp4", 160, 120, 10, 1);
        TestStack.assertProblem(upload(tenant, third), 403, "/problems/asset-quota-exceeded");
        TestStack.assertProblem(
                json(tenant.as())
                        .body(Map.of("fileName", "third.mp4", "sizeBytes", Files.size(third)))
                        .post(API + "/uploads"),
                403,
                "/problems/asset-quota-exceeded");
        TestStack.assertProblem(
                tenant.as()
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Files.size(third))
                        .post(API + "/tus"),
                403,
                "/problems/asset-quota-exceeded");
        assertThat(assetRows(tenant)).isEqualTo(2);
        assertThat(TestStack.count("select count(*) from clips.upload_session where tenant_id = '" + tenant.id() + "'"))
                .isZero();

        // the same content again is the asset it already has, not a new one
        assertThat(upload(tenant, first).then().extract().header("Location")).isEqualTo(firstLocation);

        // one more allowed: one more upload
        json(TestStack.asAdmin())
                .body(Map.of("maxAssets", 3))
                .put(API + "/tenants/" + tenant.id() + "/quotas")
                .then()
                .statusCode(200);
        upload(tenant, third).then().statusCode(202);
        assertThat(assetRows(tenant)).isEqualTo(3);
    }

    @Test
    void theStorageQuotaTakesAnUploadThatFitsToTheByteAndNotOneByteMore() throws Exception {
        var tenant = tenant("stored", Map.of());
        var first = accepted(tenant, TestStack.h264Clip("quota-store-1.mp4", 160, 120, 10, 1));
        TestStack.awaitAsset(
                tenant.token(),
                first,
                READY_WITHIN,
                a -> List.of("READY", "FAILED").contains(a.getString("status")));
        long used = tenant.as().get(API + "/tenants/" + tenant.id()).jsonPath().getLong("usage.storageBytes");
        assertThat(used).as("the original and what processing made").isGreaterThan(0);
        var second = TestStack.h264Clip("quota-store-2.mp4", 160, 120, 10, 2);
        long size = Files.size(second);

        limitStorage(tenant, used + size - 1);
        TestStack.assertProblem(upload(tenant, second), 403, "/problems/storage-quota-exceeded");
        TestStack.assertProblem(
                json(tenant.as())
                        .body(Map.of("fileName", "second.mp4", "sizeBytes", size))
                        .post(API + "/uploads"),
                403,
                "/problems/storage-quota-exceeded");
        TestStack.assertProblem(
                tenant.as()
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", size)
                        .post(API + "/tus"),
                403,
                "/problems/storage-quota-exceeded");
        assertThat(assetRows(tenant)).isEqualTo(1);

        limitStorage(tenant, used + size);
        upload(tenant, second).then().statusCode(202);
        assertThat(assetRows(tenant)).isEqualTo(2);
        // full now: even the smallest upload is refused before a byte is sent
        TestStack.assertProblem(
                json(tenant.as())
                        .body(Map.of("fileName", "more.mp4", "sizeBytes", 1))
                        .post(API + "/uploads"),
                403,
                "/problems/storage-quota-exceeded");
    }

    @Test
    void theTenantsUploadSizeLimitIsExact() throws Exception {
        var small = TestStack.h264Clip("quota-size-small.mp4", 160, 120, 10, 1);
        var large = TestStack.h264Clip("quota-size-large.mp4", 320, 240, 10, 2);
        long max = Files.size(small);
        assertThat(Files.size(large)).isGreaterThan(max);
        var tenant = tenant("sized", Map.of("quotas", Map.of("maxUploadBytes", max)));

        json(tenant.as())
                .body(Map.of("fileName", "fits.mp4", "sizeBytes", max))
                .post(API + "/uploads")
                .then()
                .statusCode(201);
        TestStack.assertProblem(
                json(tenant.as())
                        .body(Map.of("fileName", "over.mp4", "sizeBytes", max + 1))
                        .post(API + "/uploads"),
                413,
                "/problems/upload-too-large");
        TestStack.assertProblem(
                tenant.as()
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", max + 1)
                        .post(API + "/tus"),
                413,
                "/problems/upload-too-large");
        upload(tenant, small).then().statusCode(202);
        TestStack.assertProblem(upload(tenant, large), 413, "/problems/upload-too-large");
        assertThat(assetRows(tenant)).isEqualTo(1);
    }

    @Test
    void processingMinutesRunOutAtTheQuotaAndStopUploadsAndReprocessing() throws Exception {
        var tenant = tenant("minutes", Map.of("quotas", Map.of("maxProcessingMinutesPerMonth", 1)));
        var long58 = accepted(tenant, TestStack.h264Clip("quota-minutes-58s.mp4", 160, 120, 5, 58));
        awaitReady(tenant, long58);
        // 58 of 60 seconds used: one more clip may go
        var short2 = accepted(tenant, TestStack.h264Clip("quota-minutes-2s.mp4", 160, 120, 5, 2));
        awaitReady(tenant, short2);

        var used = tenant.as()
                .get(API + "/tenants/" + tenant.id())
                .jsonPath()
                .getDouble("usage.processingMinutesThisMonth");
        assertThat(used).isGreaterThanOrEqualTo(1.0).isLessThan(1.05);
        TestStack.assertProblem(
                upload(tenant, TestStack.h264Clip("quota-minutes-more.mp4", 160, 120, 5, 1)),
                403,
                "/problems/processing-quota-exceeded");
        TestStack.assertProblem(tenant.as().post(long58 + "/reprocess"), 403, "/problems/processing-quota-exceeded");
        assertThat(tenant.as().get(long58).jsonPath().getString("status")).isEqualTo("READY");
        assertThat(assetRows(tenant)).isEqualTo(2);
    }

    @Test
    void theEncodingProfileStopsTheLadderAndItsCompressedCopyAtItsHeight() throws Exception {
        var tenant = tenant("capped", Map.of("encoding", Map.of("maxRenditionHeight", 480)));
        var location = accepted(tenant, TestStack.h264Clip("profile-720p.mp4", 1280, 720, 10, 1));
        var asset = awaitReady(tenant, location);
        assertThat(asset.getList("outputs.renditions.name")).containsExactly("480p");
        assertThat(asset.getList("outputs.renditions.height", Integer.class)).containsExactly(480);

        // the same source in the platform's tenant (no profile) gets its full ladder
        var uncapped = awaitReady(
                new Tenant("default", TestStack.asAdminToken()),
                TestStack.upload(TestStack.h264Clip("profile-720p-default.mp4", 1280, 720, 10, 1)));
        assertThat(uncapped.getList("outputs.renditions.name")).containsExactly("480p", "720p");
    }

    @Test
    void aTenantsEmbedOriginsAreTheSitesThatMayFrameItsPlayer() throws Exception {
        var tenant = tenant("embeds", Map.of());
        var asset = awaitReady(tenant, accepted(tenant, TestStack.h264Clip("embed-origins.mp4", 320, 240, 10, 1)));
        var playbackId = json(tenant.as())
                .body(Map.of("policy", "public"))
                .post(API + "/assets/" + asset.getString("id") + "/playback-ids")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        var embed = TestStack.ROOT + "/embed/" + playbackId;
        assertThat(frameAncestors(embed)).isEqualTo("*"); // the platform's default

        // the tenant's own administrator names its sites; they are kept in lower case, once each
        var set = json(tenant.as())
                .body(Map.of(
                        "embedOrigins",
                        List.of("https://Studio.example", "https://*.partner.example:8443", "https://studio.example")))
                .put(API + "/tenants/" + tenant.id() + "/playback")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(set.getList("playback.embedOrigins"))
                .containsExactly("https://studio.example", "https://*.partner.example:8443");
        assertThat(frameAncestors(embed)).isEqualTo("https://studio.example https://*.partner.example:8443");
        // the watch page is never framed by others, whatever the tenant allows
        assertThat(frameAncestors(TestStack.ROOT + "/watch/" + playbackId)).isEqualTo("'self'");
        // another tenant's embed pages keep the default
        var other = TestStack.asAdmin().get(API + "/tenants/default").jsonPath();
        assertThat(other.getList("playback.embedOrigins")).isEmpty();

        // nothing but an origin reaches the header: a CSP injection, a path, a bare word
        for (var bad : List.of("https://a.example; script-src *", "https://a.example/page", "'self'", "*", "")) {
            TestStack.assertProblem(
                    json(tenant.as())
                            .body(Map.of("embedOrigins", List.of(bad)))
                            .put(API + "/tenants/" + tenant.id() + "/playback"),
                    400,
                    "/problems/invalid-field");
        }
        assertThat(frameAncestors(embed)).isEqualTo("https://studio.example https://*.partner.example:8443");
        // another tenant's administrator cannot see or set them
        var stranger = tenant("embeds-other", Map.of());
        TestStack.assertProblem(
                json(stranger.as())
                        .body(Map.of("embedOrigins", List.of("https://evil.example")))
                        .put(API + "/tenants/" + tenant.id() + "/playback"),
                404,
                "/problems/not-found");

        // an empty list restores the default
        json(tenant.as())
                .body(Map.of("embedOrigins", List.of()))
                .put(API + "/tenants/" + tenant.id() + "/playback")
                .then()
                .statusCode(200);
        assertThat(frameAncestors(embed)).isEqualTo("*");
    }

    /** The frame-ancestors source list of a page's Content-Security-Policy. */
    private static String frameAncestors(String page) {
        var policy =
                RestAssured.given().get(page).then().statusCode(200).extract().header("Content-Security-Policy");
        return java.util.Arrays.stream(policy.split(";"))
                .map(String::strip)
                .filter(d -> d.startsWith("frame-ancestors "))
                .findFirst()
                .orElseThrow()
                .substring("frame-ancestors ".length());
    }

    private static JsonPath awaitReady(Tenant tenant, String location) throws InterruptedException {
        var asset = TestStack.awaitAsset(
                tenant.token(),
                location,
                READY_WITHIN,
                a -> List.of("READY", "FAILED").contains(a.getString("status")));
        assertThat(asset.getString("status")).as(asset.prettify()).isEqualTo("READY");
        return asset;
    }

    private static void limitStorage(Tenant tenant, long bytes) {
        json(TestStack.asAdmin())
                .body(Map.of("maxStorageBytes", bytes))
                .put(API + "/tenants/" + tenant.id() + "/quotas")
                .then()
                .statusCode(200);
    }

    /** Uploads a clip that must be accepted (202); returns its Location. */
    private static String accepted(Tenant tenant, Path clip) {
        return upload(tenant, clip).then().statusCode(202).extract().header("Location");
    }

    private static Response upload(Tenant tenant, Path clip) {
        return tenant.as().multiPart("file", clip.toFile(), "video/mp4").post(API + "/assets");
    }

    private static long assetRows(Tenant tenant) throws Exception {
        return TestStack.count("select count(*) from clips.asset where tenant_id = '" + tenant.id() + "'");
    }

    /** Two administrators creating the same tenant at once: one gets it, the other a 409, never a 500. */
    @Test
    void concurrentCreatesOfOneIdMakeOneTenantAndAnswerTheRestWithAConflict() throws Exception {
        var id = "race-" + Long.toString(System.nanoTime(), 36);
        int racers = 4;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(racers);
        try {
            var answers = new ArrayList<Future<Response>>();
            for (int i = 0; i < racers; i++) {
                var request = json(TestStack.asAdmin()).body(Map.of("id", id, "name", "race " + i));
                answers.add(pool.submit(() -> {
                    start.await();
                    return request.post(API + "/tenants");
                }));
            }
            start.countDown();
            int created = 0;
            for (var answer : answers) {
                var response = answer.get(2, TimeUnit.MINUTES);
                if (response.statusCode() == 201) {
                    created++;
                } else {
                    TestStack.assertProblem(response, 409, "/problems/tenant-exists");
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestStack.count("select count(*) from clips.tenant where id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(TestStack.count("select count(*) from clips.api_client where tenant_id = '" + id + "'"))
                .isEqualTo(1);
    }

    private static RequestSpecification json(RequestSpecification request) {
        return request.contentType(ContentType.JSON);
    }
}
