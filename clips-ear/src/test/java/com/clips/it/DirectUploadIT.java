package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Direct upload sessions against the real S3 server: the client PUTs to presigned URLs, the
 * server verifies the object before the asset exists. Every refusal is problem+json and leaves no
 * asset row and no object.
 */
@ExtendWith(ArquillianExtension.class)
class DirectUploadIT {

    private static final String UPLOADS = TestStack.API + "/uploads";
    private long rowsBefore;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeEach
    void snapshot() throws Exception {
        rowsBefore = TestStack.count("select count(*) from clips.asset");
    }

    @Test
    void presignedPutThenCompleteMakesAnAssetAndCompletingAgainAnswersTheSame() throws Exception {
        var clip = TestStack.h264Clip("direct-put.mp4", 320, 240, 10, 2);
        var bytes = Files.readAllBytes(clip);
        var session = open(Map.of(
                "fileName",
                "../../etc/passwd.mp4",
                "sizeBytes",
                bytes.length,
                "contentType",
                "video/mp4",
                "sha256",
                TestStack.sha256(clip),
                "title",
                "Direct",
                "visibility",
                "private",
                "tags",
                List.of("Clutch", "ace")));
        assertThat(session.getString("method")).isEqualTo("PUT");
        // the path is dropped; a control character is refused outright (below), not silently cut
        assertThat(session.getString("fileName")).isEqualTo("passwd.mp4");
        TestStack.assertProblem(
                post(Map.of("fileName", "bell\u0007.mp4", "sizeBytes", bytes.length)), 400, "/problems/invalid-field");
        assertThat(Instant.parse(session.getString("expiresAt")))
                .isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        var id = session.getString("id");
        assertThat(progress(id).getLong("receivedBytes")).isZero();

        assertThat(TestStack.put(session.getString("url"), bytes)).isEqualTo(200);
        var uploaded = progress(id);
        assertThat(uploaded.getLong("receivedBytes")).isEqualTo(bytes.length);
        assertThat(uploaded.getDouble("percent")).isEqualTo(100.0);
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore);

        var first = complete(id);
        first.then().statusCode(202);
        var second = complete(id);
        second.then().statusCode(202);
        assertThat(second.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(first.jsonPath().getString("sha256")).isEqualTo(TestStack.sha256(clip));
        assertThat(first.jsonPath().getString("title")).isEqualTo("Direct");
        assertThat(first.jsonPath().getString("visibility")).isEqualTo("private");
        assertThat(first.jsonPath().getList("tags", String.class)).containsExactly("ace", "clutch");
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore + 1);
        var done = progress(id);
        assertThat(done.getString("state")).isEqualTo("COMPLETED");
        assertThat(done.getString("assetId")).isEqualTo(first.jsonPath().getString("id"));

