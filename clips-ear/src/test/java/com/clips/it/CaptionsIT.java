package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Uploaded captions: an SRT and a WebVTT file become caption tracks of a Ready clip, published
 * header-free as HLS subtitle renditions (master playlist, one-segment media playlist, the .vtt)
 * that hls.js in Chromium lists in the player's captions menu; bad files are refused with the line
 * they go wrong on; another tenant sees none of it; a purge removes the tracks' objects and rows.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptionsIT {

    private static final String SRT = "1\r\n00:00:00,200 --> 00:00:01,500\r\nHello <i>there</i>\r\n\r\n"
            + "2\r\n00:00:01,600 --> 00:00:03,000\r\nSecond cue\r\n";

    private static final String WEBVTT = "1\n00:00:00.200 --> 00:00:01.500\nHello <i>there</i>\n\n"
            + "2\n00:00:01.600 --> 00:00:03.000\nSecond cue\n";

    private static String location;
    private static JsonPath asset;
    private static double duration;
    private static String base;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void readyClip() throws Exception {
        var clip = TestStack.h264Clip("captions.mp4", 640, 360, 30, 4);
        location = TestStack.upload(clip, "title", "Captions clip");
        asset = ProcessingIT.awaitReady(location);
        duration = asset.getDouble("media.durationSeconds");
        var url = asset.getString("playbackIds[0].playbackUrl");
        base = url.substring(0, url.lastIndexOf('/') + 1);
    }

    @Test
    @Order(1)
    void anSrtAndAWebVttFileBecomeTracksListedByLanguage() {
        var added = upload("en", "English", "subtitles", "application/x-subrip", SRT.getBytes(StandardCharsets.UTF_8));
        assertThat(added.statusCode()).as(added.asString()).isEqualTo(201);
        assertThat(added.jsonPath().getString("language")).isEqualTo("en");
        assertThat(added.jsonPath().getString("label")).isEqualTo("English");
        assertThat(added.jsonPath().getString("kind")).isEqualTo("subtitles");
        assertThat(added.jsonPath().getInt("cues")).isEqualTo(2);

        var second =
                upload("pt-br", null, "captions", "text/vtt", ("WEBVTT\n\n" + WEBVTT).getBytes(StandardCharsets.UTF_8));
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(201);
        assertThat(second.jsonPath().getString("language")).isEqualTo("pt-BR");
        assertThat(second.jsonPath().getString("label")).isEqualTo("Portuguese (Brazil)");

        TestStack.assertProblem(
                upload("en", "Again", null, "application/x-subrip", SRT.getBytes(StandardCharsets.UTF_8)),
                409,
                "/problems/captions-exist");
        var list = TestStack.asAdmin().get(location + "/captions");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.jsonPath().getList("items.language")).containsExactly("en", "pt-BR");
        assertThat(list.jsonPath().getList("items.kind")).containsExactly("subtitles", "captions");
    }

    @Test
    @Order(2)
    void theMasterPlaylistSubtitlePlaylistAndVttNeedNoHeader() {
        var master = anonymous(base + "master.m3u8");
        assertThat(master.statusCode()).isEqualTo(200);
        var lines = master.asString().lines().toList();
        assertThat(lines)
                .contains("#EXT-X-MEDIA:TYPE=SUBTITLES,URI=\"subtitles/en.m3u8\",GROUP-ID=\"subs\",LANGUAGE=\"en\","
                        + "NAME=\"English\",DEFAULT=NO,AUTOSELECT=YES");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("#EXT-X-MEDIA:TYPE=SUBTITLES,URI=\"subtitles/pt-BR.m3u8\",GROUP-ID=\"subs\",")
                        .contains("NAME=\"Portuguese (Brazil)\"", "LANGUAGE=\"pt-BR\"")
                        .contains("CHARACTERISTICS=\"public.accessibility.transcribes-spoken-dialog,"
                                + "public.accessibility.describes-music-and-sound\""));
        var variants =
                lines.stream().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
        assertThat(variants).isNotEmpty().allSatisfy(l -> assertThat(l).contains("SUBTITLES=\"subs\""));

        var playlist = anonymous(base + "subtitles/en.m3u8");
        assertThat(playlist.statusCode()).isEqualTo(200);
        assertThat(playlist.contentType()).startsWith("application/vnd.apple.mpegurl");
        assertThat(playlist.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(playlist.asString().lines().toList())
                .containsExactly(
                        "#EXTM3U",
                        "#EXT-X-VERSION:3",
                        "#EXT-X-TARGETDURATION:" + (long) Math.ceil(duration),
                        "#EXT-X-MEDIA-SEQUENCE:0",
                        "#EXT-X-PLAYLIST-TYPE:VOD",
                        String.format(Locale.ROOT, "#EXTINF:%.3f,", duration),
                        "en.vtt",
                        "#EXT-X-ENDLIST");

        var vtt = anonymous(base + "subtitles/en.vtt");
        assertThat(vtt.statusCode()).isEqualTo(200);
        assertThat(vtt.contentType()).startsWith("text/vtt");
        assertThat(vtt.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(vtt.asString()).isEqualTo("WEBVTT\n\n" + WEBVTT);

        TestStack.assertProblem(anonymous(base + "subtitles/fr.m3u8"), 404, "/problems/not-found");
        TestStack.assertProblem(anonymous(base + "subtitles/fr.vtt"), 404, "/problems/not-found");
    }

    @Test
    @Order(3)
    void aSignedPlaybackIdsTokenReachesTheSubtitlesInThePathOrAsAQuery() throws Exception {
        var key = TestStack.asAdmin()
                .contentType("application/json")
                .body("{\"algorithm\":\"ES256\"}")
                .post(TestStack.API + "/playback-keys");
        assertThat(key.statusCode()).isEqualTo(201);
        var es256 = ECKey.parse(key.jsonPath().getString("privateJwk"));
        var signed = TestStack.asAdmin()
                .contentType("application/json")
                .body("{\"policy\":\"signed\"}")
                .post(location + "/playback-ids");
        assertThat(signed.statusCode()).isEqualTo(201);
        var signedId = signed.jsonPath().getString("id");
        var token = SignedPlaybackIT.sign(es256, SignedPlaybackIT.claims(signedId, "v", 600));
        var api = TestStack.API + "/playback/";

        assertThat(anonymous(api + token + "/master.m3u8").asString()).contains("URI=\"subtitles/en.m3u8\"");
        assertThat(anonymous(api + token + "/subtitles/en.m3u8").asString()).contains("\nen.vtt\n");
        assertThat(anonymous(api + token + "/subtitles/en.vtt").asString()).isEqualTo("WEBVTT\n\n" + WEBVTT);

        var query = "?token=" + token;
        assertThat(anonymous(api + signedId + "/master.m3u8" + query).asString())
                .contains("URI=\"subtitles/en.m3u8" + query + "\"")
                .contains("URI=\"subtitles/pt-BR.m3u8" + query + "\"");
        assertThat(anonymous(api + signedId + "/subtitles/en.m3u8" + query)
                        .asString()
                        .lines())
                .contains("en.vtt" + query);
        assertThat(anonymous(api + signedId + "/subtitles/en.vtt" + query).statusCode())
                .isEqualTo(200);
        TestStack.assertProblem(
                anonymous(api + signedId + "/subtitles/en.vtt"), 403, "/problems/playback-token-required");
    }

    @Test
    @Order(4)
    void badFilesAreRefusedWithTheLineTheyGoWrongOn() {
        var latin1 = "WEBVTT\n\n00:00.000 --> 00:01.000\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        refused(latin1, 422, "/problems/invalid-captions", "Line 4: the file is not UTF-8 text.");
        refused(
                "just some text\n".getBytes(StandardCharsets.UTF_8),
                422,
                "/problems/invalid-captions",
                "Line 1: the file is neither WebVTT");
        refused(
                "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:00,500 --> 00:00:01,000\nb\n"
                        .getBytes(StandardCharsets.UTF_8),
                422,
                "/problems/invalid-captions",
                "Line 6: the cue starts before the cue above it");
        refused(
                "WEBVTT\n\n00:00.000 --> 00:01.000\na\n\n00:01.000 --> 10:00.000\nb\n".getBytes(StandardCharsets.UTF_8),
                422,
                "/problems/invalid-captions",
                "Line 6: the cue ends at 00:10:00.000, after the clip's end");
        refused(new byte[1024 * 1024 + 1], 413, "/problems/payload-too-large", "at most 1048576 bytes");
        TestStack.assertProblem(
                upload("not a tag", null, null, "text/vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8)),
                400,
                "/problems/invalid-filter");
        TestStack.assertProblem(
                upload("fr", null, "karaoke", "text/vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8)),
                400,
                "/problems/invalid-filter");
        var vtt = "WEBVTT\n".getBytes(StandardCharsets.UTF_8);
        var overlong = upload("fr", "x".repeat(101), null, "text/vtt", vtt);
        TestStack.assertProblem(overlong, 400, "/problems/invalid-field");
        assertThat(overlong.jsonPath().getString("detail")).isEqualTo("'label' is longer than 100 characters.");
        var blank = upload("fr", "  ", null, "text/vtt", vtt);
        TestStack.assertProblem(blank, 400, "/problems/invalid-field");
        assertThat(blank.jsonPath().getString("detail")).isEqualTo("'label' is blank.");
        // a query parameter's control character is refused before the resource, as on every route
        var control = upload("fr", "a\u0007b", null, "text/vtt", vtt);
        TestStack.assertProblem(control, 400, "/problems/invalid-parameter");
        assertThat(control.jsonPath().getString("detail"))
                .isEqualTo("'label' contains a control or otherwise invalid character (U+0007 at position 1).");
        assertThat(TestStack.asAdmin().get(location + "/captions").jsonPath().getList("items.language"))
                .containsExactly("en", "pt-BR");
    }

    @Test
    @Order(4)
    void aCaptionBodyThatEndsBeforeItsDeclaredLengthIsAnInterruptedUpload() throws Exception {
        var url = URI.create(location + "/captions?language=fr");
        String answer;
        try (var socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(120_000);
            var out = socket.getOutputStream();
            out.write(("POST " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getHost()
                            + ":" + url.getPort() + "\r\nAuthorization: Bearer " + TestStack.asAdminToken()
                            + "\r\nContent-Type: text/vtt\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n"
                            + "WEBVTT\n\n00:00.000 --> 00:01.000\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput(); // the client goes away 4,968 bytes short
            var received = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(received);
            } catch (IOException e) {
                // the server may reset the connection once it has answered; what arrived is the answer
            }
            answer = received.toString(StandardCharsets.UTF_8);
        }

        assertThat(answer)
                .startsWith("HTTP/1.1 400")
                .contains("application/problem+json")
                .contains("/problems/upload-interrupted")
                .contains("The upload ended before the caption file was complete.");
        assertThat(TestStack.asAdmin().get(location + "/captions").jsonPath().getList("items.language"))
                .containsExactly("en", "pt-BR");
    }

    @Test
    @Order(5)
    void chromiumListsTheTrackInTheCaptionsMenuAndLoadsItsCues() throws Exception {
        var seen = PlayerBrowserIT.chromium("captions", asset.getString("playbackIds[0].embedUrl"), "captions.png");
        assertThat(seen.getString("error")).isNull();
        assertThat(seen.getList("subtitleTracks")).containsExactly("English", "Portuguese (Brazil)");
        assertThat(seen.getList("captionOptions")).containsExactly("Off", "English", "Portuguese (Brazil)");
        assertThat(seen.getBoolean("captionsHidden")).isFalse();
        assertThat(seen.getInt("subtitleTrack")).isZero();
        assertThat(seen.getList("cueTexts")).contains("Hello <i>there</i>");
    }

    @Test
    @Order(6)
    void concurrentUploadsOfOneLanguageMakeOneTrackAndTheOthersAre409() throws Exception {
        var body = "WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n".getBytes(StandardCharsets.UTF_8);
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Response>>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return TestStack.asAdmin()
                            .contentType("text/vtt")
                            .queryParam("language", "de")
                            .body(body)
                            .post(location + "/captions");
                }));
            }
            start.countDown();
            var statuses = new java.util.ArrayList<Integer>();
            for (var answer : answers) {
                var response = answer.get();
                statuses.add(response.statusCode());
                if (response.statusCode() != 201) {
                    TestStack.assertProblem(response, 409, "/problems/captions-exist");
                }
            }
            assertThat(statuses).containsOnlyOnce(201).hasSize(6);
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestStack.asAdmin().delete(location + "/captions/de").statusCode())
                .isEqualTo(204);
    }

    @Test
    @Order(7)
    void replaceDeleteAndAnotherTenant() {
        var replaced = TestStack.asAdmin()
                .contentType("text/vtt")
                .queryParam("label", "English (edited)")
                .body("WEBVTT\n\n00:00.000 --> 00:01.000\nOnly cue\n".getBytes(StandardCharsets.UTF_8))
                .put(location + "/captions/en");
        assertThat(replaced.statusCode()).as(replaced.asString()).isEqualTo(200);
        assertThat(replaced.jsonPath().getString("label")).isEqualTo("English (edited)");
        assertThat(replaced.jsonPath().getInt("cues")).isEqualTo(1);
        assertThat(anonymous(base + "subtitles/en.vtt").asString())
                .isEqualTo("WEBVTT\n\n00:00.000 --> 00:01.000\nOnly cue\n");
        TestStack.assertProblem(
                TestStack.asAdmin()
                        .contentType("text/vtt")
                        .body("WEBVTT\n".getBytes(StandardCharsets.UTF_8))
                        .put(location + "/captions/fr"),
                404,
                "/problems/not-found");

        var other = TestStack.otherTenantAdminToken();
        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(other).get(location + "/captions"), 404, "/problems/not-found");
        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(other).delete(location + "/captions/en"), 404, "/problems/not-found");

        assertThat(TestStack.asAdmin().delete(location + "/captions/pt-BR").statusCode())
                .isEqualTo(204);
        TestStack.assertProblem(TestStack.asAdmin().delete(location + "/captions/pt-BR"), 404, "/problems/not-found");
        TestStack.assertProblem(anonymous(base + "subtitles/pt-BR.m3u8"), 404, "/problems/not-found");
        assertThat(TestStack.asAdmin().get(location + "/captions").jsonPath().getList("items.language"))
                .containsExactly("en");
    }

    @Test
    @Order(8)
    void aPurgeRemovesTheTracksObjectsAndRows() throws Exception {
        var prefix = "captions/" + tenantOfAsset() + "/" + asset.getString("id") + "/";
        // one object for the one track left: the replaced version of en and the deleted tracks' objects
        // went once their transactions committed
        assertThat(TestStack.keys(prefix))
                .singleElement()
                .satisfies(
                        key -> assertThat(key).matches(java.util.regex.Pattern.quote(prefix) + "en-[0-9a-f]{8}\\.vtt"));
        TestStack.asAdmin().queryParam("purge", true).delete(location).then().statusCode(204);
        assertThat(TestStack.keys(prefix)).isEmpty();
        assertThat(TestStack.count("select count(*) from clips.caption_track t join clips.asset a on a.id = t.asset_id"
                        + " where a.public_id = '" + asset.getString("id") + "'"))
                .isZero();
    }

    private static String tenantOfAsset() throws Exception {
        try (var db = TestStack.database();
                var statement = db.prepareStatement("select tenant_id from clips.asset where public_id = ?::uuid")) {
            statement.setString(1, asset.getString("id"));
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    private static Response upload(String language, String label, String kind, String type, byte[] body) {
        var request = TestStack.asAdmin().contentType(type).queryParam("language", language);
        if (label != null) {
            request = request.queryParam("label", label);
        }
        if (kind != null) {
            request = request.queryParam("kind", kind);
        }
        return request.body(body).post(location + "/captions");
    }

    private static void refused(byte[] body, int status, String type, String detail) {
        var answer = upload("fr", null, null, "text/vtt", body);
        TestStack.assertProblem(answer, status, type);
        assertThat(answer.jsonPath().getString("detail")).contains(detail);
    }

    private static Response anonymous(String url) {
        return RestAssured.given()
                .header("Origin", "https://elsewhere.example")
                .redirects()
                .follow(false)
                .get(url);
    }
}
