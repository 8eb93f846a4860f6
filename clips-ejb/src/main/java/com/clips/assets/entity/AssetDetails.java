package com.clips.assets.entity;

import java.time.Instant;

/** What the uploader tells us about a clip. */
public record AssetDetails(String title, String description, String gameTitle, String sessionId, Instant recordedAt,
        boolean isPublic) {
}
