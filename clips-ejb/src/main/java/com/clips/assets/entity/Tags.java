package com.clips.assets.entity;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Tags as the catalog keeps them: lower case, trimmed, unique, sorted; letters, digits, spaces and
 * "-_." only, at most {@value #MAX_LENGTH} characters each and {@value #MAX_COUNT} per clip.
 */
public final class Tags {

    public static final int MAX_COUNT = 20;
    public static final int MAX_LENGTH = 50;
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]*");

    private Tags() {}

    /** Comma-separated, as a form field or tus metadata carries them; null or blank is none. */
    public static List<String> parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return of(Arrays.asList(commaSeparated.split(",")));
    }

    public static List<String> of(List<String> given) {
        var tags = new TreeSet<String>();
        for (var raw : given) {
            var tag = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.length() > MAX_LENGTH || !TAG.matcher(tag).matches()) {
                throw new ProblemException(
                        ProblemType.INVALID_FIELD,
                        "Tag '" + abbreviate(raw) + "' is not allowed: up to " + MAX_LENGTH
                                + " letters, digits, spaces, '-', '_' or '.', starting with a letter or digit.");
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_COUNT) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "At most " + MAX_COUNT + " tags per clip.");
        }
        return List.copyOf(tags);
    }

    private static String abbreviate(String raw) {
        var printable = raw.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
    }
}
