package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real browser plays a clip: Debian's chromium, driven by puppeteer-core (clips-ear/src/test/node,
 * pinned by its lock file), loads a page on another origin whose iframe is the embed page; hls.js
 * (from the WAR) plays at least 3 s without an error, the quality menu lists Auto and each rung, a
 * postMessage switches to the lowest and playback goes on; its beacons count one view per viewer
 * session (a reload keeps the session, a new tab makes one). Screenshots land in target/player/.
 */
@ExtendWith(ArquillianExtension.class)
class PlayerBrowserIT {

    private static JsonPath asset;
    private static JsonPath shortClip;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void readyClip() throws Exception {
        var clip = TestStack.h264Clip("browser.mp4", 1280, 720, 30, 12);
        asset = ProcessingIT.awaitReady(TestStack.upload(clip, "title", "Browser \"clip\" <i>"));
        shortClip = ProcessingIT.awaitReady(
                TestStack.upload(TestStack.h264Clip("beacons.mp4", 320, 240, 25, 4), "title", "Beacons"));
    }

    @Test
    void playerBeaconsCountOneViewPerViewerSessionAndEachQuartileOnce() throws Exception {
        var id = shortClip.getString("id");
        try (var run = new Steps("beacons", shortClip.getString("playbackIds[0].embedUrl"), "beacons.png")) {
            // fetching the master playlist is no play: only the player's beacon counts
            assertThat(RestAssured.given()
                            .get(shortClip.getString("playbackIds[0].playbackUrl"))
                            .statusCode())
                    .isEqualTo(200);

            var first = run.next();
            assertThat(first.getString("error")).isNull();
            assertThat(first.getString("session")).matches("[0-9a-f]{32}");
            assertThat(progress(first))
                    .containsExactly("play", "progress:25", "progress:50", "progress:75", "progress:100");
            assertThat(first.getList("statuses"))
                    .hasSameSizeAs(first.getList("beacons"))
                    .containsOnly(204);
            var played = awaitAnalytics(id, s -> s.getLong("views") >= 1 && s.getLong("player.reached100") >= 1);
            assertThat(played.getLong("views")).isEqualTo(1);
            assertThat(List.of(
                            played.getLong("player.reached25"),
                            played.getLong("player.reached50"),
                            played.getLong("player.reached75"),
                            played.getLong("player.reached100")))
                    .containsExactly(1L, 1L, 1L, 1L);

            // a reload in the same tab: the same viewer session, its play beacon answered, no new view
            run.proceed();
            var reloaded = run.next();
            assertThat(reloaded.getString("session")).isEqualTo(first.getString("session"));
            assertThat(reloaded.getList("beacons")).contains("play");
            assertThat(reloaded.getList("statuses")).isNotEmpty().containsOnly(204);
            awaitBufferWritten();
            assertThat(awaitAnalytics(id, s -> true).getLong("views")).isEqualTo(1);

            // a new tab is a new session: a second view, and its quartiles. The reload's beacons were
            // answered (and buffered) before these, so had they counted, views would read 3 here.
            run.proceed();
            var other = run.next();
            assertThat(other.getString("session")).matches("[0-9a-f]{32}").isNotEqualTo(first.getString("session"));
            assertThat(progress(other))
                    .containsExactly("play", "progress:25", "progress:50", "progress:75", "progress:100");
            var twice = awaitAnalytics(id, s -> s.getLong("views") >= 2 && s.getLong("player.reached100") >= 2);
            assertThat(twice.getLong("views")).isEqualTo(2);
            assertThat(List.of(
                            twice.getLong("player.reached25"),
                            twice.getLong("player.reached50"),
                            twice.getLong("player.reached75"),
                            twice.getLong("player.reached100")))
                    .containsExactly(2L, 2L, 2L, 2L);
            run.proceed();
        }
        awaitBufferWritten();
        assertThat(RestAssured.given()
                        .auth()
                        .oauth2(TestStack.asAdminToken())
                        .get(TestStack.API + "/assets/" + id)
                        .jsonPath()
                        .getLong("views"))
                .isEqualTo(2);
    }

