package com.clips.assets.entity;

/** What a caption track holds: the dialogue only (subtitles), or every sound as well (captions, for the deaf). */
public enum CaptionKind {
    SUBTITLES,
    CAPTIONS
}
