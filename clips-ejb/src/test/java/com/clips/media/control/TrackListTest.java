package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The track list read from the first bytes the upload routes see, on files the machine's ffmpeg writes. */
class TrackListTest {

    private static final List<String> VIDEO = List.of("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10");
    private static final List<String> AUDIO = List.of("-f", "lavfi", "-i", "sine=sample_rate=48000:frequency=440");

    @TempDir
    Path dir;

    @Test
    void faststartMp4WithOnlySoundIsAudioOnlyFromItsHead() throws Exception {
        var head = head(encode("sound.mp4", AUDIO, "-c:a", "aac", "-vn", "-movflags", "+faststart", "-f", "mp4"));

        assertThat(ContainerFormat.audioOnly(head, head.length)).isTrue();
        assertThat(ContainerFormat.sniff(head, head.length)).isEmpty();
    }

    @Test
    void matroskaAndWebmWithOnlyAudioAreAudioOnlyFromTheirHead() throws Exception {
        var webm = head(encode("sound.webm", AUDIO, "-c:a", "libopus", "-vn"));
        var mkv = head(encode("sound.mkv", AUDIO, "-c:a", "aac", "-vn"));

        assertThat(ContainerFormat.audioOnly(webm, webm.length)).isTrue();
        assertThat(ContainerFormat.sniff(webm, webm.length)).isEmpty();
        assertThat(ContainerFormat.audioOnly(mkv, mkv.length)).isTrue();
        assertThat(ContainerFormat.sniff(mkv, mkv.length)).isEmpty();
    }

    @Test
    void videoFilesStayVideoWhereverTheirTrackListIs() throws Exception {
        var faststart =
                head(encodeBoth("both-faststart.mp4", "-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart"));
        var moovAtEnd = head(encodeBoth("both-end.mp4", "-c:v", "libx264", "-c:a", "aac"));
        var silentVideo = head(encode("video.mp4", VIDEO, "-c:v", "libx264", "-movflags", "+faststart"));
        var mov = head(encodeBoth("both.mov", "-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart"));
        var webm = head(encodeBoth("both.webm", "-c:v", "libvpx-vp9", "-c:a", "libopus"));
        var mkv = head(encodeBoth("both.mkv", "-c:v", "libx264", "-c:a", "aac"));

        for (var head : List.of(faststart, moovAtEnd, silentVideo, mov, webm, mkv)) {
            assertThat(ContainerFormat.audioOnly(head, head.length)).isFalse();
        }
        assertThat(ContainerFormat.sniff(faststart, faststart.length)).contains(ContainerFormat.MP4);
        assertThat(ContainerFormat.sniff(moovAtEnd, moovAtEnd.length)).contains(ContainerFormat.MP4);
        assertThat(ContainerFormat.sniff(silentVideo, silentVideo.length)).contains(ContainerFormat.MP4);
        assertThat(ContainerFormat.sniff(mov, mov.length)).contains(ContainerFormat.QUICKTIME);
        assertThat(ContainerFormat.sniff(webm, webm.length)).contains(ContainerFormat.WEBM);
        assertThat(ContainerFormat.sniff(mkv, mkv.length)).contains(ContainerFormat.MATROSKA);
    }

    @Test
    void soundWhoseMoovIsBeyondTheHeadIsLeftToTheProbe() throws Exception {
        var head = head(encode("sound-end.mp4", AUDIO, "-c:a", "aac", "-vn", "-f", "mp4"));

        assertThat(ContainerFormat.audioOnly(head, head.length)).isFalse();
        assertThat(ContainerFormat.sniff(head, head.length)).contains(ContainerFormat.MP4);
    }

    @Test
    void truncatedTrackListsTellNothingAndNeverThrow() throws Exception {
        var mp4 = head(encode("sound-cut.mp4", AUDIO, "-c:a", "aac", "-vn", "-movflags", "+faststart", "-f", "mp4"));
        var webm = head(encode("sound-cut.webm", AUDIO, "-c:a", "libopus", "-vn"));
        for (var file : List.of(mp4, webm)) {
            int full = trackListEnd(file);
            for (int length = 0; length < full; length++) {
                var cut = Arrays.copyOf(file, length);
                assertThat(ContainerFormat.audioOnly(cut, length))
                        .as("%d bytes", length)
                        .isFalse();
                ContainerFormat.sniff(cut, length);
            }
        }
    }

    @Test
    void garbageAfterAHeaderNeverThrows() {
        var random = new Random(21);
        var heads = new ArrayList<byte[]>();
        for (int i = 0; i < 2000; i++) {
            var bytes = new byte[1 + random.nextInt(ContainerFormat.SNIFF_BYTES)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length >= 12) {
                System.arraycopy(new byte[] {0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, bytes, 0, 12);
            } else if (bytes.length >= 4) {
                System.arraycopy(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, 0, bytes, 0, 4);
            }
            heads.add(bytes);
        }
        // a moov claiming 2^63 bytes, an EBML header with an invalid size, boxes of size 0 and 1
        heads.add(new byte[] {
            0,
            0,
            0,
            16,
            'f',
            't',
            'y',
            'p',
            'i',
            's',
            'o',
            'm',
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            1,
            'm',
            'o',
            'o',
            'v',
            (byte) 0x80,
            0,
            0,
            0,
            0,
            0,
            0,
            0
        });
        heads.add(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0, 0, 0, 0});
        heads.add(new byte[] {
            0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 0, 0, 0, 0, 0, 0, 'm', 'o', 'o', 'v'
        });
        for (var head : heads) {
            ContainerFormat.audioOnly(head, head.length);
            ContainerFormat.sniff(head, head.length);
        }
    }

    /** The length of the file's leading part up to and including its track list, as the reader walks it. */
    private static int trackListEnd(byte[] file) {
        for (int length = 0; length <= file.length; length++) {
            if (ContainerFormat.audioOnly(file, length)) {
                return length;
            }
        }
        throw new AssertionError("no track list in the head");
    }

    private Path encodeBoth(String name, String... args) throws Exception {
        var inputs = new ArrayList<>(VIDEO);
        inputs.addAll(AUDIO);
        return encode(name, inputs, args);
    }

    private Path encode(String name, List<String> inputs, String... args) throws Exception {
        var out = dir.resolve(name);
        var command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(inputs);
        command.addAll(List.of("-t", "1"));
        command.addAll(List.of(args));
        command.add(out.toString());
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return out;
    }

    /** The bytes the upload routes sniff: the first {@link ContainerFormat#SNIFF_BYTES}. */
    private static byte[] head(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(ContainerFormat.SNIFF_BYTES);
        }
    }
}
