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
    /** Its run was cut short by its server (a crash, a shutdown) and will be resumed: not a final state. */
    INTERRUPTED,
    /** A resume of its interrupted run has been started; it goes on where the run left off. */
    RESUMING,
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
            case QUEUED -> EnumSet.of(EXTRACTING_METADATA, INTERRUPTED, FAILED, DELETED);
            case EXTRACTING_METADATA -> EnumSet.of(GENERATING_THUMBNAIL, INTERRUPTED, FAILED, DELETED);
            case GENERATING_THUMBNAIL -> EnumSet.of(COMPRESSING, READY, INTERRUPTED, FAILED, DELETED);
            case COMPRESSING -> EnumSet.of(READY, INTERRUPTED, FAILED, DELETED);
            // a resume never leaves Ready: only a reprocess (back to the queue) or a delete does
            case READY -> EnumSet.of(QUEUED, DELETED);
            case FAILED -> EnumSet.of(QUEUED, DELETED);
            // interrupted: only its resume goes on from here (or, when the resume cannot start, Failed)
            case INTERRUPTED -> EnumSet.of(RESUMING, FAILED);
            // the resume continues at the step the run was in; interrupted again, or failed for good
            case RESUMING ->
                EnumSet.of(EXTRACTING_METADATA, GENERATING_THUMBNAIL, COMPRESSING, READY, INTERRUPTED, FAILED);
            // restore: back to the settled status it was deleted from
            case DELETED -> EnumSet.of(READY, FAILED);
        };
    }

    /** Whether a run is still to end (or resume) for this status: anything but Ready, Failed, Deleted. */
    public boolean settled() {
        return this == READY || this == FAILED || this == DELETED;
    }

    public boolean canMoveTo(AssetStatus target) {
        return next().contains(target);
    }
}
