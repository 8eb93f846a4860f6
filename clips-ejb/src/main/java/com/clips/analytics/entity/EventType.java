package com.clips.analytics.entity;

/** What happened to an asset . */
public enum EventType {
    VIEW,
    DOWNLOAD,
    SHARE,
    FAVORITE,
    UNFAVORITE,
    ADDED_TO_PLAYLIST
}
