package com.clips.platform;

/**
 * What text a client may send in any field, parameter or header value: no control characters but
 * tab and line breaks, no invisible direction overrides, no lone UTF-16 surrogates. PostgreSQL
 * refuses NUL and unpaired surrogates outright (a 500 if they got that far); the rest would only
 * confuse whoever reads the text later.
 */
public final class Text {

    private Text() {}

    /** The index of the first character a client may not send, or -1. */
    public static int firstForbidden(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c) || forbidden(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean forbidden(char c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        return Character.isISOControl(c) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /** Refuses text with a forbidden character as an invalid field named {@code field}. */
    public static String require(String field, String value) {
        return require(ProblemType.INVALID_FIELD, field, value);
    }

    public static String require(ProblemType type, String field, String value) {
        if (value != null) {
            int at = firstForbidden(value);
            if (at >= 0) {
                throw new ProblemException(
                        type,
                        "'" + field + "' contains a control or otherwise invalid character (U+"
                                + String.format("%04X", (int) value.charAt(at)) + " at position " + at + ").");
            }
        }
        return value;
    }

    /**
     * Text a file brought (a stream's title, a chapter's), mended rather than refused: control
     * characters as spaces, stripped, cut at {@code max} characters; "" for none.
     */
    public static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        var line = text.codePoints()
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        return line.length() > max ? line.substring(0, max).strip() : line;
    }

    /** Refuses text longer than {@code max} characters, naming the field. */
    public static String requireLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ProblemException(
                    ProblemType.INVALID_FIELD, "'" + field + "' is longer than " + max + " characters.");
        }
        return require(field, value);
    }
}
