package com.clips.assets.boundary;

import com.clips.platform.web.ForwardedHeaders;

/**
 * The header-free URLs of one playback ID (or of a playback token, which takes the ID's place in
 * the path), absolute on {@code clips.public-base-url}: the address viewers reach the server at.
 */
public record PlaybackLinks(
        String playbackUrl,
        String mp4Url,
        String posterUrl,
        String previewUrl,
        String storyboardVttUrl,
        String chaptersVttUrl,
        String watchUrl,
        String embedUrl,
        String oembedUrl) {

    public static final String TOKEN_PLACEHOLDER = "{token}";

    public static String base() {
        return ForwardedHeaders.publicBaseUrl().orElse("http://127.0.0.1:8080").replaceAll("/+$", "");
    }

    /** @param reference a playback ID, or a playback token in its place */
    public static PlaybackLinks of(String reference) {
        return of(base(), reference);
    }

    public static PlaybackLinks of(String base, String reference) {
        var api = base + "/api/v1/playback/" + reference + "/";
        return new PlaybackLinks(
                api + "master.m3u8",
                api + "video.mp4",
                api + "poster.jpg",
                api + "preview.gif",
                api + "storyboard.vtt",
                api + "chapters.vtt",
                base + "/watch/" + reference,
                base + "/embed/" + reference,
                base + "/api/v1/oembed?format=json&url="
                        + java.net.URLEncoder.encode(
                                base + "/watch/" + reference, java.nio.charset.StandardCharsets.UTF_8));
    }
}
