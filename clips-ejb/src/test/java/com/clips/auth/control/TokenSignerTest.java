package com.clips.auth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.identity.Role;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSignerTest {

    @TempDir
    Path dir;

    @Test
    void signsAVerifiableRs256TokenWithTheClaimsMicroProfileJwtChecks() throws Exception {
        var pair = KeyPairGenerator.getInstance("RSA");
        pair.initialize(2048);
        var keys = pair.generateKeyPair();
        var pem = dir.resolve("private.pem");
        Files.writeString(
                pem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        var signer = new TokenSigner();
        signer.privateKeyLocation = pem.toString();
        signer.issuer = "clips";
        signer.audience = "clips-api";
        signer.lifetime = Duration.ofHours(1);
        signer.keyId = "k1";
        signer.verificationKeysLocation = Optional.empty();
        signer.loadKey();

        var token = signer.sign("clp_1", "tenant-a", EnumSet.of(Role.MODERATOR, Role.USER), null);

        var jwt = SignedJWT.parse(token.value());
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic())))
                .isTrue();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("clips");
        assertThat(claims.getAudience()).containsExactly("clips-api");
        assertThat(claims.getSubject()).isEqualTo("clp_1");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("tenant-a");
        assertThat(claims.getStringListClaim("groups")).containsExactly("Moderator", "User");
        assertThat(claims.getExpirationTime()).isAfter(new Date(System.currentTimeMillis() + 3500_000));
        assertThat(token.lifetime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void duringARotationTheJwksPublishesEveryKeyStillAcceptedAndNothingPrivate() throws Exception {
        var previous = rsa("clips-1");
        var current = rsa("clips-2");
        var signer = signer(current, "clips-2", new JWKSet(List.of(previous, current)));

        var published = JWKSet.parse(signer.publicJwks());
        assertThat(published.getKeys()).extracting(JWK::getKeyID).containsExactly("clips-1", "clips-2");
        assertThat(published.getKeys()).noneMatch(JWK::isPrivate);
        var token = SignedJWT.parse(
                signer.sign("clp_1", "t", EnumSet.of(Role.USER), null).value());
        assertThat(token.getHeader().getKeyID()).isEqualTo("clips-2");
        assertThat(token.verify(new RSASSAVerifier(current.toRSAPublicKey()))).isTrue();
    }

    @Test
    void aNodeWhoseSigningKeyIsNotAmongTheVerificationKeysDoesNotStart() throws Exception {
        var previous = rsa("clips-1");
        var current = rsa("clips-2");
        // the new key is signed with, but the set still lists only the old one
        assertThatThrownBy(() -> signer(current, "clips-2", new JWKSet(previous)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kid clips-2");
        // the right kid, but another key under it
        assertThatThrownBy(() -> signer(current, "clips-1", new JWKSet(previous)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kid clips-1");
    }

    private static RSAKey rsa(String kid) throws Exception {
        return new RSAKeyGenerator(2048)
                .keyID(kid)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
    }

    private TokenSigner signer(RSAKey key, String kid, JWKSet verification) throws Exception {
        var pem = dir.resolve(kid + "-" + System.nanoTime() + ".pem");
        Files.writeString(
                pem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(key.toPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        var jwks = Files.writeString(
                dir.resolve("jwks-" + System.nanoTime() + ".json"),
                verification.toPublicJWKSet().toString());
        var signer = new TokenSigner();
        signer.privateKeyLocation = pem.toString();
        signer.issuer = "clips";
        signer.audience = "clips-api";
        signer.lifetime = Duration.ofHours(1);
        signer.keyId = kid;
        signer.verificationKeysLocation = Optional.of("file:" + jwks);
        signer.loadKey();
        return signer;
    }

    @Test
    void aKeyThatIsNotPkcs8IsReportedClearly() throws Exception {
        var pem = Files.writeString(
                dir.resolve("bad.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TokenSigner.readPkcs8(pem)).hasMessageContaining("not a PKCS#8 RSA key");
    }
}
