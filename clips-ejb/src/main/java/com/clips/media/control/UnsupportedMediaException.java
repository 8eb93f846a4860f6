package com.clips.media.control;

/** The input is not something Clips will process; retrying will not change that. */
public class UnsupportedMediaException extends RuntimeException {
    public UnsupportedMediaException(String reason) {
        super(reason);
    }

    public UnsupportedMediaException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
