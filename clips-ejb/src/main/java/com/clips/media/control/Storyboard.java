package com.clips.media.control;

import com.clips.media.entity.VideoMetadata;
import java.util.Locale;

/**
 * The storyboard's geometry: one tile every {@code intervalSeconds} (at least 2 s, at most 100
 * tiles), 160 px wide, ten to a row, and the WebVTT track that maps playback time to a tile.
 */
public record Storyboard(
        double intervalSeconds,
        int tiles,
        int columns,
        int rows,
        int tileWidth,
        int tileHeight,
        double durationSeconds) {

    public static final String SPRITE = "storyboard.jpg";
    public static final String TRACK = "storyboard.vtt";
    static final int MAX_TILES = 100;
    static final int TILE_WIDTH = 160;

    /** The storyboard of a clip as probed (a clip of unknown length gets one tile). */
    public static Storyboard of(VideoMetadata media) {
        return of(Math.max(media.lengthSeconds(), 0.1), media.width(), media.height());
    }

    public static Storyboard of(double durationSeconds, int displayWidth, int displayHeight) {
        double interval = Math.max(2.0, durationSeconds / MAX_TILES);
        int tiles = (int) Math.max(1, Math.min(MAX_TILES, Math.ceil(durationSeconds / interval)));
        int columns = Math.min(10, tiles);
        int rows = (tiles + columns - 1) / columns;
        int tileHeight = Ladder.nearestEven((double) TILE_WIDTH * displayHeight / displayWidth);
        return new Storyboard(interval, tiles, columns, rows, TILE_WIDTH, tileHeight, durationSeconds);
    }

    /**
     * The ffmpeg filter that samples and scales the frames, one image per tile; a clip shorter than
     * half an interval still gives its one tile (eof_action=pass: the fps filter would drop it).
     */
    public String sampleFilter() {
        return String.format(
                Locale.ROOT,
                "fps=1000/%d:eof_action=pass,scale=%d:%d",
                Math.round(intervalSeconds * 1000),
                tileWidth,
                tileHeight);
    }

    /** The ffmpeg filter that lays the sampled images out into the sprite. */
    public String tileFilter() {
        return String.format(Locale.ROOT, "tile=%dx%d", columns, rows);
    }

    public String webVtt(String spriteUri) {
        var vtt = new StringBuilder("WEBVTT\n");
        for (int i = 0; i < tiles; i++) {
            double from = i * intervalSeconds;
            double to = Math.min(durationSeconds, (i + 1) * intervalSeconds);
            vtt.append('\n')
                    .append(timestamp(from))
                    .append(" --> ")
                    .append(timestamp(to))
                    .append('\n')
                    .append(spriteUri)
                    .append("#xywh=")
                    .append((i % columns) * tileWidth)
                    .append(',')
                    .append((i / columns) * tileHeight)
                    .append(',')
                    .append(tileWidth)
                    .append(',')
                    .append(tileHeight)
                    .append('\n');
        }
        return vtt.toString();
    }

    private static String timestamp(double seconds) {
        return WebVttTime.of(Math.round(seconds * 1000));
    }
}
