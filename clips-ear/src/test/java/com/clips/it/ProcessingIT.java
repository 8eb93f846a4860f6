package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * process-asset end to end on real FFmpeg, S3 and PostgreSQL: every output is read back from the
 * bucket and checked with ffprobe and an HLS parser, not taken from the API's word.
 */
@ExtendWith(ArquillianExtension.class)
class ProcessingIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(4);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void fullHd60ClipBecomesReadyWithLadderImagesStoryboardAndCompressedCopy() throws Exception {
        var clip = TestStack.h264Clip("full-hd-60.mp4", 1920, 1080, 60, 5);
        var asset = awaitReady(TestStack.upload(clip));
        var id = asset.getString("id");
        var base = "renditions/default/" + id + "/";

        assertThat(asset.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
        assertThat(asset.getString("processedAt")).isNotNull();

        var master = new MasterPlaylistParser().readPlaylist(TestStack.text(base + "master.m3u8"));
        assertThat(master.variants())
                .extracting(Variant::uri)
                .containsExactly("480p/index.m3u8", "720p/index.m3u8", "1080p/index.m3u8");
        // RFC 6381 exactly: High profile, no constraint flags, the level x264 chose for each size at
        // 60 fps (3.1, 3.2, 4.2), as the avcC box of each init segment says; ffprobe of init + first
        // segment agrees
        assertThat(master.variants())
                .extracting(v -> String.join(",", v.codecs()))
                .containsExactly("avc1.64001f,mp4a.40.2", "avc1.640020,mp4a.40.2", "avc1.64002a,mp4a.40.2");
        // the renditions are video alone (their audio is the track a0), the master names both
        assertThat(asset.getList("outputs.renditions.codecs", String.class))
                .containsExactly("avc1.64001f", "avc1.640020", "avc1.64002a");
        for (var variant : master.variants()) {
            assertThat(variant.codecs()).hasSize(2);
            assertThat(variant.codecs().get(0)).matches("^avc1\\.[0-9a-f]{6}$");
            assertThat(variant.codecs().get(1)).isEqualTo("mp4a.40.2");
            var probed =
                    firstSegment(id, variant.uri().substring(0, variant.uri().indexOf('/')));
            assertThat(probed.getString("streams.find { it.codec_type == 'video' }.profile"))
                    .isEqualTo("High");
            assertThat(variant.codecs().get(0))
                    .isEqualTo(String.format(
                            "avc1.6400%02x", probed.getInt("streams.find { it.codec_type == 'video' }.level")));
            assertThat(variant.bandwidth())
                    .isGreaterThanOrEqualTo(variant.averageBandwidth().orElseThrow());
        }
        var heights = Map.of("480p", 480, "720p", 720, "1080p", 1080);
        for (var rung : heights.keySet()) {
            var media = new MediaPlaylistParser().readPlaylist(TestStack.text(base + rung + "/index.m3u8"));
            assertThat(media.mediaSegments())
                    .extracting(MediaSegment::duration)
                    .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(4.1));
            assertThat(media.mediaSegments().stream()
                            .mapToDouble(MediaSegment::duration)
                            .sum())
                    .isCloseTo(5.0, within(0.2));
            var first = playable(base + rung + "/", media.mediaSegments().get(0).uri());
            var streams = TestStack.ffprobe(first);
            assertThat(streams.getInt("streams.find { it.codec_type == 'video' }.height"))
                    .isEqualTo(heights.get(rung));
            assertThat(streams.getString("streams.find { it.codec_type == 'video' }.codec_name"))
                    .isEqualTo("h264");
            assertThat(streams.getString("streams.find { it.codec_type == 'video' }.r_frame_rate"))
                    .isEqualTo("60/1");
            assertThat(streams.getList("streams.findAll { it.codec_type == 'audio' }"))
                    .isEmpty();
        }
        var track = new MediaPlaylistParser().readPlaylist(TestStack.text(base + "a0/index.m3u8"));
        var audio = TestStack.ffprobe(
                playable(base + "a0/", track.mediaSegments().get(0).uri()));
        assertThat(audio.getList("streams.codec_type")).containsExactly("audio");
        assertThat(audio.getString("streams[0].codec_name")).isEqualTo("aac");
        assertThat(audio.getInt("streams[0].channels")).isEqualTo(2);

