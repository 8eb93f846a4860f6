package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * postMessage switches to the lowest and playback goes on. Screenshots land in target/player/.
 */
@ExtendWith(ArquillianExtension.class)
class PlayerBrowserIT {

    private static JsonPath asset;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void readyClip() throws Exception {
        var clip = TestStack.h264Clip("browser.mp4", 1280, 720, 30, 12);
        asset = ProcessingIT.awaitReady(TestStack.upload(clip, "title", "Browser \"clip\" <i>"));
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

    static JsonPath chromium(String mode, String url, String screenshot) throws Exception {
        var dir = Path.of(TestStack.env("CLIPS_TUS_CLIENT_DIR"));
        var shot = Files.createDirectories(Path.of("target", "player"))
                .resolve(screenshot)
                .toAbsolutePath();
        var process = new ProcessBuilder("node", dir.resolve("player-check.mjs").toString(), mode, url, shot.toString())
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new JsonPath(output.substring(output.lastIndexOf('\n') + 1));
    }
}
