package com.clips.platform.web;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;

/** Checks of request fields that several resources share, so each is answered the same way. */
public final class Fields {

    private Fields() {}

    /** A display name (of a client, a tenant): required, at most 200 characters. */
    public static void requireName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "name is required (at most 200 characters).");
        }
    }
}
