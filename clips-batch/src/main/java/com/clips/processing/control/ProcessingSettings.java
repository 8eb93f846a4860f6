package com.clips.processing.control;

import com.clips.platform.NodeName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class ProcessingSettings {

    @Inject
    @ConfigProperty(name = "clips.work.dir")
    Optional<String> workDir;

    @Inject
    @ConfigProperty(name = "clips.processing.ladder-encoders", defaultValue = "2")
    int ladderEncoders;

    @Inject
    @ConfigProperty(name = "clips.processing.remux-standard-input", defaultValue = "true")
    boolean remuxStandardInput;

    @Inject
    @ConfigProperty(name = "clips.processing.content-aware", defaultValue = "true")
    boolean contentAware;

    @Inject
    @ConfigProperty(name = "clips.processing.separate-audio", defaultValue = "always")
    String separateAudio;

    @Inject
    @ConfigProperty(name = "clips.processing.resume-interrupted", defaultValue = "true")
    boolean resumeInterrupted;

    @Inject
    @ConfigProperty(name = "clips.processing.takeover-after", defaultValue = "30")
    int takeoverAfterSeconds;

    /** Scratch space for jobs; defaults to the server's temp directory. */
    public Path workBase() {
        return WorkArea.base(workDir);
    }

    public WorkDirectory workDirectory(long instanceId) {
        return WorkDirectory.forJob(workBase(), instanceId);
    }

    /**
     * How many ffmpeg processes share one clip's ladder. One decodes the source once for every rung
     * (every rung is done at the end). More give the lowest rungs processes of their own, the
     * others at a lower CPU priority, so the first playable rendition lands early, at the price of
     * decoding the source once per process. Two is the default: bench/pipeline measured the first
     * rung at 35 % of a 60 s 1080p job instead of 98 %, for about 2 % more ladder time.
     */
    public int ladderEncoders() {
        return Math.max(1, ladderEncoders);
    }

    /**
     * Whether an original that already is what the top rung would be (see StandardInput) is
     * published as it is, remuxed, right after its probe: playable in seconds, and the ladder then
     * encodes only the rungs below it. Off, every rung is encoded (the input is still assessed).
     */
    public boolean remuxStandardInput() {
        return remuxStandardInput;
    }

    /**
     * Whether a complexity probe of the source (see LadderProbe) sets how far above the presets'
     * CRF its rungs are encoded; off, every rung gets its preset's CRF.
     */
    public boolean contentAware() {
        return contentAware;
    }

    /**
     * How many audio streams a source needs for its audio to become tracks of their own (audio-only
     * renditions beside video-only ones, which DASH players and alternate audio in hls.js need):
     * {@code always} (1, the default) or {@code several} (2; a clip of one stream then keeps it
     * inside its video renditions, HLS only).
     */
    public int separateAudioFrom() {
        return "several".equalsIgnoreCase(separateAudio.strip()) ? 2 : 1;
    }

    /** Whether runs a crash of this node interrupted are restarted when it comes back. */
    public boolean resumeInterrupted() {
        return resumeInterrupted;
    }

    /**
     * How long another node may be silent (no heartbeat, which every node writes every 10 s)
     * before this node takes over its runs and resumes them from their checkpoints; empty if this
     * node takes over nothing (0).
     */
    public Optional<Duration> takeoverAfter() {
        return takeoverAfterSeconds > 0 ? Optional.of(Duration.ofSeconds(takeoverAfterSeconds)) : Optional.empty();
    }

    /** This node's name, recorded on every run so a restarted node finds the runs it was doing. */
    public String node() {
        return NodeName.get();
    }
}
