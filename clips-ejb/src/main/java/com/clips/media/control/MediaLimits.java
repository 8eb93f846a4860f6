package com.clips.media.control;

import com.clips.media.entity.VideoMetadata;

/** Header checks applied before anything is decoded (PLATFORM.md: FFmpeg hardening). */
public record MediaLimits(int maxSide, long maxPixels, long maxDurationSeconds, double maxFrameRate, int maxStreams) {

    /** The reason shown for a file with no video stream at all (an audio file in a video container). */
    public static final String NO_VIDEO_STREAM = "The file has no video stream (an audio file?). Clips accepts video"
            + " files only: upload a file with a video track.";

    public static final MediaLimits DEFAULT = new MediaLimits(8192, 36_000_000L, 4 * 3600, 120, 8);

    public void check(VideoMetadata m, int streamCount) {
        if (streamCount > maxStreams) {
            throw new UnsupportedMediaException(
                    "The file has " + streamCount + " streams; at most " + maxStreams + " are accepted.");
        }
        if (m.videoCodec() == null && m.width() == null) {
            throw new NoVideoStreamException();
        }
        if (m.width() == null || m.height() == null || m.width() <= 0 || m.height() <= 0) {
            throw new UnsupportedMediaException("The file has no video stream with a usable resolution.");
        }
        if (m.width() > maxSide || m.height() > maxSide || (long) m.width() * m.height() > maxPixels) {
            throw new UnsupportedMediaException("The video is " + m.width() + "x" + m.height() + "; at most " + maxSide
                    + " px a side and " + maxPixels + " pixels are accepted.");
        }
        if (m.durationSeconds() != null && m.durationSeconds().doubleValue() > maxDurationSeconds) {
            throw new UnsupportedMediaException("The video lasts " + m.durationSeconds() + " s; at most "
                    + maxDurationSeconds + " s are accepted.");
        }
        if (m.frameRate() != null && m.frameRate().doubleValue() > maxFrameRate) {
            throw new UnsupportedMediaException(
                    "The video runs at " + m.frameRate() + " fps; at most " + maxFrameRate + " fps are accepted.");
        }
    }
}
