package com.clips.media.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One frame of a clip as a JPEG, on demand (a poster at a chosen time and width): decoded from the
 * one HLS segment that holds the time (its init segment and media segment joined are a
 * fragmented MP4 of their own), so a long clip costs a few seconds of video, not its whole file.
 */
@ApplicationScoped
public class FrameGrab {

    @Inject
    Ffmpeg ffmpeg;

    /** Where in a media playlist a time falls: the segment's file name and the offset into it. */
    public record Spot(String segment, double offsetSeconds) {}

    /** The segment of {@code playlist} (an HLS media playlist) that shows {@code seconds}, the last for the end. */
    public static Spot locate(String playlist, double seconds) {
        double start = 0;
        double duration = -1;
        Spot last = null;
        for (var line : playlist.split("\n")) {
            var text = line.strip();
            if (text.startsWith("#EXTINF:")) {
                var value = text.substring("#EXTINF:".length());
                int comma = value.indexOf(',');
                duration = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
            } else if (!text.isEmpty() && !text.startsWith("#") && duration >= 0) {
                if (seconds < start + duration) {
                    return new Spot(text, Math.max(0, seconds - start));
                }
                last = new Spot(text, Math.max(0, Math.min(seconds - start, duration - 0.001)));
                start += duration;
                duration = -1;
            }
        }
        if (last == null) {
            throw new UnsupportedMediaException("The media playlist lists no segment.");
        }
        return last;
    }

    /**
     * Writes the frame {@code offsetSeconds} into {@code fragment} (init + media segment), scaled to
     * {@code width} (the height keeps the aspect ratio, rounded to even), as {@code out}.
     */
    public void grab(Path fragment, double offsetSeconds, int width, Path out) {
        var args = new ArrayList<>(
                Ffmpeg.input(fragment, ContainerFormat.MP4, "-ss", String.format(Locale.ROOT, "%.3f", offsetSeconds)));
        args.addAll(List.of(
                "-map", "0:v:0", "-frames:v", "1", "-vf", "scale=" + width + ":-2", "-q:v", "3", out.toString()));
        ffmpeg.run(args, out.getParent(), "thumbnail");
        if (!Files.isRegularFile(out)) {
            throw new UnsupportedMediaException("FFmpeg found no frame at that time.");
        }
    }
}
