package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * MPEG-DASH from outside: the header-free route's MPD names the very segments of the HLS
 * renditions and audio tracks (each representation's timeline is its HLS playlist's segments), and
 * dash.js, the DASH-IF reference player, plays it in Chromium from another origin, every segment
 * fetched through the playback routes; with two languages and a subtitle track it lists both
 * languages and the text track and switches audio while playing. A clip whose renditions carry its
 * audio inside (processed before) gets a stable problem instead.
 */
@ExtendWith(ArquillianExtension.class)
class DashIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void anEncodedClipsMpdNamesItsHlsSegmentsAndPlaysInDashJs() throws Exception {
        var location = TestStack.upload(TestStack.encodingClip("dash-ladder.mp4", 5));
        var asset = ProcessingIT.awaitReady(location);
        var rungs = asset.getList("outputs.renditions.name", String.class);
        var masterUrl = asset.getString("playbackIds[0].playbackUrl");
        var mpdUrl = URI.create(masterUrl).resolve("manifest.mpd").toString();

        var answer = RestAssured.given()
                .header("Origin", "https://elsewhere.example")
                .get(mpdUrl);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/dash+xml");
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
        var mpd = parse(answer.asString());
        var sets = mpd.getElementsByTagName("AdaptationSet");
        assertThat(sets.getLength()).isEqualTo(2);
        var video = (Element) sets.item(0);
        assertThat(video.getAttribute("contentType")).isEqualTo("video");
        assertThat(ids(video)).containsExactlyInAnyOrderElementsOf(rungs);
        var audio = (Element) sets.item(1);
        assertThat(audio.getAttribute("contentType")).isEqualTo("audio");
        assertThat(ids(audio)).containsExactly("a0");
        // every representation's timeline is its HLS playlist's segments, one for one
        for (var name : concat(rungs, List.of("a0"))) {
            var hls = new MediaPlaylistParser()
                    .readPlaylist(RestAssured.given()
                            .get(URI.create(masterUrl).resolve(name + "/index.m3u8"))
                            .asString());
            var template = (Element) representation(mpd, name)
                    .getElementsByTagName("SegmentTemplate")
                    .item(0);
            assertThat(template.getAttribute("media")).isEqualTo(name + "/seg_$Number%05d$.m4s");
            assertThat(template.getAttribute("initialization")).isEqualTo(name + "/init.mp4");
            assertThat(milliseconds(template)).isEqualTo(rounded(hls.mediaSegments()));
            assertThat(hls.mediaSegments().get(0).uri()).contains("/" + name + "/seg_00000.m4s");
        }