        var asset = TestStack.awaitAsset(
                first.header("Location"),
                Duration.ofMinutes(2),
                a -> a.getString("status").equals("READY")
                        || a.getString("status").equals("FAILED"));
        assertThat(asset.getString("status")).isEqualTo("READY");
        assertThat(asset.getInt("media.width")).isEqualTo(320);
    }

    @Test
    void multipartPartsCountAsTheyArriveAndAreAssembledOnComplete() throws Exception {
        var clip = TestStack.noiseClip("direct-parts.mp4", 10);
        var bytes = Files.readAllBytes(clip);
        var session = open(Map.of("fileName", "parts.mp4", "sizeBytes", bytes.length, "multipart", true));
        var id = session.getString("id");
        List<Map<String, Object>> parts = session.getList("parts");
        long partSize = session.getLong("partSizeBytes");
        assertThat(parts)
                .hasSize((int) ((bytes.length + partSize - 1) / partSize))
                .hasSizeGreaterThan(1);
        assertThat(TestStack.openUploads("tmp/" + id + "/")).hasSize(1);

        assertThat(TestStack.put(url(parts.get(0)), Arrays.copyOfRange(bytes, 0, (int) partSize)))
                .isEqualTo(200);
        var halfway = progress(id);
        assertThat(halfway.getLong("receivedBytes")).isEqualTo(partSize);
        assertThat(halfway.getDouble("percent")).isBetween(1.0, 99.9);
        assertThat(halfway.getDouble("bytesPerSecond")).isPositive();
        assertThat(halfway.getLong("etaSeconds")).isNotNegative();
        TestStack.assertProblem(complete(id), 409, "/problems/upload-incomplete");
        assertThat(progress(id).getString("state")).isEqualTo("OPEN");

        for (int i = 1; i < parts.size(); i++) {
            var from = (int) (i * partSize);
            var to = (int) Math.min(bytes.length, from + partSize);
            assertThat(TestStack.put(url(parts.get(i)), Arrays.copyOfRange(bytes, from, to)))
                    .isEqualTo(200);
        }
        var done = complete(id);
        done.then().statusCode(202);
        assertThat(done.jsonPath().getLong("sizeBytes")).isEqualTo(bytes.length);
        assertThat(done.jsonPath().getString("sha256")).isEqualTo(TestStack.sha256(clip));
        assertThat(TestStack.openUploads("tmp/" + id + "/")).isEmpty();
    }

    @Test
    void aSessionNothingWasUploadedToCannotCompleteAndStaysOpen() throws Exception {
        var id = open(Map.of("fileName", "nothing.mp4", "sizeBytes", 1000)).getString("id");

        TestStack.assertProblem(complete(id), 409, "/problems/upload-incomplete");
        TestStack.assertProblem(complete(id), 409, "/problems/upload-incomplete");

        assertThat(progress(id).getString("state")).isEqualTo("OPEN");
        assertNothingKept(id);
    }

    @Test
    void anExpiredSessionAnswers410AndItsBytesAndOpenUploadAreRemoved() throws Exception {
        var clip = TestStack.noiseClip("direct-expired.mp4", 10);
        var bytes = Files.readAllBytes(clip);
        var session = open(Map.of("fileName", "late.mp4", "sizeBytes", bytes.length, "multipart", true));
        var id = session.getString("id");
        List<Map<String, Object>> parts = session.getList("parts");
        TestStack.put(url(parts.get(0)), Arrays.copyOfRange(bytes, 0, (int) session.getLong("partSizeBytes")));
        TestStack.execute(
                "update clips.upload_session set expires_at = now() - interval '1 second' where id = '" + id + "'");

        TestStack.assertProblem(complete(id), 410, "/problems/upload-expired");
        TestStack.assertProblem(complete(id), 410, "/problems/upload-expired");

        assertThat(progress(id).getString("state")).isEqualTo("EXPIRED");
        assertThat(TestStack.openUploads("tmp/" + id + "/")).isEmpty();
        assertNothingKept(id);
    }

    @Test
    void theSweepExpiresSessionsNobodyCompletes() throws Exception {
        var session = open(Map.of("fileName", "forgotten.mp4", "sizeBytes", 6_000_000, "multipart", true));
        var id = session.getString("id");
        TestStack.execute(
                "update clips.upload_session set expires_at = now() - interval '1 second' where id = '" + id + "'");

        TestStack.asAdmin()
                .queryParam("olderThan", "PT6H")
                .post(TestStack.API + "/admin/storage/orphans/sweep")
                .then()
                .statusCode(200);

        assertThat(progress(id).getString("state")).isEqualTo("EXPIRED");
        assertThat(TestStack.openUploads("tmp/" + id + "/")).isEmpty();
    }

    @Test
    void aPresignedUploadLargerThanDeclaredIsRefused() throws Exception {
        var clip = TestStack.h264Clip("direct-larger.mp4", 160, 120, 10, 1);
        var bytes = Files.readAllBytes(clip);
        var session = open(Map.of("fileName", "larger.mp4", "sizeBytes", bytes.length));
        var id = session.getString("id");
        var larger = Arrays.copyOf(bytes, bytes.length + 1000);

        // the length is part of the signature: storage itself refuses the bigger body (S3Proxy answers
        // 403, or, having answered before reading it all, drops the connection)
        try {
            assertThat(TestStack.put(session.getString("url"), larger)).isEqualTo(403);
        } catch (java.io.IOException dropped) {
            assertThat(dropped).hasMessageContaining("received no bytes");
        }
        assertThat(TestStack.keys("tmp/" + id + "/")).isEmpty();
        TestStack.assertProblem(complete(id), 409, "/problems/upload-incomplete");

        // storage that does not enforce it (some S3 implementations): the server's own check refuses it
        try (var s3 = TestStack.s3()) {
            s3.putObject(
                    b -> b.bucket(TestStack.env("CLIPS_S3_BUCKET")).key("tmp/" + id + "/source"),
                    RequestBody.fromBytes(larger));
        }
        var refused = complete(id);
        TestStack.assertProblem(refused, 422, "/problems/size-mismatch");
        TestStack.assertProblem(complete(id), 422, "/problems/size-mismatch");
        assertThat(complete(id).jsonPath().getString("detail"))
                .isEqualTo(refused.jsonPath().getString("detail"));
        var failed = progress(id);
        assertThat(failed.getString("state")).isEqualTo("FAILED");
        assertThat(failed.getString("error.type")).isEqualTo("/problems/size-mismatch");
        assertNothingKept(id);
    }

    @Test
    void aChecksumThatDoesNotMatchIsRefused() throws Exception {
        var clip = TestStack.h264Clip("direct-checksum.mp4", 160, 120, 10, 1);
        var bytes = Files.readAllBytes(clip);
        var session = open(Map.of("fileName", "sum.mp4", "sizeBytes", bytes.length, "sha256", "ab".repeat(32)));
        TestStack.put(session.getString("url"), bytes);

        TestStack.assertProblem(complete(session.getString("id")), 422, "/problems/checksum-mismatch");
        assertNothingKept(session.getString("id"));
    }

    @Test
    void aTextFileNamedMp4IsRefusedOnComplete() throws Exception {
        var text = "not a video at all\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        var session = open(Map.of("fileName", "notes.mp4", "sizeBytes", text.length, "contentType", "video/mp4"));
        TestStack.put(session.getString("url"), text);

        TestStack.assertProblem(complete(session.getString("id")), 415, "/problems/unsupported-media-type");
        assertNothingKept(session.getString("id"));
    }

    @Test
    void badDeclarationsAreRefusedBeforeAnythingIsStored() throws Exception {
        long limit = Long.parseLong(TestStack.env("CLIPS_UPLOAD_MAX_BYTES"));
        var sessionsBefore = TestStack.count("select count(*) from clips.upload_session");

        TestStack.assertProblem(
                post(Map.of("fileName", "big.mp4", "sizeBytes", limit + 1)), 413, "/problems/upload-too-large");
        TestStack.assertProblem(post(Map.of("fileName", "zero.mp4", "sizeBytes", 0)), 400, "/problems/empty-file");
        TestStack.assertProblem(post(Map.of("fileName", "x.mp4")), 400, "/problems/invalid-field");
        TestStack.assertProblem(post(Map.of("sizeBytes", 10)), 400, "/problems/invalid-field");
        TestStack.assertProblem(
                post(Map.of("fileName", "x.mp4", "sizeBytes", 10, "sha256", "xyz")), 400, "/problems/invalid-field");
        TestStack.assertProblem(
                post(Map.of("fileName", "x.mp4", "sizeBytes", 10, "visibility", "friends")),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                post(Map.of("fileName", "x.mp4", "sizeBytes", 10, "tags", List.of("<script>"))),
                400,
                "/problems/invalid-field");

        assertThat(TestStack.count("select count(*) from clips.upload_session")).isEqualTo(sessionsBefore);
    }

    @Test
    void abortRemovesTheBytesAndTheSessionIsGone() throws Exception {
        var session = open(Map.of("fileName", "abort.mp4", "sizeBytes", 6_000_000, "multipart", true));
        var id = session.getString("id");
        List<Map<String, Object>> parts = session.getList("parts");
        assertThat(TestStack.put(url(parts.get(0)), new byte[6_000_000])).isEqualTo(200);

        TestStack.asAdmin().delete(UPLOADS + "/" + id).then().statusCode(204);

        assertThat(TestStack.openUploads("tmp/" + id + "/")).isEmpty();
        assertThat(progress(id).getString("state")).isEqualTo("ABORTED");
        TestStack.assertProblem(complete(id), 404, "/problems/not-found");
        TestStack.assertProblem(TestStack.asAdmin().delete(UPLOADS + "/" + id), 404, "/problems/not-found");
        assertNothingKept(id);
    }

    @Test
    void someoneElsesSessionIsNotFound() throws Exception {
        var id = open(Map.of("fileName", "mine.mp4", "sizeBytes", 1000)).getString("id");

        for (var token : List.of(TestStack.userToken("direct-other-user"), TestStack.otherTenantAdminToken())) {
            var other = io.restassured.RestAssured.given().auth().oauth2(token);
            TestStack.assertProblem(other.get(UPLOADS + "/" + id), 404, "/problems/not-found");
            TestStack.assertProblem(other.post(UPLOADS + "/" + id + "/complete"), 404, "/problems/not-found");
            TestStack.assertProblem(other.delete(UPLOADS + "/" + id), 404, "/problems/not-found");
        }
        TestStack.assertProblem(
                io.restassured.RestAssured.given().get(UPLOADS + "/" + id), 401, "/problems/unauthenticated");
        assertThat(progress(id).getString("state")).isEqualTo("OPEN");
    }

    @Test
    void aSignedStorageNotificationCompletesTheUpload() throws Exception {
        var clip = TestStack.h264Clip("direct-notified.mp4", 160, 120, 10, 1);
        var bytes = Files.readAllBytes(clip);
        var session = open(Map.of("fileName", "notified.mp4", "sizeBytes", bytes.length));
        var id = session.getString("id");
        TestStack.put(session.getString("url"), bytes);
        var body = "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"object\":{\"key\":\"tmp%2F" + id
                + "%2Fsource\",\"size\":" + bytes.length + "}}}]}";
        long now = Instant.now().getEpochSecond();

        TestStack.assertProblem(
                notify(body, "t=" + now + ",v1=" + hmac("wrong-secret", now, body)),
                401,
                "/problems/invalid-signature");
        TestStack.assertProblem(
                notify(body, "t=" + (now - 600) + ",v1=" + hmac(secret(), now - 600, body)),
                401,
                "/problems/invalid-signature");
        TestStack.assertProblem(notify(body, null), 401, "/problems/invalid-signature");
        assertThat(progress(id).getString("state")).isEqualTo("OPEN");

        var results = notify(body, "t=" + now + ",v1=" + hmac(secret(), now, body))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(results.getString("[0].uploadId")).isEqualTo(id);
        assertThat(results.getString("[0].state")).isEqualTo("COMPLETED");
        var done = progress(id);
        assertThat(done.getString("state")).isEqualTo("COMPLETED");
        assertThat(done.getString("assetId")).isEqualTo(results.getString("[0].assetId"));
        complete(id).then().statusCode(202).body("id", org.hamcrest.Matchers.equalTo(done.getString("assetId")));
    }

    private static Response notify(String body, String signature) {
        var request =
                io.restassured.RestAssured.given().contentType(ContentType.JSON).body(body);
        if (signature != null) {
            request = request.header("Clips-Signature", signature);
        }
        return request.post(UPLOADS + "/notifications");
    }

    private static String secret() {
        return TestStack.env("CLIPS_UPLOAD_NOTIFICATION_SECRET");
    }

    private static String hmac(String secret, long t, String body) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private void assertNothingKept(String id) throws Exception {
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore);
        assertThat(TestStack.keys("tmp/" + id + "/")).isEmpty();
    }

    private static Response post(Map<String, Object> declaration) {
        return TestStack.asAdmin()
                .contentType(ContentType.JSON)
                .body(new HashMap<>(declaration))
                .post(UPLOADS);
    }

    private static JsonPath open(Map<String, Object> declaration) {
        var response = post(declaration);
        response.then().statusCode(201);
        assertThat(response.header("Location"))
                .endsWith("/uploads/" + response.jsonPath().getString("id"));
        return response.jsonPath();
    }

    private static JsonPath progress(String id) {
        return TestStack.asAdmin()
                .get(UPLOADS + "/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static Response complete(String id) {
        return TestStack.asAdmin().post(UPLOADS + "/" + id + "/complete");
    }

    private static String url(Map<String, Object> part) {
        return (String) part.get("url");
    }
}
