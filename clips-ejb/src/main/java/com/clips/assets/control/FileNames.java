package com.clips.assets.control;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/** Client file names are kept for display only: no path, no control characters, bounded length. */
public final class FileNames {

    private static final int MAX_BYTES = 255;

    private FileNames() {}

    public static String clean(String submitted) {
        if (submitted == null) {
            return "upload";
        }
        var name = Normalizer.normalize(submitted, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints()
                .filter(c -> !Character.isISOControl(c)
                        && Character.getType(c) != Character.FORMAT
                        && Character.getType(c) != Character.SURROGATE)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            return "upload";
        }
        return fit(name);
    }

    /**
     * At most {@value #MAX_BYTES} bytes of UTF-8 (so it fits every column and header it goes to,
     * whatever the script), cut between code points and keeping a short extension.
     */
    private static String fit(String name) {
        if (utf8(name) <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        var extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        var stem = name.substring(0, name.length() - extension.length());
        int budget = MAX_BYTES - utf8(extension);
        var kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int c = stem.codePointAt(i);
            int bytes = utf8(new String(Character.toChars(c)));
            if (used + bytes > budget) {
                break;
            }
            kept.appendCodePoint(c);
            used += bytes;
            i += Character.charCount(c);
        }
        return kept.toString().strip() + extension;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
