package com.clips.media.control;

/**
 * An encoder sent no progress for longer than its stall limit (clips.ffmpeg.stall-timeout) and
 * was killed with its process tree. Worth another try (a stopped or deadlocked process, not a bad
 * file): process-asset retries the chunk as its retry rules say.
 */
public class EncoderStalledException extends RuntimeException {

    public EncoderStalledException(String message) {
        super(message);
    }
}
