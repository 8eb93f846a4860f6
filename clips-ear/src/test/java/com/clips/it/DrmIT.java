package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;

/**
 * Content protection from outside: a tenant whose encoding profile says {@code protection: cbcs}
 * gets its clips' renditions and audio tracks encrypted (CENC cbcs, by Shaka Packager), every
 * manifest naming the key (HLS per system, DASH ContentProtection), no clear download; the ClearKey
 * licence answers a playback token of audience d only; and Chromium plays the clip through EME
 * with ClearKey, in dash.js and in Clips' own player (hls.js), with a licence, and not without.
 */
@ExtendWith(ArquillianExtension.class)
class DrmIT {

    private static final String API = TestStack.API;
    private static final String WIDEVINE = "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed";

    private static String token;
    private static ECKey signingKey;
    private static String playbackId;
    private static String masterUrl;
    private static UUID keyId;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void aProtectedClip() throws Exception {
        var created = TestStack.newTenant("drm", Map.of("encoding", Map.of("protection", "cbcs")));
        assertThat(created.getString("tenant.encoding.protection")).isEqualTo("cbcs");
        // an unknown scheme is refused and the profile stays as it was
        var refused = TestStack.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("maxRenditionHeight", 480, "protection", "widevine"))
                .put(API + "/tenants/" + created.getString("tenant.id") + "/encoding");
        TestStack.assertProblem(refused, 400, "/problems/invalid-field");
        assertThat(refused.jsonPath().getString("detail")).isEqualTo("protection must be \"cbcs\" or \"none\".");
        var kept = TestStack.asAdmin()
                .get(API + "/tenants/" + created.getString("tenant.id"))
                .jsonPath();
        assertThat(kept.getString("encoding.protection")).isEqualTo("cbcs");
        assertThat((Object) kept.get("encoding.maxRenditionHeight")).isNull();
        token = TestStack.token(
                created.getString("administrator.clientId"), created.getString("administrator.clientSecret"));
        var key = RestAssured.given()
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"algorithm\":\"ES256\"}")
                .post(API + "/playback-keys");
        assertThat(key.statusCode()).isEqualTo(201);
        signingKey = ECKey.parse(key.jsonPath().getString("privateJwk"));
        // encoded (its key frames are far apart), so the ladder's rungs and the audio step are both encrypted
        var asset = TestStack.awaitReady(token, TestStack.uploadAs(token, TestStack.encodingClip("drm.mp4", 6)));
        masterUrl = TestStack.publicPlaybackUrl(token, asset.getString("id"));
        playbackId = masterUrl.replaceAll(".*/playback/([^/]+)/master\\.m3u8$", "$1");
        var mpd = RestAssured.given().get(URI.create(masterUrl).resolve("manifest.mpd"));
        assertThat(mpd.statusCode()).isEqualTo(200);
        var kid = DocumentBuilderFactory.newDefaultNSInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(mpd.asByteArray()))
                .getElementsByTagName("ContentProtection");
        keyId = UUID.fromString(((Element) kid.item(0)).getAttributeNS("urn:mpeg:cenc:2013", "default_KID"));
    }

    @Test
    void everyRenditionIsCbcsEncryptedAndEveryManifestNamesItsKey() throws Exception {
        var keyIdBase64 = Base64.getEncoder().encodeToString(bytes(keyId));
        var master = RestAssured.given()
                .get(masterUrl)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-SESSION-KEY:")))
                .containsExactly("#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64," + keyIdBase64
                        + "\",KEYFORMAT=\"org.w3.clearkey\",KEYFORMATVERSIONS=\"1\"");
        var renditions = new ArrayList<String>();
        master.lines().filter(l -> l.endsWith("/index.m3u8")).forEach(renditions::add);
        master.lines()
                .filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=AUDIO"))
                .map(l -> l.replaceAll(".*URI=\"([^\"]+)\".*", "$1"))
                .forEach(renditions::add);
        assertThat(renditions).contains("a0/index.m3u8").hasSizeGreaterThan(1);
        for (var playlist : renditions) {
            var media = RestAssured.given()
                    .get(URI.create(masterUrl).resolve(playlist))
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            var keys = media.lines().filter(l -> l.startsWith("#EXT-X-KEY:")).toList();
            assertThat(keys)
                    .as(playlist)
                    .extracting(l -> l.replaceAll(".*KEYFORMAT=\"([^\"]+)\".*", "$1"))
                    .containsExactly("org.w3.clearkey", "com.microsoft.playready", WIDEVINE);
            assertThat(keys.get(0))
                    .startsWith(
                            "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64," + keyIdBase64 + "\",IV=0x");
            assertThat(keys.get(2)).contains("KEYID=0x" + HexFormat.of().formatHex(bytes(keyId)));
            // the init segment, through its signed URL: the cbcs scheme, the key ID, the systems' pssh boxes
            var initUrl = media.lines()
                    .filter(l -> l.startsWith("#EXT-X-MAP:"))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll(".*URI=\"([^\"]+)\".*", "$1");
            var init =
                    RestAssured.given().urlEncodingEnabled(false).get(initUrl).asByteArray();
            var sampleEntry = playlist.startsWith("a") ? "enca" : "encv";
            assertThat(indexOf(init, sampleEntry.getBytes(StandardCharsets.US_ASCII)))
                    .as(playlist)
                    .isPositive();
            assertThat(indexOf(init, "schm\0\0\0\0cbcs".getBytes(StandardCharsets.US_ASCII)))
                    .isPositive();
            assertThat(indexOf(init, bytes(keyId))).isPositive();
            assertThat(indexOf(init, HexFormat.of().parseHex("edef8ba979d64acea3c827dcd51d21ed")))
                    .isPositive();
        }

        var mpd = DocumentBuilderFactory.newDefaultNSInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(RestAssured.given()
                        .get(URI.create(masterUrl).resolve("manifest.mpd"))
                        .asByteArray()));
        var sets = mpd.getElementsByTagName("AdaptationSet");
        for (int i = 0; i < sets.getLength(); i++) {
            var protection = ((Element) sets.item(i)).getElementsByTagName("ContentProtection");
            var schemes = new ArrayList<String>();
            for (int j = 0; j < protection.getLength(); j++) {
                schemes.add(((Element) protection.item(j)).getAttribute("schemeIdUri"));
            }
            assertThat(schemes)
                    .containsExactly(
                            "urn:mpeg:dash:mp4protection:2011",
                            "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e",
                            WIDEVINE,
                            "urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95");
        }

        // no clear copy to download
        TestStack.assertProblem(
                RestAssured.given()
                        .redirects()
                        .follow(false)
                        .get(URI.create(masterUrl).resolve("video.mp4")),
                409,
                "/problems/protected-content");
        // a thumbnail at a time is taken from a decrypted segment: a picture, not garbage
        var thumbnail = RestAssured.given()
                .get(URI.create(masterUrl).resolve("poster.jpg?time=2&width=320"))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        var probe = TestStack.ffprobe(java.nio.file.Files.write(
                java.nio.file.Files.createTempFile(java.nio.file.Path.of("target"), "drm-thumb-", ".jpg"), thumbnail));
        assertThat(probe.getString("streams[0].codec_name")).isEqualTo("mjpeg");
        // its scratch files, the decrypted copy too, are gone with the answer
        try (var left = java.nio.file.Files.list(java.nio.file.Path.of(TestStack.env("CLIPS_WORK_DIR")))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("thumbnail-"));
        }
    }

    @Test
    void theClearKeyLicenceAnswersATokenOfAudienceDOnly() throws Exception {
        var licence = API + "/playback/" + playbackId + "/license/clearkey";
        var body = "{\"kids\":[\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(keyId))
                + "\"],\"type\":\"temporary\"}";

        TestStack.assertProblem(post(licence, body), 403, "/problems/playback-token-required");
        var video = SignedPlaybackIT.sign(signingKey, SignedPlaybackIT.claims(playbackId, "v", 600));
        TestStack.assertProblem(post(licence + "?token=" + video, body), 403, "/problems/invalid-playback-token");
        var expired = SignedPlaybackIT.sign(signingKey, SignedPlaybackIT.claims(playbackId, "d", -120));
        TestStack.assertProblem(post(licence + "?token=" + expired, body), 403, "/problems/invalid-playback-token");

        var drm = SignedPlaybackIT.sign(signingKey, SignedPlaybackIT.claims(playbackId, "d", 600));
        for (var url : List.of(licence + "?token=" + drm, API + "/playback/" + drm + "/license/clearkey")) {
            var answer = post(url, body);
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(answer.header("Cache-Control")).isEqualTo("private, no-store");
            assertThat(answer.jsonPath().getString("type")).isEqualTo("temporary");
            assertThat(answer.jsonPath().getList("keys")).hasSize(1);
            assertThat(answer.jsonPath().getString("keys[0].kty")).isEqualTo("oct");
            assertThat(answer.jsonPath().getString("keys[0].kid"))
                    .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(keyId)));
            assertThat(Base64.getUrlDecoder().decode(answer.jsonPath().getString("keys[0].k")))
                    .hasSize(16);
        }
        // the packager's commands are logged with the key ID and never the key
        var key = HexFormat.of()
                .formatHex(Base64.getUrlDecoder()
                        .decode(post(licence + "?token=" + drm, body).jsonPath().getString("keys[0].k")));
        var log = java.nio.file.Files.readString(
                java.nio.file.Path.of(System.getProperty("clips.it.server.base"), "log", "server.log"));
        assertThat(log).contains("key_id=" + HexFormat.of().formatHex(bytes(keyId)) + ":key=<key>");
        assertThat(log).doesNotContain(key);

        var withToken = licence + "?token=" + drm;
        var refused = post(withToken, "{\"kids\":[\"AAEC\"]}");
        TestStack.assertProblem(refused, 400, "/problems/invalid-licence-request");
        assertThat(refused.jsonPath().getString("detail")).isEqualTo("Each of kids must be a key ID of 16 bytes.");
        TestStack.assertProblem(post(withToken, "not json"), 400, "/problems/invalid-licence-request");
        TestStack.assertProblem(post(withToken, "x".repeat(5000)), 413, "/problems/payload-too-large");
        var unknown = "{\"kids\":[\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(UUID.randomUUID()))
                + "\"]}";
        TestStack.assertProblem(post(withToken, unknown), 404, "/problems/not-found");
    }

    @Test
    void chromiumPlaysItThroughEmeWithALicenceAndNotWithout() throws Exception {
        var mpdUrl = URI.create(masterUrl).resolve("manifest.mpd").toString();
        var licence = API + "/playback/" + playbackId + "/license/clearkey";
        var drm = SignedPlaybackIT.sign(signingKey, SignedPlaybackIT.claims(playbackId, "d", 600));

        var dash = PlayerBrowserIT.chromium("dash-drm", mpdUrl, "drm-dash.png", licence + "?token=" + drm);
        assertThat(dash.getList("errors")).as(dash.prettify()).isEmpty();
        assertThat(dash.getDouble("played")).as(dash.prettify()).isGreaterThanOrEqualTo(3.0);
        assertThat(dash.getBoolean("mediaKeys")).isTrue();
        assertThat(dash.getList("licences", Integer.class)).isNotEmpty().containsOnly(200);
        assertThat(dash.getList("failed")).isEmpty();

        var refused = PlayerBrowserIT.chromium("dash-drm", mpdUrl, "drm-dash-refused.png", licence);
        assertThat(refused.getList("licences", Integer.class))
                .as(refused.prettify())
                .isNotEmpty()
                .containsOnly(403);
        assertThat(refused.getDouble("played")).as(refused.prettify()).isLessThan(0.5);
        assertThat(refused.getList("errors")).isNotEmpty();

        var embed = TestStack.ROOT + "/embed/" + playbackId;
        var player = PlayerBrowserIT.chromium("hls-drm", embed + "?drmToken=" + drm, "drm-player.png");
        assertThat(player.getString("error")).as(player.prettify()).isNull();
        assertThat(player.getDouble("played")).as(player.prettify()).isGreaterThanOrEqualTo(3.0);
        assertThat(player.getList("licences", Integer.class)).isNotEmpty().containsOnly(200);

        var without = PlayerBrowserIT.chromium("hls-drm", embed, "drm-player-refused.png");
        assertThat(without.getString("error")).as(without.prettify()).isNotNull();
        assertThat(without.getDouble("played")).isLessThan(0.5);
        assertThat(without.getList("licences", Integer.class)).isNotEmpty().containsOnly(403);
    }

    private static Response post(String url, String body) {
        return RestAssured.given().urlEncodingEnabled(false).body(body).post(url);
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
