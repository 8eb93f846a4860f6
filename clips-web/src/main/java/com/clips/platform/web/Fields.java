package com.clips.platform.web;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;

/** Checks of request fields that several resources share, so each is answered the same way. */
public final class Fields {

    private Fields() {}

    /** A display name (of a client, a tenant): required, at most 200 characters. */
    public static void requireName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "name is required (at most 200 characters).");
        }
    }

    /** A JSON object body with no key but {@code accepted} (named in the answer in their sorted order). */
    public static void only(JsonObject body, Collection<String> accepted) {
        if (body == null) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "The body must be a JSON object.");
        }
        for (var key : body.keySet()) {
            if (!accepted.contains(key)) {
                throw new ProblemException(
                        ProblemType.INVALID_FIELD,
                        "Unknown field '" + key + "'. Accepted: "
                                + String.join(", ", accepted.stream().sorted().toList()) + ".");
            }
        }
    }

    /** A string of at most {@code max} characters, or null when the key is JSON null. */
    public static String text(JsonObject body, String key, int max) {
        var value = body.get(key);
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString s) || s.getString().length() > max) {
            throw new ProblemException(
                    ProblemType.INVALID_FIELD, "'" + key + "' must be a string of up to " + max + " characters.");
        }
        return s.getString();
    }
}
