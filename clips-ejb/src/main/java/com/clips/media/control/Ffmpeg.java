package com.clips.media.control;

import com.clips.platform.Gauges;
import com.clips.platform.Histogram;
import com.clips.platform.LogContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import net.bramp.ffmpeg.FFmpeg;
import net.bramp.ffmpeg.progress.ProgressListener;
import net.bramp.ffmpeg.progress.TcpProgressParser;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs ffmpeg through ffmpeg-cli-wrapper with the hardened input arguments of PLATFORM.md: no
 * stdin, an explicit demuxer from the allow-list, only the file protocol, capped probing, and a
 * wall-clock limit after which the process tree is killed. Output goes into the caller's work dir.
 */
@ApplicationScoped
public class Ffmpeg {

    static final long NO_OWNER = -1;
    private static final Logger LOG = Logger.getLogger(Ffmpeg.class.getName());
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");
    private static final Map<Long, Set<TimedProcess>> RUNNING = new ConcurrentHashMap<>();
    private static final Histogram RUN_BUCKETS =
            new Histogram("clips.ffmpeg.runs.seconds", 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600);
    private static final Histogram ENCODE_BUCKETS =
            new Histogram("clips.encode.seconds.per.output.minute", 5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600);
    /** Set once the node goes down: no job may start an encoder after killAll. */
    private static volatile boolean closing;

    @Inject
    @ConfigProperty(name = "clips.ffmpeg.path", defaultValue = "/usr/bin/ffmpeg")
    String ffmpegPath;

