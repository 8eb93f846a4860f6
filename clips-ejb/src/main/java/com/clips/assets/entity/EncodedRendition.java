package com.clips.assets.entity;

import java.io.Serializable;
import java.math.BigDecimal;

/** What the renditions step (or the playable step's remux) uploaded for one rung, as it is recorded. */
public record EncodedRendition(
        int label,
        int width,
        int height,
        int videoKbps,
        Integer audioKbps,
        long bandwidth,
        long averageBandwidth,
        String codecs,
        BigDecimal frameRate,
        String playlistKey,
        long sizeBytes,
        int segmentCount,
        String compressedKey,
        Long compressedSizeBytes,
        BigDecimal durationSeconds,
        BigDecimal encodeSeconds,
        boolean remuxed,
        Integer crf)
        implements Serializable {}
