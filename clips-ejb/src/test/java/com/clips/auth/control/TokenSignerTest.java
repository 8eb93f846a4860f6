package com.clips.auth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.auth.entity.Role;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
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
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        var signer = new TokenSigner();
        signer.privateKeyLocation = pem.toString();
        signer.issuer = "clips";
        signer.audience = "clips-api";
        signer.lifetime = Duration.ofHours(1);
        signer.keyId = "k1";
        signer.loadKey();

        var token = signer.sign("clp_1", "tenant-a", EnumSet.of(Role.MODERATOR, Role.USER), null);

        var jwt = SignedJWT.parse(token.value());
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
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
    void aKeyThatIsNotPkcs8IsReportedClearly() throws Exception {
        var pem = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TokenSigner.readPkcs8(pem)).hasMessageContaining("not a PKCS#8 RSA key");
    }
}
