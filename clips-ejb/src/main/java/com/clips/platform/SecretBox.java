package com.clips.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for the database with AES-256-GCM under a deployment key (32 bytes in base64, in
 * the setting the box is made for; `./clips` generates them): webhook endpoints' signing secrets
 * ({@code clips.webhooks.secret-key}), which HMAC signing needs whole, so they cannot be stored as
 * hashes; DRM content keys ({@code clips.drm.secret-key}). A database dump alone reveals none.
 */
public final class SecretBox {

    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String setting;

    /** Under the key that {@code setting} holds (named in the errors), for {@code what} it seals. */
    public SecretBox(String setting, String base64Key, String what) {
        this.setting = setting;
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException(
                    setting + " is not set (32 random bytes, base64): " + what + " cannot be sealed");
        }
        var bytes = Base64.getDecoder().decode(base64Key.strip());
        if (bytes.length != 32) {
            throw new IllegalStateException(setting + " must be 32 bytes in base64");
        }
        this.key = new SecretKeySpec(bytes, "AES");
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
            throw new IllegalStateException("cannot seal a secret under " + setting, e);
        }
    }

    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            var bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a sealed secret (was " + setting + " changed?)", e);
        }
    }
}
