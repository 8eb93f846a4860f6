package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each dependency really stopped while the server runs: a client gets 503 /problems/unavailable
 * with Retry-After (never a 500, a stack trace or a path), readiness goes DOWN naming it, nothing
 * half-written stays, and once it is back everything answers again without a server restart. The
 * dependency is always restarted (finally), as the rest of the suite shares this server.
 */
@ExtendWith(ArquillianExtension.class)
class OutageIT {

    private static final Duration RECOVERY = Duration.ofSeconds(90);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    /** The throwaway directory `./clips test` keeps the suite's PostgreSQL and S3 server in. */
    private static Path stack() {
        return Path.of(TestStack.env("CLIPS_TEST_STACK_DIR"));
    }

    @Test
    void storageOutage() throws Exception {
        var tenant = TestStack.newTenant("outage-s3", Map.of());
        var token = TestStack.token(
                tenant.getString("administrator.clientId"), tenant.getString("administrator.clientSecret"));
        var tenantId = tenant.getString("tenant.id");
        assertThat(tenantId).startsWith("outage-s3-");
        var clip = TestStack.h264Clip("outage-s3.mp4", 160, 120, 10, 1);
        var staged = TestStack.keys("tmp/");

        var pidFile = stack().resolve("run/s3proxy.pid");
        var s3 = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .orElseThrow(() -> new IllegalStateException("the suite's S3 server is not running"));
        var command = new ArrayList<String>();
        command.add(s3.info().command().orElseThrow());
        command.addAll(List.of(s3.info().arguments().orElseThrow()));
        s3.destroy();
        s3.onExit().get(30, TimeUnit.SECONDS);
        try {
            var upload = RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .multiPart("file", clip.toFile(), "video/mp4")
                    .post(TestStack.API + "/assets");
            assertUnavailable(upload, "object storage");

            assertDown("object-storage");
            // what does not need storage still answers
            RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .get(TestStack.API + "/assets")
                    .then()
                    .statusCode(200);
        } finally {
            var restarted = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            stack().resolve("run/s3proxy.log").toFile()))
                    .start();
            // `./clips test` stops what this file names when the suite ends
            Files.writeString(pidFile, restarted.pid() + "\n");
            await("the S3 server to answer", () -> answers(TestStack.env("CLIPS_S3_ENDPOINT") + "/"));
        }

        await("readiness UP", OutageIT::ready);
        // nothing half-written: no asset row, no staged or stored object, no open multipart upload
        assertThat(TestStack.count("select count(*) from clips.asset where tenant_id = '" + tenantId + "'"))
                .isZero();
        assertThat(TestStack.keys("tmp/")).containsExactlyInAnyOrderElementsOf(staged);
        assertThat(TestStack.keys("originals/" + tenantId + "/")).isEmpty();
        assertThat(TestStack.openUploads("tmp/")).isEmpty();

        // and the same upload now works
        RestAssured.given()
                .auth()
                .oauth2(token)
                .multiPart("file", clip.toFile(), "video/mp4")
                .post(TestStack.API + "/assets")
                .then()
                .statusCode(202);
        assertThat(TestStack.count("select count(*) from clips.asset where tenant_id = '" + tenantId + "'"))
                .isEqualTo(1);
    }

    @Test
    void databaseOutage() throws Exception {
        var token = TestStack.asAdminToken();
        var credentials = TestStack.bootstrapCredentials();
        var clip = TestStack.h264Clip("outage-db.mp4", 160, 120, 10, 1);
        long assets = TestStack.count("select count(*) from clips.asset");
        var staged = TestStack.keys("tmp/");

        pgCtl("stop", "-m", "fast");
        try {
            assertUnavailable(RestAssured.given().auth().oauth2(token).get(TestStack.API + "/assets"), "database");
            // the token route, a client's first call
            assertUnavailable(
                    RestAssured.given()
                            .formParam("grant_type", "client_credentials")
                            .formParam("client_id", credentials.getProperty("CLIPS_CLIENT_ID"))
                            .formParam("client_secret", credentials.getProperty("CLIPS_CLIENT_SECRET"))
                            .post(TestStack.API + "/auth/token"),
                    "database");
            // an upload: its bytes must not stay behind
            assertUnavailable(
                    RestAssured.given()
                            .auth()
                            .oauth2(token)
                            .multiPart("file", clip.toFile(), "video/mp4")
                            .post(TestStack.API + "/assets"),
                    "database");
            assertDown("database");
        } finally {
            var port = URI.create(TestStack.env("CLIPS_DB_URL").substring("jdbc:".length()))
                    .getPort();
            var run = stack().resolve("run");
            pgCtl(
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-l",
                    run.resolve("pg/postgres.log").toString(),
                    "-o",
                    "-p " + port + " -k " + run.resolve("pg")
                            + " -c listen_addresses=127.0.0.1 -c max_connections=100");
        }

        await(
                "the API to answer again",
                () -> RestAssured.given()
                                .auth()
                                .oauth2(token)
                                .get(TestStack.API + "/assets")
                                .statusCode()
                        == 200);
        await("readiness UP", OutageIT::ready);
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(assets);
        await(
                "staged bytes of the refused upload to be gone",
                () -> TestStack.keys("tmp/").stream().allMatch(staged::contains));
        assertThat(TestStack.token(
                        credentials.getProperty("CLIPS_CLIENT_ID"), credentials.getProperty("CLIPS_CLIENT_SECRET")))
                .isNotBlank();
    }

    /** 503 problem+json /problems/unavailable naming the dependency, Retry-After, nothing internal. */
    static void assertUnavailable(Response response, String dependency) {
        TestStack.assertProblem(response, 503, "/problems/unavailable");
        assertThat(response.header("Retry-After")).isEqualTo("15");
        assertThat(response.jsonPath().getString("detail"))
                .isEqualTo("The " + dependency + " is not answering; try again in a few seconds.");
        assertThat(response.asString())
                .doesNotContain(stack().toString())
                .doesNotContain("/tmp/")
                .doesNotContain("127.0.0.1")
                .doesNotContain("org.")
                .doesNotContain("java.");
    }

    private static void assertDown(String check) {
        var health = RestAssured.given().get(TestStack.MANAGEMENT + "/health/ready");
        assertThat(health.statusCode()).isEqualTo(503);
        var json = health.jsonPath();
        assertThat(json.getString("status")).isEqualTo("DOWN");
        assertThat(json.getString("checks.find { it.name == '" + check + "' }.status"))
                .as(health.asString())
                .isEqualTo("DOWN");
    }

    private static boolean ready() {
        var health = RestAssured.given().get(TestStack.MANAGEMENT + "/health/ready");
        return health.statusCode() == 200 && "UP".equals(new JsonPath(health.asString()).getString("status"));
    }

    private static boolean answers(String url) {
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        var deadline = Instant.now().plus(RECOVERY);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** pg_ctl on the suite's own cluster, as its owner (the suite runs as root, like ./clips). */
    private static void pgCtl(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(
                "runuser",
                "-u",
                "postgres",
                "--",
                TestStack.env("CLIPS_TEST_PG_BIN") + "/pg_ctl",
                "-D",
                stack().resolve("postgres").toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("pg_ctl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
