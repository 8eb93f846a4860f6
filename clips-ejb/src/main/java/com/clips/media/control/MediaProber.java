package com.clips.media.control;

import com.clips.media.entity.VideoMetadata;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import net.bramp.ffmpeg.FFprobe;
import net.bramp.ffmpeg.builder.FFprobeBuilder;
import net.bramp.ffmpeg.probe.FFmpegPacket;
import net.bramp.ffmpeg.probe.FFmpegProbeResult;
import net.bramp.ffmpeg.probe.FFmpegStream;
import net.bramp.ffmpeg.shared.CodecType;
import org.apache.commons.lang3.math.Fraction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** ffprobe through ffmpeg-cli-wrapper, with the hardened argument set of PLATFORM.md. */
@ApplicationScoped
public class MediaProber {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(MediaProber.class.getName());

    @Inject
    @ConfigProperty(name = "clips.ffprobe.path", defaultValue = "/usr/bin/ffprobe")
    String ffprobePath;

    @Inject
    @ConfigProperty(name = "clips.ffprobe.timeout", defaultValue = "PT60S")
    Duration timeout;

    @Resource
    ManagedScheduledExecutorService watchdog;

    public VideoMetadata probe(Path file, ContainerFormat format) {
        var result = read(file, format);
        var metadata = toMetadata(result);
        MediaLimits.DEFAULT.check(metadata, result.getStreams().size());
        return metadata;
    }

    /** What {@link StandardInput} needs to know of the file's first video and audio streams. */
    public StandardInput.Streams streams(Path file, ContainerFormat format) {
        return toStreams(read(file, format));
    }

    private FFmpegProbeResult read(Path file, ContainerFormat format) {
        var process = new TimedProcess(timeout, watchdog);
        FFmpegProbeResult result;
        try {
            result = run(file, format, process);
        } catch (IOException | RuntimeException e) {
            if (process.timedOut()) {
                throw new UnsupportedMediaException("Reading the file's headers took longer than " + timeout + ".");
            }
            // the tool's own words (its path, its phrase) are for the log; the reason is for the uploader
            LOG.warning(() -> "ffprobe could not read " + file.getFileName() + " as " + format.extension() + ": "
                    + firstLine(e.getMessage()));
            throw new UnsupportedMediaException(unreadable(format), e);
        }
        if (result == null || result.getFormat() == null || result.getStreams() == null) {
            throw new UnsupportedMediaException(unreadable(format));
        }
        return result;
    }

    /**
     * The source's audio streams in file order: what {@code 0:a:N} selects is the N-th of them
     * (SourceAudio publishes each as a track).
     */
    public List<SourceAudio.Stream> audioStreams(Path file, ContainerFormat format) {
        var audio = read(file, format).getStreams().stream()
                .filter(s -> s.codec_type == CodecType.AUDIO)
                .toList();
        return java.util.stream.IntStream.range(0, audio.size())
                .mapToObj(n -> {
                    var s = audio.get(n);
                    return new SourceAudio.Stream(
                            n,
                            s.index,
                            s.codec_name,
                            s.tags == null ? null : s.tags.get("language"),
                            s.tags == null ? null : s.tags.get("title"));
                })
                .toList();
    }

    /** The source's subtitle streams, of any codec (SourceSubtitles takes the text ones). */
    public List<SourceSubtitles.Stream> subtitleStreams(Path file, ContainerFormat format) {
        return read(file, format).getStreams().stream()
                .filter(s -> s.codec_type == CodecType.SUBTITLE)
                .map(s -> new SourceSubtitles.Stream(
                        s.index,
                        s.codec_name,
                        s.tags == null ? null : s.tags.get("language"),
                        s.tags == null ? null : s.tags.get("title"),
                        s.disposition != null && s.disposition.hearing_impaired))
                .toList();
    }

    /** A chapter as a source's container names it. */
    public record SourceChapter(BigDecimal startSeconds, String title) {}

