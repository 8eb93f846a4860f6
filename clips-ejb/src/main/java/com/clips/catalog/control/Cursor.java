package com.clips.catalog.control;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a keyset page ends: the sort it belongs to, the last row's sort key (as text) and its id.
 * Opaque to clients (Base64url); a cursor of another sort or order is refused.
 */
public record Cursor(AssetSort sort, boolean descending, String key, UUID id) {

    public String encode() {
        var text = sort.apiName() + "|" + (descending ? "desc" : "asc") + "|" + id + "|" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException if it is not a cursor this server made */
    public static Cursor decode(String encoded) {
        var text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        var parts = text.split("\\|", 4);
        if (parts.length != 4 || !(parts[1].equals("asc") || parts[1].equals("desc"))) {
            throw new IllegalArgumentException("not a cursor");
        }
        return new Cursor(AssetSort.of(parts[0]), parts[1].equals("desc"), parts[3], UUID.fromString(parts[2]));
    }
}
