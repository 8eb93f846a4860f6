package com.clips.processing.boundary;

import com.clips.assets.boundary.AudioTracks;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.AudioTrack;
import com.clips.media.control.Ffmpeg;
import com.clips.media.control.HlsEncoder;
import com.clips.media.control.Loudness;
import com.clips.media.control.MediaProber;
import com.clips.media.control.Packager;
import com.clips.media.control.SourceAudio;
import com.clips.protection.boundary.ContentKeys;
import com.clips.storage.control.StorageKeys;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * Step "audio": a source's audio streams become audio tracks (at most {@link SourceAudio#MAX_TRACKS};
 * with {@code clips.processing.separate-audio=several}, only a source of two or more), each
 * encoded alone into an audio-only HLS rendition
 * {@code a<position>} and normalised to the asset's loudness target (the first with the probe's
 * measurement, each other with its own first pass), uploaded, and recorded together, so the master
 * playlist's audio group appears whole. Before any video rendition: those of such a clip carry no
 * audio of their own, and the first of them is playable only with its tracks. A source without
 * audio has no tracks; one whose audio stays in its video renditions (several) neither.
 */
@Named
@Dependent
public class AudioTracksBatchlet extends AbstractBatchlet {

    @Inject
    AssetStep step;

    @Inject
    MediaProber prober;

    @Inject
    HlsEncoder encoder;

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
        // still the probe's status, as the playable step after it
        var asset = step.enter(AssetStatus.EXTRACTING_METADATA);
        var work = step.work();
        var source = work.source(asset, step.storage());
        var tracks = SourceAudio.tracks(prober.audioStreams(source.file(), source.format()));
        // the run's content key, if the tenant protects content: issued here, before any rendition;
        // a protected clip's audio is always separate (the packager writes one stream a rendition)
        var key = contentKeys.issue(asset.tenantId(), assetId);
        if (tracks.size() < (key.isPresent() ? 1 : step.settings().separateAudioFrom())) { // at least 1
            audioTracks.record(assetId, List.of());
            return tracks.isEmpty() ? "NO_AUDIO" : "AUDIO_IN_RENDITIONS";
        }
        var recorded = asset.loudness();
        var target = Loudness.target(recorded);
        var made = new ArrayList<AudioTrack.Made>();
        for (var track : tracks) {
            int position = track.stream().position();
            var name = AudioTrack.renditionName(position);
            // the first stream was measured by the probe; the others here, the same way
            var input = position == 0
                    ? Loudness.measured(recorded)
                    : loudness.measure(
                            Ffmpeg.input(source.file(), source.format()), position, work.root(), step.executionId());
            var plan = Loudness.plan(input, target);
            var dir = work.freshDir("audio-" + name);
            encoder.encodeAudio(
                    source.file(),
                    source.format(),
                    position,
                    track.iso639(),
                    plan.filter(),
                    dir,
                    work.root(),
                    step.executionId());
            var output = loudness.measureRendition(dir.resolve(HlsEncoder.PLAYLIST), work.root(), step.executionId());
            if (position == 0 && recorded != null && asset.outputLufs() == null) {
                // the default track is what the asset's output loudness reports
                output.ifPresent(measured -> step.processing().recordOutputLoudness(assetId, measured));
            }
            // measured in the clear, then encrypted
            key.ifPresent(k -> packager.encrypt(dir, k, true, work.root(), step.executionId()));
            var hls = encoder.describe(dir);
            var prefix =
                    RenditionWriter.upload(step.storage(), StorageKeys.rendition(asset.tenantId(), assetId, name), hls);
            made.add(new AudioTrack.Made(
                    position,
                    track.stream().index(),
                    track.language(),
                    track.name(),
                    prefix + HlsEncoder.PLAYLIST,
                    hls.peakBitsPerSecond(),
                    hls.sizeBytes(),
                    hls.segmentCount(),
                    input.map(Loudness.Measurement::integratedLufs).orElse(null),
                    output.map(Loudness.Measurement::integratedLufs).orElse(null),
                    plan.reason()));
            work.removeDir("audio-" + name);
        }
        audioTracks.record(assetId, made);
        return "AUDIO_TRACKS";
    }
}