    @Test
    void aBeaconIsOneSmallJsonObjectOfKnownFieldsOrAStableProblem() {
        var beacons = shortClip.getString("playbackIds[0].playbackUrl").replace("master.m3u8", "beacons");
        var session = "\"session\":\"0123456789abcdef0123456789abcdef\"";
        for (var body : List.of(
                "{" + session + ",\"kind\":\"play\",\"position\":0}",
                "{" + session + ",\"kind\":\"progress\",\"quartile\":50,\"position\":2.0}",
                "{" + session + ",\"kind\":\"rebuffer\",\"duration\":0.75,\"position\":1.5}",
                "{" + session + ",\"kind\":\"switch\",\"rendition\":\"240p\",\"position\":3}")) {
            var answer = RestAssured.given()
                    .header("Origin", "https://blog.example")
                    .contentType("text/plain; charset=UTF-8")
                    .body(body)
                    .post(beacons);
            assertThat(answer.statusCode()).as(body).isEqualTo(204);
            assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
        }
        assertThat(RestAssured.given()
                        .contentType("application/json")
                        .body("{" + session + ",\"kind\":\"play\",\"position\":1}")
                        .post(beacons)
                        .statusCode())
                .isEqualTo(204);
        for (var body : List.of(
                "",
                "[]",
                "\"play\"",
                "{" + session + ",\"kind\":\"pause\",\"position\":0}",
                "{" + session + ",\"kind\":\"progress\",\"quartile\":30,\"position\":0}",
                "{" + session + ",\"kind\":\"progress\",\"quartile\":\"25\",\"position\":0}",
                "{" + session + ",\"kind\":\"progress\",\"position\":0}",
                "{" + session + ",\"kind\":\"rebuffer\",\"duration\":0,\"position\":0}",
                "{" + session + ",\"kind\":\"rebuffer\",\"duration\":3601,\"position\":0}",
                "{" + session + ",\"kind\":\"switch\",\"rendition\":\"720p\\u0000\",\"position\":0}",
                "{" + session + ",\"kind\":\"play\",\"position\":-1}",
                "{" + session + ",\"kind\":\"play\",\"position\":1e999}",
                "{" + session + ",\"kind\":\"play\",\"position\":\"0\"}",
                "{" + session + ",\"kind\":\"play\",\"position\":0,\"quartile\":25}",
                "{\"session\":\"short\",\"kind\":\"play\",\"position\":0}",
                "{\"session\":\"0123456789abcdef\\n0123456789abcdef\",\"kind\":\"play\",\"position\":0}",
                "{\"kind\":\"play\",\"position\":0}",
                "{" + session + ",\"kind\":\"play\",\"position\":0} {}",
                "{" + session + ",\"kind\":\"play\",\"position\":0")) {
            TestStack.assertProblem(
                    RestAssured.given().contentType("text/plain").body(body).post(beacons),
                    400,
                    "/problems/invalid-beacon");
        }
        TestStack.assertProblem(
                RestAssured.given()
                        .contentType("text/plain")
                        .body("{" + session + ",\"kind\":\"play\",\"position\":0" + " ".repeat(1024) + "}")
                        .post(beacons),
                413,
                "/problems/payload-too-large");
        TestStack.assertProblem(
                RestAssured.given()
                        .contentType("text/plain")
                        .body("{}")
                        .post(TestStack.API + "/playback/0123456789abcdef0123456789abcdef/beacons"),
                404,
                "/problems/not-found");
    }

    /** The beacons a step sent, rebuffers and switches (which depend on the machine) left out. */
    private static List<String> progress(JsonPath step) {
        return step.<String>getList("beacons").stream()
                .filter(b -> !b.equals("rebuffer") && !b.equals("switch"))
                .toList();
    }