    /**
     * The chapters the container names (start in seconds, title or null), as they are; empty if
     * ffprobe could not list them (the probe read the file a moment ago: chapters are a convenience).
     */
    public List<SourceChapter> chapters(Path file, ContainerFormat format) {
        return beside(file, format, "chapters", builder -> builder.setShowChapters(true))
                .map(result -> result.getChapters() == null
                        ? List.<SourceChapter>of()
                        : result.getChapters().stream()
                                .filter(c ->
                                        c.start_time != null && c.start_time.matches("-?[0-9]{1,12}(\\.[0-9]{1,9})?"))
                                .map(c -> new SourceChapter(
                                        new BigDecimal(c.start_time), c.tags == null ? null : c.tags.title))
                                .toList())
                .orElse(List.of());
    }

    /**
     * How many of the first video stream's key frames in its first {@link StandardInput#GOP_WINDOW_SECONDS}
     * have leading pictures (see {@link #openGops}): read from the packets alone, nothing decoded;
     * -1 if ffprobe could not list them (the fast path then passes the source by).
     */
    public int openGops(Path file, ContainerFormat format) {
        return beside(
                        file,
                        format,
                        "packets",
                        builder -> builder.setShowPackets(true)
                                .addExtraArgs(
                                        "-select_streams",
                                        "v:0",
                                        "-read_intervals",
                                        "%+" + StandardInput.GOP_WINDOW_SECONDS,
                                        "-show_entries",
                                        "packet=pts,flags"))
                .map(result -> openGops((result.getPackets() == null ? List.<FFmpegPacket>of() : result.getPackets())
                        .stream()
                                .map(p -> new long[] {
                                    p.getPts(),
                                    p.getFlags() != null && p.getFlags().startsWith("K") ? 1 : 0
                                })
                                .toList()))
                .orElse(-1);
    }

