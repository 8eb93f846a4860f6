package com.clips.webhooks.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The deployment's Ed25519 webhook signing key (Standard Webhooks {@code v1a}): every message is
 * also signed with it, and integrators verify with the public key, published as
 * {@code whpk_…} and as a JWK (no shared secret to leak on their side). PEM files: the private key
 * PKCS#8, the public key X.509 (`./clips` makes both with openssl).
 */
public final class SigningKeyPair {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public SigningKeyPair(Path privatePem, Path publicPem) {
        try {
            var factory = KeyFactory.getInstance("Ed25519");
            this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
            this.publicKey = factory.generatePublic(new X509EncodedKeySpec(der(publicPem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the webhook signing key is not an Ed25519 key pair", e);
        }
        var raw = raw();
        this.keyId = "whk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha256(raw), 9));
    }

    /** {@code v1a,} and the base64 Ed25519 signature of {@code id.timestamp.body}. */
    public String sign(String id, long timestamp, String body) {
        try {
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1a," + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The public key as Standard Webhooks writes it: {@code whpk_} and the raw 32 bytes in base64. */
    public String publicKey() {
        return "whpk_" + Base64.getEncoder().encodeToString(raw());
    }

    /** The public key as a JWK (RFC 8037). */
    public java.util.Map<String, String> jwk() {
        return java.util.Map.of(
                "kty", "OKP",
                "crv", "Ed25519",
                "use", "sig",
                "alg", "EdDSA",
                "kid", keyId,
                "x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw()));
    }

    public String keyId() {
        return keyId;
    }

    /** The last 32 bytes of the X.509 encoding are the key itself. */
    private byte[] raw() {
        var encoded = publicKey.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(Path pem) {
        try {
            var text = Files.readString(pem, StandardCharsets.US_ASCII);
            var body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the webhook signing key " + pem, e);
        }
    }
}