    private static JsonPath awaitAnalytics(String id, Predicate<JsonPath> done) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonPath summary;
        do {
            summary = TestStack.asAdmin()
                    .get(TestStack.API + "/analytics/assets/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (done.test(summary)) {
                return summary;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("beacons not written in time: " + summary.prettify());
    }

    /** This node's event buffer is empty, and the batch it last took has had time to commit. */
    private static void awaitBufferWritten() throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (TestStack.asAdmin()
                                .get(TestStack.API + "/admin/analytics")
                                .jsonPath()
                                .getInt("bufferedEvents")
                        > 0
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
    }

    @Test
    void theEmbedPagePlaysInChromiumFromAnotherOriginAndSwitchesQuality() throws Exception {
        var embed = asset.getString("playbackIds[0].embedUrl");
        var seen = chromium("play", embed, "embed.png");
        assertThat(seen.getString("host")).doesNotStartWith(TestStack.ROOT);
        assertThat(seen.getString("engine")).isEqualTo("hls.js");
        assertThat(seen.getString("error")).isNull();
        assertThat(seen.getDouble("played")).isGreaterThanOrEqualTo(3.0);
        assertThat(seen.getList("resolutions.label")).containsExactly("Auto", "480p", "720p");
        assertThat(seen.getList("qualityOptions")).containsExactly("Auto", "480p", "720p");
        assertThat(seen.getInt("switchedHeight")).isEqualTo(480);
        assertThat(seen.getInt("switchedTo")).isEqualTo(0);
        assertThat(seen.getString("selectedQuality")).isEqualTo("0");
        assertThat(seen.getString("errorAfterSwitch")).isNull();
        assertThat(seen.getInt("storyboardCues")).isPositive();
        assertThat(seen.getList("consoleErrors")).isEmpty();
        assertThat(Files.size(Path.of(seen.getString("screenshot")))).isPositive();
        System.out.println("page load to first frame: " + seen.getString("pageToFirstFrameMs") + " ms");
    }

    @Test
    void theWatchPageCarriesOpenGraphAndTwitterPlayerTagsAndAStrictPolicy() {
        var watch = RestAssured.given().get(asset.getString("playbackIds[0].watchUrl"));
        assertThat(watch.statusCode()).isEqualTo(200);
        assertThat(watch.contentType()).startsWith("text/html");
        var csp = watch.header("Content-Security-Policy");
        assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "worker-src blob:")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        var html = watch.asString();
        assertThat(html)
                .contains("<meta property=\"og:video\" content=\"" + asset.getString("playbackIds[0].mp4Url") + "\">")
                .contains("<meta name=\"twitter:card\" content=\"player\">")
                .contains(
                        "<meta name=\"twitter:player\" content=\"" + asset.getString("playbackIds[0].embedUrl") + "\">")
                .contains("<title>Browser &quot;clip&quot; &lt;i&gt;</title>")
                .contains("application/json+oembed")
                .doesNotContain("<i>")
                .contains("/player/vendor/dist/hls.min.js");
        var hlsJs = RestAssured.given().get(TestStack.ROOT + "/player/vendor/dist/hls.min.js");
        assertThat(hlsJs.statusCode()).isEqualTo(200);
        assertThat(hlsJs.asString()).contains("1.7.4");

        var oembed = RestAssured.given()
                .queryParam("url", asset.getString("playbackIds[0].watchUrl"))
                .queryParam("maxwidth", 640)
                .get(TestStack.API + "/oembed");
        assertThat(oembed.statusCode()).isEqualTo(200);
        assertThat(oembed.jsonPath().getString("type")).isEqualTo("video");
        assertThat(oembed.jsonPath().getString("version")).isEqualTo("1.0");
        assertThat(oembed.jsonPath().getInt("width")).isEqualTo(640);
        assertThat(oembed.jsonPath().getInt("height")).isEqualTo(360);
        assertThat(oembed.jsonPath().getString("html"))
                .startsWith("<iframe src=\"" + asset.getString("playbackIds[0].embedUrl") + "\"");
        TestStack.assertProblem(
                RestAssured.given()
                        .queryParam("url", "https://elsewhere.example/watch/x")
                        .get(TestStack.API + "/oembed"),
                404,
                "/problems/not-found");
        TestStack.assertProblem(
                RestAssured.given().get(TestStack.ROOT + "/embed/0123456789abcdef0123456789abcdef"),
                404,
                "/problems/not-found");
    }

    /** player-check.mjs in a stepwise mode: one JSON line per step, the next step when told. */
    static final class Steps implements AutoCloseable {
        private final Process process;
        private final BufferedReader lines;
        private final Writer next;

        Steps(String mode, String url, String screenshot) throws IOException {
            var dir = Path.of(TestStack.env("CLIPS_TUS_CLIENT_DIR"));
            var shot = Files.createDirectories(Path.of("target", "player"))
                    .resolve(screenshot)
                    .toAbsolutePath();
            process = new ProcessBuilder("node", dir.resolve("player-check.mjs").toString(), mode, url, shot.toString())
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            next = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        JsonPath next() throws IOException {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("{\"step\"")) {
                    return new JsonPath(line);
                }
            }
            throw new AssertionError("player-check.mjs ended early");
        }

        void proceed() throws IOException {
            next.write("\n");
            next.flush();
        }

        @Override
        public void close() throws Exception {
            next.close(); // after a failed step the script stops at once
            lines.transferTo(Writer.nullWriter());
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).isZero();
        }
    }

    static JsonPath chromium(String mode, String url, String screenshot, String... more) throws Exception {
        var dir = Path.of(TestStack.env("CLIPS_TUS_CLIENT_DIR"));
        var shot = Files.createDirectories(Path.of("target", "player"))
                .resolve(screenshot)
                .toAbsolutePath();
        var command = new java.util.ArrayList<>(
                List.of("node", dir.resolve("player-check.mjs").toString(), mode, url, shot.toString()));
        command.addAll(List.of(more));
        var process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new JsonPath(output.substring(output.lastIndexOf('\n') + 1));
    }
}
