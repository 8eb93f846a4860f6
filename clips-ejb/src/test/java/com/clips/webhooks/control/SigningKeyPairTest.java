package com.clips.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyPairTest {

    @Test
    void signsV1aThatThePublicKeyVerifiesAndPublishesIt(@TempDir Path dir) throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var privatePem = dir.resolve("k.pem");
        var publicPem = dir.resolve("k.pub.pem");
        Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        var keys = new SigningKeyPair(privatePem, publicPem);

        var header = keys.sign("msg_1", 1700000000, "{\"a\":1}");
        assertThat(header).startsWith("v1a,");
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(pair.getPublic());
        verifier.update("msg_1.1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(header.substring(4))))
                .isTrue();
        verifier.initVerify(pair.getPublic());
        verifier.update("msg_1.1700000001.{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(header.substring(4))))
                .isFalse();

        var encoded = pair.getPublic().getEncoded();
        var raw = java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        assertThat(keys.publicKey()).isEqualTo("whpk_" + Base64.getEncoder().encodeToString(raw));
        assertThat(keys.jwk())
                .containsEntry("kty", "OKP")
                .containsEntry("crv", "Ed25519")
                .containsEntry("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw))
                .containsEntry("kid", keys.keyId());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }
}
