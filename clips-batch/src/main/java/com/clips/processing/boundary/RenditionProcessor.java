package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.media.control.CompressionPolicy;
import com.clips.media.control.HlsEncoder;
import com.clips.media.control.Ladder;
import com.clips.media.control.MediaProber;
import com.clips.processing.control.ProcessingSettings;
import com.clips.storage.control.ObjectStorage;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Path;

/** Encodes one rung (and the compressed MP4 from the same encode, if the policy wants it) into the work dir. */
@Named
@Dependent
public class RenditionProcessor implements ItemProcessor {

    @Inject
    JobContext job;

    @EJB
    AssetProcessing processing;

    @Inject
    ObjectStorage storage;

    @Inject
    HlsEncoder encoder;

    @Inject
    MediaProber prober;

    @Inject
    ProcessingSettings settings;

    @Override
    public Object processItem(Object item) {
        int label = (Integer) item;
        var asset = processing.find(JobParameters.assetId(job)).orElseThrow();
        var media = asset.metadata();
        var ladder = Ladder.forSource(media.width(), media.height());
        var rung = ladder.stream().filter(r -> r.label() == label).findFirst()
                .orElseThrow(() -> new IllegalStateException("rung " + label + " is not in the ladder any more"));
        var compress = CompressionPolicy.target(media, asset.fileSizeBytes(), asset.keepOriginal())
                .filter(target -> target.height() == label).isPresent();
        var work = settings.workDirectory(job.getInstanceId());
        var source = work.source(asset, storage);
        var dir = work.freshDir(rung.name());
        Path compressed = compress ? dir.resolve(HlsEncoder.COMPRESSED) : null;
        long started = System.nanoTime();
        var hlsDir = work.freshDir(rung.name() + "/hls");
        // the partition's own thread: stopping the job kills this encode (Ffmpeg.kill)
        encoder.encode(source.file(), source.format(), media, rung, hlsDir, compressed, job.getExecutionId());
        double seconds = (System.nanoTime() - started) / 1e9;
        var output = encoder.describe(hlsDir);
        var codecs = prober.codecs(hlsDir.resolve(HlsEncoder.INIT_SEGMENT));
        return new EncodedFiles(rung, dir, output, codecs, compressed, seconds);
    }
}
