package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.boundary.AudioTracks;
import com.clips.assets.entity.Asset;
import com.clips.media.control.CompressionPolicy;
import com.clips.media.control.HlsEncoder;
import com.clips.media.control.LadderProbe;
import com.clips.media.control.Loudness;
import com.clips.media.control.MediaProber;
import com.clips.media.control.Packager;
import com.clips.media.control.Rung;
import com.clips.media.control.Storyboard;
import com.clips.media.control.UnsupportedMediaException;
import com.clips.processing.control.ProcessingSettings;
import com.clips.processing.control.WorkDirectory;
import com.clips.protection.boundary.ContentKeys;
import com.clips.storage.control.ObjectStorage;
import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first item of a partition encodes all of the partition's missing rungs in one ffmpeg process
 * (plus the compressed MP4 from the rung the policy picks, and the storyboard if the partition was
 * given it); every item then hands its rung's files to the writer. A retried chunk finds its rung
 * already encoded; only a rung this instance has not encoded (a new instance after a restart)
 * starts an encode of what is still missing.
 */
@Named
@Dependent
public class RenditionProcessor implements ItemProcessor {

    @Inject
    @BatchProperty(name = RenditionPartitionMapper.RUNGS)
    String rungs;

    @Inject
    @BatchProperty(name = RenditionPartitionMapper.STORYBOARD)
    String storyboard;

    @Inject
    @BatchProperty(name = RenditionPartitionMapper.BACKGROUND)
    String background;

    @Inject
    @BatchProperty(name = RenditionPartitionMapper.CRF)
    String crf;

    @Inject
    JobContext job;

    @EJB
    AssetProcessing processing;

    @EJB
    ProcessingRuns runs;

    @Inject
    ObjectStorage storage;

    @Inject
    HlsEncoder encoder;

    @Inject
    MediaProber prober;

    @Inject
    LadderProbe ladderProbe;

    @Inject
    Loudness loudness;

    @EJB
    ContentKeys contentKeys;

    @Inject
    Packager packager;

    @EJB
    AudioTracks audioTracks;

    @Inject
    ProcessingSettings settings;

    @Resource
    ManagedExecutorService writer;

    private final Map<Integer, EncodedFiles> encoded = new HashMap<>();

    @Override
    public Object processItem(Object item) {
        int label = (Integer) item;
        if (label == RenditionReader.STORYBOARD_ONLY) {
            var board = encodeMissing();
            return board == null ? null : new EncodedFiles(null, null, null, null, null, 0, board[0], board[1], false);
        }
        if (!encoded.containsKey(label)) {
            encodeMissing();
        }
        return encoded.get(label);
    }

    /** Encodes what is missing; returns the storyboard's sprite and track if it sampled one, else null. */
    private Path[] encodeMissing() {
        var assetId = JobParameters.assetId(job);
        var asset = processing.find(assetId).orElseThrow();
        var media = asset.metadata();
        var ladder = processing.ladder(asset);
        var compressHeight = compressedRung(asset, ladder);
        var work = settings.workDirectory(job.getInstanceId());
        var source = work.source(asset, storage);
        var outputs = new ArrayList<HlsEncoder.Output>();
        var recorded =
                processing.renditions(assetId).stream().map(r -> r.label()).toList();
        var pending = RenditionReader.pendingRungs(rungs, processing, assetId).stream()
                .map(label -> ladder.stream()
                        .filter(r -> r.label() == label)
                        .findFirst()
                        .orElseThrow(
                                () -> new IllegalStateException("rung " + label + " is not in the ladder any more")))
                .toList();
        int offset = pending.isEmpty() ? 0 : crfOffset(asset, source, pending.get(0), work);
        boolean videoOnly = audioTracks.separate(assetId);
        for (var presets : pending) {
            var rung = presets.withCrfOffset(offset);
            int label = rung.label();
            var dir = work.freshDir(rung.name());
            boolean compress = compressHeight.filter(height -> height == label).isPresent();
            outputs.add(new HlsEncoder.Output(
                    rung,
                    work.freshDir(rung.name() + "/hls"),
                    compress ? dir.resolve(HlsEncoder.COMPRESSED) : null,
                    videoOnly));
        }
        HlsEncoder.StoryboardOutput board = null;
        if (Boolean.parseBoolean(storyboard) && !asset.hasStoryboard()) {
            board = new HlsEncoder.StoryboardOutput(
                    Storyboard.of(media), work.freshDir("storyboard").resolve(Storyboard.SPRITE));
        }
        var normalise = Loudness.plan(asset.loudness());
        var progress = EncodeProgress.of(runs, writer, job.getExecutionId(), ladder, recorded, media.lengthSeconds());
        long started = System.nanoTime();
        // the partition's own thread: stopping the job kills this encode (Ffmpeg.kill)
        encoder.encodeLadder(
                source.file(),
                source.format(),
                media,
                outputs,
                board,
                normalise == null ? null : normalise.filter(),
                work.root(),
                job.getExecutionId(),
                progress.encoderOf(outputs.stream().map(HlsEncoder.Output::rung).toList()),
                Boolean.parseBoolean(background));
        double seconds = (System.nanoTime() - started) / 1e9;
        recordOutputLoudness(asset, ladder, outputs, work);
        var track = board == null ? null : writeTrack(board);
        var key = contentKeys.of(assetId);
        for (var output : outputs) {
            // the codecs from the clear init segment (an encrypted one names its sample entry encv)
            var codecs = prober.codecs(output.hlsDir().resolve(HlsEncoder.INIT_SEGMENT));
            key.ifPresent(k -> packager.encrypt(output.hlsDir(), k, false, work.root(), job.getExecutionId()));
            var hls = encoder.describe(output.hlsDir());
            boolean first = output == outputs.get(0);
            encoded.put(
                    output.rung().label(),
                    new EncodedFiles(
                            output.rung(),
                            output.hlsDir().getParent(),
                            hls,
                            codecs,
                            output.compressedFile(),
                            seconds,
                            first && board != null ? board.sprite() : null,
                            first ? track : null,
                            false));
        }
        return board == null ? null : new Path[] {board.sprite(), track};
    }

