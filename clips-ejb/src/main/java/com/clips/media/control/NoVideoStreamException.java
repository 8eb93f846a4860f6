package com.clips.media.control;

/** The file has no video stream at all (an audio file in a video container): nothing can be made from it. */
public class NoVideoStreamException extends UnsupportedMediaException {
    public NoVideoStreamException() {
        super(MediaLimits.NO_VIDEO_STREAM);
    }
}