    @Inject
    @ConfigProperty(name = "clips.ffmpeg.timeout", defaultValue = "PT3H")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "clips.ffmpeg.stall-timeout", defaultValue = "PT2M")
    Duration stallTimeout;

    @Resource
    ManagedScheduledExecutorService watchdog;

    @Inject
    MeterRegistry meters;

    /** {@code clips_encoders_running}: the ffmpeg processes this node's jobs run now. */
    @PostConstruct
    void registerGauge() {
        meters.gauge(
                "clips.encoders.running",
                Tags.empty(),
                RUNNING,
                running -> running.values().stream().mapToInt(Set::size).sum());
    }

    @PreDestroy
    void unregisterGauge() {
        Gauges.remove(meters, "clips.encoders.running");
    }

    /**
     * {@code clips_encode_seconds_per_output_minute}: the wall-clock seconds a ladder encode took
     * per minute of clip, the figure capacity planning starts from.
     */
    public void recordEncode(Duration took, double clipSeconds) {
        if (clipSeconds > 0) {
            double perMinute = took.toNanos() / 1e9 / (clipSeconds / 60);
            meters.summary("clips.encode.seconds.per.output.minute").record(perMinute);
            ENCODE_BUCKETS.record(meters, perMinute, Tags.empty());
        }
    }

    /** The arguments that open {@code source}: everything before the filters and outputs. */
    public static List<String> input(Path source, ContainerFormat format, String... seek) {
        return input(source, format.demuxer(), seek);
    }

    /** As {@link #input(Path, ContainerFormat, String...)}, with FFmpeg's demuxer named (hls for a rendition's playlist). */
    public static List<String> input(Path source, String demuxer, String... seek) {
        var args = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-v", "error", "-y"));
        args.addAll(List.of(seek));
        args.addAll(List.of(
                "-protocol_whitelist", "file",
                "-probesize", "50000000",
                "-analyzeduration", "20000000",
                "-f", demuxer,
                "-i", source.toString()));
        return args;
    }

    /**
     * Runs one ffmpeg command whose outputs are in {@code workDir}. Fails with
     * {@link UnsupportedMediaException} (not worth retrying) when ffmpeg rejects the input or runs
     * out of time, with the last line ffmpeg wrote as the reason.
     */
    public void run(List<String> args, Path workDir, String what) {
        run(args, workDir, what, NO_OWNER);
    }

    /**
     * As {@link #run(List, Path, String)}, with the process registered under {@code owner} (a job
     * execution id) so that {@link #kill} can end it when an operator stops the job.
     */
    public void run(List<String> args, Path workDir, String what, long owner) {
        run(args, workDir, what, owner, null, null);
    }

    /**
     * As {@link #run(List, Path, String, long)}, with ffmpeg's progress reports (about twice a
     * second) handed to {@code progress} on a thread of ffmpeg-cli-wrapper's loopback parser, and
     * the process killed when they show no progress for {@code stallLimit} (see {@link #stallLimit}).
     */
    public void run(
            List<String> args, Path workDir, String what, long owner, ProgressListener progress, Duration stallLimit) {
        run(args, workDir, what, owner, progress, stallLimit, false);
    }

    /**
     * As {@link #run(List, Path, String, long, ProgressListener, Duration)}; a {@code background}
     * process runs at a lower CPU priority ({@value TimedProcess#BACKGROUND_NICENESS} above this
     * server's), so the other encoders of a node take the cores they need first and it uses what
     * is left: no CPU is idle, and the foreground work ends sooner.
     */
    public void run(
            List<String> args,
            Path workDir,
            String what,
            long owner,
            ProgressListener progress,
            Duration stallLimit,
            boolean background) {
        var process = process(workDir, owner);
        if (background) {
            process.inBackground();
        }
        TcpProgressParser parser = null;
        var command = args;
        if (progress != null) {
            if (stallLimit != null) {
                process.stallAfter(stallLimit);
            }
            var last = new long[] {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
            ProgressListener watched = report -> {
                // a report that moved anything (time, frames, bytes) is progress; a stopped or
                // deadlocked ffmpeg sends none, a livelocked one the same figures again
                if (report.out_time_ns != last[0] || report.frame != last[1] || report.total_size != last[2]) {
                    last[0] = report.out_time_ns;
                    last[1] = report.frame;
                    last[2] = report.total_size;
                    process.progressed();
                }
                progress.progress(report);
            };
            try {
                parser = new TcpProgressParser(watched);
            } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException("no loopback port for ffmpeg's progress", e);
            }
            parser.start();
            command = new ArrayList<>(List.of("-progress", parser.getUri().toString()));
            command.addAll(args);
        }
        try {
            run(process, command, args, what, owner, stallLimit, null);
        } finally {
            if (parser != null) {
                try {
                    parser.stop();
                } catch (IOException ignored) {
                    // the parser's socket is gone with the process anyway
                }
            }
        }
    }

    /**
     * As {@link #run(List, Path, String, long)}, for a run whose answer is what ffmpeg writes to
     * its log (a filter's summary, such as ebur128's): returns that log, read before it is removed.
     */
    public String runForLog(List<String> args, Path workDir, String what, long owner) {
        var log = new String[1];
        run(process(workDir, owner), args, args, what, owner, null, errorLog -> log[0] = readLog(errorLog));
        return log[0];
    }

    private static String readLog(Path errorLog) {
        try {
            return Files.isRegularFile(errorLog) ? Files.readString(errorLog, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * How long an encode of a clip of {@code lengthSeconds} may go without progress before it is
     * taken for hung: {@code clips.ffmpeg.stall-timeout} for a clip up to ten minutes, and as much
     * again for every further ten (flushing and moving the index of a long MP4 reports nothing).
     */
    public Duration stallLimit(double lengthSeconds) {
        double tens = Math.max(1, lengthSeconds / 600);
        return Duration.ofMillis((long) Math.ceil(stallTimeout.toMillis() * tens));
    }

    private TimedProcess process(Path workDir, long owner) {
        var errorLog = workDir.resolve("ffmpeg-" + System.nanoTime() + ".log");
        return new TimedProcess(timeout, watchdog, errorLog, owner == NO_OWNER ? null : registry(owner), () -> closing);
    }

    /**
     * Runs another media tool ({@code program}, for example the DRM packager) under ffmpeg's limits:
     * the wall-clock timeout, the job's stop, the log of the command, the run metric. {@code logged}
     * is what the log shows of {@code args}: the same without their secrets (a content key).
     */
    public void runTool(String program, List<String> args, List<String> logged, Path workDir, String what, long owner) {
        run(program, process(workDir, owner), args, logged, what, owner, null, null);
    }

    private void run(
            TimedProcess process,
            List<String> args,
            List<String> logged,
            String what,
            long owner,
            Duration stallLimit,
            Consumer<Path> logReader) {
        run(null, process, args, logged, what, owner, stallLimit, logReader);
    }

    // logs {@code logged}: the command without the progress option, which only this JVM can answer;
    // program null: ffmpeg itself, through ffmpeg-cli-wrapper
    private void run(
            String program,
            TimedProcess process,
            List<String> args,
            List<String> logged,
            String what,
            long owner,
            Duration stallLimit,
            Consumer<Path> logReader) {
        var errorLog = process.errorLog();
        var tool = program == null ? ffmpegPath : program;
        long started = System.nanoTime();
        // a partition's thread has not the job listener's MDC
        try (var mdc = LogContext.with(LogContext.EXECUTION, owner == NO_OWNER ? null : owner)) {
            if (program == null) {
                new FFmpeg(ffmpegPath, process).run(args);
            } else {
                runDirectly(process, program, args);
            }
            if (logReader != null) {
                logReader.accept(errorLog);
            }
            // the exact command, ready to paste into a shell: operators reproduce a step by hand,
            // bench/pipeline.bench replays a job's commands as its plain-shell baseline
            record(what, "ok", started);
            LOG.info(() -> String.format(
                    Locale.ROOT,
                    "%s %s (execution %d) took %.2f s: %s",
                    program == null ? "ffmpeg" : "tool",
                    what,
                    owner,
                    (System.nanoTime() - started) / 1e9,
                    shellCommand(tool, logged)));
        } catch (IOException | RuntimeException e) {
            record(what, process.killed() ? "stopped" : process.timedOut() ? "timed-out" : "failed", started);
            if (process.killed()) {
                throw new ProcessingStoppedException("The " + what + " was interrupted: the job was stopped.");
            }
            if (process.stalled()) {
                LOG.warning(() -> "ffmpeg " + what + " (execution " + owner + ") made no progress for " + stallLimit
                        + "; killed: " + shellCommand(tool, logged));
                throw new EncoderStalledException("The " + what + " made no progress for " + stallLimit
                        + " (clips.ffmpeg.stall-timeout); its encoder was killed.");
            }
            if (process.timedOut()) {
                throw new UnsupportedMediaException("Making the " + what + " took longer than " + timeout + ".");
            }
            // FFmpeg's own last words are for the log (with the command); the reason is for a person
            var detail = lastLine(errorLog);
            LOG.warning(() -> "ffmpeg " + what + " (execution " + owner + ") failed: " + detail + "; command: "
                    + shellCommand(tool, logged));
            throw new UnsupportedMediaException(couldNotMake(what), e);
        } finally {
            try {
                Files.deleteIfExists(errorLog);
            } catch (IOException ignored) {
                // the work dir is removed as a whole afterwards
            }
        }
    }

    private static void runDirectly(TimedProcess process, String program, List<String> args) throws IOException {
        var command = new java.util.ArrayList<String>();
        command.add(program);
        command.addAll(args);
        var running = process.run(command);
        try (var out = running.getInputStream()) {
            out.transferTo(java.io.OutputStream.nullOutputStream());
        }
        try {
            int exit = running.waitFor();
            if (exit != 0) {
                throw new IOException(program + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    // clips_ffmpeg_runs_seconds (and its buckets) by kind (poster, preview, ladder, remux, probe,
    // storyboard, subtitles, loudness, audio, packager) and outcome
    private void record(String what, String outcome, long started) {
        var tags = Tags.of("kind", kind(what), "outcome", outcome);
        var took = Duration.ofNanos(System.nanoTime() - started);
        meters.timer("clips.ffmpeg.runs", tags).record(took);
        RUN_BUCKETS.record(meters, took.toNanos() / 1e9, tags);
    }

    /** A bounded label for what a run makes: a ladder's rung names are not part of it. */
    static String kind(String what) {
        if (what.endsWith(" renditions")) {
            return "ladder";
        }
        if (what.endsWith(" remux")) {
            return "remux";
        }
        if (what.startsWith("ladder sample")) {
            return "probe";
        }
        if (what.startsWith("audio track ")) {
            return "audio";
        }
        if (what.startsWith("encryption ") || what.equals("decryption")) {
            return "packager";
        }
        return what.matches("poster|preview|storyboard|subtitles|loudness") ? what : "other";
    }

    /** The command as a POSIX shell would need it typed: arguments with special characters single-quoted. */
    static String shellCommand(String program, List<String> args) {
        var command = new StringBuilder(quote(program));
        args.forEach(arg -> command.append(' ').append(quote(arg)));
        return command.toString();
    }

    private static String quote(String arg) {
        return SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Kills the ffmpeg processes of a job execution (and their children); returns how many. */
    public int kill(long owner) {
        var processes = List.copyOf(RUNNING.getOrDefault(owner, Set.of()));
        processes.forEach(TimedProcess::kill);
        return processes.size();
    }

    /**
     * Kills every ffmpeg process this node runs for jobs (the node is going down) and waits up to
     * 5 s for them to be gone, so none is still running when the node has stopped; returns how many.
     */
    public static int killAll() {
        closing = true; // first: an encoder starting now sees it after registering, or is in the list below
        var processes = RUNNING.values().stream().flatMap(Set::stream).toList();
        processes.forEach(TimedProcess::kill);
        var deadline = Instant.now().plusSeconds(5);
        processes.forEach(p -> p.awaitExit(deadline));
        return processes.size();
    }

    /**
     * A job's processes in {@link #RUNNING}: adding and removing are each one atomic step on the
     * job's entry, so a job's set is never dropped while a process is being added to it (with
     * several encoders per ladder, a process holding the set of a job whose other encoder had just
     * emptied and dropped it was registered nowhere, and outlived a node going down).
     */
    static TimedProcess.Registry registry(long owner) {
        return new TimedProcess.Registry() {
            @Override
            public void add(TimedProcess process) {
                RUNNING.compute(owner, (k, processes) -> {
                    var set = processes == null ? ConcurrentHashMap.<TimedProcess>newKeySet() : processes;
                    set.add(process);
                    return set;
                });
            }

            @Override
            public void remove(TimedProcess process) {
                RUNNING.computeIfPresent(owner, (k, processes) -> {
                    processes.remove(process);
                    return processes.isEmpty() ? null : processes;
                });
            }
        };
    }

    /** The processes registered for a job now (tests). */
    static Set<TimedProcess> runningFor(long owner) {
        return Set.copyOf(RUNNING.getOrDefault(owner, Set.of()));
    }

    /** The last line of the log, reading only its tail (a hostile input can make ffmpeg very chatty). */
    /** The reason shown when FFmpeg fails on a file: what could not be made, and what to do. */
    static String couldNotMake(String what) {
        return "The " + what + " could not be made from this file: it may be damaged or encoded in a way Clips"
                + " cannot decode. Upload the original file again, or another file.";
    }

    static String lastLine(Path log) {
        try (var file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 2048);
            var tail = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            var lines = new String(tail, StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
            if (lines.isEmpty()) {
                return "no detail";
            }
            var line = lines.get(lines.size() - 1).strip();
            return line.length() > 300 ? line.substring(0, 300) : line;
        } catch (IOException e) {
            return "no detail";
        }
    }
}
