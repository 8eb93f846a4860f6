package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signed playback: a tenant's signing key (private key shown once, public part in a JWK Set), a
 * playback token its backend signs (kid, sub = signed playback ID, aud, exp, optional referrers)
 * in the path in place of the ID, so every relative URI inherits it; or as ?token=. Anything else
 * is 403 problem+json, and deleting the playback ID or the key ends it.
 */
@ExtendWith(ArquillianExtension.class)
class SignedPlaybackIT {

    private static String location;
    private static String signedId;
    private static ECKey es256;
    private static RSAKey rs256;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void signedClip() throws Exception {
        var created = TestStack.asAdmin()
                .contentType("application/json")
                .body("{\"algorithm\":\"ES256\"}")
                .post(TestStack.API + "/playback-keys");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getString("privateKeyPem")).startsWith("-----BEGIN PRIVATE KEY-----");
        es256 = ECKey.parse(created.jsonPath().getString("privateJwk"));
        assertThat(es256.getKeyID()).isEqualTo(created.jsonPath().getString("id"));
        var rsa = TestStack.asAdmin()
                .contentType("application/json")
                .body("{\"algorithm\":\"RS256\"}")
                .post(TestStack.API + "/playback-keys");
        assertThat(rsa.statusCode()).isEqualTo(201);
        rs256 = RSAKey.parse(rsa.jsonPath().getString("privateJwk"));