        var seen = PlayerBrowserIT.chromium("dash", mpdUrl, "dash-ladder.png");
        assertThat(seen.getList("errors")).as(seen.prettify()).isEmpty();
        assertThat(seen.getDouble("played")).as(seen.prettify()).isGreaterThanOrEqualTo(3.0);
        assertThat(seen.getList("failed")).isEmpty();
        assertThat(seen.getList("videoHeights", Integer.class))
                .containsExactlyInAnyOrderElementsOf(asset.getList("outputs.renditions.height", Integer.class));
        assertThat(seen.getList("segments", String.class))
                .contains("a0/init.mp4 302", "a0/seg_00000.m4s 302")
                .anyMatch(s -> s.matches("[0-9]+p/seg_00000\\.m4s 302"));
    }

    @Test
    void twoLanguagesAndASubtitleTrackAreSwitchableInDashJs() throws Exception {
        var srt = Files.writeString(
                Files.createDirectories(Path.of("target", "clips")).resolve("dash-languages.srt"),
                "1\n00:00:00,500 --> 00:00:02,000\nHola\n",
                StandardCharsets.UTF_8);
        var clip = TestStack.clip(
                "dash-languages.mkv",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=660:sample_rate=48000",
                "-i",
                srt.toString(),
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-map",
                "2:a",
                "-map",
                "3",
                "-t",
                "8",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-c:s",
                "srt",
                "-metadata:s:a:0",
                "language=eng",
                "-metadata:s:a:1",
                "language=spa",
                "-metadata:s:s:0",
                "language=spa");
        var asset = ProcessingIT.awaitReady(TestStack.upload(clip));
        var mpdUrl = URI.create(asset.getString("playbackIds[0].playbackUrl"))
                .resolve("manifest.mpd")
                .toString();
        var mpd = parse(
                RestAssured.given().get(mpdUrl).then().statusCode(200).extract().asString());
        var sets = mpd.getElementsByTagName("AdaptationSet");
        var languages = new ArrayList<String>();
        for (int i = 0; i < sets.getLength(); i++) {
            var set = (Element) sets.item(i);
            languages.add(set.getAttribute("contentType") + ":" + set.getAttribute("lang"));
        }
        assertThat(languages).containsExactly("video:", "audio:en", "audio:es", "text:es");

        var seen = PlayerBrowserIT.chromium("dash", mpdUrl, "dash-languages.png");
        assertThat(seen.getList("errors")).as(seen.prettify()).isEmpty();
        assertThat(seen.getList("audioLanguages")).as(seen.prettify()).containsExactly("en", "es");
        assertThat(seen.getList("textLanguages")).containsExactly("es");
        assertThat(seen.getString("audioBefore")).isEqualTo("en");
        assertThat(seen.getString("audioAfter")).as(seen.prettify()).isEqualTo("es");
        assertThat(seen.getList("errorsAfterSwitch")).isEmpty();
        assertThat(seen.getDouble("advancedAfterSwitch")).isGreaterThan(1.0);
        assertThat(seen.getList("segments", String.class)).contains("a1/seg_00000.m4s 302");
    }

    @Test
    void aClipWhoseRenditionsCarryTheirAudioInsideHasNoMpd() throws Exception {
        var location = TestStack.upload(TestStack.h264Clip("dash-muxed.mp4", 320, 240, 25, 3));
        var asset = ProcessingIT.awaitReady(location);
        var id = asset.getString("id");
        // as a clip processed before audio tracks were separate
        TestStack.execute("update clips.rendition set codecs = codecs || ',mp4a.40.2'"
                + " where asset_id = (select id from clips.asset where public_id = '" + id + "')");
        var mpdUrl = URI.create(asset.getString("playbackIds[0].playbackUrl")).resolve("manifest.mpd");
        TestStack.assertProblem(RestAssured.given().get(mpdUrl), 409, "/problems/dash-unavailable");
        TestStack.assertProblem(
                RestAssured.given().get(mpdUrl.resolve("../nosuchplaybackid/manifest.mpd")),
                404,
                "/problems/not-found");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newDefaultNSInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> ids(Element set) {
        var reps = set.getElementsByTagName("Representation");
        var ids = new ArrayList<String>();
        for (int i = 0; i < reps.getLength(); i++) {
            ids.add(((Element) reps.item(i)).getAttribute("id"));
        }
        return ids;
    }

    private static Element representation(Document mpd, String id) {
        var reps = mpd.getElementsByTagName("Representation");
        for (int i = 0; i < reps.getLength(); i++) {
            if (((Element) reps.item(i)).getAttribute("id").equals(id)) {
                return (Element) reps.item(i);
            }
        }
        throw new AssertionError("no representation " + id);
    }

    /** The timeline's segment durations in milliseconds, each run expanded. */
    private static List<Long> milliseconds(Element template) {
        var runs = template.getElementsByTagName("S");
        var durations = new ArrayList<Long>();
        for (int i = 0; i < runs.getLength(); i++) {
            var run = (Element) runs.item(i);
            int repeat = run.hasAttribute("r") ? Integer.parseInt(run.getAttribute("r")) : 0;
            for (int n = 0; n <= repeat; n++) {
                durations.add(Long.parseLong(run.getAttribute("d")));
            }
        }
        return durations;
    }

    /** The playlist's durations as the MPD must state them: each start the rounded sum before it. */
    private static List<Long> rounded(List<MediaSegment> segments) {
        var durations = new ArrayList<Long>();
        double sum = 0;
        long start = 0;
        for (var segment : segments) {
            sum += segment.duration();
            long end = Math.round(sum * 1000);
            durations.add(end - start);
            start = end;
        }
        return durations;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
