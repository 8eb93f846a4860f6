package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CODECS from real init segments that the machine's ffmpeg writes as the ladder does (HLS fMP4),
 * for encodes whose profile and level are known; ffprobe alone says level -99 for them.
 */
class InitSegmentCodecsTest {

    @TempDir
    Path dir;

    @Test
    void highProfileLevel31At720p30IsAvc1_64001f() throws Exception {
        var init = encode("1280x720", 30, true, "-profile:v", "high", "-level", "3.1");
        assertThat(InitSegmentCodecs.of(init)).isEqualTo("avc1.64001f,mp4a.40.2");
    }

    @Test
    void mainProfileLevel30SetsConstraintSet1() throws Exception {
        var init = encode("640x360", 25, true, "-profile:v", "main", "-level", "3.0");
        assertThat(InitSegmentCodecs.of(init)).isEqualTo("avc1.4d401e,mp4a.40.2");
    }

    @Test
    void baselineProfileSetsConstraintSets0And1AndNoAudioMeansNoMp4a() throws Exception {
        var init = encode("320x240", 15, false, "-profile:v", "baseline", "-level", "2.1");
        assertThat(InitSegmentCodecs.of(init)).isEqualTo("avc1.42c015");
    }

    @Test
    void theLadders720pRungComesOutAsHigh31() throws Exception {
        var rung = new Rung(720, 1280, 720, 2500, 128, 23);
        var args = new ArrayList<>(HlsEncoder.encoderArguments(rung, "veryfast"));
        args.addAll(HlsEncoder.audioEncoderArguments(rung));
        var init = encode("1280x720", 30, true, args.toArray(String[]::new));
        var codecs = InitSegmentCodecs.of(init);
        assertThat(codecs).isEqualTo("avc1.64001f,mp4a.40.2");
        assertThat(codecs.split(",")[0]).matches("^avc1\\.[0-9a-f]{6}$");
    }

    @Test
    void heAacAndEscapedAudioObjectTypesAreRead() {
        // AudioSpecificConfig 0x2B 0x92 ...: object type 5 (SBR) => mp4a.40.5
        assertThat(InitSegmentCodecs.mp4a(esds(0x40, new byte[] {0x2B, (byte) 0x92, 0x08, 0x00})))
                .isEqualTo("mp4a.40.5");
        // 0x12 0x10: AAC-LC 48 kHz stereo
        assertThat(InitSegmentCodecs.mp4a(esds(0x40, new byte[] {0x12, 0x10}))).isEqualTo("mp4a.40.2");
        // 31 escapes: 11111 000010 => 32 + 2 = 34 (MPEG-1/2 Layer-3 in MPEG-4)
        assertThat(InitSegmentCodecs.mp4a(esds(0x40, new byte[] {(byte) 0xF8, 0x40})))
                .isEqualTo("mp4a.40.34");
        // MP3 carried with its own object type indication
        assertThat(InitSegmentCodecs.mp4a(esds(0x6B, new byte[0]))).isEqualTo("mp4a.6b");
    }

    @Test
    void somethingThatIsNoMp4IsRefused() {
        assertThatThrownBy(() -> InitSegmentCodecs.of("<html>not a video</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnsupportedMediaException.class);
        assertThatThrownBy(() -> InitSegmentCodecs.of(new byte[0])).isInstanceOf(UnsupportedMediaException.class);
    }

    private static ByteBuffer esds(int objectType, byte[] audioSpecificConfig) {
        var decoderSpecific = new ByteArrayOutputStream();
        decoderSpecific.write(0x05);
        decoderSpecific.write(audioSpecificConfig.length);
        decoderSpecific.writeBytes(audioSpecificConfig);
        var decoderConfig = new ByteArrayOutputStream();
        decoderConfig.write(0x04);
        decoderConfig.writeBytes(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80}); // padded length, as ffmpeg writes
        decoderConfig.write(13 + decoderSpecific.size());
        decoderConfig.write(objectType);
        decoderConfig.write(0x15);
        decoderConfig.writeBytes(new byte[11]);
        decoderConfig.writeBytes(decoderSpecific.toByteArray());
        var es = new ByteArrayOutputStream();
        es.writeBytes(new byte[] {0, 0, 0, 0}); // version, flags
        es.write(0x03);
        es.write(3 + decoderConfig.size());
        es.writeBytes(new byte[] {0, 1, 0}); // ES_ID, no flags
        es.writeBytes(decoderConfig.toByteArray());
        return ByteBuffer.wrap(es.toByteArray());
    }

    private Path encode(String size, int fps, boolean audio, String... codecArgs) throws Exception {
        var out = Files.createDirectories(dir.resolve("hls-" + size + "-" + fps));
        var command = new ArrayList<>(List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + size + ":rate=" + fps));
        if (audio) {
            command.addAll(List.of("-f", "lavfi", "-i", "sine=sample_rate=48000"));
        }
        command.addAll(List.of("-t", "1", "-pix_fmt", "yuv420p"));
        command.addAll(List.of(codecArgs));
        if (!List.of(codecArgs).contains("libx264")) {
            command.addAll(List.of("-c:v", "libx264", "-preset", "veryfast"));
            if (audio) {
                command.addAll(List.of("-c:a", "aac"));
            }
        }
        command.addAll(List.of(
                "-f",
                "hls",
                "-hls_segment_type",
                "fmp4",
                "-hls_playlist_type",
                "vod",
                "-hls_fmp4_init_filename",
                HlsEncoder.INIT_SEGMENT,
                "-hls_segment_filename",
                out.resolve("seg_%05d.m4s").toString(),
                out.resolve(HlsEncoder.PLAYLIST).toString()));
        run(command);
        return out.resolve(HlsEncoder.INIT_SEGMENT);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
