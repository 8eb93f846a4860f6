package com.clips.media.control;

/** An FFmpeg run ended because an operator stopped its job: not the input's fault, not worth a retry. */
public class ProcessingStoppedException extends RuntimeException {

    public ProcessingStoppedException(String message) {
        super(message);
    }
}
