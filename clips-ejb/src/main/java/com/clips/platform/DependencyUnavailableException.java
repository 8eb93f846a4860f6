package com.clips.platform;

/**
 * A service Clips depends on (object storage, ...) did not answer or answered that it is
 * overloaded: the request may succeed if repeated later, so the web tier answers 503.
 */
public class DependencyUnavailableException extends RuntimeException {

    private final String dependency;

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(cause.getMessage(), cause);
        this.dependency = dependency;
    }

    /** Which one, for the log and the problem detail. */
    public String dependency() {
        return dependency;
    }
}
