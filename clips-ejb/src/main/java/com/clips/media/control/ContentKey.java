package com.clips.media.control;

import java.util.HexFormat;
import java.util.UUID;

/**
 * A content key: the 16-byte AES key that encrypts an asset's segments (CENC {@code cbcs}) and the
 * key ID the segments and manifests name it by. One per asset, for all its tracks.
 */
public record ContentKey(UUID keyId, byte[] key) {

    public ContentKey {
        if (key.length != 16) {
            throw new IllegalArgumentException("a content key is 16 bytes");
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The key ID as 32 hex digits, as the packager and {@code KEYID} take it. */
    public String keyIdHex() {
        return keyIdHex(keyId);
    }

    public static String keyIdHex(UUID keyId) {
        return String.format("%016x%016x", keyId.getMostSignificantBits(), keyId.getLeastSignificantBits());
    }

    /** The key ID's 16 bytes. */
    public byte[] keyIdBytes() {
        return bytesOf(keyId);
    }

    public static byte[] bytesOf(UUID keyId) {
        return HexFormat.of().parseHex(keyIdHex(keyId));
    }

    /** The key ID as HLS names it for ClearKey: a data URI of its 16 bytes (hls.js reads the key ID there). */
    public static String clearKeyUri(UUID keyId) {
        return "data:text/plain;base64," + java.util.Base64.getEncoder().encodeToString(bytesOf(keyId));
    }

    public static UUID keyId(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a key ID is 16 bytes");
        }
        var hex = HexFormat.of().formatHex(bytes);
        return new UUID(
                Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    String keyHex() {
        return HexFormat.of().formatHex(key);
    }

    @Override
    public String toString() {
        return "ContentKey[" + keyId + "]"; // never the key
    }
}
