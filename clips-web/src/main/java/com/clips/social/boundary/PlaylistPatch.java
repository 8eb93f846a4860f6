package com.clips.social.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PATCH /playlists/{id}} as OpenAPI shows it (a JSON merge patch: only the keys
 * to change, null clears); the resource reads the patch as a {@code JsonObject}, key by key.
 */
@Schema(name = "PlaylistPatch", description = "A JSON merge patch: only the keys to change; null clears")
public record PlaylistPatch(
        @Schema(maxLength = 200) String name,
        @Schema(maxLength = 2000) String description,
        @Schema(enumeration = {"public", "private"}) String visibility) {}
