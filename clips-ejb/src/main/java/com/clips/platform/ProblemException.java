package com.clips.platform;

import jakarta.ejb.ApplicationException;

/**
 * A failure the caller can act on: a {@link ProblemType} from the catalogue and a detail for
 * humans that never carries internals. The web tier renders it as RFC 9457 problem+json with the
 * type's status and title. Thrown from an EJB it rolls the transaction back and reaches the client
 * unwrapped.
 */
@ApplicationException(rollback = true)
public class ProblemException extends RuntimeException {

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " does not exist.");
    }

    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(ProblemType.UNAUTHENTICATED, detail);
    }

    /** A token request whose client credentials are missing, malformed, unknown, wrong or revoked. */
    public static ProblemException invalidClient(String detail) {
        return new ProblemException(ProblemType.INVALID_CLIENT, detail);
    }

    /** Authenticated, allowed to see the object, not allowed to do this to it. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }
}