        var poster = TestStack.ffprobe(TestStack.download("thumbnails/default/" + id + "/poster.jpg"));
        assertThat(poster.getInt("streams[0].width")).isEqualTo(1280);
        assertThat(poster.getInt("streams[0].height")).isEqualTo(720);

        var gif = TestStack.ffprobe(TestStack.download("previews/default/" + id + "/preview.gif"), "-count_frames");
        assertThat(gif.getInt("streams[0].width")).isEqualTo(480);
        assertThat(gif.getInt("streams[0].nb_read_frames")).isEqualTo(30);
        assertThat(gif.getString("streams[0].r_frame_rate")).isEqualTo("10/1");
        assertThat(TestStack.keys("previews/default/" + id + "/")).contains("previews/default/" + id + "/preview.webp");

        var vtt = TestStack.text("storyboards/default/" + id + "/storyboard.vtt");
        assertThat(vtt)
                .startsWith("WEBVTT")
                .contains("00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90")
                .contains("00:00:04.000 --> 00:00:05.000\nstoryboard.jpg#xywh=320,0,160,90");
        var sprite = TestStack.ffprobe(TestStack.download("storyboards/default/" + id + "/storyboard.jpg"));
        assertThat(sprite.getInt("streams[0].width")).isEqualTo(480);
        assertThat(sprite.getInt("streams[0].height")).isEqualTo(90);

