package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic FFmpeg attack: an HLS playlist saved as "clip.mp4" whose segment is a local file.
 * FFmpeg with its defaults follows it (the control below proves it still does on this machine's
 * FFmpeg); Clips refuses it by magic bytes, and even when told it is an MP4, the hardened probe
 * reads it as nothing but MP4 and never opens the local file. Uses the real ffmpeg and ffprobe.
 */
class HostileInputTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    static Path dir;

    private static Path secret;
    private static Path playlist;

    @BeforeAll
    static void hostileFile() throws Exception {
        secret = dir.resolve("secret.ts");
        run(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=64x48:rate=5",
                "-t",
                "1",
                "-c:v",
                "mpeg2video",
                secret.toString());
        playlist = dir.resolve("clip.mp4");
        Files.writeString(
                playlist, "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nfile://" + secret + "\n#EXT-X-ENDLIST\n");
    }

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    @Test
    void unhardenedFfprobeFollowsThePlaylistIntoTheLocalFile() throws Exception {
        var output = run(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "format=format_name,duration",
                "-of",
                "csv=p=0",
                playlist.toString());
        assertThat(output.trim()).isEqualTo("hls,1.000000");
    }

    @Test
    void playlistIsNotRecognisedAsAnyAcceptedVideoContainer() throws IOException {
        var head = Files.readAllBytes(playlist);
        assertThat(ContainerFormat.sniff(head, head.length)).isEmpty();
    }

    @Test
    void hardenedProbeReadsItOnlyAsTheDeclaredContainerAndFails() {
        var prober = TestWatchdog.prober(SCHEDULER);
        for (var format : List.of(ContainerFormat.MP4, ContainerFormat.MPEG_TS, ContainerFormat.MATROSKA)) {
            assertThatThrownBy(() -> prober.probe(playlist, format))
                    .as(format.name())
                    .isInstanceOf(UnsupportedMediaException.class)
                    .hasMessage("The file could not be read as " + format.extension()
                            + " video: it is damaged or not a video. Upload the original file again, or another file.");
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
