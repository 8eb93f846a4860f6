package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing key rotation without downtime, as `./clips rotate-key` sets it up: a second node starts
 * signing with a new key while its verification set still holds the suite server's key. Tokens
 * the old key signed keep working there, its own tokens carry the new kid, its JWKS publishes both
 * keys, and a token naming a kid the set does not have is refused.
 */
@ExtendWith(ArquillianExtension.class)
class KeyRotationIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void aNodeSigningWithTheNextKeyStillAcceptsTokensOfThePreviousOne() throws Exception {
        var dir = Files.createDirectories(Path.of("target", "key-rotation").toAbsolutePath());
        var previousKid = System.getenv().getOrDefault("CLIPS_JWT_KEY_ID", "clips-1");
        var previous = new RSAKey.Builder(publicKey(Path.of(
                        TestStack.env("MP_JWT_VERIFY_PUBLICKEY_LOCATION").replaceFirst("^file:", ""))))
                .keyID(previousKid)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .build();
        var next = new RSAKeyGenerator(2048)
                .keyID("rotated-2")
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
        var privatePem = Files.writeString(
                dir.resolve("next-private.pem"),
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(next.toPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        var jwks = Files.writeString(
                dir.resolve("jwks.json"),
                new JWKSet(List.of(previous, next)).toPublicJWKSet().toString());
        var oldToken = TestStack.asAdminToken();

        try (var node = new WildFlyNode("rotated-node", 300)
                .prepare()
                .env("CLIPS_JWT_PRIVATE_KEY_LOCATION", privatePem.toString())
                .env("CLIPS_JWT_KEY_ID", "rotated-2")
                .env("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + jwks)) {
            node.start();

            // a token the previous key signed (on the suite's server) still works on the rotated node
            RestAssured.given()
                    .auth()
                    .oauth2(oldToken)
                    .get(node.api() + "/assets")
                    .then()
                    .statusCode(200);

            // the rotated node signs with the next key: accepted there, not yet on a node without it
            var credentials = TestStack.bootstrapCredentials();
            var newToken = TestStack.token(
                    node.api(),
                    credentials.getProperty("CLIPS_CLIENT_ID"),
                    credentials.getProperty("CLIPS_CLIENT_SECRET"));
            assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo("rotated-2");
            RestAssured.given()
                    .auth()
                    .oauth2(newToken)
                    .get(node.api() + "/assets")
                    .then()
                    .statusCode(200);
            TestStack.assertProblem(
                    RestAssured.given().auth().oauth2(newToken).get(TestStack.API + "/assets"),
                    401,
                    "/problems/unauthenticated");

            // the JWKS publishes every key still accepted, public parts only
            var published = JWKSet.parse(
                    RestAssured.given().get(node.api() + "/auth/jwks").asString());
            assertThat(published.getKeys()).extracting(JWK::getKeyID).containsExactly(previousKid, "rotated-2");
            assertThat(published.getKeys()).noneMatch(JWK::isPrivate);

            // the kid picks the key: the right signature under a kid the set does not have is refused
            var claims = SignedJWT.parse(newToken).getJWTClaimsSet();
            var unknownKid = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID("rotated-99")
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            unknownKid.sign(new RSASSASigner(next));
            TestStack.assertProblem(
                    RestAssured.given().auth().oauth2(unknownKid.serialize()).get(node.api() + "/assets"),
                    401,
                    "/problems/unauthenticated");
        }
    }

    private static RSAPublicKey publicKey(Path pem) throws Exception {
        var der = Base64.getDecoder()
                .decode(Files.readString(pem)
                        .replaceAll("-----[A-Z ]+-----", "")
                        .replaceAll("\\s", ""));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    }
}
