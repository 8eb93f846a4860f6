package com.clips.platform.web;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;

/** Page numbers and sizes as every paged listing reads them: 1-based pages, sizes up to 100. */
public final class Paging {

    public static final int MAX_PAGE_SIZE = 100;
    /** Beyond this many rows, page numbers get slow: deep scrolling uses the cursor. */
    public static final int MAX_OFFSET = 10_000;

    private Paging() {}

    /** A whole number from min to max, or the fallback when absent; anything else is a 400. */
    public static int bounded(String name, String text, int min, int max, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(
                ProblemType.INVALID_FILTER, name + " must be a whole number from " + min + " to " + max + ".");
    }
}
