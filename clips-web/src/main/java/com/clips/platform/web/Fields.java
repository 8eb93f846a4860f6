package com.clips.platform.web;

import com.clips.platform.ProblemException;

/** Checks of request fields that several resources share, so each is answered the same way. */
public final class Fields {

    private Fields() {}

    /** A display name (of a client, a tenant): required, at most 200 characters. */
    public static void requireName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ProblemException.badRequest("invalid-field", "name is required (at most 200 characters).");
        }
    }
}
