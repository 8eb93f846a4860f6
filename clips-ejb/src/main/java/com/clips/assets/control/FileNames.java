package com.clips.assets.control;

import java.text.Normalizer;

/** Client file names are kept for display only: no path, no control characters, bounded length. */
public final class FileNames {

    private static final int MAX_LENGTH = 255;

    private FileNames() {}

    public static String clean(String submitted) {
        if (submitted == null) {
            return "upload";
        }
        var name = Normalizer.normalize(submitted, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            return "upload";
        }
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }
}