    /**
     * A read of what the probe did not need ({@code what}: chapters, packets), beside the probe's
     * own: empty, and logged, if ffprobe fails at it. The probe read the file a moment ago, so this
     * is the tool failing at a convenience, not the file; the caller has a safe answer.
     */
    private Optional<FFmpegProbeResult> beside(
            Path file, ContainerFormat format, String what, UnaryOperator<FFprobeBuilder> entries) {
        var process = new TimedProcess(timeout, watchdog);
        try {
            var ffprobe = new FFprobe(ffprobePath, process);
            return Optional.ofNullable(ffprobe.probe(entries.apply(ffprobe.builder()
                    .setInput(file)
                    .setShowFormat(false)
                    .setShowStreams(false)
                    .addExtraArgs(hardenedInputArgs(format)))));
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "ffprobe could not list the " + what + " of " + file.getFileName() + ": "
                    + firstLine(e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * The key frames, among {@code packets} ({pts, 1 if a key frame}, in decoding order), that have
     * leading pictures: a packet after them in decoding order that is shown before them. An H.264
     * IDR frame cannot have any (its GOP is closed); a recovery-point I frame of an open GOP does,
     * and they reference the GOP before it, so a player that starts or switches there cannot decode them.
     */
    static int openGops(List<long[]> packets) {
        int open = 0;
        Long keyPts = null;
        boolean counted = false;
        for (var packet : packets) {
            if (packet[1] == 1) {
                keyPts = packet[0];
                counted = false;
            } else if (keyPts != null && !counted && packet[0] < keyPts) {
                open++;
                counted = true;
            }
        }
        return open;
    }

    /** The reason shown for a file ffprobe cannot read in the container its bytes claim. */
    static String unreadable(ContainerFormat format) {
        return "The file could not be read as " + format.extension() + " video: it is damaged or not a video."
                + " Upload the original file again, or another file.";
    }

    /**
     * The RFC 6381 CODECS value of a file we encoded (an HLS init segment), from its own sample
     * entries: ffprobe reports level -99 for an init segment without media.
     */
    public String codecs(Path ownOutput) {
        return InitSegmentCodecs.of(ownOutput);
    }

    private FFmpegProbeResult run(Path file, ContainerFormat format, TimedProcess process) throws IOException {
        var ffprobe = new FFprobe(ffprobePath, process);
        return ffprobe.probe(ffprobe.builder().setInput(file).addExtraArgs(hardenedInputArgs(format)));
    }

    static String[] hardenedInputArgs(ContainerFormat format) {
        return new String[] {
            "-v", "error",
            "-protocol_whitelist", "file",
            "-f", format.demuxer(),
            "-probesize", "50000000",
            "-analyzeduration", "20000000"
        };
    }

    static VideoMetadata toMetadata(FFmpegProbeResult result) {
        var format = result.getFormat();
        var video = video(result);
        var audio = audio(result);
        int rotation = video.map(MediaProber::rotation).orElse(0);
        boolean sideways = Math.abs(rotation) % 180 == 90;
        Integer width = video.map(s -> sideways ? s.height : s.width).orElse(null);
        Integer height = video.map(s -> sideways ? s.width : s.height).orElse(null);
        long bitRate = format.bit_rate > 0
                ? format.bit_rate
                : video.map(s -> s.bit_rate).orElse(0L);
        return new VideoMetadata(
                format.duration > 0 ? BigDecimal.valueOf(format.duration).setScale(3, RoundingMode.HALF_UP) : null,
                width,
                height,
                rotation,
                video.map(s -> s.codec_name).orElse(null),
                audio.map(s -> s.codec_name).orElse(null),
                bitRate > 0 ? (int) Math.round(bitRate / 1000.0) : null,
                video.map(MediaProber::frameRate).orElse(null),
                format.format_name);
    }

    static StandardInput.Streams toStreams(FFmpegProbeResult result) {
        var video = video(result).orElseThrow(NoVideoStreamException::new);
        var audio = audio(result);
        long audioBits = audio.map(s -> s.bit_rate).orElse(0L);
        long videoBits = video.bit_rate > 0
                ? video.bit_rate
                : result.getFormat().bit_rate > 0 ? result.getFormat().bit_rate - Math.max(0, audioBits) : 0;
        var rate = frameRate(video);
        return new StandardInput.Streams(
                video.codec_name,
                video.profile,
                video.pix_fmt,
                video.sample_aspect_ratio,
                rotation(video),
                video.width,
                video.height,
                rate == null ? null : rate.doubleValue(),
                videoBits > 0 ? (int) Math.ceil(videoBits / 1000.0) : null,
                audio.map(s -> s.codec_name).orElse(null),
                audio.map(s -> s.channels).orElse(0),
                audioBits > 0 ? (int) Math.ceil(audioBits / 1000.0) : null);
    }

    private static Optional<FFmpegStream> video(FFmpegProbeResult result) {
        return result.getStreams().stream()
                .filter(s -> s.codec_type == CodecType.VIDEO)
                .filter(s -> s.disposition == null || s.disposition.attached_pic == false)
                .findFirst();
    }

    private static Optional<FFmpegStream> audio(FFmpegProbeResult result) {
        return result.getStreams().stream()
                .filter(s -> s.codec_type == CodecType.AUDIO)
                .findFirst();
    }

    private static int rotation(FFmpegStream stream) {
        if (stream.side_data_list != null) {
            var fromMatrix = Arrays.stream(stream.side_data_list)
                    .filter(Objects::nonNull)
                    .filter(d -> d.displaymatrix != null)
                    .mapToInt(d -> d.rotation)
                    .findFirst();
            if (fromMatrix.isPresent()) {
                return fromMatrix.getAsInt();
            }
        }
        if (stream.tags != null && stream.tags.containsKey("rotate")) {
            try {
                return Integer.parseInt(stream.tags.get("rotate").trim());
            } catch (NumberFormatException ignored) {
                return 0;
            }
        }
        return 0;
    }

    private static BigDecimal frameRate(FFmpegStream stream) {
        Fraction rate = usable(stream.avg_frame_rate) ? stream.avg_frame_rate : stream.r_frame_rate;
        if (!usable(rate)) {
            return null;
        }
        return BigDecimal.valueOf(rate.doubleValue()).setScale(3, RoundingMode.HALF_UP);
    }

    private static boolean usable(Fraction f) {
        return f != null && f.getDenominator() != 0 && f.getNumerator() > 0;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        var line = text.lines().findFirst().orElse("no detail");
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
