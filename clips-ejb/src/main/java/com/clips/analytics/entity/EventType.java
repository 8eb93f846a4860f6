package com.clips.analytics.entity;

/**
 * What happened to an asset. From a player's beacons: {@code VIEW} (the first play of a viewer
 * session), the completion quartiles (once per session each), rebuffers and rendition switches.
 */
public enum EventType {
    VIEW,
    DOWNLOAD,
    SHARE,
    FAVORITE,
    UNFAVORITE,
    ADDED_TO_PLAYLIST,
    PROGRESS_25,
    PROGRESS_50,
    PROGRESS_75,
    PROGRESS_100,
    REBUFFER,
    RENDITION_SWITCH;

    /** Counted once per (asset, viewer session) when a player's beacon names a session. */
    public boolean oncePerSession() {
        return this == VIEW || name().startsWith("PROGRESS_");
    }
}
