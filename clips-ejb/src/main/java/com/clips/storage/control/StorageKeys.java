package com.clips.storage.control;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The bucket layout of DESIGN.md. Keys come only from server-generated ids, never from file names. */
public final class StorageKeys {

    public static final String STAGING_PREFIX = "tmp/";

    private StorageKeys() {}

    public static String staging(UUID uploadId) {
        return sessionPrefix(uploadId) + "source";
    }

    /** Everything an upload stores before it becomes an asset (its file, a tus upload's tail). */
    public static String sessionPrefix(UUID uploadId) {
        return STAGING_PREFIX + uploadId + "/";
    }

    /** The upload whose staging object this is, if the key is one. */
    public static Optional<UUID> uploadOf(String key) {
        if (!key.startsWith(STAGING_PREFIX)) {
            return Optional.empty();
        }
        var rest = key.substring(STAGING_PREFIX.length());
        int slash = rest.indexOf('/');
        try {
            return Optional.of(UUID.fromString(slash < 0 ? rest : rest.substring(0, slash)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String original(String tenantId, UUID assetId, String extension) {
        return "originals/" + tenantId + "/" + assetId + "/source." + extension;
    }

    /** Everything derived from an asset lives under these prefixes, so a reprocess or purge can list it. */
    public static List<String> derivedPrefixes(String tenantId, UUID assetId) {
        var suffix = "/" + tenantId + "/" + assetId + "/";
        return List.of(
                "thumbnails" + suffix,
                "previews" + suffix,
                "storyboards" + suffix,
                "renditions" + suffix,
                "compressed" + suffix);
    }

    public static String thumbnail(String tenantId, UUID assetId, String file) {
        return "thumbnails/" + tenantId + "/" + assetId + "/" + file;
    }

    public static String preview(String tenantId, UUID assetId, String file) {
        return "previews/" + tenantId + "/" + assetId + "/" + file;
    }

    public static String storyboard(String tenantId, UUID assetId, String file) {
        return "storyboards/" + tenantId + "/" + assetId + "/" + file;
    }

    /** A rendition's directory: its playlist, init segment and media segments. */
    public static String rendition(String tenantId, UUID assetId, String rungName) {
        return "renditions/" + tenantId + "/" + assetId + "/" + rungName + "/";
    }

    /**
     * Uploaded caption tracks: not derived from the source, so a reprocess keeps them (they are not
     * among {@link #derivedPrefixes}); a purge deletes this prefix as well.
     */
    public static String captionsPrefix(String tenantId, UUID assetId) {
        return "captions/" + tenantId + "/" + assetId + "/";
    }

    /**
     * One version of a caption track's WebVTT; the language is a checked BCP-47 tag, never free
     * text. Each upload or replacement writes a version of its own, so the row never points at
     * bytes a rolled-back replacement wrote.
     */
    public static String caption(String tenantId, UUID assetId, String language, String version) {
        return captionsPrefix(tenantId, assetId) + language + "-" + version + ".vtt";
    }

    public static String masterPlaylist(String tenantId, UUID assetId) {
        return "renditions/" + tenantId + "/" + assetId + "/master.m3u8";
    }

    public static String compressed(String tenantId, UUID assetId, String rungName) {
        return "compressed/" + tenantId + "/" + assetId + "/" + rungName + ".mp4";
    }

    /** The media type to store an object with, from the extension the server gave it. */
    public static String contentType(String fileName) {
        var dot = fileName.lastIndexOf('.');
        return switch (dot < 0 ? "" : fileName.substring(dot + 1)) {
            case "m3u8" -> "application/vnd.apple.mpegurl";
            case "m4s" -> "video/iso.segment";
            case "mp4" -> "video/mp4";
            case "jpg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "vtt" -> "text/vtt";
            default -> "application/octet-stream";
        };
    }
}
