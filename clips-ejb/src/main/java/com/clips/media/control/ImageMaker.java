package com.clips.media.control;

import com.clips.media.entity.VideoMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The images every asset gets: a poster at 3 s (10 % into clips shorter than 30 s, the first frame
 * of clips under a second) fitted into
 * 1280x720, a 3 s animated preview 480 px wide at 10 fps (GIF, and WebP, which
 * is a fraction of the size). The storyboard sprite is sampled by the ladder encode, which decodes
 * the whole clip anyway ({@link HlsEncoder#encodeLadder}); decoding it here again cost more than
 * the two images together.
 */
@ApplicationScoped
public class ImageMaker {

    public static final String POSTER = "poster.jpg";
    public static final String PREVIEW_GIF = "preview.gif";
    public static final String PREVIEW_WEBP = "preview.webp";

    /** The reason shown when a file gives no picture to make the images from. */
    static final String NO_PICTURE = "No picture could be decoded from the file's video: it may be damaged."
            + " Upload the original file again, or another file.";

    static final int POSTER_MAX_WIDTH = 1280;
    static final int POSTER_MAX_HEIGHT = 720;
    static final int PREVIEW_WIDTH = 480;

    @Inject
    Ffmpeg ffmpeg;

    public record Made(Path poster, int posterWidth, int posterHeight, Path previewGif, Path previewWebp) {}

    public Made make(Path source, ContainerFormat format, VideoMetadata media, Path dir, long jobExecution) {
        double duration = media.lengthSeconds();
        int[] poster = fit(media.width(), media.height(), POSTER_MAX_WIDTH, POSTER_MAX_HEIGHT);

        var posterArgs = new ArrayList<>(Ffmpeg.input(source, format, "-ss", seconds(posterTime(duration))));
        posterArgs.addAll(List.of(
                "-map",
                "0:v:0",
                "-frames:v",
                "1",
                "-vf",
                "scale=" + poster[0] + ":" + poster[1],
                "-q:v",
                "3",
                dir.resolve(POSTER).toString()));
        ffmpeg.run(posterArgs, dir, "poster", jobExecution);

        int previewHeight = Ladder.nearestEven((double) PREVIEW_WIDTH * media.height() / media.width());
        var previewArgs = new ArrayList<>(Ffmpeg.input(source, format, "-t", "3"));
        previewArgs.addAll(List.of(
                "-filter_complex",
                // eof_action=pass: a clip shorter than a preview frame (a single frame) keeps that frame
                "[0:v:0]fps=10:eof_action=pass,scale=" + PREVIEW_WIDTH + ":" + previewHeight + ",split=3[g][p][w];"
                        + "[p]palettegen=stats_mode=diff[palette];[g][palette]paletteuse=dither=bayer[gif]",
                "-map",
                "[gif]",
                "-loop",
                "0",
                dir.resolve(PREVIEW_GIF).toString(),
                "-map",
                "[w]",
                "-c:v",
                "libwebp_anim",
                "-quality",
                "70",
                "-loop",
                "0",
                dir.resolve(PREVIEW_WEBP).toString()));
        ffmpeg.run(previewArgs, dir, "preview", jobExecution);

        for (var made : List.of(POSTER, PREVIEW_GIF, PREVIEW_WEBP)) {
            if (!Files.isRegularFile(dir.resolve(made))) {
                throw new UnsupportedMediaException(NO_PICTURE);
            }
        }
        return new Made(dir.resolve(POSTER), poster[0], poster[1], dir.resolve(PREVIEW_GIF), dir.resolve(PREVIEW_WEBP));
    }

    static double posterTime(double durationSeconds) {
        // under a second, 10 % in can fall after the last frame (a single-frame clip): the first frame
        return durationSeconds >= 30 ? 3.0 : durationSeconds < 1 ? 0.0 : durationSeconds * 0.1;
    }

    /** Fits width x height into a box keeping the aspect ratio, never enlarging; even sizes for the encoders. */
    static int[] fit(int width, int height, int maxWidth, int maxHeight) {
        double scale = Math.min(1.0, Math.min((double) maxWidth / width, (double) maxHeight / height));
        return new int[] {Ladder.nearestEven(width * scale), Ladder.nearestEven(height * scale)};
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
