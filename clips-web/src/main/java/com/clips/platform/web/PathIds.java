package com.clips.platform.web;

import com.clips.platform.ProblemException;
import java.util.UUID;

/** Public ids in paths: something that is not a UUID names nothing, so it is a 404 like an unknown id. */
public final class PathIds {

    private PathIds() {}

    /** @param what the kind of thing ("Asset"), for the problem's detail */
    public static UUID uuid(String what, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what + " " + id);
        }
    }
}
