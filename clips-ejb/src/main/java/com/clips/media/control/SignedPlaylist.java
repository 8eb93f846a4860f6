package com.clips.media.control;

import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.SegmentMap;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.lindstrom.m3u8.parser.PlaylistParserException;
import java.util.function.UnaryOperator;

/**
 * A rendition's media playlist as a player may fetch it: every segment and the init segment
 * point at their own short-lived URL (a presigned GET signs one object, so relative URIs would
 * not be readable), everything else is kept.
 */
public final class SignedPlaylist {

    private SignedPlaylist() {}

    /**
     * @param stored    the playlist as the encoder wrote it (URIs relative to its directory)
     * @param directory the storage key prefix of that directory, ending in '/'
     * @param urlOfKey  the URL a client reads a stored object from
     */
    public static String media(String stored, String directory, UnaryOperator<String> urlOfKey) {
        if (stored.contains("#EXT-X-KEY:")) {
            return encrypted(stored, directory, urlOfKey);
        }
        var parser = new MediaPlaylistParser(ParsingMode.LENIENT);
        MediaPlaylist playlist;
        try {
            playlist = parser.readPlaylist(stored);
        } catch (PlaylistParserException e) {
            throw new IllegalStateException("stored media playlist does not parse", e);
        }
        var signed = playlist.mediaSegments().stream()
                .map(segment -> MediaSegment.builder()
                        .from(segment)
                        .uri(urlOfKey.apply(key(directory, segment.uri())))
                        .segmentMap(segment.segmentMap()
                                .map(map -> SegmentMap.builder()
                                        .from(map)
                                        .uri(urlOfKey.apply(key(directory, map.uri())))
                                        .build()))
                        .build())
                .toList();
        return parser.writePlaylistAsString(
                MediaPlaylist.builder().from(playlist).mediaSegments(signed).build());
    }

    private static final java.util.regex.Pattern MAP_URI = java.util.regex.Pattern.compile("URI=\"([^\"]*)\"");

    /**
     * An encrypted rendition's playlist, line by line: it names its key once per DRM system (one
     * {@code EXT-X-KEY} each, which the parser's model keeps only one of), and those lines stay as
     * they are; the init segment's and the segments' URIs are signed.
     */
    private static String encrypted(String stored, String directory, UnaryOperator<String> urlOfKey) {
        var out = new StringBuilder();
        for (var line : stored.split("\n")) {
            var text = line.strip();
            if (text.startsWith("#EXT-X-MAP:")) {
                var uri = MAP_URI.matcher(text);
                if (!uri.find()) {
                    throw new IllegalStateException("stored media playlist has an EXT-X-MAP without URI");
                }
                out.append(text, 0, uri.start(1))
                        .append(urlOfKey.apply(key(directory, uri.group(1))))
                        .append(text.substring(uri.end(1)));
            } else if (!text.isEmpty() && !text.startsWith("#")) {
                out.append(urlOfKey.apply(key(directory, text)));
            } else {
                out.append(text);
            }
            out.append('\n');
        }
        return out.toString();
    }

    // the encoder writes plain file names; anything else (absolute, parent) is not ours to sign
    private static String key(String directory, String uri) {
        if (uri.isEmpty() || uri.contains("/") || uri.contains("\\") || uri.contains(":") || uri.startsWith(".")) {
            throw new IllegalStateException("unexpected URI in a stored playlist: " + uri);
        }
        return directory + uri;
    }
}
