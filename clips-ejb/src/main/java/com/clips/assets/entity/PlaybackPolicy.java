package com.clips.assets.entity;

/** Who may play through a playback ID: anyone who has it, or only with a playback token the tenant signed. */
public enum PlaybackPolicy {
    PUBLIC,
    SIGNED
}
