package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Header-free playback by playback ID: everything a player follows from the asset JSON's URLs
 * works with no header at all (ffprobe plays the master playlist's URL as VLC would), answers any
 * origin, outlives the clip, and refuses what is not a playback ID, a rendition or a segment of it.
 */
@ExtendWith(ArquillianExtension.class)
class PlaybackIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CODECS = Pattern.compile("CODECS=\"([^\"]*)\"");

    private static String location;
    private static JsonPath asset;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void readyClip() throws Exception {
        var clip = TestStack.h264Clip("playback.mp4", 1280, 720, 30, 6);
        location = TestStack.upload(clip, "title", "Playback <b>clip</b>");
        asset = ProcessingIT.awaitReady(location);
    }

    @Test
    void theAssetJsonNamesAPublicPlaybackIdWithEveryUrlAViewerNeeds() {
        assertThat(asset.getList("playbackIds")).hasSize(1);
        var id = asset.getString("playbackIds[0].id");
        assertThat(id).matches("[0-9a-z]{32}");
        assertThat(asset.getString("playbackIds[0].policy")).isEqualTo("public");
        var api = TestStack.API + "/playback/" + id + "/";
        assertThat(asset.getMap("playbackIds[0]"))
                .containsEntry("playbackUrl", api + "master.m3u8")
                .containsEntry("mp4Url", api + "video.mp4")
                .containsEntry("posterUrl", api + "poster.jpg")
                .containsEntry("previewUrl", api + "preview.gif")
                .containsEntry("storyboardVttUrl", api + "storyboard.vtt")
                .containsEntry("watchUrl", TestStack.ROOT + "/watch/" + id)
                .containsEntry("embedUrl", TestStack.ROOT + "/embed/" + id);
    }

    @Test
    void playlistsAndSegmentsNeedNoHeaderAnswerAnyOriginAndOutliveTheClip() throws Exception {
        var url = asset.getString("playbackIds[0].playbackUrl");
        var master = anonymous(url, "https://elsewhere.example");
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.contentType()).startsWith("application/vnd.apple.mpegurl");
        assertThat(master.header("Access-Control-Allow-Origin")).isEqualTo("*");
        var variants =
                new MasterPlaylistParser().readPlaylist(master.asString()).variants();
        assertThat(variants).extracting(v -> v.uri()).containsExactly("480p/index.m3u8", "720p/index.m3u8");
        // exactly what MediaSource accepts: 480p30 (1,620 macroblocks at 30 fps) and 720p30 High are both level 3.1
        var codecs =
                CODECS.matcher(master.asString()).results().map(m -> m.group(1)).toList();
        assertThat(codecs).containsExactly("avc1.64001f,mp4a.40.2", "avc1.64001f,mp4a.40.2");
        assertThat(codecs).allSatisfy(c -> assertThat(c.split(",")[0]).matches("^avc1\\.[0-9a-f]{6}$"));

        var base = url.substring(0, url.lastIndexOf('/') + 1);
        var media = anonymous(base + "720p/index.m3u8", "https://elsewhere.example");
        assertThat(media.statusCode()).isEqualTo(200);
        assertThat(media.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(media.header("Cache-Control")).contains("no-store");
        var segments = new MediaPlaylistParser().readPlaylist(media.asString()).mediaSegments();
        var init = segments.get(0).segmentMap().orElseThrow().uri();
        // a viewer who pauses keeps the stream: at least the clip plus the two-hour margin
        var expires = Pattern.compile("X-Amz-Expires=(\\d+)").matcher(init);
        assertThat(expires.find()).isTrue();
        assertThat(Long.parseLong(expires.group(1))).isGreaterThanOrEqualTo(6 + 7200);
        // signed again at each fetch
        var again = new MediaPlaylistParser()
                .readPlaylist(anonymous(base + "720p/index.m3u8", null).asString())
                .mediaSegments();
        assertThat(again).hasSameSizeAs(segments);
        assertThat(fetch(init).statusCode()).isEqualTo(200);
        assertThat(fetch(segments.get(0).uri()).statusCode()).isEqualTo(200);
        // and through the API, for players that resolve segments against the playlist they fetched
        var viaApi = anonymous(base + "720p/init.mp4", null);
        assertThat(viaApi.statusCode()).isEqualTo(302);
        assertThat(fetch(viaApi.header("Location")).statusCode()).isEqualTo(200);

        // ffprobe follows the master playlist's URL as VLC or ffplay would: no header, no token
        var probe = ffprobeUrl(url);
        assertThat(probe.getList("streams.codec_name")).contains("h264", "aac");
        assertThat(probe.getList("streams.height", Integer.class)).contains(720);
    }

    @Test
    void theMp4AnswersRangeRequestsAndImagesAndStoryboardNeedNoHeader() throws Exception {
        var mp4 = anonymous(asset.getString("playbackIds[0].mp4Url"), null);
        assertThat(mp4.statusCode()).isEqualTo(302);
        var ranged = HTTP.send(
                HttpRequest.newBuilder(URI.create(mp4.header("Location")))
                        .header("Range", "bytes=0-99")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).hasSize(100);
        assertThat(new String(ranged.body(), 4, 4)).isEqualTo("ftyp");
        assertThat(ranged.headers().firstValue("Content-Range").orElseThrow()).startsWith("bytes 0-99/");
        assertThat(ranged.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("video/mp4");

        var poster = fetch(
                anonymous(asset.getString("playbackIds[0].posterUrl"), null).header("Location"));
        assertThat(poster.body()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
        var gif = fetch(
                anonymous(asset.getString("playbackIds[0].previewUrl"), null).header("Location"));
        assertThat(new String(gif.body(), 0, 6)).isEqualTo("GIF89a");

        var vtt = anonymous(asset.getString("playbackIds[0].storyboardVttUrl"), "https://elsewhere.example");
        assertThat(vtt.statusCode()).isEqualTo(200);
        assertThat(vtt.contentType()).startsWith("text/vtt");
        assertThat(vtt.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(vtt.asString()).startsWith("WEBVTT").containsPattern("storyboard\\.jpg#xywh=\\d+,\\d+,\\d+,\\d+");
        var sprite =
                anonymous(asset.getString("playbackIds[0].storyboardVttUrl").replace(".vtt", ".jpg"), null);
        assertThat(sprite.statusCode()).isEqualTo(302);
        assertThat(fetch(sprite.header("Location")).body()).startsWith((byte) 0xFF, (byte) 0xD8);
    }

    @Test
    void unknownIdsTraversalAndEncodedSlashesAreProblemsAndNeverReachStorage() throws Exception {
        var id = asset.getString("playbackIds[0].id");
        var api = TestStack.API + "/playback/";
        for (var path : List.of(
                api + "0123456789abcdef0123456789abcdef/master.m3u8",
                api + "not-a-playback-id/master.m3u8",
                api + id + "/999p/index.m3u8",
                api + id + "/720p/seg_99999.m4s/x",
                api + id + "/720p/index.m3u9",
                api + id + "/720p/..%2F..%2Fmaster.m3u8",
                api + id + "/..%2F720p/index.m3u8",
                api + id + "%2F720p/index.m3u8",
                api + id + "/720p/%2e%2e%2fsecret.m4s",
                api + id + "/720p/source.mp4")) {
            var answer = RestAssured.given()
                    .urlEncodingEnabled(false)
                    .redirects()
                    .follow(false)
                    .get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            TestStack.assertProblem(answer, 404, "/problems/not-found");
        }
        // a raw ".." is resolved by the client; what reaches the server is still a name of ours or nothing
        var raw = HTTP.send(
                HttpRequest.newBuilder(URI.create(api + id + "/720p/../../" + id + "/master.m3u8"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isIn(200, 404);
    }

    @Test
    void anotherPlaybackIdPlaysUntilItIsDeletedAndASignedOneNeedsAToken() {
        var added = TestStack.asAdmin()
                .contentType("application/json")
                .body("{\"policy\":\"public\"}")
                .post(location + "/playback-ids");
        assertThat(added.statusCode()).isEqualTo(201);
        var second = added.jsonPath().getString("id");
        var url = added.jsonPath().getString("playbackUrl");
        assertThat(anonymous(url, null).statusCode()).isEqualTo(200);
        assertThat(TestStack.asAdmin().get(location).jsonPath().getList("playbackIds.id"))
                .containsExactly(asset.getString("playbackIds[0].id"), second);

        assertThat(TestStack.asAdmin()
                        .delete(location + "/playback-ids/" + second)
                        .statusCode())
                .isEqualTo(204);
        TestStack.assertProblem(anonymous(url, null), 404, "/problems/not-found");
        TestStack.assertProblem(
                TestStack.asAdmin().delete(location + "/playback-ids/" + second), 404, "/problems/not-found");
        // the first one still plays
        assertThat(anonymous(asset.getString("playbackIds[0].playbackUrl"), null)
                        .statusCode())
                .isEqualTo(200);

        var signed = TestStack.asAdmin()
                .contentType("application/json")
                .body("{\"policy\":\"signed\"}")
                .post(location + "/playback-ids");
        assertThat(signed.statusCode()).isEqualTo(201);
        assertThat(signed.jsonPath().getString("playbackUrl")).contains("/playback/{token}/master.m3u8");
        var byId = TestStack.API + "/playback/" + signed.jsonPath().getString("id") + "/master.m3u8";
        TestStack.assertProblem(anonymous(byId, null), 403, "/problems/playback-token-required");

        for (var body : List.of("{\"policy\":\"secret\"}", "{\"policy\":1}", "{\"policy\":\"public\",\"x\":1}")) {
            TestStack.assertProblem(
                    TestStack.asAdmin()
                            .contentType("application/json")
                            .body(body)
                            .post(location + "/playback-ids"),
                    400,
                    "/problems/invalid-field");
        }
        // another tenant neither sees nor changes them
        var other = TestStack.otherTenantAdminToken();
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(other)
                        .contentType("application/json")
                        .body("{\"policy\":\"public\"}")
                        .post(location + "/playback-ids"),
                404,
                "/problems/not-found");
    }

    @Test
    void renditionsPublishedWithABrokenCodecsValueAreRepairedFromTheirInitSegment() throws Exception {
        var id = asset.getString("id");
        var broken = TestStack.execute("update clips.rendition set codecs = 'avc1.6400ffffff9d,mp4a.40.2'"
                + " where asset_id = (select id from clips.asset where public_id = '" + id + "')");
        assertThat(broken).isEqualTo(2);
        var master =
                anonymous(asset.getString("playbackIds[0].playbackUrl"), null).asString();
        assertThat(CODECS.matcher(master).results().map(m -> m.group(1)).toList())
                .containsExactly("avc1.64001f,mp4a.40.2", "avc1.64001f,mp4a.40.2");
        assertThat(TestStack.count("select count(*) from clips.rendition where codecs like '%ffffff%'"
                        + " and asset_id = (select id from clips.asset where public_id = '" + id + "')"))
                .isZero();
        // repaired from the init segments: video alone (the clip's audio is its track a0)
        assertThat(TestStack.asAdmin().get(location).jsonPath().getList("outputs.renditions.codecs"))
                .containsExactly("avc1.64001f", "avc1.64001f");
        // the stored master written anew keeps the clip's audio group
        assertThat(TestStack.text("renditions/default/" + id + "/master.m3u8"))
                .contains("avc1.64001f,mp4a.40.2")
                .contains("#EXT-X-MEDIA:TYPE=AUDIO,URI=\"a0/index.m3u8\",GROUP-ID=\"audio\"");
    }

    @Test
    void theStorageOriginAnswersPagesOfAnyOriginForSegmentsAndRanges() throws Exception {
        var media = anonymous(
                asset.getString("playbackIds[0].playbackUrl").replace("master.m3u8", "480p/index.m3u8"), null);
        var segment = new MediaPlaylistParser()
                .readPlaylist(media.asString())
                .mediaSegments()
                .get(0)
                .uri();
        var get = HTTP.send(
                HttpRequest.newBuilder(URI.create(segment))
                        .header("Origin", "https://elsewhere.example")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin").orElseThrow())
                .isIn("*", "https://elsewhere.example");
        var preflight = HTTP.send(
                HttpRequest.newBuilder(URI.create(segment))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://elsewhere.example")
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "range")
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(preflight.statusCode()).isBetween(200, 204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow())
                .isIn("*", "https://elsewhere.example");
        assertThat(String.join(",", preflight.headers().allValues("Access-Control-Allow-Methods")))
                .contains("GET");
    }

    @Test
    void anOriginalPutAsHtmlIsServedAsTheVideoItIsAndDownloadsStayAttachments() throws Exception {
        // an MP4 with a script appended, PUT to storage as text/html: the bytes are a video, the label a page
        var clip = TestStack.h264Clip("html-tail.mp4", 320, 240, 25, 2);
        var bytes = java.nio.file.Files.readAllBytes(clip);
        var html = "<html><script>alert(document.domain)</script></html>".getBytes();
        var hostile = java.util.Arrays.copyOf(bytes, bytes.length + html.length);
        System.arraycopy(html, 0, hostile, bytes.length, html.length);
        var file = java.nio.file.Files.write(clip.resolveSibling("html-tail-hostile.mp4"), hostile);
        var session = TestStack.asAdmin()
                .contentType("application/json")
                .body(Map.of("fileName", "page.mp4", "sizeBytes", hostile.length, "sha256", TestStack.sha256(file)))
                .post(TestStack.API + "/uploads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var put = HTTP.send(
                HttpRequest.newBuilder(URI.create(session.getString("url")))
                        .header("Content-Type", "text/html")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(hostile))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(put.statusCode()).isEqualTo(200);
        var completed = TestStack.asAdmin().post(TestStack.API + "/uploads/" + session.getString("id") + "/complete");
        assertThat(completed.statusCode()).isEqualTo(202);
        var ready = ProcessingIT.awaitReady(completed.header("Location"));
        assertThat(ready.getString("contentType")).isEqualTo("video/mp4");

        var stream = TestStack.asAdmin().redirects().follow(false).get(completed.header("Location") + "/stream");
        assertThat(stream.statusCode()).isEqualTo(302);
        assertThat(stream.header("Location")).contains("response-content-type=video%2Fmp4");
        var served = fetch(stream.header("Location"));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("video/mp4");
        assertThat(served.body()).isEqualTo(hostile);

        var download = TestStack.asAdmin().redirects().follow(false).get(completed.header("Location") + "/download");
        var saved = fetch(download.header("Location"));
        assertThat(saved.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("video/mp4");
        assertThat(saved.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment");

        // and through its playback ID (public, as the clip is): the same forced type
        assertThat(ready.getString("visibility")).isEqualTo("public");
        assertThat(ready.getString("playbackIds[0].policy")).isEqualTo("public");
        var mp4 = anonymous(ready.getString("playbackIds[0].mp4Url"), null);
        assertThat(mp4.statusCode()).isEqualTo(302);
        assertThat(fetch(mp4.header("Location"))
                        .headers()
                        .firstValue("Content-Type")
                        .orElseThrow())
                .isEqualTo("video/mp4");
    }

    @Test
    void aPosterAtAChosenTimeAndWidthIsMadeOnceFromTheClipAndNeverUpscaled() throws Exception {
        var poster = asset.getString("playbackIds[0].posterUrl");
        var assetId = asset.getString("id");
        var thumbnails = "thumbnails/default/" + assetId + "/frame-";
        assertThat(TestStack.objects(thumbnails)).isEmpty();

        var early = anonymous(poster + "?time=0.5&width=320", null);
        assertThat(early.statusCode()).isEqualTo(302);
        var earlyImage = ffprobeUrl(early.header("Location"));
        assertThat(earlyImage.getString("streams[0].codec_name")).isEqualTo("mjpeg");
        assertThat(earlyImage.getInt("streams[0].width")).isEqualTo(320);
        assertThat(earlyImage.getInt("streams[0].height")).isEqualTo(180);
        assertThat(TestStack.objects(thumbnails)).containsOnlyKeys(thumbnails + "5-320.jpg");
        var kept = TestStack.objects(thumbnails);

        // asked again (the time to a tenth), the stored frame is served and not made again (a frame
        // made again would be stored again, a second later at least)
        Thread.sleep(1100);
        assertThat(anonymous(poster + "?time=0.54&width=320", null).statusCode())
                .isEqualTo(302);
        assertThat(TestStack.objects(thumbnails)).isEqualTo(kept);

        // another time is another frame; wider than the clip is the clip's own width
        var late = anonymous(poster + "?time=5.5&width=1920", null);
        var lateImage = ffprobeUrl(late.header("Location"));
        assertThat(lateImage.getInt("streams[0].width")).isEqualTo(1280);
        assertThat(lateImage.getInt("streams[0].height")).isEqualTo(720);
        var small = anonymous(poster + "?time=5.5&width=320", null);
        assertThat(fetch(small.header("Location")).body())
                .isNotEqualTo(fetch(early.header("Location")).body());
        assertThat(TestStack.objects(thumbnails))
                .containsOnlyKeys(thumbnails + "5-320.jpg", thumbnails + "55-1280.jpg", thumbnails + "55-320.jpg");

        // without either, the poster made at processing
        assertThat(anonymous(poster, null).header("Location")).contains("/poster.jpg");
        for (var bad : List.of("time=6.5", "time=-1", "time=abc", "time=1e3", "width=8", "width=4000", "width=3.5")) {
            TestStack.assertProblem(anonymous(poster + "?" + bad, null), 400, "/problems/invalid-filter");
        }
    }

    private static Response anonymous(String url, String origin) {
        var request = RestAssured.given().redirects().follow(false);
        if (origin != null) {
            request = request.header("Origin", origin);
        }
        return request.get(url);
    }

    private static HttpResponse<byte[]> fetch(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonPath ffprobeUrl(String url) throws Exception {
        var command = new ArrayList<>(
                List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", url));
        var process = new ProcessBuilder(command).redirectErrorStream(false).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new JsonPath(output);
    }
}