    /**
     * The top rung's audio, measured as a player hears it once this partition encoded it (the top
     * rung is not the first playable one, unless it is the ladder's only rung).
     */
    private void recordOutputLoudness(
            Asset asset, List<Rung> ladder, List<HlsEncoder.Output> outputs, WorkDirectory work) {
        if (asset.loudness() == null || asset.outputLufs() != null) {
            return; // no audio, or measured before a restart
        }
        int top = ladder.get(ladder.size() - 1).label();
        outputs.stream()
                .filter(output -> output.rung().label() == top)
                .findFirst()
                .flatMap(output -> loudness.measureRendition(
                        output.hlsDir().resolve(HlsEncoder.PLAYLIST), work.root(), job.getExecutionId()))
                .ifPresent(measured -> processing.recordOutputLoudness(asset.publicId(), measured));
    }

    /**
     * How far above the presets' CRF this partition's rungs are encoded: the probe's choice (made
     * here, at the lowest of them, if this partition probes), the choice recorded before a restart,
     * or none.
     */
    private int crfOffset(Asset asset, WorkDirectory.Source source, Rung lowest, WorkDirectory work) {
        var from = RenditionPartitionMapper.Crf.valueOf(crf);
        if (from == RenditionPartitionMapper.Crf.PRESETS) {
            return 0;
        }
        if (asset.crfOffset() != null || from == RenditionPartitionMapper.Crf.RECORDED) {
            return asset.crfOffset() == null ? 0 : asset.crfOffset();
        }
        LadderProbe.Choice choice;
        try {
            choice = ladderProbe.choose(
                    source.file(),
                    source.format(),
                    asset.metadata(),
                    lowest,
                    work.freshDir("ladder-probe"),
                    job.getExecutionId());
        } catch (UnsupportedMediaException e) {
            // the ladder's own encode says whether the source can be encoded; the presets' CRF is safe
            choice = new LadderProbe.Choice(0, List.of(), LadderProbe.NOT_SAMPLED);
        } finally {
            work.removeDir("ladder-probe");
        }
        return processing.recordLadderChoice(asset.publicId(), choice.crfOffset(), choice.reason());
    }

    /** The rung the compressed MP4 comes from: the policy's, or the top one if the encoding profile stops lower. */
    static Optional<Integer> compressedRung(Asset asset, List<Rung> ladder) {
        return CompressionPolicy.target(asset.metadata(), asset.fileSizeBytes(), asset.keepOriginal())
                .map(target ->
                        Math.min(target.height(), ladder.get(ladder.size() - 1).label()));
    }

    private static Path writeTrack(HlsEncoder.StoryboardOutput board) {
        var track = board.sprite().resolveSibling(Storyboard.TRACK);
        try {
            return Files.writeString(track, board.board().webVtt(Storyboard.SPRITE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
