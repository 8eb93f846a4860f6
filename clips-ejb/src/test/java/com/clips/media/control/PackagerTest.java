package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.clips.media.entity.VideoMetadata;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packager over FFmpeg's own renditions, with the real Shaka Packager ({@code ./clips test}
 * installs it and names it in CLIPS_DRM_PACKAGER_PATH): a video-only rung and an audio track come
 * back under their own file names, CENC {@code cbcs} encrypted (FFmpeg cannot decode them without
 * the key, Shaka decrypts them with it to what decodes cleanly), their init segments carrying the
 * scheme, the key ID and the systems' pssh boxes, their playlists naming the key for ClearKey,
 * PlayReady and Widevine.
 */
class PackagerTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();
    private static final String PACKAGER = System.getenv("CLIPS_DRM_PACKAGER_PATH");
    private static final ContentKey KEY = new ContentKey(
            UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"),
            HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));

    @TempDir
    static Path dir;

    private static Path source;
    private static HlsEncoder encoder;

    @BeforeAll
    static void clip() throws Exception {
        assumeTrue(
                PACKAGER != null && Files.isExecutable(Path.of(PACKAGER)),
                "CLIPS_DRM_PACKAGER_PATH names no Shaka Packager (./clips test installs one)");
        source = dir.resolve("source.mp4");
        run(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x180:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000",
                "-t",
                "6",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest",
                source.toString());
        encoder = TestWatchdog.encoder(SCHEDULER);
    }

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    private static Packager packager() {
        var packager = new Packager();
        packager.packagerPath = PACKAGER;
        packager.ffmpeg = encoder.ffmpeg;
        return packager;
    }

    @Test
    void aVideoRungIsEncryptedInPlaceWithCbcsAndItsPlaylistNamesTheKeyForEachSystem() throws Exception {
        var media = new VideoMetadata(
                BigDecimal.valueOf(6), 320, 180, 0, "h264", "aac", 300, BigDecimal.valueOf(25), "mov");
        var rung = new Rung(180, 320, 180, 300, 64, 28);
        var hls = Files.createDirectories(dir.resolve("180p/hls"));
        var output = new HlsEncoder.Output(rung, hls, null, true);
        encoder.encodeLadder(
                source, ContainerFormat.MP4, media, List.of(output), null, null, dir, 7L, report -> {}, false);
        var clear = names(hls);
        var clearSegments = new MediaPlaylistParser(ParsingMode.LENIENT)
                .readPlaylist(hls.resolve(HlsEncoder.PLAYLIST))
                .mediaSegments();
        assertThat(decodeErrors(joined(hls))).isEmpty();

        packager().encrypt(hls, KEY, false, dir, 7L);

        // the same files (the same segments, cut at the same key frames), nothing left beside them
        assertThat(names(hls)).isEqualTo(clear);
        assertThat(names(dir).stream().filter(n -> n.startsWith("clear-") || n.startsWith("encrypted-")))
                .isEmpty();
        var playlist = Files.readString(hls.resolve(HlsEncoder.PLAYLIST));
        var segments = new MediaPlaylistParser(ParsingMode.LENIENT)
                .readPlaylist(playlist)
                .mediaSegments();
        assertThat(segments)
                .extracting(s -> s.uri())
                .isEqualTo(clearSegments.stream().map(s -> s.uri()).toList());
        var keys = playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY:")).toList();
        assertThat(keys)
                .extracting(l -> l.replaceAll(".*KEYFORMAT=\"([^\"]+)\".*", "$1"))
                .containsExactly(
                        "org.w3.clearkey", "com.microsoft.playready", "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");
        assertThat(keys.get(0))
                .matches("#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64,ChssPU5fYHGCk6S1xtfo\\+Q==\","
                        + "IV=0x[0-9a-f]{32},KEYFORMATVERSIONS=\"1\",KEYFORMAT=\"org.w3.clearkey\"");
        assertThat(keys.get(2)).contains("KEYID=0x0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        assertThat(playlist).doesNotContain("identity").doesNotContain("Generated with");

        var init = Files.readAllBytes(hls.resolve(HlsEncoder.INIT_SEGMENT));
        assertThat(indexOf(init, "encv".getBytes(StandardCharsets.US_ASCII))).isPositive();
        assertThat(indexOf(init, "schm\0\0\0\0cbcs".getBytes(StandardCharsets.US_ASCII)))
                .isPositive();
        assertThat(indexOf(init, KEY.keyIdBytes())).isPositive(); // tenc's default key ID
        for (var system : List.of(
                "edef8ba979d64acea3c827dcd51d21ed",
                "9a04f07998404286ab92e65be0885f95",
                "1077efecc0b24d02ace33c1e52e2fb4b")) {
            assertThat(indexOf(init, HexFormat.of().parseHex(system)))
                    .as(system)
                    .isPositive();
        }

        // encrypted: FFmpeg decodes garbage without the key; Shaka with it gives the clean picture back
        var encrypted = joined(hls);
        assertThat(decodeErrors(encrypted)).contains("error while decoding");
        var decrypted = dir.resolve("decrypted.mp4");
        run(
                PACKAGER,
                "in=" + encrypted + ",stream=video,output=" + decrypted,
                "--enable_raw_key_decryption",
                "--keys",
                "label=:key_id=" + KEY.keyIdHex() + ":key=00112233445566778899aabbccddeeff",
                "--quiet");
        assertThat(decodeErrors(decrypted)).isEmpty();
    }

    @Test
    void anAudioTrackIsEncryptedAsAudio() throws Exception {
        var hls = Files.createDirectories(dir.resolve("a0"));
        encoder.encodeAudio(source, ContainerFormat.MP4, 0, "eng", null, hls, dir, 7L);
        packager().encrypt(hls, KEY, true, dir, 7L);
        var init = Files.readAllBytes(hls.resolve(HlsEncoder.INIT_SEGMENT));
        assertThat(indexOf(init, "enca".getBytes(StandardCharsets.US_ASCII))).isPositive();
        assertThat(indexOf(init, "schm\0\0\0\0cbcs".getBytes(StandardCharsets.US_ASCII)))
                .isPositive();
        var playlist = Files.readString(hls.resolve(HlsEncoder.PLAYLIST));
        assertThat(playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY:"))).hasSize(3);
        assertThat(new MediaPlaylistParser(ParsingMode.LENIENT)
                        .readPlaylist(playlist)
                        .mediaSegments())
                .isNotEmpty();
        // the key's data URI is the key ID, as hls.js takes it for ClearKey
        assertThat(playlist)
                .contains(
                        "URI=\"data:text/plain;base64," + Base64.getEncoder().encodeToString(KEY.keyIdBytes()) + "\"");
    }

    @Test
    void theKeyIsNeverPrinted() {
        assertThat(KEY.toString()).isEqualTo("ContentKey[0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9]");
        var args = Packager.arguments(dir.resolve("in.mp4"), dir.resolve("out"), KEY, false);
        assertThat(String.join(" ", args)).contains(":key=00112233445566778899aabbccddeeff");
        assertThat(Packager.withoutKey(args, KEY))
                .contains("label=:key_id=0a1b2c3d4e5f60718293a4b5c6d7e8f9:key=<key>")
                .noneMatch(a -> a.contains("00112233445566778899aabbccddeeff"));
        assertThat(ContentKey.keyId(KEY.keyIdBytes())).isEqualTo(KEY.keyId());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The rendition as one file: its init segment, then its segments. */
    private static Path joined(Path hls) throws Exception {
        var out = new ByteArrayOutputStream();
        out.write(Files.readAllBytes(hls.resolve(HlsEncoder.INIT_SEGMENT)));
        for (var segment : new MediaPlaylistParser(ParsingMode.LENIENT)
                .readPlaylist(hls.resolve(HlsEncoder.PLAYLIST))
                .mediaSegments()) {
            out.write(Files.readAllBytes(hls.resolve(segment.uri())));
        }
        var file = Files.createTempFile(dir, "joined-", ".mp4");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static String decodeErrors(Path file) throws Exception {
        return run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-")
                .strip();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
