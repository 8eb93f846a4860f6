package com.clips.processing.boundary;

import com.clips.assets.boundary.AudioTracks;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.media.control.HlsEncoder;
import com.clips.media.control.Loudness;
import com.clips.media.control.MediaProber;
import com.clips.media.control.Packager;
import com.clips.media.control.Rung;
import com.clips.media.control.StandardInput;
import com.clips.protection.boundary.ContentKeys;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Path;

/**
 * Step "playable": if the original already is what the ladder's top rung would be (H.264 Main or
 * High, closed GOPs, AAC, its size, within its bitrate; see {@link StandardInput}), its streams are copied
 * into that rung's fMP4 HLS rendition and recorded at once, so the asset plays seconds after the
 * upload. With loudness normalisation, the audio alone is encoded (about a second a minute). The
 * remuxed rung is kept: the ladder encodes only the rungs below it. Otherwise the
 * asset records why not, and its first rung comes from the ladder. Recorded like any rung, so a
 * restart never makes it again and nothing unpublishes it.
 */
@Named
@Dependent
public class PlayableBatchlet extends AbstractBatchlet {

    @Inject
    AssetStep step;

    @Inject
    MediaProber prober;

    @Inject
    HlsEncoder encoder;

    @Inject
    RenditionWriter writer;

    @Inject
    Loudness loudness;

    @EJB
    AudioTracks audioTracks;

    @EJB
    ContentKeys contentKeys;

    @Inject
    Packager packager;

    @Override
    public String process() {
        var assetId = step.assetId();
        var processing = step.processing();
        // still the probe's status: a restart of this step (the probe done) finds the asset queued
        var asset = step.enter(AssetStatus.EXTRACTING_METADATA);
        var ladder = processing.ladder(asset);
        var top = ladder.get(ladder.size() - 1);
        var work = step.work();
        var source = work.source(asset, step.storage());
        var streams = prober.streams(source.file(), source.format());
        var reasons = StandardInput.reasons(streams, top);
        if (reasons.isEmpty()) {
            reasons = StandardInput.gops(prober.openGops(source.file(), source.format()));
        }
        boolean remux = reasons.isEmpty() && step.settings().remuxStandardInput();
        if (!remux) {
            processing.recordInputAssessment(assetId, reasons);
            return reasons.isEmpty() ? "STANDARD_NOT_REMUXED" : "NON_STANDARD";
        }
        var dir = work.freshDir(top.name());
        long started = System.nanoTime();
        // a long 720p clip's compressed MP4 is its top rung: here, the remux's copy of the original
        boolean compress = RenditionProcessor.compressedRung(asset, ladder)
                .filter(label -> label == top.label())
                .isPresent();
        var output = new HlsEncoder.Output(
                top,
                work.freshDir(top.name() + "/hls"),
                compress ? dir.resolve(HlsEncoder.COMPRESSED) : null,
                audioTracks.separate(assetId));
        var normalise = Loudness.plan(asset.loudness());
        var audioFilter = normalise == null ? null : normalise.filter();
        encoder.remux(source.file(), source.format(), output, audioFilter, work.root(), step.executionId());
        double seconds = (System.nanoTime() - started) / 1e9;
        var hls = encoder.describe(output.hlsDir());
        reasons = StandardInput.keyframes(hls.longestSegmentSeconds());
        processing.recordInputAssessment(assetId, reasons);
        if (!reasons.isEmpty()) {
            work.removeDir(top.name());
            return "NON_STANDARD";
        }
        // recorded with what the rendition really is: the original's bitrates, not the rung's caps
        var rung = new Rung(
                top.label(),
                top.width(),
                top.height(),
                streams.videoKbps(),
                streams.audioKbps() == null || audioFilter != null ? top.audioKbps() : streams.audioKbps(),
                top.crf());
        // measured before the writer uploads and removes the files: about 0.4 s a minute of audio
        recordOutputLoudness(asset, output.hlsDir(), work.root());
        var codecs = prober.codecs(output.hlsDir().resolve(HlsEncoder.INIT_SEGMENT));
        var key = contentKeys.of(assetId);
        if (key.isPresent()) { // the audio is separate then (see the audio step): the remux is video alone
            packager.encrypt(output.hlsDir(), key.get(), false, work.root(), step.executionId());
            hls = encoder.describe(output.hlsDir());
        }
        writer.write(new EncodedFiles(rung, dir, hls, codecs, output.compressedFile(), seconds, null, null, true));
        return "REMUXED";
    }

    /** The top rung's audio measured as a player hears it, once per run (see {@link Loudness}). */
    private void recordOutputLoudness(Asset asset, Path hlsDir, Path workDir) {
        if (asset.loudness() != null && asset.outputLufs() == null) {
            loudness.measureRendition(hlsDir.resolve(HlsEncoder.PLAYLIST), workDir, step.executionId())
                    .ifPresent(measured -> step.processing().recordOutputLoudness(asset.publicId(), measured));
        }
    }
}
