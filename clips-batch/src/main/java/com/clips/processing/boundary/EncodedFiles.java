package com.clips.processing.boundary;

import com.clips.media.control.HlsEncoder.HlsOutput;
import com.clips.media.control.Rung;
import java.nio.file.Path;

/**
 * One encoded rung in the work dir, on its way from the processor to the writer; the lowest rung
 * of the encode that sampled the storyboard carries its sprite and track too (else null). A rung
 * of null carries only the storyboard (every rung was already recorded); {@code remuxed} if it was
 * copied from the original, not encoded.
 */
record EncodedFiles(
        Rung rung,
        Path dir,
        HlsOutput hls,
        String codecs,
        Path compressed,
        double encodeSeconds,
        Path storyboard,
        Path storyboardTrack,
        boolean remuxed) {}
