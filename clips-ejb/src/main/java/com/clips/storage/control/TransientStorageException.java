package com.clips.storage.control;

import com.clips.platform.DependencyUnavailableException;

/** A storage failure worth retrying: throttling, a 5xx, or an I/O hiccup on the way. */
public class TransientStorageException extends DependencyUnavailableException {
    public TransientStorageException(Throwable cause) {
        super("object storage", cause);
    }
}
