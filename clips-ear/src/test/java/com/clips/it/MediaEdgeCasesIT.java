package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Media at the edges of what the pipeline takes: a file without a video stream ends Failed with a
 * reason a person can act on and leaves nothing in storage; clips far shorter than the poster time
 * and the preview window (a single frame, 0.2 s, 1 s) still reach READY with a poster, HLS and an MP4.
 */
@ExtendWith(ArquillianExtension.class)
class MediaEdgeCasesIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void fileWithoutAVideoStreamEndsFailedWithAClearReasonAndLeavesNothingBehind() throws Exception {
        // an MP4 with one AAC track: the container sniffs as video/mp4, only the probe can tell
        var audio = TestStack.clip(
                "audio-only.mp4",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000:frequency=741",
                "-t",
                "2",
                "-c:a",
                "aac");

        var location = TestStack.upload(audio);

        var asset = await(location);
        assertThat(asset.getString("status")).isEqualTo("FAILED");
        assertThat(asset.getString("processingError"))
                .isEqualTo("The file has no video stream (an audio file?). Clips accepts video files only:"
                        + " upload a file with a video track.");
        var id = asset.getString("id");
        for (var prefix :
                List.of("originals/", "renditions/", "thumbnails/", "previews/", "storyboards/", "compressed/")) {
            assertThat(TestStack.keys(prefix + "default/" + id + "/"))
                    .as(prefix)
                    .isEmpty();
        }
    }

    @Test
    void singleFrameClipBecomesReadyWithPosterHlsAndMp4() throws Exception {
        var clip = TestStack.clip(
                "one-frame.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=30",
                "-frames:v",
                "1",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p");
        assertUsable(awaitReady(TestStack.upload(clip)));
    }

    @Test
    void fifthOfASecondClipBecomesReadyWithPosterHlsAndMp4() throws Exception {
        assertUsable(awaitReady(TestStack.upload(TestStack.clip(
                "fifth-second.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=30",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000:frequency=852",
                "-t",
                "0.2",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest"))));
    }

    @Test
    void oneSecondClipBecomesReadyWithPosterHlsAndMp4() throws Exception {
        assertUsable(awaitReady(TestStack.h264Clip("one-second.mp4", 1920, 1080, 30, 1)));
    }

    private static JsonPath awaitReady(java.nio.file.Path clip) throws InterruptedException {
        return awaitReady(TestStack.upload(clip));
    }

    private static JsonPath awaitReady(String location) throws InterruptedException {
        var asset = await(location);
        assertThat(asset.getString("status")).as(asset.prettify()).isEqualTo("READY");
        return asset;
    }

    private static JsonPath await(String location) throws InterruptedException {
        return TestStack.awaitAsset(
                location, Duration.ofMinutes(4), a -> List.of("READY", "FAILED").contains(a.getString("status")));
    }

    /** A poster, a playable HLS ladder and a progressive MP4 (a 1080p source is compressed to 720p), read from storage. */
    private static void assertUsable(JsonPath asset) throws Exception {
        var id = asset.getString("id");
        assertThat(asset.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
        var poster = TestStack.ffprobe(TestStack.download("thumbnails/default/" + id + "/poster.jpg"));
        assertThat(poster.getInt("streams[0].width")).isEqualTo(1280);
        assertThat(poster.getInt("streams[0].height")).isEqualTo(720);
        assertThat(TestStack.keys("previews/default/" + id + "/"))
                .containsExactly("previews/default/" + id + "/preview.gif", "previews/default/" + id + "/preview.webp");
        var base = "renditions/default/" + id + "/";
        assertThat(TestStack.text(base + "master.m3u8"))
                .contains("480p/index.m3u8", "720p/index.m3u8", "1080p/index.m3u8");
        for (var rung : List.of("480p", "720p", "1080p")) {
            var media = new io.lindstrom.m3u8.parser.MediaPlaylistParser()
                    .readPlaylist(TestStack.text(base + rung + "/index.m3u8"));
            assertThat(media.mediaSegments()).as(rung).hasSize(1);
        }
        var mp4 = TestStack.ffprobe(TestStack.download("compressed/default/" + id + "/720p.mp4"));
        assertThat(mp4.getInt("streams.find { it.codec_type == 'video' }.height"))
                .isEqualTo(720);
    }
}
