package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.auth.control.SigningKeys;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Comparator;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing key rotation without downtime, made by the same code `./clips rotate-key` runs
 * (SigningKeys.rotate on a copy of the suite server's key directory): a second node starts
 * signing with the new key while its verification set still holds the suite server's key. Tokens
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
        // the suite's own key directory, copied, then rotated by the code ./clips rotate-key runs
        var suiteKeys = Path.of(TestStack.env("CLIPS_JWT_PRIVATE_KEY_LOCATION")).getParent();
        var keys = Path.of("target", "key-rotation", "keys").toAbsolutePath();
        copy(suiteKeys, keys);
        var previousKid = SigningKeys.ensure(keys).keyId();
        var rotated = SigningKeys.rotate(keys);
        var nextKid = rotated.keyId();
        assertThat(nextKid).isNotEqualTo(previousKid);
        var nextPrivate = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                        .decode(Files.readString(rotated.privateKey())
                                .replaceAll("-----[A-Z ]+-----", "")
                                .replaceAll("\\s", ""))));
        var oldToken = TestStack.asAdminToken();

        try (var node = new WildFlyNode("rotated-node", 300)
                .prepare()
                .env("CLIPS_JWT_PRIVATE_KEY_LOCATION", rotated.privateKey().toString())
                .env("CLIPS_JWT_KEY_ID", nextKid)
                .env("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + rotated.verificationSet())) {
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
            assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(nextKid);
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
            assertThat(published.getKeys()).extracting(JWK::getKeyID).containsExactly(previousKid, nextKid);
            assertThat(published.getKeys()).noneMatch(JWK::isPrivate);

            // the kid picks the key: the right signature under a kid the set does not have is refused
            var claims = SignedJWT.parse(newToken).getJWTClaimsSet();
            var unknownKid = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID("rotated-99")
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            unknownKid.sign(new RSASSASigner(nextPrivate));
            TestStack.assertProblem(
                    RestAssured.given().auth().oauth2(unknownKid.serialize()).get(node.api() + "/assets"),
                    401,
                    "/problems/unauthenticated");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (var old = Files.walk(to)) {
                for (var p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(to.getParent());
        try (var files = Files.walk(from)) {
            for (var p : files.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
