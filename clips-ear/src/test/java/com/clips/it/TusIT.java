package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * tus 1.0 resumable uploads: the official tus JavaScript client (tus-js-client, run by Node)
 * survives a dropped connection and an app restart by resuming where the server says it is; the
 * protocol's extensions and refusals are checked on the wire.
 */
@ExtendWith(ArquillianExtension.class)
class TusIT {

    private static final String TUS = TestStack.API + "/tus";
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
    void tusJsClientResumesAfterTheConnectionDrops() throws Exception {
        var clip = TestStack.noiseClip("tus-drop.mp4", 10);

        var result = tusJsClient(clip, "drop");

        assertThat(result.getInt("drops")).isEqualTo(1);
        assertResumedAndComplete(clip, result);
        var asset = TestStack.awaitAsset(
                TestStack.API + "/assets/" + result.getString("asset"),
                Duration.ofMinutes(2),
                a -> a.getString("status").equals("READY")
                        || a.getString("status").equals("FAILED"));
        assertThat(asset.getString("status")).isEqualTo("READY");
        assertThat(asset.getString("visibility")).isEqualTo("private");
        assertThat(asset.getString("title")).isEqualTo("tus drop");
    }

    @Test
    void tusJsClientResumesAnAbortedUploadFromItsUrl() throws Exception {
        var clip = TestStack.noiseClip("tus-resume.mp4", 10);

        var result = tusJsClient(clip, "resume");

        assertThat(result.getString("url")).isEqualTo(result.getString("firstUrl"));
        assertResumedAndComplete(clip, result);
    }

