package com.clips.media.control;

import com.clips.media.entity.VideoMetadata;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.bramp.ffmpeg.progress.ProgressListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encodes the rungs of the ladder to HLS with fMP4 segments: H.264 High with capped CRF (the
 * preset's CRF and bitrate as the cap), AAC stereo, a key frame every 2 s so every rung cuts its 4 s
 * segments at the same instants, no scene-cut key frames in between. When a rung is also the
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
     * Where one rung of a ladder encode goes: its HLS directory and, for the compressed copy, an MP4
     * file. A {@code videoOnly} rung's HLS rendition has no audio (the clip's audio tracks are
     * renditions of their own, see {@link #encodeAudio}); its compressed MP4 still has the first.
     */
    public record Output(Rung rung, Path hlsDir, Path compressedFile, boolean videoOnly) {
        public Output(Rung rung, Path hlsDir, Path compressedFile) {
            this(rung, hlsDir, compressedFile, false);
        }

        /** Whether this output's encode carries audio at all: its HLS rendition's, or its MP4's. */
        boolean withAudio() {
            return !videoOnly || compressedFile != null;
        }
    }

    /**
     * The storyboard sprite a ladder encode also writes, from the same decoded frames: the encode
     * writes one small image per tile next to the sprite, which a second, tiny ffmpeg run lays
     * out. (Tiling inside the encode would hold the sprite's output back until the clip's end, and
     * ffmpeg sends no progress report before every output has started: the whole encode would look
     * stuck at 0.)
     */
    public record StoryboardOutput(Storyboard board, Path sprite) {
        Path tiles() {
            return sprite.resolveSibling("tile_%05d.png");
        }
    }

    /**
     * Encodes every given rung from one ffmpeg process: the source is decoded once and split into
     * one scaler and encoder per rung (decoding a 1080p source is about a tenth of the CPU of its
     * ladder, paid once instead of once per rung). Each rung gets its own playlist, init segment and
     * media segments in its {@code hlsDir}; a rung with a {@code compressedFile} also writes the
     * progressive MP4 there from the same encode (tee muxer). {@code storyboard}, if given, is
     * sampled from the same frames. {@code audioFilter}, if given (loudness normalisation), runs
     * once on the first audio stream, whose result every rung encodes. The process belongs to {@code jobExecution}: stopping that job
     * kills it. {@code progress}, if given, hears how far the encode is and how fast it goes,
     * about twice a second from start to end. A {@code background} encode runs at a lower CPU
     * priority: another encoder of the clip (the lowest rung's) finishes first.
     */
    public void encodeLadder(
            Path source,
            ContainerFormat format,
            VideoMetadata media,
            List<Output> outputs,
            StoryboardOutput storyboard,
            String audioFilter,
            Path workDir,
            long jobExecution,
            Consumer<EncodeReport> reports,
            boolean background) {
        if (outputs.isEmpty() && storyboard == null) {
            return;
        }
        var args = new ArrayList<>(Ffmpeg.input(source, format));
        args.addAll(ladderArguments(media, outputs, storyboard, audioFilter, speedPreset));
        var what = outputs.stream().map(o -> o.rung().name()).collect(Collectors.joining("+"))
                + (outputs.isEmpty() ? "storyboard" : " renditions");
        ProgressListener progress = null;
        if (reports != null && media.lengthSeconds() > 0) {
            double nanos = media.lengthSeconds() * 1e9;
            progress = report -> {
                if (report.out_time_ns >= 0) { // N/A before the first packet
                    reports.accept(new EncodeReport(report.out_time_ns / nanos, report.speed));
                }
            };
        }
        long started = System.nanoTime();
        ffmpeg.run(
                args,
                workDir,
                what,
                jobExecution,
                progress,
                progress == null ? null : ffmpeg.stallLimit(media.lengthSeconds()),
                background);
        if (!outputs.isEmpty()) {
            ffmpeg.recordEncode(Duration.ofNanos(System.nanoTime() - started), media.lengthSeconds());
        }
        if (storyboard != null) {
            tile(storyboard, workDir, jobExecution);
        }
        for (var output : outputs) {
            if (!Files.isRegularFile(output.hlsDir().resolve(PLAYLIST))) {
                throw new UnsupportedMediaException(
                        Ffmpeg.couldNotMake(output.rung().name() + " rendition"));
            }
        }
        if (storyboard != null && !Files.isRegularFile(storyboard.sprite())) {
            throw new UnsupportedMediaException(ImageMaker.NO_PICTURE);
        }
    }

    /**
     * Publishes the source as it is: its first video and audio streams copied (no re-encode) into
     * one fMP4 HLS rendition in {@code output}'s directory (and the progressive MP4 too, if the
     * output names one), cut at the source's own key frames. Seconds for a clip of minutes: it only
     * reads and writes. For a source {@link StandardInput} accepts. With an {@code audioFilter}
     * (loudness normalisation), the audio alone is encoded, through it, as the rung's AAC. A
     * {@code videoOnly} output's rendition takes the video alone (its MP4, if any, the audio too).
     */
    public void remux(
            Path source, ContainerFormat format, Output output, String audioFilter, Path workDir, long jobExecution) {
        var args = new ArrayList<>(Ffmpeg.input(source, format));
        args.addAll(remuxArguments(output, audioFilter));
        ffmpeg.run(args, workDir, output.rung().name() + " remux", jobExecution);
        if (!Files.isRegularFile(output.hlsDir().resolve(PLAYLIST))) {
            throw new UnsupportedMediaException(
                    Ffmpeg.couldNotMake(output.rung().name() + " rendition"));
        }
    }

    static List<String> remuxArguments(Output output, String audioFilter) {
        var args = new ArrayList<>(List.of("-map", "0:v:0"));
        if (output.withAudio()) {
            args.addAll(List.of("-map", "0:a:0?"));
        }
        args.addAll(List.of("-dn", "-sn", "-c", "copy"));
        if (audioFilter != null && output.withAudio()) {
            args.addAll(List.of("-af", audioFilter));
            args.addAll(audioEncoderArguments(output.rung()));
        }
        args.addAll(muxerArguments(output));
        return args;
    }

    // the sampled tiles, laid out into the sprite: a few dozen 160 px images, a fraction of a second
    private void tile(StoryboardOutput storyboard, Path workDir, long jobExecution) {
        var first = Path.of(String.format(Locale.ROOT, storyboard.tiles().toString(), 1));
        if (!Files.isRegularFile(first)) {
            throw new UnsupportedMediaException(ImageMaker.NO_PICTURE);
        }
        ffmpeg.run(
                List.of(
                        "-nostdin",
                        "-hide_banner",
                        "-nostats",
                        "-v",
                        "error",
                        "-y",
                        "-protocol_whitelist",
                        "file",
                        "-f",
                        "image2",
                        "-framerate",
                        "1",
                        "-start_number",
                        "1",
                        "-i",
                        storyboard.tiles().toString(),
                        "-vf",
                        storyboard.board().tileFilter(),
                        "-frames:v",
                        "1",
                        "-q:v",
                        "4",
                        storyboard.sprite().toString()),
                workDir,
                "storyboard sprite",
                jobExecution);
    }

    /** Everything after the input: the split filter graph, then per rung its encoders and muxer, then the storyboard. */
    static List<String> ladderArguments(
            VideoMetadata media,
            List<Output> outputs,
            StoryboardOutput storyboard,
            String audioFilter,
            String speedPreset) {
        int branches = outputs.size() + (storyboard == null ? 0 : 1);
        var graph = new StringBuilder("[0:v:0]");
        if (media.frameRate() != null && media.frameRate().doubleValue() > MAX_FRAME_RATE) {
            graph.append("fps=").append(MAX_FRAME_RATE).append(',');
        }
        graph.append("split=").append(branches);
        for (int i = 0; i < branches; i++) {
            graph.append("[s").append(i).append(']');
        }
        for (int i = 0; i < outputs.size(); i++) {
            var rung = outputs.get(i).rung();
            graph.append(";[s")
                    .append(i)
                    .append("]scale=")
                    .append(rung.width())
                    .append(':')
                    .append(rung.height())
                    .append(",format=yuv420p[v")
                    .append(i)
                    .append(']');
        }
        long withAudio = outputs.stream().filter(Output::withAudio).count();
        boolean filtered = audioFilter != null && withAudio > 0;
        if (filtered) {
            graph.append(";[0:a:0]").append(audioFilter).append(",asplit=").append(withAudio);
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i).withAudio()) {
                    graph.append("[a").append(i).append(']');
                }
            }
        }
        if (storyboard != null) {
            graph.append(";[s")
                    .append(outputs.size())
                    .append(']')
                    .append(storyboard.board().sampleFilter())
                    .append("[board]");
        }
        var args = new ArrayList<>(List.of("-filter_complex", graph.toString()));
        for (int i = 0; i < outputs.size(); i++) {
            var output = outputs.get(i);
            args.addAll(List.of("-map", "[v" + i + "]"));
            if (output.withAudio()) {
                args.addAll(List.of("-map", filtered ? "[a" + i + "]" : "0:a:0?"));
            }
            args.addAll(encoderArguments(output.rung(), speedPreset));
            if (output.withAudio()) {
                args.addAll(audioEncoderArguments(output.rung()));
            }
            args.addAll(muxerArguments(output));
        }
        if (storyboard != null) {
            args.addAll(List.of(
                    "-map",
                    "[board]",
                    "-f",
                    "image2",
                    "-c:v",
                    "png",
                    "-start_number",
                    "1",
                    storyboard.tiles().toString()));
        }
        return args;
    }

    private static List<String> muxerArguments(Output output) {
        return muxerArguments(output.hlsDir(), output.compressedFile(), output.videoOnly());
    }

    private static List<String> muxerArguments(Path hlsDir, Path compressedFile, boolean videoOnly) {
        var hls = new LinkedHashMap<String, String>();
        hls.put("hls_time", String.valueOf(SEGMENT_SECONDS));
        hls.put("hls_playlist_type", "vod");
        hls.put("hls_segment_type", "fmp4");
        hls.put("hls_flags", "independent_segments");
        hls.put("hls_fmp4_init_filename", INIT_SEGMENT);
        hls.put("hls_segment_filename", hlsDir.resolve("seg_%05d.m4s").toString());
        var playlist = hlsDir.resolve(PLAYLIST).toString();
        var args = new ArrayList<String>();
        if (compressedFile == null) {
            args.addAll(List.of("-f", "hls"));
            hls.forEach((option, value) -> args.addAll(List.of("-" + option, value)));
            args.add(playlist);
        } else {
            // work-dir paths are server-made (no ':', '|' or '[' to escape in tee's syntax)
            var options = hls.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(":"));
            // a video-only rendition's slave takes the video alone; the MP4 takes both
            args.addAll(List.of(
                    "-f",
                    "tee",
                    "[f=hls:" + (videoOnly ? "select=v:" : "") + options + "]" + playlist
                            + "|[f=mp4:movflags=+faststart]" + compressedFile));
        }
        return args;
    }

    /** What one encoded rendition consists of, read back from its playlist and files. */
    public record HlsOutput(
            List<Path> files,
            int segmentCount,
            double durationSeconds,
            long peakBitsPerSecond,
            long averageBitsPerSecond,
            long sizeBytes,
            double longestSegmentSeconds) {}

    /**
     * Reads the rendition back: its files (playlist, init segment, segments), duration, size, and
     * the peak and average segment bitrates that HLS BANDWIDTH and AVERAGE-BANDWIDTH must state.
     */
    /** A segment the rendition's playlist names, which must be a file of the rendition's own directory. */
    static Path segmentFile(Path hlsDir, String uri) {
        var file = hlsDir.resolve(uri).normalize();
        if (!hlsDir.normalize().equals(file.getParent())) {
            throw new IllegalStateException("segment outside the rendition: " + uri);
        }
        return file;
    }

    public HlsOutput describe(Path hlsDir) {
        try {
            var playlist = new MediaPlaylistParser(ParsingMode.LENIENT).readPlaylist(hlsDir.resolve(PLAYLIST));
            var files = new ArrayList<Path>(List.of(hlsDir.resolve(PLAYLIST), hlsDir.resolve(INIT_SEGMENT)));
            long size = Files.size(hlsDir.resolve(INIT_SEGMENT));
            long mediaBytes = 0;
            long peak = 0;
            double duration = 0;
            double longest = 0;
            for (var segment : playlist.mediaSegments()) {
                var file = segmentFile(hlsDir, segment.uri());
                long bytes = Files.size(file);
                files.add(file);
                mediaBytes += bytes;
                duration += segment.duration();
                longest = Math.max(longest, segment.duration());
                if (segment.duration() > 0) {
                    peak = Math.max(peak, (long) Math.ceil(bytes * 8 / segment.duration()));
                }
            }
            size += mediaBytes + Files.size(hlsDir.resolve(PLAYLIST));
            long average = duration > 0 ? Math.round(mediaBytes * 8 / duration) : peak;
            return new HlsOutput(
                    List.copyOf(files), playlist.mediaSegments().size(), duration, peak, average, size, longest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One rung's encoders: H.264 High with capped CRF, key frames every 2 s, AAC stereo. */
    static List<String> encoderArguments(Rung rung, String speedPreset) {
        return List.of(
                "-c:v",
                "libx264",
                "-preset",
                speedPreset,
                "-profile:v",
                "high",
                "-crf",
                String.valueOf(rung.crf()),
                "-maxrate",
                rung.videoKbps() + "k",
                "-bufsize",
                2 * rung.videoKbps() + "k",
                "-force_key_frames",
                "expr:gte(t,n_forced*" + KEYFRAME_SECONDS + ")",
                "-sc_threshold",
                "0");
    }

    /** One rung's audio encoder: AAC stereo at 48 kHz. */
    static List<String> audioEncoderArguments(Rung rung) {
        return audioEncoderArguments(rung.audioKbps());
    }

    private static List<String> audioEncoderArguments(int kbps) {
        return List.of("-c:a", "aac", "-b:a", kbps + "k", "-ac", "2", "-ar", "48000");
    }

    /** An audio track's bitrate: the top rung's, since a track serves every rung. */
    public static final int AUDIO_TRACK_KBPS = 128;

    /**
     * Encodes the {@code position}-th audio stream of the source ({@code 0:a:position}) alone into
     * an audio-only fMP4 HLS rendition in {@code hlsDir}: AAC stereo at {@link #AUDIO_TRACK_KBPS},
     * 4 s segments, through {@code audioFilter} if given (loudness normalisation), its language
     * (an ISO 639-2 code, or null) written into the track's header.
     */
    public void encodeAudio(
            Path source,
            ContainerFormat format,
            int position,
            String language,
            String audioFilter,
            Path hlsDir,
            Path workDir,
            long jobExecution) {
        var args = new ArrayList<>(Ffmpeg.input(source, format));
        args.addAll(audioArguments(position, language, audioFilter, hlsDir));
        ffmpeg.run(args, workDir, "audio track " + position, jobExecution);
        if (!Files.isRegularFile(hlsDir.resolve(PLAYLIST))) {
            throw new UnsupportedMediaException(Ffmpeg.couldNotMake("audio track " + position));
        }
    }

    static List<String> audioArguments(int position, String language, String audioFilter, Path hlsDir) {
        var args = new ArrayList<>(List.of("-map", "0:a:" + position, "-vn", "-sn", "-dn"));
        if (audioFilter != null) {
            args.addAll(List.of("-af", audioFilter));
        }
        args.addAll(audioEncoderArguments(AUDIO_TRACK_KBPS));
        if (language != null) {
            args.addAll(List.of("-metadata:s:a:0", "language=" + language));
        }
        args.addAll(muxerArguments(hlsDir, null, false));
        return args;
    }
}
