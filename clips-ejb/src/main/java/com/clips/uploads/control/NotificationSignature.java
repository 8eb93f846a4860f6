package com.clips.uploads.control;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on a storage-side completion notification (a storage-side upload webhook), in the
 * widely used form {@code Clips-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. The
 * timestamp is signed with the body and must be recent, so a captured request cannot be replayed
 * later; the comparison takes the same time whatever the bytes.
 */
public final class NotificationSignature {

    private final byte[] secret;
    private final Duration tolerance;

    public NotificationSignature(String secret, Duration tolerance) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
    }

    /** Why a request was refused; nothing here names the expected value. */
    public static final class Invalid extends Exception {
        public Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The header value a sender puts on {@code body} at {@code time}. */
    public String sign(byte[] body, Instant time) {
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t, body));
    }

    public void verify(String header, byte[] body, Instant now) throws Invalid {
        if (header == null || header.isBlank()) {
            throw new Invalid("The Clips-Signature header is missing.");
        }
        Long t = null;
        byte[] given = null;
        for (var element : header.split(",")) {
            var pair = element.strip().split("=", 2);
            if (pair.length != 2) {
                throw new Invalid("The Clips-Signature header is malformed.");
            }
            try {
                switch (pair[0]) {
                    case "t" -> t = Long.parseLong(pair[1]);
                    case "v1" -> given = HexFormat.of().parseHex(pair[1]);
                    default -> {} // other schemes may be added later; ignore them
                }
            } catch (IllegalArgumentException e) {
                throw new Invalid("The Clips-Signature header is malformed.");
            }
        }
        if (t == null || given == null) {
            throw new Invalid("The Clips-Signature header needs t= and v1=.");
        }
        var age = Duration.between(Instant.ofEpochSecond(t), now).abs();
        if (age.compareTo(tolerance) > 0) {
            throw new Invalid("The signature's timestamp is more than " + tolerance.toSeconds() + " s away.");
        }
        if (!MessageDigest.isEqual(mac(t, body), given)) {
            throw new Invalid("The signature does not match the body.");
        }
    }

    private byte[] mac(long t, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
