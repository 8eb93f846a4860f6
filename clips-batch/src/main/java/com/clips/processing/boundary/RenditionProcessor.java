package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.Asset;
import com.clips.media.control.CompressionPolicy;
import com.clips.media.control.HlsEncoder;
import com.clips.media.control.MediaProber;
import com.clips.media.control.Rung;
import com.clips.media.control.Storyboard;
import com.clips.processing.control.ProcessingSettings;
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
        for (int label : RenditionReader.pendingRungs(rungs, processing, assetId)) {
            var rung = ladder.stream()
                    .filter(r -> r.label() == label)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("rung " + label + " is not in the ladder any more"));
            var dir = work.freshDir(rung.name());
            boolean compress = compressHeight.filter(height -> height == label).isPresent();
            outputs.add(new HlsEncoder.Output(
                    rung, work.freshDir(rung.name() + "/hls"), compress ? dir.resolve(HlsEncoder.COMPRESSED) : null));
        }
        HlsEncoder.StoryboardOutput board = null;
        if (Boolean.parseBoolean(storyboard) && !asset.hasStoryboard()) {
            board = new HlsEncoder.StoryboardOutput(
                    Storyboard.of(media), work.freshDir("storyboard").resolve(Storyboard.SPRITE));
        }
        var progress = EncodeProgress.of(runs, writer, job.getExecutionId(), ladder, recorded, media.lengthSeconds());
        long started = System.nanoTime();
        // the partition's own thread: stopping the job kills this encode (Ffmpeg.kill)
        encoder.encodeLadder(
                source.file(),
                source.format(),
                media,
                outputs,
                board,
                work.root(),
                job.getExecutionId(),
                progress.encoderOf(outputs.stream().map(HlsEncoder.Output::rung).toList()),
                Boolean.parseBoolean(background));
        double seconds = (System.nanoTime() - started) / 1e9;
        var track = board == null ? null : writeTrack(board);
        for (var output : outputs) {
            var hls = encoder.describe(output.hlsDir());
            var codecs = prober.codecs(output.hlsDir().resolve(HlsEncoder.INIT_SEGMENT));
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
