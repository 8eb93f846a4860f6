package com.clips.platform;

import jakarta.ejb.ApplicationException;

/**
 * A failure the caller can act on, rendered by the web tier as RFC 9457 problem+json. The type is a
 * stable slug (documented in the README); the detail is for humans and never carries internals.
 * Thrown from an EJB it rolls the transaction back and reaches the client unwrapped.
 */
@ApplicationException(rollback = true)
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public ProblemException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " does not exist.");
    }

    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(401, "unauthenticated", "Unauthenticated", detail);
    }

    /** A token request whose client credentials are missing, malformed, unknown, wrong or revoked. */
    public static ProblemException invalidClient(String detail) {
        return new ProblemException(401, "invalid-client", "Invalid client", detail);
    }

    /** Authenticated, allowed to see the object, not allowed to do this to it. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException badRequest(String type, String detail) {
        return new ProblemException(400, type, "Invalid request", detail);
    }
}
