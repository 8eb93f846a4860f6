package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole slice: HTTP upload → S3 → row + JMS in one transaction → MDB → process-asset → ffprobe. */
@ExtendWith(ArquillianExtension.class)
class UploadProbeIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void uploadedClipIsProbedAndItsMetadataComesFromFfprobe() throws Exception {
        var clip = TestStack.h264Clip("probe-640x360-30.mp4", 640, 360, 30, 3);

        var response = TestStack.asAdmin()
                .multiPart("file", clip.toFile(), "application/octet-stream")
                .multiPart("title", "Probe me")
                .multiPart("gameTitle", "Valorant")
                .multiPart("tags", "Ace, pentakill,ACE")
                .when()
                .post(TestStack.API + "/assets");

        assertThat(response.statusCode()).isEqualTo(202);
        var location = response.header("Location");
        assertThat(location).startsWith(TestStack.API + "/assets/");
        assertThat(response.jsonPath().getString("status")).isIn("QUEUED", "EXTRACTING_METADATA");
        assertThat(response.jsonPath().getString("contentType")).isEqualTo("video/mp4");
        assertThat(response.jsonPath().getLong("sizeBytes")).isEqualTo(Files.size(clip));

        var asset = awaitProbed(location);
        assertThat(asset.getString("status"))
                .isIn("EXTRACTING_METADATA", "GENERATING_THUMBNAIL", "COMPRESSING", "READY");
        assertThat(asset.getString("title")).isEqualTo("Probe me");
        assertThat(asset.getString("gameTitle")).isEqualTo("Valorant");
        assertThat(asset.getList("tags", String.class)).containsExactly("ace", "pentakill");
        assertThat(asset.getInt("media.width")).isEqualTo(640);
        assertThat(asset.getInt("media.height")).isEqualTo(360);
        assertThat(asset.getDouble("media.frameRate")).isCloseTo(30.0, within(0.01));
        assertThat(asset.getDouble("media.durationSeconds")).isCloseTo(3.0, within(0.1));
        assertThat(asset.getString("media.videoCodec")).isEqualTo("h264");
        assertThat(asset.getString("media.audioCodec")).isEqualTo("aac");
        assertThat(asset.getInt("media.bitrateKbps")).isPositive();

        // the original left staging for its permanent, server-generated key
        var id = asset.getString("id");
        assertThat(TestStack.keys("originals/default/" + id + "/"))
                .containsExactly("originals/default/" + id + "/source.mp4");
    }

    @Test
    void rotatedPhoneClipReportsItsDisplayedDimensions() throws Exception {
        var landscape = TestStack.clip(
                "phone-landscape.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=30",
                "-t",
                "2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p");
        // a phone stores landscape pixels plus a display matrix; FFmpeg 5.1 writes one on stream copy
        var clip = TestStack.clip(
                "phone-rotated.mp4", "-i", landscape.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90");

        var location = TestStack.upload(clip);

        var asset = awaitProbed(location);
        assertThat(asset.getInt("media.width")).isEqualTo(360);
        assertThat(asset.getInt("media.height")).isEqualTo(640);
        assertThat(Math.abs(asset.getInt("media.rotation"))).isEqualTo(90);
        assertThat(asset.getString("media.audioCodec")).isNull();
    }

    @Test
    void sameContentUploadedTwiceReturnsTheExistingAsset() throws Exception {
        var clip = TestStack.h264Clip("twice.mp4", 320, 240, 25, 1);
        var first = TestStack.asAdmin().multiPart("file", clip.toFile()).post(TestStack.API + "/assets");
        var stagedBefore = TestStack.keys("tmp/");

        var second = TestStack.asAdmin().multiPart("file", clip.toFile()).post(TestStack.API + "/assets");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        // the second copy was dropped, not kept (the first may meanwhile have left staging)
        assertThat(stagedBefore).containsAll(TestStack.keys("tmp/"));
    }

    @Test
    void videoThatCannotBeDecodedEndsFailedWithAReason() throws Exception {
        // an MP4 signature followed by noise: accepted by the sniffer, refused by ffprobe
        var bytes = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        System.arraycopy(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, bytes, 0, 12);
        var file = Files.write(
                Files.createDirectories(java.nio.file.Path.of("target", "clips"))
                        .resolve("corrupt.mp4"),
                bytes);

        var location = TestStack.upload(file);

        var asset = await(location, a -> "FAILED".equals(a.getString("status")));
        // for the uploader: no tool path, no library phrase (those are in the log)
        assertThat(asset.getString("processingError"))
                .isEqualTo("The file could not be read as mp4 video: it is damaged or not a video."
                        + " Upload the original file again, or another file.");
        assertThat(asset.getString("probedAt")).isNull();
    }

    private static JsonPath awaitProbed(String location) throws InterruptedException {
        return await(location, a -> a.getString("probedAt") != null || "FAILED".equals(a.getString("status")));
    }

    static JsonPath await(String location, java.util.function.Predicate<JsonPath> done) throws InterruptedException {
        return TestStack.awaitAsset(location, Duration.ofSeconds(90), done);
    }
}