    /** The client asked where to go on and carried on from there, and the stored file is the file. */
    private void assertResumedAndComplete(Path clip, JsonPath result) throws Exception {
        long size = Files.size(clip);
        List<Integer> heads = result.getList("heads", Integer.class);
        assertThat(heads).as("offsets the server reported on HEAD").isNotEmpty();
        assertThat(heads.get(heads.size() - 1)).isBetween(1, (int) size - 1);
        assertThat(result.getString("asset")).isNotNull();
        var asset = TestStack.asAdmin()
                .get(TestStack.API + "/assets/" + result.getString("asset"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asset.getLong("sizeBytes")).isEqualTo(size);
        assertThat(asset.getString("sha256")).isEqualTo(TestStack.sha256(clip));
        var id = result.getString("url").substring(result.getString("url").lastIndexOf('/') + 1);
        var session = TestStack.asAdmin()
                .get(TestStack.API + "/uploads/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(session.getString("protocol")).isEqualTo("TUS");
        assertThat(session.getString("state")).isEqualTo("COMPLETED");
        assertThat(TestStack.keys("tmp/" + id + "/")).as("tails are gone").noneMatch(k -> k.contains("/tail-"));
        assertThat(TestStack.openUploads("tmp/" + id + "/")).isEmpty();
    }

    @Test
    void discoveryNamesTheVersionExtensionsAndLimit() {
        var response = RestAssured.given().options(TUS);

        response.then().statusCode(204);
        assertThat(response.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(response.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(response.header("Tus-Extension").split(","))
                .contains("creation", "creation-with-upload", "termination", "checksum", "expiration");
        assertThat(response.header("Tus-Max-Size")).isEqualTo(TestStack.env("CLIPS_UPLOAD_MAX_BYTES"));
        assertThat(response.header("Tus-Checksum-Algorithm")).contains("sha1");
    }

    @Test
    void creationWithUploadTakesAWholeSmallFileInOneRequest() throws Exception {
        var clip = TestStack.h264Clip("tus-one-request.mp4", 160, 120, 10, 1);
        var bytes = Files.readAllBytes(clip);

        var response = tus().header("Upload-Length", bytes.length)
                .header(
                        "Upload-Metadata",
                        "filename " + b64("one.mp4") + ",title " + b64("One request") + ",tags " + b64("Ace,Funny"))
                .contentType("application/offset+octet-stream")
                .body(bytes)
                .post(TUS);

        response.then().statusCode(201);
        assertThat(response.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(response.header("Upload-Offset")).isEqualTo(String.valueOf(bytes.length));
        assertThat(response.header("Upload-Expires")).endsWith("GMT");
        var asset = TestStack.asAdmin()
                .get(TestStack.API + "/assets/" + response.header("Clips-Asset-Id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asset.getString("title")).isEqualTo("One request");
        assertThat(asset.getString("fileName")).isEqualTo("one.mp4");
        assertThat(asset.getList("tags", String.class)).containsExactly("ace", "funny");
    }

    @Test
    void checksumsAreVerifiedPerRequestAndAMismatchKeepsNothing() throws Exception {
        var clip = TestStack.h264Clip("tus-checksum.mp4", 160, 120, 10, 2);
        var bytes = Files.readAllBytes(clip);
        var location = create(bytes.length);
        var firstHalf = Arrays.copyOf(bytes, bytes.length / 2);

        var wrong = patch(location, 0, firstHalf)
                .header("Upload-Checksum", "sha1 " + b64digest("SHA-1", new byte[] {1}))
                .patch(location);
        TestStack.assertProblem(wrong, 460, "/problems/checksum-mismatch");
        assertThat(offset(location)).isZero();

        var unknown = patch(location, 0, firstHalf)
                .header("Upload-Checksum", "crc99 AAAA")
                .patch(location);
        TestStack.assertProblem(unknown, 400, "/problems/unsupported-checksum");

        patch(location, 0, firstHalf)
                .header("Upload-Checksum", "sha1 " + b64digest("SHA-1", firstHalf))
                .patch(location)
                .then()
                .statusCode(204)
                .header("Upload-Offset", String.valueOf(firstHalf.length));
        var rest = Arrays.copyOfRange(bytes, firstHalf.length, bytes.length);
        var last = patch(location, firstHalf.length, rest)
                .header("Upload-Checksum", "sha256 " + b64digest("SHA-256", rest))
                .patch(location);
        last.then().statusCode(204).header("Upload-Offset", String.valueOf(bytes.length));
        var asset = TestStack.asAdmin()
                .get(TestStack.API + "/assets/" + last.header("Clips-Asset-Id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asset.getString("sha256")).isEqualTo(TestStack.sha256(clip));
    }

    @Test
    void theWrongOffsetAVersionMismatchAndTheWrongContentTypeAreRefused() throws Exception {
        var location = create(100_000);

        TestStack.assertProblem(patch(location, 10, new byte[10]).patch(location), 409, "/problems/offset-mismatch");
        var noVersion = RestAssured.given()
                .auth()
                .oauth2(TestStack.asAdminToken())
                .header("Upload-Offset", 0)
                .contentType("application/offset+octet-stream")
                .body(new byte[10])
                .patch(location);
        TestStack.assertProblem(noVersion, 412, "/problems/tus-version");
        assertThat(noVersion.header("Tus-Version")).isEqualTo("1.0.0");
        var wrongType = tus().header("Upload-Offset", 0)
                .contentType("application/octet-stream")
                .body(new byte[10])
                .patch(location);
        TestStack.assertProblem(wrongType, 415, "/problems/unsupported-media-type");
        TestStack.assertProblem(
                tus().header("Upload-Metadata", "title ***")
                        .header("Upload-Length", 10)
                        .post(TUS),
                400,
                "/problems/invalid-header");
        TestStack.assertProblem(tus().post(TUS), 400, "/problems/invalid-header");
        assertThat(offset(location)).isZero();
    }

    @Test
    void aTextFileIsRefusedOnItsFirstBytesAndTooLargeUploadsAreNeverCreated() throws Exception {
        var text = "definitely not a video\n".repeat(400).getBytes(StandardCharsets.UTF_8);
        var location = create(text.length);

        TestStack.assertProblem(patch(location, 0, text).patch(location), 415, "/problems/unsupported-media-type");
        assertThat(tus().head(location).statusCode()).isEqualTo(415); // HEAD answers carry no body
        var id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(TestStack.keys("tmp/" + id + "/")).isEmpty();

        long limit = Long.parseLong(TestStack.env("CLIPS_UPLOAD_MAX_BYTES"));
        var sessions = TestStack.count("select count(*) from clips.upload_session");
        TestStack.assertProblem(tus().header("Upload-Length", limit + 1).post(TUS), 413, "/problems/upload-too-large");
        TestStack.assertProblem(tus().header("Upload-Length", 0).post(TUS), 400, "/problems/empty-file");
        assertThat(TestStack.count("select count(*) from clips.upload_session")).isEqualTo(sessions);
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore);
    }

    @Test
    void terminationAndExpiryEndTheUploadAndRemoveItsBytes() throws Exception {
        var clip = TestStack.noiseClip("tus-terminate.mp4", 10);
        var bytes = Files.readAllBytes(clip);
        var terminated = create(bytes.length);
        var part = Arrays.copyOf(bytes, 9 * 1024 * 1024);
        patch(terminated, 0, part).patch(terminated).then().statusCode(204);
        var id = terminated.substring(terminated.lastIndexOf('/') + 1);
        assertThat(TestStack.openUploads("tmp/" + id + "/")).hasSize(1);
        assertThat(TestStack.keys("tmp/" + id + "/")).hasSize(1); // the tail past the first 8 MiB part

        tus().delete(terminated).then().statusCode(204);
        assertThat(tus().head(terminated).statusCode()).isEqualTo(404); // HEAD answers carry no body
        TestStack.assertProblem(
                patch(terminated, part.length, new byte[10]).patch(terminated), 404, "/problems/not-found");
        assertThat(TestStack.openUploads("tmp/" + id + "/")).isEmpty();
        assertThat(TestStack.keys("tmp/" + id + "/")).isEmpty();

        var expiring = create(bytes.length);
        patch(expiring, 0, Arrays.copyOf(bytes, 1000)).patch(expiring).then().statusCode(204);
        var expiringId = expiring.substring(expiring.lastIndexOf('/') + 1);
        TestStack.execute("update clips.upload_session set expires_at = now() - interval '1 second' where id = '"
                + expiringId + "'");
        assertThat(tus().head(expiring).statusCode()).isEqualTo(410); // HEAD answers carry no body
        TestStack.assertProblem(patch(expiring, 1000, new byte[10]).patch(expiring), 410, "/problems/upload-expired");
        assertThat(TestStack.keys("tmp/" + expiringId + "/")).isEmpty();
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore);
    }

    @Test
    void someoneElsesUploadIsNotFound() throws Exception {
        var location = create(1000);

        var other = RestAssured.given()
                .auth()
                .oauth2(TestStack.otherTenantAdminToken())
                .header("Tus-Resumable", "1.0.0");
        assertThat(other.head(location).statusCode()).isEqualTo(404); // HEAD answers carry no body
        var user = RestAssured.given()
                .auth()
                .oauth2(TestStack.userToken("tus-other-user"))
                .header("Tus-Resumable", "1.0.0");
        TestStack.assertProblem(
                user.header("Upload-Offset", 0)
                        .contentType("application/offset+octet-stream")
                        .body(new byte[10])
                        .patch(location),
                404,
                "/problems/not-found");
        TestStack.assertProblem(user.delete(location), 404, "/problems/not-found");
        assertThat(offset(location)).isZero();
    }

    private static JsonPath tusJsClient(Path clip, String mode) throws Exception {
        var dir = Path.of(TestStack.env("CLIPS_TUS_CLIENT_DIR"));
        var process = new ProcessBuilder(
                        "node",
                        dir.resolve("tus-upload.mjs").toString(),
                        TUS,
                        TestStack.asAdminToken(),
                        clip.toAbsolutePath().toString(),
                        mode)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new JsonPath(output.substring(output.lastIndexOf('\n') + 1));
    }

    private static RequestSpecification tus() {
        return TestStack.asAdmin().header("Tus-Resumable", "1.0.0");
    }

    private static String create(long length) {
        return tus().header("Upload-Length", length)
                .header("Upload-Metadata", "filename " + b64("t.mp4"))
                .post(TUS)
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
    }

    private static RequestSpecification patch(String location, long offset, byte[] body) {
        return tus().header("Upload-Offset", offset)
                .contentType("application/offset+octet-stream")
                .body(body);
    }

    private static long offset(String location) {
        return Long.parseLong(
                tus().head(location).then().statusCode(200).extract().header("Upload-Offset"));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64digest(String algorithm, byte[] bytes) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
