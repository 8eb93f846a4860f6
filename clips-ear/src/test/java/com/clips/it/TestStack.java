package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real parts the ITs talk to: the managed WildFly (ports +100, see arquillian.xml), and the
 * PostgreSQL and S3 server that `./clips test` started and described in CLIPS_* variables.
 */
final class TestStack {

    static final String API = "http://127.0.0.1:8180/api/v1";
    static final String ROOT = "http://127.0.0.1:8180";
    static final String MANAGEMENT = "http://127.0.0.1:10090";

    private TestStack() {}

    /** The EAR exactly as the build produced it. */
    static EnterpriseArchive ear() {
        return ShrinkWrap.create(ZipImporter.class, "clips.ear")
                .importFrom(new File(System.getProperty("clips.ear", "target/clips.ear")))
                .as(EnterpriseArchive.class);
    }

    static String env(String name) {
        var value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: run the suite with ./clips test");
        }
        return value;
    }

    static String property(String name) {
        var value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(
                    name + " is not set: the failsafe configuration in clips-ear/pom.xml sets it");
        }
        return value;
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(env("CLIPS_DB_URL"), env("CLIPS_DB_USER"), env("CLIPS_DB_PASSWORD"));
    }

    static long count(String sql) throws SQLException {
        try (var db = database();
                var rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int execute(String sql) throws SQLException {
        try (var db = database();
                var statement = db.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    static S3Client s3() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(env("CLIPS_S3_ENDPOINT")))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(env("CLIPS_S3_ACCESS_KEY"), env("CLIPS_S3_SECRET_KEY"))))
                .build();
    }

    static List<String> keys(String prefix) {
        try (var s3 = s3()) {
            return s3
                    .listObjectsV2Paginator(
                            b -> b.bucket(env("CLIPS_S3_BUCKET")).prefix(prefix))
                    .contents()
                    .stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    private static String adminToken;

    /** The bootstrap administrator's client id and secret, as the application wrote them on first start. */
    static Properties bootstrapCredentials() throws IOException {
        var properties = new Properties();
        try (var in = Files.newBufferedReader(Path.of(env("CLIPS_BOOTSTRAP_CREDENTIALS_FILE")))) {
            properties.load(in);
        }
        return properties;
    }

    static String token(String clientId, String secret) {
        return token(API, clientId, secret);
    }

    static String token(String api, String clientId, String secret) {
        return RestAssured.given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post(api + "/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** A request as the bootstrap administrator of the default tenant. */
    static RequestSpecification asAdmin() {
        return RestAssured.given().auth().oauth2(asAdminToken());
    }

    static String asAdminToken() {
        return asAdminToken(API);
    }

    /** The administrator's token, issued by the node behind {@code api} if none was issued yet (all nodes accept it). */
    static String asAdminToken(String api) {
        if (adminToken == null) {
            try {
                var credentials = bootstrapCredentials();
                adminToken = token(
                        api,
                        credentials.getProperty("CLIPS_CLIENT_ID"),
                        credentials.getProperty("CLIPS_CLIENT_SECRET"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return adminToken;
    }

    /** The response is an RFC 9457 problem of this status and type, with nothing internal in it. */
    static void assertProblem(Response response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo(type);
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("at com.");
    }

    /** Makes a clip with FFmpeg's own test sources: {@code ffmpeg -f lavfi ...}. */
    static Path clip(String name, String... encodeArgs) throws IOException, InterruptedException {
        var dir = Files.createDirectories(Path.of("target", "clips"));
        var out = dir.resolve(name);
        var command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(encodeArgs));
        command.add(out.toString());
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + output);
        }
        return out;
    }

    /**
     * Some seconds of 1080p H.264 + AAC, long enough for a test to catch its ladder encoding and
     * small on disk; its name is in its metadata, so two tests' clips are never one de-duplicated upload.
     */
    static Path encodingClip(String name, int seconds) throws IOException, InterruptedException {
        return clip(
                name,
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=30",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000",
                "-t",
                String.valueOf(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "40",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest",
                "-metadata",
                "comment=" + name);
    }

    /**
     * H.264 High + AAC at 30 fps as a camera or an editor would export it, with a key frame every
     * {@code keyframeSeconds}: with 2 s, what the standard-input fast path publishes as it is.
     */
    static Path highProfileClip(String name, int width, int height, int seconds, int keyframeSeconds)
            throws IOException, InterruptedException {
        return highProfileClip(name, width, height, seconds, keyframeSeconds, "scenecut=40");
    }

    /**
     * The same with open GOPs: every key frame after the first is a recovery-point I frame with
     * three B frames before it that are decoded after it.
     */
    static Path openGopClip(String name, int width, int height, int seconds, int keyframeSeconds)
            throws IOException, InterruptedException {
        return highProfileClip(
                name, width, height, seconds, keyframeSeconds, "open-gop=1:scenecut=0:bframes=3:b-adapt=0");
    }

    private static Path highProfileClip(
            String name, int width, int height, int seconds, int keyframeSeconds, String x264Params)
            throws IOException, InterruptedException {
        return clip(
                name,
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=30",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=" + (300 + Math.floorMod(name.hashCode(), 500)) + ":sample_rate=48000",
                "-t",
                String.valueOf(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-g",
                String.valueOf(30 * keyframeSeconds),
                "-x264-params",
                x264Params,
                "-crf",
                "30",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest",
                "-movflags",
                "+faststart",
                "-metadata",
                "comment=" + name);
    }

    /** A few seconds of H.264 + AAC at the given size and rate. */
    static Path h264Clip(String name, int width, int height, int fps, int seconds)
            throws IOException, InterruptedException {
        return clip(
                name,
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=" + fps,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=" + (200 + name.hashCode() % 500 + 500) + ":sample_rate=48000",
                "-t",
                String.valueOf(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "28",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest",
                "-movflags",
                "+faststart");
    }

    /**
     * A real video of random noise (incompressible: about 1.2 MB per second), for uploads that
     * must span several 8 MiB parts while staying a clip the pipeline can process. Clips of
     * different names differ (same-content uploads would be answered as duplicates).
     */
    static Path noiseClip(String name, int seconds) throws IOException, InterruptedException {
        int shade = Math.floorMod(name.hashCode(), 200) + 20; // FFmpeg's noise is seeded: make each clip differ
        return clip(
                name,
                "-f",
                "lavfi",
                "-i",
                "nullsrc=s=320x240:r=10,geq=lum='random(1)*255':cb=" + shade + ":cr=128",
                "-t",
                String.valueOf(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-qp",
                "0",
                "-pix_fmt",
                "yuv420p",
                "-movflags",
                "+faststart");
    }

    static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            var buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Multipart uploads storage still holds open under a prefix. */
    static List<String> openUploads(String prefix) {
        try (var s3 = s3()) {
            return s3
                    .listMultipartUploadsPaginator(
                            b -> b.bucket(env("CLIPS_S3_BUCKET")).prefix(prefix))
                    .uploads()
                    .stream()
                    .map(u -> u.key() + " " + u.uploadId())
                    .toList();
        }
    }

    /** PUTs bytes to a presigned URL exactly as a browser would (no extra headers); returns the status. */
    static int put(String url, byte[] body) throws IOException, InterruptedException {
        var http = java.net.http.HttpClient.newHttpClient();
        return http.send(
                        java.net.http.HttpRequest.newBuilder(URI.create(url))
                                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Downloads an object into target/downloads. */
    static Path download(String key) throws IOException {
        var out = Files.createDirectories(Path.of("target", "downloads")).resolve(key.replace('/', '_'));
        Files.deleteIfExists(out);
        try (var s3 = s3()) {
            s3.getObject(b -> b.bucket(env("CLIPS_S3_BUCKET")).key(key), out);
        }
        return out;
    }

    static String text(String key) throws IOException {
        return Files.readString(download(key));
    }

    /** ffprobe's JSON about a file (streams and format; frame counts when asked). */
    static JsonPath ffprobe(Path file, String... extra) throws IOException, InterruptedException {
        var command = new ArrayList<>(
                List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format"));
        command.addAll(List.of(extra));
        command.add(file.toString());
        var process = new ProcessBuilder(command).redirectErrorStream(false).start();
        var output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("ffprobe failed on " + file + ": " + output);
        }
        return new JsonPath(output);
    }

    /** Polls an asset until the condition holds (or fails the test with the asset's last state). */
    static JsonPath awaitAsset(String location, Duration limit, java.util.function.Predicate<JsonPath> done)
            throws InterruptedException {
        return awaitAsset(asAdminToken(), location, limit, done);
    }

    static JsonPath awaitAsset(
            String token, String location, Duration limit, java.util.function.Predicate<JsonPath> done)
            throws InterruptedException {
        var deadline = Instant.now().plus(limit);
        JsonPath asset;
        do {
            asset = RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .get(location)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (done.test(asset)) {
                return asset;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("asset did not reach the expected state in time: " + asset.prettify());
    }

    static String upload(Path clip) {
        return upload(API, clip);
    }

    static String upload(String api, Path clip) {
        return asAdmin()
                .multiPart("file", clip.toFile())
                .when()
                .post(api + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
    }

    /** Polls GET /jobs/{id} of a node until the condition holds (three minutes at most). */
    static JsonPath awaitJob(String api, long id, java.util.function.Predicate<JsonPath> condition)
            throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonPath job = null;
        while (Instant.now().isBefore(deadline)) {
            var response = asAdmin().get(api + "/jobs/" + id);
            if (response.statusCode() == 200) {
                job = response.jsonPath();
                if (condition.test(job)) {
                    return job;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "job " + id + " did not reach the expected state: " + (job == null ? "-" : job.prettify()));
    }

    /** The renditions in {@code done} were made by the first execution, every other one by the second. */
    static void assertEncodedBy(JsonPath job, List<String> done, long first, long second) {
        for (var rendition : job.getList("renditions", Map.class)) {
            long encodedBy = ((Number) rendition.get("encodedByExecution")).longValue();
            assertThat(encodedBy)
                    .as(rendition.toString())
                    .isEqualTo(done.contains(rendition.get("name")) ? first : second);
        }
    }

    /** key -> last-modified + ETag of every object under a prefix: equal maps mean nothing was rewritten. */
    static Map<String, String> objects(String prefix) {
        var found = new HashMap<String, String>();
        try (var s3 = s3()) {
            for (S3Object o : s3.listObjectsV2Paginator(
                            b -> b.bucket(env("CLIPS_S3_BUCKET")).prefix(prefix))
                    .contents()) {
                found.put(o.key(), o.lastModified() + " " + o.eTag());
            }
        }
        return found;
    }

    /** A token of a new API client with only the User role, in the default tenant (made through the admin API). */
    static String userToken(String name) {
        return clientToken(name, "User");
    }

    static String clientToken(String name, String role) {
        var user = asAdmin()
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", name, "roles", List.of(role)))
                .post(API + "/admin/clients")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return token(user.getString("clientId"), user.getString("clientSecret"));
    }

    /** Uploads with extra form fields (name, value, name, value, ...); returns the Location. */
    static String upload(Path clip, String... fields) {
        var request = asAdmin().multiPart("file", clip.toFile(), "video/mp4");
        for (int i = 0; i < fields.length; i += 2) {
            request = request.multiPart(fields[i], fields[i + 1]);
        }
        return request.post(API + "/assets").then().statusCode(202).extract().header("Location");
    }

    static String uploadAs(String token, Path clip) {
        return RestAssured.given()
                .auth()
                .oauth2(token)
                .multiPart("file", clip.toFile(), "video/mp4")
                .post(API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
    }

    static JsonPath awaitReady(String token, String location) throws InterruptedException {
        var asset = awaitAsset(
                token,
                location,
                Duration.ofMinutes(3),
                a -> List.of("READY", "FAILED").contains(a.getString("status")));
        assertThat(asset.getString("status")).as(asset.prettify()).isEqualTo("READY");
        return asset;
    }

    /** A public playback ID for an asset of the token's tenant: its master playlist's URL. */
    static String publicPlaybackUrl(String token, String assetId) {
        return RestAssured.given()
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("policy", "public"))
                .post(API + "/assets/" + assetId + "/playback-ids")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("playbackUrl");
    }

    /** A token of the administrator of a new tenant, made through the tenants API. */
    static String otherTenantAdminToken() {
        var tenant = newTenant("tenant-b", Map.of());
        return token(tenant.getString("administrator.clientId"), tenant.getString("administrator.clientSecret"));
    }

    /**
     * A new tenant (its id: {@code prefix} and a unique suffix), made by the platform administrator
     * with these extra fields (quotas, encoding); the answer carries its administrator's credentials.
     */
    static JsonPath newTenant(String prefix, Map<String, Object> fields) {
        var body = new java.util.HashMap<String, Object>(fields);
        body.put("id", prefix + "-" + Long.toString(System.nanoTime(), 36));
        body.put("name", prefix);
        return asAdmin()
                .contentType(io.restassured.http.ContentType.JSON)
                .body(body)
                .post(API + "/tenants")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }
}
