package com.clips.media.control;

import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encrypts an HLS rendition that FFmpeg wrote (fMP4: init.mp4, seg_NNNNN.m4s, index.m3u8) with
 * Common Encryption in the {@code cbcs} scheme, so that one set of segments serves Widevine,
 * PlayReady and FairPlay as well as ClearKey. The encryption is Shaka Packager's (FFmpeg 5.1's
 * mp4 muxer knows only {@code cenc-aes-ctr}): the rendition is joined into one fragmented MP4 and
 * packaged again into the same file names, its segments cut at the same keyframes, its init
 * segment carrying {@code tenc} and the CommonSystem, Widevine and PlayReady {@code pssh} boxes. The
 * media playlist names the key for each system: shaka's Widevine and PlayReady {@code EXT-X-KEY}
 * lines stay, its {@code identity} line becomes the ClearKey one hls.js asks an EME licence for.
 */
@ApplicationScoped
public class Packager {

    /** The key system ID EME players take for ClearKey in HLS (hls.js: {@code org.w3.clearkey}). */
    public static final String CLEARKEY_FORMAT = "org.w3.clearkey";

    @Inject
    @ConfigProperty(name = "clips.drm.packager-path", defaultValue = "/usr/local/bin/packager")
    String packagerPath;

    @Inject
    Ffmpeg ffmpeg;

    /**
     * Replaces the rendition in {@code hlsDir} with its encryption under {@code key}; {@code audio}:
     * an audio-only rendition, else video alone (a muxed rendition cannot be packaged back muxed).
     */
    public void encrypt(Path hlsDir, ContentKey key, boolean audio, Path workDir, long owner) {
        try {
            var joined = joined(hlsDir, workDir);
            var out = Files.createTempDirectory(workDir, "encrypted-");
            try {
                var args = arguments(joined, out, key, audio);
                ffmpeg.runTool(
                        packagerPath,
                        args,
                        withoutKey(args, key),
                        workDir,
                        "encryption " + hlsDir.getFileName(),
                        owner);
                var playlist = out.resolve(HlsEncoder.PLAYLIST);
                Files.writeString(playlist, clearKeyLines(Files.readString(playlist), key));
                Files.deleteIfExists(out.resolve(MASTER));
                replace(hlsDir, out);
            } finally {
                Files.deleteIfExists(joined);
                deleteTree(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The clear copy of {@code encrypted} (an init segment and fragments, one stream) in
     * {@code clear}: what FFmpeg needs to take a frame from a protected rendition.
     */
    public void decrypt(Path encrypted, ContentKey key, boolean audio, Path clear, Path workDir) {
        var args = List.of(
                "in=" + encrypted + ",stream=" + (audio ? "audio" : "video") + ",output=" + clear,
                "--enable_raw_key_decryption",
                "--keys",
                keys(key),
                "--quiet");
        ffmpeg.runTool(packagerPath, args, withoutKey(args, key), workDir, "decryption", Ffmpeg.NO_OWNER);
    }

    private static String keys(ContentKey key) {
        return "label=:key_id=" + key.keyIdHex() + ":key=" + key.keyHex();
    }

    /** The arguments as the log may show them: the key ID, never the key. */
    static List<String> withoutKey(List<String> args, ContentKey key) {
        var secret = key.keyHex();
        return args.stream().map(a -> a.replace(secret, "<key>")).toList();
    }

    private static final String MASTER = "packager-master.m3u8";

    static List<String> arguments(Path joined, Path out, ContentKey key, boolean audio) {
        var stream = "in=" + joined + ",stream=" + (audio ? "audio" : "video")
                + ",init_segment=" + out.resolve(HlsEncoder.INIT_SEGMENT)
                + ",segment_template=" + out.resolve("seg_$Number%05d$.m4s")
                + ",playlist_name=" + HlsEncoder.PLAYLIST;
        return List.of(
                stream,
                "--segment_duration",
                String.valueOf(HlsEncoder.SEGMENT_SECONDS),
                "--start_segment_number",
                "0",
                "--enable_raw_key_encryption",
                "--keys",
                keys(key),
                "--protection_scheme",
                "cbcs",
                "--protection_systems",
                "CommonSystem,Widevine,PlayReady",
                "--clear_lead",
                "0",
                "--hls_master_playlist_output",
                out.resolve(MASTER).toString(),
                "--quiet");
    }

    /** Shaka's {@code KEYFORMAT="identity"} line for the key, as the ClearKey one (its URI the key ID). */
    static String clearKeyLines(String playlist, ContentKey key) {
        var lines = new ArrayList<String>();
        for (var line : playlist.split("\n", -1)) {
            if (line.startsWith("#EXT-X-KEY:") && line.contains("KEYFORMAT=\"identity\"")) {
                lines.add(clearKeyLine(key, iv(line)));
            } else if (!line.startsWith("## Generated with")) {
                lines.add(line);
            }
        }
        return String.join("\n", lines);
    }

    /** The ClearKey {@code EXT-X-KEY} of {@code key}, with shaka's IV. */
    private static String clearKeyLine(ContentKey key, String iv) {
        return "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"" + ContentKey.clearKeyUri(key.keyId()) + "\","
                + (iv == null ? "" : "IV=" + iv + ",") + "KEYFORMATVERSIONS=\"1\",KEYFORMAT=\"" + CLEARKEY_FORMAT
                + "\"";
    }

    private static String iv(String keyLine) {
        var m = java.util.regex.Pattern.compile("IV=(0x[0-9a-fA-F]+)").matcher(keyLine);
        return m.find() ? m.group(1) : null;
    }

    /** The rendition as one fragmented MP4: its init segment, then its segments in the playlist's order. */
    private static Path joined(Path hlsDir, Path workDir) throws IOException {
        var joined = Files.createTempFile(workDir, "clear-", ".mp4");
        var playlist = new MediaPlaylistParser().readPlaylist(hlsDir.resolve(HlsEncoder.PLAYLIST));
        try (var out = Files.newOutputStream(joined, StandardOpenOption.TRUNCATE_EXISTING)) {
            Files.copy(hlsDir.resolve(HlsEncoder.INIT_SEGMENT), out);
            for (var segment : playlist.mediaSegments()) {
                Files.copy(HlsEncoder.segmentFile(hlsDir, segment.uri()), out);
            }
        }
        return joined;
    }

    /** The clear files out, the encrypted ones in (the directory's other files, none today, stay). */
    private static void replace(Path hlsDir, Path encrypted) throws IOException {
        try (Stream<Path> clear = Files.list(hlsDir)) {
            for (var file : clear.toList()) {
                var name = file.getFileName().toString();
                if (name.equals(HlsEncoder.PLAYLIST) || name.equals(HlsEncoder.INIT_SEGMENT) || name.endsWith(".m4s")) {
                    Files.delete(file);
                }
            }
        }
        try (Stream<Path> made = Files.list(encrypted)) {
            for (var file : made.toList()) {
                Files.move(file, hlsDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (var p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