        var clip = TestStack.h264Clip("signed.mp4", 854, 480, 30, 8);
        location = TestStack.upload(clip, "title", "Signed clip", "visibility", "private");
        var asset = ProcessingIT.awaitReady(location);
        assertThat(asset.getString("playbackIds[0].policy")).isEqualTo("signed");
        signedId = asset.getString("playbackIds[0].id");
    }

    @Test
    void thePrivateKeyIsShownOnceAndThePublicOnesFormAJwkSet() throws Exception {
        var list = TestStack.asAdmin().get(TestStack.API + "/playback-keys");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.asString()).doesNotContain("private").doesNotContain("\"d\"");
        assertThat(list.jsonPath().getList("id")).contains(es256.getKeyID(), rs256.getKeyID());
        var jwks = TestStack.asAdmin().get(TestStack.API + "/playback-keys/jwks");
        assertThat(jwks.statusCode()).isEqualTo(200);
        var set = JWKSet.parse(jwks.asString());
        assertThat(set.getKeyByKeyId(es256.getKeyID()).isPrivate()).isFalse();
        assertThat(set.getKeyByKeyId(rs256.getKeyID()).isPrivate()).isFalse();
        // a User may not make keys; another tenant does not see these
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(TestStack.userToken("keyless"))
                        .contentType("application/json")
                        .body("{}")
                        .post(TestStack.API + "/playback-keys"),
                403,
                "/problems/forbidden");
        var other = RestAssured.given()
                .auth()
                .oauth2(TestStack.otherTenantAdminToken())
                .get(TestStack.API + "/playback-keys");
        assertThat(other.jsonPath().getList("id")).doesNotContain(es256.getKeyID(), rs256.getKeyID());
        TestStack.assertProblem(
                TestStack.asAdmin()
                        .contentType("application/json")
                        .body("{\"algorithm\":\"HS256\"}")
                        .post(TestStack.API + "/playback-keys"),
                400,
                "/problems/invalid-field");
    }

    @Test
    void aValidTokenInThePathPlaysAndEveryRelativeUriInheritsIt() throws Exception {
        for (var token : List.of(sign(es256, claims(signedId, "v", 600)), sign(rs256, claims(signedId, "v", 600)))) {
            var master = anonymous(TestStack.API + "/playback/" + token + "/master.m3u8");
            assertThat(master.statusCode()).as(master.asString()).isEqualTo(200);
            var variant = new MasterPlaylistParser()
                    .readPlaylist(master.asString())
                    .variants()
                    .get(0);
            assertThat(variant.uri()).isEqualTo("480p/index.m3u8");
            var media = anonymous(TestStack.API + "/playback/" + token + "/" + variant.uri());
            assertThat(media.statusCode()).isEqualTo(200);
            assertThat(media.asString()).contains("#EXTINF");
        }
        // ?token= beside the ID: the master's variants carry it on
        var token = sign(es256, claims(signedId, "v", 600));
        var byQuery = anonymous(TestStack.API + "/playback/" + signedId + "/master.m3u8?token=" + token);
        assertThat(byQuery.statusCode()).isEqualTo(200);
        assertThat(byQuery.asString()).contains("480p/index.m3u8?token=" + token);
        assertThat(anonymous(TestStack.API + "/playback/" + signedId + "/480p/index.m3u8?token=" + token)
                        .statusCode())
                .isEqualTo(200);
        // several audiences in one token: the poster too
        var all = sign(es256, claims(signedId, List.of("v", "t", "s"), 600));
        assertThat(anonymous(TestStack.API + "/playback/" + all + "/poster.jpg").statusCode())
                .isEqualTo(302);
        assertThat(anonymous(TestStack.API + "/playback/" + all + "/storyboard.vtt")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void expiredForeignTamperedWrongAudienceAndUnsignedTokensAreRefused() throws Exception {
        var url = (java.util.function.Function<String, String>) t -> TestStack.API + "/playback/" + t + "/master.m3u8";
        var invalid = "/problems/invalid-playback-token";
        TestStack.assertProblem(anonymous(url.apply(sign(es256, claims(signedId, "v", -120)))), 403, invalid);
        TestStack.assertProblem(anonymous(url.apply(sign(es256, claims(signedId, "t", 600)))), 403, invalid);
        var good = sign(es256, claims(signedId, "v", 600));
        var parts = good.split("\\.");
        var tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        TestStack.assertProblem(anonymous(url.apply(tampered)), 403, invalid);
        TestStack.assertProblem(anonymous(url.apply(parts[0] + "." + parts[1] + ".")), 403, invalid);
        var none = new PlainJWT(claims(signedId, "v", 600)).serialize();
        TestStack.assertProblem(anonymous(url.apply(none)), 403, invalid);
        var hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(es256.getKeyID())
                        .build(),
                claims(signedId, "v", 600));
        hmac.sign(new MACSigner(new byte[32]));
        TestStack.assertProblem(anonymous(url.apply(hmac.serialize())), 403, invalid);
        // a key nobody registered, with a kid of ours
        var stranger = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID(es256.getKeyID())
                .generate();
        TestStack.assertProblem(anonymous(url.apply(sign(stranger, claims(signedId, "v", 600)))), 403, invalid);
        // another tenant's key signing this tenant's playback ID
        var otherKey = RestAssured.given()
                .auth()
                .oauth2(TestStack.otherTenantAdminToken())
                .contentType("application/json")
                .body("{}")
                .post(TestStack.API + "/playback-keys");
        assertThat(otherKey.statusCode()).isEqualTo(201);
        var foreign = ECKey.parse(otherKey.jsonPath().getString("privateJwk"));
        TestStack.assertProblem(anonymous(url.apply(sign(foreign, claims(signedId, "v", 600)))), 403, invalid);
        // a token for the ID in the path, but ?token= of another ID
        TestStack.assertProblem(
                anonymous(TestStack.API + "/playback/0123456789abcdef0123456789abcdef/master.m3u8?token=" + good),
                403,
                invalid);
        // the signed ID by itself
        TestStack.assertProblem(anonymous(url.apply(signedId)), 403, "/problems/playback-token-required");
    }

    @Test
    void aReferrerRestrictionIsHonoured() throws Exception {
        var claims = new JWTClaimsSet.Builder(claims(signedId, "v", 600))
                .claim("referrers", List.of("shop.example", "*.partner.example"))
                .build();
        var url = TestStack.API + "/playback/" + sign(es256, claims) + "/master.m3u8";
        assertThat(RestAssured.given()
                        .header("Referer", "https://shop.example/p/1")
                        .get(url)
                        .statusCode())
                .isEqualTo(200);
        assertThat(RestAssured.given()
                        .header("Referer", "https://tv.partner.example/")
                        .get(url)
                        .statusCode())
                .isEqualTo(200);
        TestStack.assertProblem(
                RestAssured.given().header("Referer", "https://evil.example/").get(url),
                403,
                "/problems/playback-restricted");
        TestStack.assertProblem(RestAssured.given().get(url), 403, "/problems/playback-restricted");
    }

    @Test
    void theBrowserPlaysAValidTokenAndIsRefusedAnExpiredOne() throws Exception {
        var token = sign(es256, claims(signedId, List.of("v", "t", "s"), 900));
        var seen = PlayerBrowserIT.chromium("play", TestStack.ROOT + "/embed/" + token, "signed-embed.png");
        assertThat(seen.getString("engine")).isEqualTo("hls.js");
        assertThat(seen.getString("error")).isNull();
        assertThat(seen.getDouble("played")).isGreaterThanOrEqualTo(3.0);

        var expired = sign(es256, claims(signedId, List.of("v", "t", "s"), -300));
        var refused = PlayerBrowserIT.chromium("refused", TestStack.ROOT + "/embed/" + expired, "signed-expired.png");
        assertThat(refused.getInt("status")).isEqualTo(403);
        assertThat(refused.getString("contentType")).startsWith("application/problem+json");
        assertThat(new JsonPath(refused.getString("body")).getString("type"))
                .isEqualTo("/problems/invalid-playback-token");
    }

    @Test
    void aSignedPlaybackIdsBeaconsNeedAValidVideoTokenLikeItsPlaylists() throws Exception {
        var play = "{\"session\":\"signed-session-0123456789\",\"kind\":\"play\",\"position\":0}";
        var video = sign(es256, claims(signedId, "v", 600));
        assertThat(beacon(TestStack.API + "/playback/" + video + "/beacons", play)
                        .statusCode())
                .isEqualTo(204);
        assertThat(beacon(TestStack.API + "/playback/" + signedId + "/beacons?token=" + video, play)
                        .statusCode())
                .isEqualTo(204);
        TestStack.assertProblem(
                beacon(TestStack.API + "/playback/" + signedId + "/beacons", play),
                403,
                "/problems/playback-token-required");
        TestStack.assertProblem(
                beacon(TestStack.API + "/playback/" + sign(es256, claims(signedId, "t", 600)) + "/beacons", play),
                403,
                "/problems/invalid-playback-token");
        TestStack.assertProblem(
                beacon(TestStack.API + "/playback/" + sign(es256, claims(signedId, "v", -60)) + "/beacons", play),
                403,
                "/problems/invalid-playback-token");
    }

    private static Response beacon(String url, String body) {
        return RestAssured.given()
                .urlEncodingEnabled(false)
                .contentType("text/plain")
                .body(body)
                .post(url);
    }

    @Test
    void deletingThePlaybackIdOrTheKeyEndsEveryToken() throws Exception {
        var added = TestStack.asAdmin()
                .contentType("application/json")
                .body("{\"policy\":\"signed\"}")
                .post(location + "/playback-ids");
        var id = added.jsonPath().getString("id");
        var token = sign(rs256, claims(id, "v", 600));
        var url = TestStack.API + "/playback/" + token + "/master.m3u8";
        assertThat(anonymous(url).statusCode()).isEqualTo(200);
        assertThat(TestStack.asAdmin().delete(location + "/playback-ids/" + id).statusCode())
                .isEqualTo(204);
        // the token is still well signed, but names no playback ID of its tenant any more
        TestStack.assertProblem(anonymous(url), 403, "/problems/invalid-playback-token");

        var key = TestStack.asAdmin().contentType("application/json").body("{}").post(TestStack.API + "/playback-keys");
        var throwaway = ECKey.parse(key.jsonPath().getString("privateJwk"));
        var withIt = TestStack.API + "/playback/" + sign(throwaway, claims(signedId, "v", 600)) + "/master.m3u8";
        assertThat(anonymous(withIt).statusCode()).isEqualTo(200);
        assertThat(TestStack.asAdmin()
                        .delete(TestStack.API + "/playback-keys/" + throwaway.getKeyID())
                        .statusCode())
                .isEqualTo(204);
        TestStack.assertProblem(anonymous(withIt), 403, "/problems/invalid-playback-token");
    }

    static JWTClaimsSet claims(String playbackId, Object audience, long secondsFromNow) {
        var builder = new JWTClaimsSet.Builder()
                .subject(playbackId)
                .expirationTime(Date.from(Instant.now().plusSeconds(secondsFromNow)));
        if (audience instanceof List<?> list) {
            builder.audience(list.stream().map(String::valueOf).toList());
        } else {
            builder.audience(String.valueOf(audience));
        }
        return builder.build();
    }

    static String sign(JWK key, JWTClaimsSet claims) throws Exception {
        var alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        var jwt = new SignedJWT(
                new JWSHeader.Builder(alg)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner(key.toRSAKey()));
        return jwt.serialize();
    }

    private static Response anonymous(String url) {
        return RestAssured.given()
                .urlEncodingEnabled(false)
                .redirects()
                .follow(false)
                .get(url);
    }
}
