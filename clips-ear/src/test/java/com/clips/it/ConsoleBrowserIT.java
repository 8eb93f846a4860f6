package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator story in a real browser (Debian's chromium, driven by puppeteer-core): sign in to
 * the console with the administrator's client credentials, find the stopped run among those that
 * need an operator, read why, restart it, and watch the new run complete; an asset titled with
 * markup shows the markup as text. Screenshots in target/console/.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleBrowserIT {

    private static final String XSS = "<img src=x onerror=alert(1)>";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void anOperatorFindsAStoppedRunRestartsItAndSeesItComplete() throws Exception {
        var marked = TestStack.clip(
                "markup.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=176x144:rate=25",
                "-t",
                "2",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p");
        var markedId = TestStack.asAdmin()
                .multiPart("file", marked.toFile(), "video/mp4")
                .multiPart("title", XSS)
                .post(TestStack.API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        long job = stoppedRun();

        var credentials = TestStack.bootstrapCredentials();
        var shots = Files.createDirectories(Path.of("target", "console")).toAbsolutePath();
        var seen = chromium(
                TestStack.ROOT + "/operator/",
                credentials.getProperty("CLIPS_CLIENT_ID"),
                credentials.getProperty("CLIPS_CLIENT_SECRET"),
                String.valueOf(job),
                markedId,
                shots.toString());

        assertThat(seen.getString("error")).isNull();
        assertThat(seen.getString("csp"))
                .isEqualTo("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                        + " img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        assertThat(seen.getList("attention", String.class)).contains(String.valueOf(job));
        assertThat(seen.getString("statusBefore")).isIn("STOPPED", "FAILED");
        assertThat(seen.getString("errorShown")).isNotBlank();
        assertThat(seen.getLong("newJob")).isGreaterThan(job);
        assertThat(seen.getString("statusAfter")).isEqualTo("COMPLETED");
        assertThat(seen.getString("assetStatusAfter")).isEqualTo("READY");
        assertThat(seen.getInt("clicks")).isLessThanOrEqualTo(5);
        // the restarted run is the one the API knows, and it finished what the stop cut short
        var restarted = TestStack.asAdmin()
                .get(TestStack.API + "/jobs/" + seen.getLong("newJob"))
                .jsonPath();
        assertThat(restarted.getString("status")).isEqualTo("COMPLETED");
        assertThat(restarted.getList("renditions.state")).containsOnly("DONE");

        assertThat(seen.getString("assetTitle")).isEqualTo(XSS);
        assertThat(seen.getInt("injectedImages")).isZero();
        assertThat(seen.getList("dialogs")).isEmpty();
        assertThat(seen.getList("consoleErrors")).isEmpty();
        for (var shot : List.of("console-failed-job.png", "console-restarted-job.png", "console-asset.png")) {
            assertThat(Files.size(shots.resolve(shot))).isPositive();
        }
    }

    /** A run stopped by an operator while its ladder encodes (as JobsIT makes one). */
    private static long stoppedRun() throws Exception {
        var clip = TestStack.encodingClip("console-stop.mp4", 20);
        var location = TestStack.upload(clip);
        var asset = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null);
        long job = asset.getLong("jobId");
        TestStack.awaitJob(
                TestStack.API, job, j -> j.getList("renditions.state").contains("ENCODING"));
        RestAssured.given()
                .auth()
                .oauth2(TestStack.asAdminToken())
                .post(TestStack.API + "/jobs/" + job + "/stop")
                .then()
                .statusCode(202);
        TestStack.awaitJob(TestStack.API, job, j -> List.of("STOPPED", "FAILED").contains(j.getString("status")));
        return job;
    }

    private static JsonPath chromium(String... args) throws Exception {
        var dir = Path.of(TestStack.env("CLIPS_TUS_CLIENT_DIR"));
        var command = new java.util.ArrayList<>(
                List.of("node", dir.resolve("console-check.mjs").toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(8, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new JsonPath(output.substring(output.lastIndexOf('\n') + 1));
    }
}
