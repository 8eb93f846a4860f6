package com.clips.assets.boundary;

import com.clips.assets.entity.AssetDetails;
import com.clips.assets.entity.Tags;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The text fields of an upload (form fields, JSON properties or tus metadata), validated as they arrive. */
public final class UploadForm {

    static final String FILE_FIELD = "file";
    private static final int MAX_FIELD_BYTES = 16 * 1024;
    private static final Map<String, Integer> MAX_LENGTH = Map.of(
            "title",
            200,
            "description",
            5000,
            "gameTitle",
            200,
            "sessionId",
            200,
            "recordedAt",
            64,
            "visibility",
            16,
            "tags",
            1100);
    private static final Set<String> VISIBILITIES = Set.of("public", "private");

    private final Map<String, String> values = new HashMap<>();

    void accept(String field, InputStream value) throws IOException {
        var bytes = value.readNBytes(MAX_FIELD_BYTES + 1);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "Field '" + field + "' is too long.");
        }
        accept(field, new String(bytes, StandardCharsets.UTF_8));
    }

    /** One field; null (absent) is skipped. */
    public void accept(String field, String value) {
        if (value == null) {
            return;
        }
        var max = MAX_LENGTH.get(field);
        if (max == null) {
            throw new ProblemException(
                    ProblemType.INVALID_FIELD,
                    "Unknown field '" + field + "'. Accepted: file, " + String.join(", ", MAX_LENGTH.keySet()) + ".");
        }
        var text = Text.require(field, value.strip());
        if (text.length() > max) {
            throw new ProblemException(
                    ProblemType.INVALID_FIELD, "Field '" + field + "' is longer than " + max + " characters.");
        }
        if (values.putIfAbsent(field, text) != null) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "Field '" + field + "' was sent twice.");
        }
    }

    public AssetDetails details() {
        var visibility = values.getOrDefault("visibility", "public");
        if (!VISIBILITIES.contains(visibility)) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "Field 'visibility' must be public or private.");
        }
        return new AssetDetails(
                blankToNull(values.get("title")),
                blankToNull(values.get("description")),
                blankToNull(values.get("gameTitle")),
                blankToNull(values.get("sessionId")),
                recordedAt(),
                visibility.equals("public"),
                Tags.parse(values.get("tags")));
    }

    private Instant recordedAt() {
        var text = blankToNull(values.get("recordedAt"));
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    ProblemType.INVALID_FIELD,
                    "Field 'recordedAt' must be an ISO-8601 instant such as 2026-11-23T18:30:00Z.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
