package com.clips.assets.boundary;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PATCH /assets/{id}} as OpenAPI shows it (a JSON merge patch: only the keys to
 * change, null clears); the resource reads the patch as a {@code JsonObject}, key by key.
 */
@Schema(name = "AssetPatch", description = "A JSON merge patch: only the keys to change; null clears")
public record AssetPatch(
        @Schema(maxLength = 200) String title,
        @Schema(maxLength = 5000) String description,
        @Schema(maxLength = 200) String gameTitle,
        @Schema(maxLength = 200) String sessionId,
        OffsetDateTime recordedAt,
        @Schema(enumeration = {"public", "private"}) String visibility,
        List<String> tags) {}
