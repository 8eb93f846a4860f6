package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How clients get at a processed clip: 302s to short-lived URLs that work without the API token,
 * HLS playlists whose segments carry their own URLs, counted plays and downloads, and nothing at
 * all of another user's private clip.
 */
@ExtendWith(ArquillianExtension.class)
class DeliveryIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void readyClipIsServedThroughShortLivedUrlsAndSignedPlaylists() throws Exception {
        var clip = TestStack.h264Clip("delivery.mp4", 320, 240, 25, 3);
        var location = TestStack.upload(clip, "title", "delivery");
        ProcessingIT.awaitReady(location);

        // stream: the original (no compressed copy for 240p), byte for byte, from the storage URL alone
        var stream = get(location + "/stream");
        assertThat(stream.statusCode()).isEqualTo(302);
        assertThat(stream.header("Cache-Control")).contains("no-store");
        var played = fetch(stream.header("Location"));
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(sha256(played.body())).isEqualTo(sha256(Files.readAllBytes(clip)));

        // download: saved under the uploaded file name
        var download = get(location + "/download");
        assertThat(download.statusCode()).isEqualTo(302);
        var saved = fetch(download.header("Location"));
        assertThat(saved.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment")
                .contains("filename=\"delivery.mp4\"");

        var thumbnail = fetch(get(location + "/thumbnail").header("Location"));
        assertThat(thumbnail.body()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
        var gif = fetch(get(location + "/preview").header("Location"));
        assertThat(new String(gif.body(), 0, 6)).isEqualTo("GIF89a");
        var webp = fetch(get(location + "/preview?format=webp").header("Location"));
        assertThat(new String(webp.body(), 8, 4)).isEqualTo("WEBP");
        TestStack.assertProblem(get(location + "/preview?format=bmp"), 400, "/problems/invalid-filter");

        // HLS: the master from the API; each variant's media playlist with segment URLs that work alone
        var master = TestStack.asAdmin().get(location + "/hls/master.m3u8");
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.contentType()).startsWith("application/vnd.apple.mpegurl");
        var variant = new MasterPlaylistParser()
                .readPlaylist(master.asString())
                .variants()
                .get(0);
        assertThat(variant.uri()).isEqualTo("240p/index.m3u8");
        var media = TestStack.asAdmin().get(location + "/hls/" + variant.uri());
        assertThat(media.statusCode()).isEqualTo(200);
        var playlist = new MediaPlaylistParser().readPlaylist(media.asString());
        var init =
                fetch(playlist.mediaSegments().get(0).segmentMap().orElseThrow().uri());
        var first = fetch(playlist.mediaSegments().get(0).uri());
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(first.statusCode()).isEqualTo(200);
        var joined = Files.createDirectories(java.nio.file.Path.of("target", "downloads"))
                .resolve("delivery-first.mp4");
        Files.write(joined, init.body());
        Files.write(joined, first.body(), java.nio.file.StandardOpenOption.APPEND);
        var probe = TestStack.ffprobe(joined);
        assertThat(probe.getString("streams.find { it.codec_type == 'video' }.codec_name"))
                .isEqualTo("h264");
        assertThat(probe.getInt("streams.find { it.codec_type == 'video' }.height"))
                .isEqualTo(240);
        TestStack.assertProblem(
                TestStack.asAdmin().get(location + "/hls/1080p/index.m3u8"), 404, "/problems/not-found");

        // the stream and the master each counted one play; the download one download (events are
        // written in batches a moment later, and keep the counters)
        var counted = TestStack.awaitAsset(
                location, Duration.ofSeconds(15), a -> a.getLong("views") + a.getLong("downloads") >= 3);
        assertThat(counted.getLong("views")).isEqualTo(2);
        assertThat(counted.getLong("downloads")).isEqualTo(1);
        assertThat(counted.getString("lastViewedAt")).isNotNull();
    }

    @Test
    void privateClipIsNotFoundForOtherUsersAndUnprocessedClipIsNotReady() throws Exception {
        var clip = TestStack.h264Clip("private-delivery.mp4", 320, 240, 25, 2);
        var location = TestStack.upload(clip, "visibility", "private");
        ProcessingIT.awaitReady(location);

        var userToken = TestStack.userToken("delivery-it user");
        for (var path : List.of(
                "", "/stream", "/download", "/thumbnail", "/preview", "/hls/master.m3u8", "/hls/240p/index.m3u8")) {
            var response = RestAssured.given()
                    .auth()
                    .oauth2(userToken)
                    .redirects()
                    .follow(false)
                    .get(location + path);
            TestStack.assertProblem(response, 404, "/problems/not-found");
        }
        // the owner (and the tenant's administrators) still get it
        assertThat(get(location + "/stream").statusCode()).isEqualTo(302);
        assertThat(TestStack.awaitAsset(location, Duration.ofSeconds(15), a -> a.getLong("views") > 0)
                        .getLong("views"))
                .isEqualTo(1);

        // a clip that never became playable: a clear 409, no URL
        var corrupt = new byte[64 * 1024];
        new java.util.Random(11).nextBytes(corrupt);
        System.arraycopy(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, corrupt, 0, 12);
        var file = Files.write(
                Files.createDirectories(java.nio.file.Path.of("target", "clips"))
                        .resolve("never-playable.mp4"),
                corrupt);
        var failed = TestStack.upload(file);
        TestStack.awaitAsset(failed, Duration.ofMinutes(1), a -> "FAILED".equals(a.getString("status")));
        TestStack.assertProblem(get(failed + "/stream"), 409, "/problems/asset-not-ready");
        TestStack.assertProblem(get(failed + "/thumbnail"), 409, "/problems/asset-not-ready");
        TestStack.assertProblem(TestStack.asAdmin().get(failed + "/hls/master.m3u8"), 409, "/problems/asset-not-ready");
    }

    private static Response get(String url) {
        return TestStack.asAdmin().redirects().follow(false).get(url);
    }

    /** A plain GET without any API credentials: what a browser or player does with the redirect. */
    private static HttpResponse<byte[]> fetch(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
