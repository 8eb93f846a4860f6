package com.clips.processing.boundary;

import com.clips.assets.control.Chapters;
import com.clips.assets.entity.AssetStatus;
import com.clips.media.control.Ffmpeg;
import com.clips.media.control.Loudness;
import com.clips.media.control.MediaProber;
import com.clips.media.control.NoVideoStreamException;
import com.clips.media.entity.AudioLoudness;
import com.clips.media.entity.VideoMetadata;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Step "probe": promote the original to its permanent key, clear what an earlier run made (a
 * reprocess starts clean), fetch the original into the job's work dir and read its headers with
 * ffprobe; the asset gets duration, resolution, codecs, frame rate, bitrate, and its audio's
 * loudness as BS.1770 measures it (the first pass of loudness normalisation).
 */
@Named
@Dependent
public class ProbeBatchlet extends AbstractBatchlet {

    @Inject
    AssetStep step;

    @Inject
    MediaProber prober;

    @Inject
    Loudness loudness;

    @Override
    public String process() {
        var assetId = step.assetId();
        var processing = step.processing();
        var storage = step.storage();
        step.enter(AssetStatus.EXTRACTING_METADATA);
        processing.promoteOriginal(assetId).ifPresent(storage::delete);
        processing.clearDerived(assetId);
        var source = step.work().source(step.asset(), storage);
        VideoMetadata metadata;
        try {
            metadata = prober.probe(source.file(), source.format());
        } catch (NoVideoStreamException e) {
            // nothing can be made from it, now or on a restart: its bytes are not kept, nor counted against the quota
            storage.delete(processing.discardOriginal(assetId));
            throw e;
        }
        // the audio's loudness: the first of loudness normalisation's two passes (about 0.4 s a minute)
        AudioLoudness audio = null;
        if (metadata.audioCodec() != null) {
            audio = Loudness.recorded(
                    loudness.measure(
                            Ffmpeg.input(source.file(), source.format()),
                            step.work().root(),
                            step.executionId()),
                    processing.loudnessTarget(step.asset()));
        }
        processing.recordProbe(
                assetId,
                metadata,
                Chapters.fromSource(
                        prober.chapters(source.file(), source.format()).stream()
                                .map(c -> new Chapters.Entry(c.startSeconds(), c.title()))
                                .toList(),
                        metadata.lengthSeconds()),
                audio);
        return "PROBED";
    }
}
