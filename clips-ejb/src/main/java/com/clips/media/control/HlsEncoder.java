package com.clips.media.control;

import com.clips.assets.entity.VideoMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encodes one rung of the ladder to HLS with fMP4 segments: H.264 High with capped CRF (the seed's
 * CRF and bitrate as the cap), AAC stereo, a key frame every 2 s so every rung cuts its 4 s
 * segments at the same instants, no scene-cut key frames in between. When the rung is also the
 * compressed copy, the tee muxer writes a progressive MP4 from the same encode.
 */
@ApplicationScoped
public class HlsEncoder {

    public static final String PLAYLIST = "index.m3u8";
    public static final String INIT_SEGMENT = "init.mp4";
    public static final String COMPRESSED = "compressed.mp4";
    static final int SEGMENT_SECONDS = 4;
    static final int KEYFRAME_SECONDS = 2;
    /** Renditions never run faster than this; faster sources are resampled. */
    public static final int MAX_FRAME_RATE = 60;

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    @ConfigProperty(name = "clips.encode.preset", defaultValue = "veryfast")
    String speedPreset;

    /**
     * Writes the rung's playlist, init segment and media segments into {@code hlsDir} and, if
     * {@code compressedFile} is given, the progressive MP4 there too. The ffmpeg process belongs to
     * {@code jobExecution}: stopping that job kills it.
     */
    public void encode(Path source, ContainerFormat format, VideoMetadata media, Rung rung, Path hlsDir,
            Path compressedFile, long jobExecution) {
        var args = new ArrayList<>(Ffmpeg.input(source, format));
        args.addAll(arguments(media, rung, speedPreset));
        var hls = new LinkedHashMap<String, String>();
        hls.put("hls_time", String.valueOf(SEGMENT_SECONDS));
        hls.put("hls_playlist_type", "vod");
        hls.put("hls_segment_type", "fmp4");
        hls.put("hls_flags", "independent_segments");
        hls.put("hls_fmp4_init_filename", INIT_SEGMENT);
        hls.put("hls_segment_filename", hlsDir.resolve("seg_%05d.m4s").toString());
        var playlist = hlsDir.resolve(PLAYLIST).toString();
        if (compressedFile == null) {
            args.addAll(List.of("-f", "hls"));
            hls.forEach((option, value) -> args.addAll(List.of("-" + option, value)));
            args.add(playlist);
        } else {
            // work-dir paths are server-made (no ':', '|' or '[' to escape in tee's syntax)
            var options = hls.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(":"));
            args.addAll(List.of("-f", "tee",
                    "[f=hls:" + options + "]" + playlist + "|[f=mp4:movflags=+faststart]" + compressedFile));
        }
        ffmpeg.run(args, hlsDir, rung.name() + " rendition", jobExecution);
        if (!Files.isRegularFile(hlsDir.resolve(PLAYLIST))) {
            throw new UnsupportedMediaException("FFmpeg wrote no playlist for the " + rung.name() + " rendition.");
        }
    }

    /** What one encoded rendition consists of, read back from its playlist and files. */
    public record HlsOutput(List<Path> files, int segmentCount, double durationSeconds, long peakBitsPerSecond,
            long averageBitsPerSecond, long sizeBytes) {
    }

    /**
     * Reads the rendition back: its files (playlist, init segment, segments), duration, size, and
     * the peak and average segment bitrates that HLS BANDWIDTH and AVERAGE-BANDWIDTH must state.
     */
    public HlsOutput describe(Path hlsDir) {
        try {
            var playlist = new MediaPlaylistParser().readPlaylist(hlsDir.resolve(PLAYLIST));
            var files = new ArrayList<Path>(List.of(hlsDir.resolve(PLAYLIST), hlsDir.resolve(INIT_SEGMENT)));
            long size = Files.size(hlsDir.resolve(INIT_SEGMENT));
            long mediaBytes = 0;
            long peak = 0;
            double duration = 0;
            for (var segment : playlist.mediaSegments()) {
                var file = hlsDir.resolve(segment.uri()).normalize();
                if (!file.getParent().equals(hlsDir.normalize())) {
                    throw new IllegalStateException("segment outside the rendition: " + segment.uri());
                }
                long bytes = Files.size(file);
                files.add(file);
                mediaBytes += bytes;
                duration += segment.duration();
                if (segment.duration() > 0) {
                    peak = Math.max(peak, (long) Math.ceil(bytes * 8 / segment.duration()));
                }
            }
            size += mediaBytes + Files.size(hlsDir.resolve(PLAYLIST));
            long average = duration > 0 ? Math.round(mediaBytes * 8 / duration) : peak;
            return new HlsOutput(List.copyOf(files), playlist.mediaSegments().size(), duration, peak, average, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything between the input and the output: mapping, filters, codecs and their limits. */
    static List<String> arguments(VideoMetadata media, Rung rung, String speedPreset) {
        var filters = "scale=" + rung.width() + ":" + rung.height() + ",format=yuv420p";
        if (media.frameRate() != null && media.frameRate().doubleValue() > MAX_FRAME_RATE) {
            filters += ",fps=" + MAX_FRAME_RATE;
        }
        var args = new ArrayList<>(List.of(
                "-map", "0:v:0", "-map", "0:a:0?",
                "-vf", filters,
                "-c:v", "libx264", "-preset", speedPreset, "-profile:v", "high",
                "-crf", String.valueOf(rung.crf()),
                "-maxrate", rung.videoKbps() + "k", "-bufsize", 2 * rung.videoKbps() + "k",
                "-force_key_frames", "expr:gte(t,n_forced*" + KEYFRAME_SECONDS + ")", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", rung.audioKbps() + "k", "-ac", "2", "-ar", "48000"));
        return args;
    }
}
