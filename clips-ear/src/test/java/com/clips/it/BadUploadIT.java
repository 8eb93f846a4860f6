package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets problem+json with a stable type, and leaves no row and no stored object. */
@ExtendWith(ArquillianExtension.class)
class BadUploadIT {

    private long rowsBefore;
    private List<String> objectsBefore;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeEach
    void snapshot() throws Exception {
        rowsBefore = TestStack.count("select count(*) from clips.asset");
        objectsBefore = TestStack.keys("");
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        var response = TestStack.asAdmin()
                .multiPart("file", "empty.mp4", new byte[0], "video/mp4")
                .post(TestStack.API + "/assets");

        assertRefused(response, 400, "/problems/empty-file");
    }

    @Test
    void textFileNamedMp4IsRefused() throws Exception {
        var text = Files.writeString(
                Files.createDirectories(Path.of("target", "clips")).resolve("notes.mp4"),
                "these are my notes, not a video\n".repeat(200),
                StandardCharsets.UTF_8);

        var response = TestStack.asAdmin()
                .multiPart("file", text.toFile(), "video/mp4")
                .post(TestStack.API + "/assets");

        assertRefused(response, 415, "/problems/unsupported-media-type");
    }

    @Test
    void formWithoutAFilePartIsRefused() throws Exception {
        var response = TestStack.asAdmin().multiPart("title", "no file here").post(TestStack.API + "/assets");

        assertRefused(response, 400, "/problems/missing-file");
    }

    @Test
    void unknownFormFieldIsRefusedAndTheStagedBytesAreDropped() throws Exception {
        var clip = TestStack.h264Clip("unknown-field.mp4", 160, 120, 10, 1);

        var response = TestStack.asAdmin()
                .multiPart("file", clip.toFile())
                .multiPart("colour", "blue")
                .post(TestStack.API + "/assets");

        assertRefused(response, 400, "/problems/invalid-field");
    }

    /**
     * A complete request whose form stops inside the file part (no closing boundary): the file never
     * ended, as when a chunked upload breaks off, so it is refused as interrupted, never kept as a shorter clip.
     */
    @Test
    void formCutBeforeItsClosingBoundaryIsRefusedAndNothingIsKept() throws Exception {
        var clip = Files.readAllBytes(TestStack.h264Clip("cut-form.mp4", 160, 120, 10, 1));
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\"\r\n"
                        + "Content-Type: video/mp4\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(clip);

        var response = TestStack.asAdmin()
                .contentType("multipart/form-data; boundary=cut")
                .body(body.toByteArray())
                .post(TestStack.API + "/assets");

        assertRefused(response, 400, "/problems/upload-interrupted");
    }

    @Test
    void bodyThatIsNotMultipartIsRefused() throws Exception {
        var response = TestStack.asAdmin()
                .contentType("application/json")
                .body("{\"file\":\"clip.mp4\"}")
                .post(TestStack.API + "/assets");

        assertRefused(response, 415, "/problems/unsupported-media-type");
    }

    @Test
    void fileOverTheLimitIsRefusedWhileStreamingAndNothingIsKept() throws Exception {
        long limit = Long.parseLong(TestStack.env("CLIPS_UPLOAD_MAX_BYTES"));

        var response = TestStack.asAdmin()
                .multiPart("file", "big.mp4", oversized(limit * 2), "video/mp4")
                .post(TestStack.API + "/assets");

        assertRefused(response, 413, "/problems/upload-too-large");
        try (var s3 = TestStack.s3()) {
            assertThat(s3.listMultipartUploads(b -> b.bucket(TestStack.env("CLIPS_S3_BUCKET")))
                            .uploads())
                    .as("aborted multipart uploads")
                    .isEmpty();
        }
    }

