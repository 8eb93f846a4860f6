package com.clips.webhooks.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals endpoint signing secrets for the database with AES-256-GCM under the deployment's key
 * ({@code clips.webhooks.secret-key}, 32 bytes in base64; `./clips` generates one): HMAC signing
 * needs the secret itself, so it cannot be stored as a hash, and a database dump alone reveals none.
 */
public final class SecretBox {

    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException(
                    "clips.webhooks.secret-key is not set (32 random bytes, base64): webhook secrets cannot be sealed");
        }
        var bytes = Base64.getDecoder().decode(base64Key.strip());
        if (bytes.length != 32) {
            throw new IllegalStateException("clips.webhooks.secret-key must be 32 bytes in base64");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    public static SecretBox of(WebhookSettings settings) {
        return new SecretBox(settings.secretKey().orElse(null));
    }

    /** A new Standard Webhooks secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    public String seal(String secret) {
        try {
            var iv = new byte[12];
            RANDOM.nextBytes(iv);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            var sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            var out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a webhook secret", e);
        }
    }

    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed webhook secret");
        }
        try {
            var bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a webhook secret (was clips.webhooks.secret-key changed?)", e);
        }
    }
}
