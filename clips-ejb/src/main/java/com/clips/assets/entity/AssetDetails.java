package com.clips.assets.entity;

import java.time.Instant;
import java.util.List;

/** What the uploader tells us about a clip; tags already normalised (see {@link Tags}). */
public record AssetDetails(
        String title,
        String description,
        String gameTitle,
        String sessionId,
        Instant recordedAt,
        boolean isPublic,
        List<String> tags) {

    public AssetDetails {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
