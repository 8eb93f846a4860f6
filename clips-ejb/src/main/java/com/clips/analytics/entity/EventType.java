package com.clips.analytics.entity;

/** What happened to an asset (seed 000 §1.4 AnalyticsEventType). */
public enum EventType {
    VIEW,
    DOWNLOAD,
    SHARE,
    FAVORITE,
    UNFAVORITE,
    ADDED_TO_PLAYLIST
}
