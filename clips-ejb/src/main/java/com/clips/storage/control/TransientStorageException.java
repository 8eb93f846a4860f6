package com.clips.storage.control;

/** A storage failure worth retrying: throttling, a 5xx, or an I/O hiccup on the way. */
public class TransientStorageException extends RuntimeException {
    public TransientStorageException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
