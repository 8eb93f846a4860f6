package com.clips.assets.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One chapter of a clip: where it starts (milliseconds from the start) and its title. */
@Embeddable
public record Chapter(
        @Column(name = "start_ms", nullable = false) long startMs,

        @Column(name = "title", nullable = false, length = Chapter.MAX_TITLE)
        String title) {

    public static final int MAX_TITLE = 200;
}
