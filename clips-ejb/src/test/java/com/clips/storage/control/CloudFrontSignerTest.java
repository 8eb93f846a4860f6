package com.clips.storage.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed URLs CloudFront's documentation describes for a canned policy: the policy
 * {@code {"Statement":[{"Resource":URL,"Condition":{"DateLessThan":{"AWS:EpochTime":T}}}]}} signed
 * RSA-SHA1 with the key pair's private key, in CloudFront's URL-safe base64 ({@code + = /} as
 * {@code - _ ~}), beside {@code Expires} and {@code Key-Pair-Id}.
 */
class CloudFrontSignerTest {

    private static final String URL = "https://d111111abcdef8.cloudfront.net/renditions/acme/a1/720p/seg_00001.m4s";
    private static final Instant EXPIRES = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    static Path dir;

    private static KeyPair keys;
    private static Path pem;

    @BeforeAll
    static void keyPair() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        pem = dir.resolve("private_key.pem");
        Files.writeString(
                pem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void aSignedUrlCarriesTheCannedPolicysSignatureExpiryAndKeyPairId() throws Exception {
        var signed = new CloudFrontSigner("K2JCJMDEHXQW5F", pem).sign(URI.create(URL), EXPIRES);

        assertThat(signed.getScheme() + "://" + signed.getRawAuthority() + signed.getRawPath())
                .isEqualTo(URL);
        var query = query(signed);
        assertThat(query.keySet()).containsExactly("Expires", "Signature", "Key-Pair-Id");
        assertThat(query).containsEntry("Expires", "1796212800").containsEntry("Key-Pair-Id", "K2JCJMDEHXQW5F");
        var signature = Base64.getDecoder()
                .decode(query.get("Signature")
                        .replace('-', '+')
                        .replace('_', '=')
                        .replace('~', '/'));
        assertThat(verifies(policy(URL, 1796212800L), signature)).isTrue();
        // the signature is the policy's: another file or another expiry does not verify
        assertThat(verifies(policy(URL.replace("seg_00001", "seg_00002"), 1796212800L), signature))
                .isFalse();
        assertThat(verifies(policy(URL, 1796212801L), signature)).isFalse();
    }

    @Test
    void aMissingOrUnreadableKeyStopsTheStartNotARequest() throws Exception {
        var notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> new CloudFrontSigner("K2JCJMDEHXQW5F", notPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clips.cdn.cloudfront.private-key-file: not a readable PEM private key");
        assertThatThrownBy(() -> new CloudFrontSigner(" ", pem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clips.cdn.cloudfront.key-pair-id is empty");
        assertThatThrownBy(() -> Delivery.signer(
                        "cloudfront", false, Optional.empty(), Optional.of("K2"), Optional.of(pem.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("clips.cdn.signer cloudfront signs CDN URLs: set clips.cdn.base-url");
        assertThat(Delivery.signer(
                        "cloudfront", true, Optional.empty(), Optional.of("K2"), Optional.of(pem.toString())))
                .isInstanceOf(CloudFrontSigner.class);
        assertThat(Delivery.signer("none", false, Optional.empty(), Optional.empty(), Optional.empty()))
                .isNull();
    }

    private static String policy(String url, long epoch) {
        return "{\"Statement\":[{\"Resource\":\"" + url + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
                + epoch + "}}}]}";
    }

    private static boolean verifies(String policy, byte[] signature) throws Exception {
        var verifier = Signature.getInstance("SHA1withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(policy.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(signature);
    }

    private static Map<String, String> query(URI url) {
        var found = new LinkedHashMap<String, String>();
        for (var pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            found.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return found;
    }
}