    @Test
    void premiumUploadersHaveTheirOwnHigherLimit() throws Exception {
        long limit = Long.parseLong(TestStack.env("CLIPS_UPLOAD_MAX_BYTES"));
        long premiumLimit = Long.parseLong(TestStack.env("CLIPS_UPLOAD_PREMIUM_MAX_BYTES"));
        assertThat(premiumLimit).isGreaterThan(limit * 2);
        var premium = TestStack.clientToken("bad-upload premium", "Premium");
        var user = TestStack.userToken("bad-upload user");

        // between the two limits: too large for a User, accepted for a Premium uploader
        assertRefused(
                RestAssured.given()
                        .auth()
                        .oauth2(user)
                        .multiPart("file", "between.mp4", oversized(limit * 2), "video/mp4")
                        .post(TestStack.API + "/assets"),
                413,
                "/problems/upload-too-large");
        var accepted = RestAssured.given()
                .auth()
                .oauth2(premium)
                .multiPart("file", "between.mp4", oversized(limit * 2), "video/mp4")
                .post(TestStack.API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        // (not a video past its signature: processing fails it; wait, so storage stops changing)
        TestStack.awaitAsset(accepted, java.time.Duration.ofMinutes(1), a -> "FAILED".equals(a.getString("status")));
        snapshot();
        // and the Premium limit holds too
        assertRefused(
                RestAssured.given()
                        .auth()
                        .oauth2(premium)
                        .multiPart("file", "beyond.mp4", oversized(premiumLimit + 1), "video/mp4")
                        .post(TestStack.API + "/assets"),
                413,
                "/problems/upload-too-large");
    }

    @Test
    void bareBodyUploadTakesItsDetailsFromTheQueryAndItsNameFromContentDisposition() throws Exception {
        var clip = TestStack.h264Clip("bare-body.mp4", 176, 144, 10, 1);

        var location = TestStack.asAdmin()
                .contentType("video/mp4")
                .header("Content-Disposition", "attachment; filename=\"../../etc/bare\u0007clip.mp4\"")
                .queryParam("title", "Straight from the body")
                .queryParam("tags", "bare,body")
                .body(Files.readAllBytes(clip))
                .post(TestStack.API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");

        var asset = TestStack.asAdmin()
                .get(location)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asset.getString("title")).isEqualTo("Straight from the body");
        assertThat(asset.getList("tags")).containsExactlyInAnyOrder("bare", "body");
        assertThat(asset.getLong("sizeBytes")).isEqualTo(Files.size(clip));
        assertThat(asset.getString("fileName")).endsWith("clip.mp4").doesNotContain("/", "..", "\u0007");
        ProcessingIT.awaitReady(location);
    }

    @Test
    void bareBodyThatIsNotAVideoIsRefused() throws Exception {
        var text = "plain text, not a video\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        var response = TestStack.asAdmin().contentType("video/mp4").body(text).post(TestStack.API + "/assets");

        assertRefused(response, 415, "/problems/unsupported-media-type");
    }

    @Test
    void bareBodyOverTheLimitIsRefusedWhileStreaming() throws Exception {
        long limit = Long.parseLong(TestStack.env("CLIPS_UPLOAD_MAX_BYTES"));

        var response = TestStack.asAdmin()
                .contentType("application/octet-stream")
                .body(oversized(limit * 2))
                .post(TestStack.API + "/assets");

        assertRefused(response, 413, "/problems/upload-too-large");
    }

    @Test
    void bareBodyWithAnUnknownParameterIsRefusedBeforeItIsRead() throws Exception {
        var response = TestStack.asAdmin()
                .contentType("video/mp4")
                .queryParam("colour", "blue")
                .body(oversized(1024))
                .post(TestStack.API + "/assets");

        // the one answer to an undeclared query parameter, on every route
        assertRefused(response, 400, "/problems/invalid-filter");
    }

    /** An MP4 signature and then {@code bytes} more, generated as they are sent (never held in memory). */
    private static java.io.InputStream oversized(long bytes) {
        var head = new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), new java.io.InputStream() {
            private long left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        });
    }

    @Test
    void clientThatDisconnectsMidUploadLeavesNothingBehind() throws Exception {
        var boundary = "----clips-cut-upload";
        var token = TestStack.asAdminToken();
        try (var socket = new java.net.Socket("127.0.0.1", 8180)) {
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/assets HTTP/1.1\r\nHost: 127.0.0.1:8180\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                            // declared within the 16 MiB limit: a larger declaration is refused before the body
                            + "\r\nContent-Length: " + (15L << 20) + "\r\n\r\n--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\""
                            + "\r\nContent-Type: video/mp4\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'});
            var chunk = new byte[64 * 1024];
            for (int i = 0; i < 12 * 16; i++) { // 12 MiB: more than one 8 MiB part, so a multipart upload is open
                out.write(chunk);
            }
            out.flush();
            awaitOpenMultipartUploads(1);
        }

        awaitOpenMultipartUploads(0);
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore);
        assertThat(TestStack.keys("")).containsExactlyInAnyOrderElementsOf(objectsBefore);
    }

    private static void awaitOpenMultipartUploads(int expected) throws InterruptedException {
        try (var s3 = TestStack.s3()) {
            for (int i = 0; i < 100; i++) {
                if (s3.listMultipartUploads(b -> b.bucket(TestStack.env("CLIPS_S3_BUCKET")))
                                .uploads()
                                .size()
                        == expected) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("expected " + expected + " open multipart uploads within 20 s");
    }

    @Test
    void unknownAssetIsNotFoundAsProblem() {
        var response = TestStack.asAdmin().get(TestStack.API + "/assets/1b4e28ba-2fa1-11d2-883f-0016d3cca427");

        TestStack.assertProblem(response, 404, "/problems/not-found");
    }

    private void assertRefused(Response response, int status, String type) throws Exception {
        TestStack.assertProblem(response, status, type);
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore);
        assertThat(TestStack.keys("")).containsExactlyInAnyOrderElementsOf(objectsBefore);
    }
}