        // 1080p is above the 720p target: a progressive MP4 comes from the 720p encode
        var compressed = TestStack.ffprobe(TestStack.download("compressed/default/" + id + "/720p.mp4"));
        assertThat(compressed.getInt("streams.find { it.codec_type == 'video' }.height"))
                .isEqualTo(720);
        assertThat(compressed.getDouble("format.duration")).isCloseTo(5.0, within(0.2));
        assertThat(asset.getLong("outputs.compressedSizeBytes")).isPositive();
        assertThat(asset.getDouble("outputs.compressionRatio")).isPositive();
    }

    @Test
    void everyShapeOfSourceGetsTheRightLadder() throws Exception {
        var shapes = new LinkedHashMap<String, Path>();
        shapes.put(
                "uhd",
                TestStack.clip(
                        "uhd.mp4",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=3840x2160:rate=30",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=sample_rate=48000",
                        "-t",
                        "1",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-crf",
                        "35",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-shortest"));
        var landscape = TestStack.clip(
                "phone-src.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1280x720:rate=30",
                "-t",
                "2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p");
        shapes.put(
                "phone",
                TestStack.clip(
                        "phone-9x16.mp4", "-i", landscape.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90"));
        shapes.put(
                "vfr",
                TestStack.clip(
                        "vfr.mkv",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=640x480:rate=30,setpts='if(lt(N,30),N/30/TB,(30+(N-30)*2)/30/TB)'",
                        "-t",
                        "3",
                        "-fps_mode",
                        "vfr",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p"));
        shapes.put(
                "hevc",
                TestStack.clip(
                        "hevc.mp4",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=1280x720:rate=25",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=sample_rate=44100",
                        "-t",
                        "2",
                        "-c:v",
                        "libx265",
                        "-preset",
                        "ultrafast",
                        "-x265-params",
                        "log-level=error",
                        "-tag:v",
                        "hvc1",
                        "-c:a",
                        "aac",
                        "-shortest"));
        shapes.put("tiny", TestStack.h264Clip("tiny.mp4", 320, 240, 25, 2));

        var locations = new LinkedHashMap<String, String>();
        shapes.forEach((name, file) -> locations.put(name, TestStack.upload(file)));
        var ready = new LinkedHashMap<String, JsonPath>();
        for (var entry : locations.entrySet()) {
            ready.put(entry.getKey(), awaitReady(entry.getValue()));
        }
        // every shape's every rendition: a CODECS value a browser's MediaSource accepts, nothing else
        ready.forEach((name, asset) -> assertThat(asset.getList("outputs.renditions.codecs", String.class))
                .as(name)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c).matches("^avc1\\.[0-9a-f]{6}(,mp4a\\.40\\.2)?$")));

        assertThat(ready.get("uhd").getList("outputs.renditions.name"))
                .containsExactly("480p", "720p", "1080p", "1440p", "2160p");
        assertThat(ready.get("uhd").getList("outputs.renditions.height", Integer.class))
                .containsExactly(480, 720, 1080, 1440, 2160);
        // a 4K source is compressed to 1080p (4K -> FullHD)
        assertThat(TestStack.keys("compressed/default/" + ready.get("uhd").getString("id") + "/"))
                .containsExactly("compressed/default/" + ready.get("uhd").getString("id") + "/1080p.mp4");

        var phone = ready.get("phone");
        assertThat(phone.getList("outputs.renditions.name")).containsExactly("480p", "720p");
        assertThat(phone.getList("outputs.renditions.width", Integer.class)).containsExactly(480, 720);
        assertThat(phone.getList("outputs.renditions.height", Integer.class)).containsExactly(854, 1280);
        assertThat(phone.getList("outputs.renditions.codecs", String.class))
                .allSatisfy(c -> assertThat(c).matches("^avc1\\.[0-9a-f]{6}$"));
        var phoneFirst = firstSegment(phone.getString("id"), "720p");
        assertThat(phoneFirst.getInt("streams.find { it.codec_type == 'video' }.width"))
                .isEqualTo(720);
        assertThat(phoneFirst.getInt("streams.find { it.codec_type == 'video' }.height"))
                .isEqualTo(1280);
        assertThat(phoneFirst.getList("streams.findAll { it.codec_type == 'audio' }"))
                .isEmpty();
        var poster =
                TestStack.ffprobe(TestStack.download("thumbnails/default/" + phone.getString("id") + "/poster.jpg"));
        assertThat(poster.getInt("streams[0].width")).isEqualTo(406);
        assertThat(poster.getInt("streams[0].height")).isEqualTo(720);

        assertThat(ready.get("vfr").getList("outputs.renditions.name")).containsExactly("480p");
        assertThat(ready.get("hevc").getList("outputs.renditions.name")).containsExactly("480p", "720p");
        assertThat(firstSegment(ready.get("hevc").getString("id"), "720p")
                        .getString("streams.find { it.codec_type == 'video' }.codec_name"))
                .isEqualTo("h264");
        assertThat(ready.get("tiny").getList("outputs.renditions.name")).containsExactly("240p");
        assertThat(ready.get("tiny").getList("outputs.renditions.height", Integer.class))
                .containsExactly(240);
        // below 720p nothing is compressed
        assertThat(TestStack.keys("compressed/default/" + ready.get("tiny").getString("id") + "/"))
                .isEmpty();
    }

    static JsonPath awaitReady(String location) throws InterruptedException {
        var asset = TestStack.awaitAsset(
                location, READY_WITHIN, a -> List.of("READY", "FAILED").contains(a.getString("status")));
        assertThat(asset.getString("status")).as(asset.prettify()).isEqualTo("READY");
        return asset;
    }

    private static JsonPath firstSegment(String assetId, String rung) throws Exception {
        var base = "renditions/default/" + assetId + "/" + rung + "/";
        var media = new MediaPlaylistParser().readPlaylist(TestStack.text(base + "index.m3u8"));
        return TestStack.ffprobe(playable(base, media.mediaSegments().get(0).uri()));
    }

    /** init segment + first media segment: what a player fetches first, as one file ffprobe reads. */
    private static Path playable(String prefix, String segment) throws Exception {
        var init = Files.readAllBytes(TestStack.download(prefix + "init.mp4"));
        var media = Files.readAllBytes(TestStack.download(prefix + segment));
        var joined = Files.createDirectories(Path.of("target", "downloads"))
                .resolve(prefix.replace('/', '_') + "joined.mp4");
        Files.write(joined, init);
        Files.write(joined, media, java.nio.file.StandardOpenOption.APPEND);
        return joined;
    }
}
