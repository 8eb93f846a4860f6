package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The logged command line must give a shell back exactly the arguments ffmpeg got. */
class FfmpegCommandTest {

    @Test
    void shellCommandRoundTripsThroughARealShell() throws Exception {
        var args = List.of(
                "%s\\n",
                "-filter_complex",
                "[0:v]split=2[a][b];[a]scale=-2:480[v0]",
                "it's",
                "two words",
                "$HOME",
                "`id`",
                "a\"b",
                "/work/job-7/480p/seg_%05d.m4s",
                "");
        var command = Ffmpeg.shellCommand("printf", args);

        var process = new ProcessBuilder("sh", "-c", command).start();
        var output = new String(process.getInputStream().readAllBytes());
        process.waitFor();

        assertThat(output.split("\n", -1))
                .containsExactly(
                        "-filter_complex",
                        "[0:v]split=2[a][b];[a]scale=-2:480[v0]",
                        "it's",
                        "two words",
                        "$HOME",
                        "`id`",
                        "a\"b",
                        "/work/job-7/480p/seg_%05d.m4s",
                        "",
                        "");
        assertThat(Ffmpeg.shellCommand("ffmpeg", List.of("-i", "/a/b.mp4"))).isEqualTo("ffmpeg -i /a/b.mp4");
    }

    @Test
    void aRunIsMeteredUnderABoundedKindWithoutItsRungNames() {
        assertThat(Ffmpeg.kind("480p+720p renditions")).isEqualTo("ladder");
        assertThat(Ffmpeg.kind("1080p remux")).isEqualTo("remux");
        assertThat(Ffmpeg.kind("poster")).isEqualTo("poster");
        assertThat(Ffmpeg.kind("subtitles")).isEqualTo("subtitles");
        assertThat(Ffmpeg.kind("ladder sample crf 28")).isEqualTo("probe");
        assertThat(Ffmpeg.kind("ladder sample ssim")).isEqualTo("probe");
        assertThat(Ffmpeg.kind("ladder samples")).isEqualTo("probe");
        assertThat(Ffmpeg.kind("audio track 3")).isEqualTo("audio");
        assertThat(Ffmpeg.kind("encryption 720p")).isEqualTo("packager");
        assertThat(Ffmpeg.kind("decryption")).isEqualTo("packager");
        assertThat(Ffmpeg.kind("storyboard sprite")).isEqualTo("other");
    }
}
