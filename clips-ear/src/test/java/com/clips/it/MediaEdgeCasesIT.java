package com.clips.it;

import static com.clips.it.TestStack.API;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Media at the edges of what the pipeline takes: an audio file whose header says so is refused at
 * upload (415); one only the probe can tell ends Failed with a reason a person can act on, leaves
 * nothing in storage and releases its storage quota; clips far shorter than the poster time
 * and the preview window (a single frame, 0.2 s, 1 s) still reach READY with a poster, HLS and an MP4.
 */
@ExtendWith(ArquillianExtension.class)
class MediaEdgeCasesIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void fileWithoutAVideoStreamEndsFailedWithAClearReasonLeavesNothingAndReleasesItsQuota() throws Exception {
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
        var tenant = TestStack.newTenant("audio", Map.of());
        var token = TestStack.token(
                tenant.getString("administrator.clientId"), tenant.getString("administrator.clientSecret"));
        var tenantId = tenant.getString("tenant.id");

        var location = given().auth()
                .oauth2(token)
                .multiPart("file", audio.toFile())
                .post(API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");

        var asset = TestStack.awaitAsset(
                token,
                location,
                Duration.ofMinutes(4),
                a -> List.of("READY", "FAILED").contains(a.getString("status")));
        assertThat(asset.getString("status")).isEqualTo("FAILED");
        assertThat(asset.getString("processingError"))
                .isEqualTo("The file has no video stream (an audio file?). Clips accepts video files only:"
                        + " upload a file with a video track.");
        var id = asset.getString("id");
        for (var prefix :
                List.of("originals/", "renditions/", "thumbnails/", "previews/", "storyboards/", "compressed/")) {
            assertThat(TestStack.keys(prefix + tenantId + "/" + id + "/"))
                    .as(prefix)
                    .isEmpty();
        }
        // the deleted original no longer counts against the storage quota; the Failed asset still is one
        var usage =
                given().auth().oauth2(token).get(API + "/tenants/" + tenantId).jsonPath();
        assertThat(usage.getLong("usage.storageBytes")).isZero();
        assertThat(usage.getLong("usage.assets")).isEqualTo(1);
    }

    @Test
    void audioFilesWhoseHeaderSaysSoAreRefusedAtUploadWith415() throws Exception {
        var m4a = TestStack.clip(
                "audio-only.m4a",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000:frequency=523",
                "-t",
                "1",
                "-c:a",
                "aac");
        var flv = TestStack.clip(
                "audio-only.flv",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=44100:frequency=659",
                "-t",
                "1",
                "-c:a",
                "aac");
        for (var file : List.of(m4a, flv)) {
            var response = TestStack.asAdmin().multiPart("file", file.toFile()).post(API + "/assets");
            TestStack.assertProblem(response, 415, "/problems/unsupported-media-type");
            assertThat(response.jsonPath().getString("detail"))
                    .as(file.getFileName().toString())
                    .isEqualTo("The file holds audio and no video (an audio file?). Clips accepts video files"
                            + " only: upload a file with a video track.");
        }
        assertThat(TestStack.count("select count(*) from clips.asset"
                        + " where original_file_name in ('audio-only.m4a', 'audio-only.flv')"))
                .isZero();
    }

    @Test
    void audioFilesWhoseTrackListIsInTheirFirstBytesAreRefusedOnEveryRouteAndVideoStillPasses() throws Exception {
        var sine = new String[] {"-f", "lavfi", "-i", "sine=sample_rate=48000:frequency=587", "-t", "1", "-vn"};
        var mp4 = TestStack.clip("track-list-audio.mp4", concat(sine, "-c:a", "aac", "-movflags", "+faststart"));
        var webm = TestStack.clip("track-list-audio.webm", concat(sine, "-c:a", "libopus"));
        var audioOnly = "The file holds audio and no video (an audio file?). Clips accepts video files"
                + " only: upload a file with a video track.";
        // other tests' staged bytes may come and go meanwhile (the janitor): none may be added
        var staged = TestStack.keys("tmp/");

        for (var file : List.of(mp4, webm)) {
            var name = file.getFileName().toString();
            var form = TestStack.asAdmin().multiPart("file", file.toFile()).post(API + "/assets");
            TestStack.assertProblem(form, 415, "/problems/unsupported-media-type");
            assertThat(form.jsonPath().getString("detail")).as(name).isEqualTo(audioOnly);

            var bare = TestStack.asAdmin()
                    .contentType("application/octet-stream")
                    .queryParam("fileName", name)
                    .body(java.nio.file.Files.readAllBytes(file))
                    .post(API + "/assets");
            TestStack.assertProblem(bare, 415, "/problems/unsupported-media-type");
            assertThat(bare.jsonPath().getString("detail")).as(name).isEqualTo(audioOnly);

            var bytes = java.nio.file.Files.readAllBytes(file);
            var created = TestStack.asAdmin()
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", bytes.length)
                    .header(
                            "Upload-Metadata",
                            "filename "
                                    + java.util.Base64.getEncoder()
                                            .encodeToString(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .post(API + "/tus");
            assertThat(created.statusCode()).as(name).isEqualTo(201);
            var location = created.header("Location");
            var patched = TestStack.asAdmin()
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", 0)
                    .contentType("application/offset+octet-stream")
                    .body(bytes)
                    .patch(location);
            TestStack.assertProblem(patched, 415, "/problems/unsupported-media-type");
            assertThat(patched.jsonPath().getString("detail")).as(name).isEqualTo(audioOnly);
            var id = location.substring(location.lastIndexOf('/') + 1);
            assertThat(TestStack.keys("tmp/" + id + "/")).as(name).isEmpty();
            assertThat(TestStack.openUploads("tmp/" + id + "/")).as(name).isEmpty();
        }
        assertThat(TestStack.count("select count(*) from clips.asset"
                        + " where original_file_name in ('track-list-audio.mp4', 'track-list-audio.webm')"))
                .isZero();
        assertThat(TestStack.keys("tmp/")).isSubsetOf(staged);

        // video beside the audio, whether the track list comes first (faststart), last, or in Matroska
        var picture = new String[] {
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=160x120:rate=10",
            "-f",
            "lavfi",
            "-i",
            "sine=sample_rate=48000:frequency=587",
            "-t",
            "1",
            "-pix_fmt",
            "yuv420p"
        };
        var videos = List.of(
                TestStack.clip(
                        "track-list-faststart.mp4",
                        concat(picture, "-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart")),
                TestStack.clip("track-list-moov-last.mp4", concat(picture, "-c:v", "libx264", "-c:a", "aac")),
                TestStack.clip("track-list-video.webm", concat(picture, "-c:v", "libvpx-vp9", "-c:a", "libopus")),
                TestStack.clip("track-list-video.mkv", concat(picture, "-c:v", "libx264", "-c:a", "aac")));
        for (var file : videos) {
            var response = TestStack.asAdmin().multiPart("file", file.toFile()).post(API + "/assets");
            assertThat(response.statusCode()).as(file.getFileName().toString()).isEqualTo(202);
        }
    }

    private static String[] concat(String[] first, String... rest) {
        var all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
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
