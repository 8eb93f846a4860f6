package com.clips.assets.entity;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The processing status, with the transitions the pipeline may take. */
public enum AssetStatus {
    UPLOADED,
    QUEUED,
    EXTRACTING_METADATA,
    GENERATING_THUMBNAIL,
    COMPRESSING,
    READY,
    FAILED,
    DELETED;

    /** The order the process-asset job takes an asset through. */
    public static final List<AssetStatus> PIPELINE =
            List.of(QUEUED, EXTRACTING_METADATA, GENERATING_THUMBNAIL, COMPRESSING, READY);

    /** The statuses of a run at work on the asset. */
    public static final Set<AssetStatus> PROCESSING =
            EnumSet.of(EXTRACTING_METADATA, GENERATING_THUMBNAIL, COMPRESSING);

    private Set<AssetStatus> next() {
        return switch (this) {
            case UPLOADED -> EnumSet.of(QUEUED, FAILED, DELETED);
            case QUEUED -> EnumSet.of(EXTRACTING_METADATA, FAILED, DELETED);
            case EXTRACTING_METADATA -> EnumSet.of(GENERATING_THUMBNAIL, FAILED, DELETED);
            case GENERATING_THUMBNAIL -> EnumSet.of(COMPRESSING, READY, FAILED, DELETED);
            case COMPRESSING -> EnumSet.of(READY, FAILED, DELETED);
            case READY -> EnumSet.of(QUEUED, DELETED);
            case FAILED -> EnumSet.of(QUEUED, DELETED);
            // restore: back to the settled status it was deleted from
            case DELETED -> EnumSet.of(READY, FAILED);
        };
    }

    public boolean canMoveTo(AssetStatus target) {
        return next().contains(target);
    }
}
