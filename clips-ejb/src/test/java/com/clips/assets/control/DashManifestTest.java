package com.clips.assets.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The MPD over the HLS segments: timelines as runs of equal durations that never drift, one
 * adaptation set per kind and track with its language and role, the token on every URL, XML
 * escaping of labels.
 */
class DashManifestTest {

    @Test
    void durationsBecomeRunsWhoseStartsAreTheRoundedSums() {
        assertThat(DashManifest.timeline(List.of(4.0, 4.0, 4.0, 1.5)))
                .containsExactly(new DashManifest.Run(0, 4000, 2), new DashManifest.Run(12000, 1500, 0));
        // a third of a second, 300 times: 100 s, not 300 x 333 ms
        var thirds = DashManifest.timeline(Collections.nCopies(300, 1.0 / 3));
        long total =
                thirds.stream().mapToLong(r -> r.duration() * (r.repeat() + 1)).sum();
        assertThat(total).isEqualTo(100_000);
        assertThat(DashManifest.timeline(List.of())).isEmpty();
    }

    @Test
    void everyRungAudioTrackAndCaptionTrackIsAnAdaptationSetOverTheSameSegments() throws Exception {
        var mpd = DashManifest.of(
                9.5,
                List.of(
                        new DashManifest.Video(
                                "720p",
                                2_000_000,
                                "avc1.64001f",
                                1280,
                                720,
                                new BigDecimal("25.000"),
                                List.of(4.0, 4.0, 1.5)),
                        new DashManifest.Video("360p", 600_000, "avc1.64001e", 640, 360, null, List.of(4.0, 5.5))),
                List.of(
                        new DashManifest.Audio(
                                "a0", "en", "English", true, 130_000, "mp4a.40.2", List.of(4.0, 4.0, 1.5)),
                        new DashManifest.Audio(
                                "a1", null, "Director & crew", false, 130_000, "mp4a.40.2", List.of(9.5))),
                List.of(new DashManifest.Text("fr", "Français", false, "subtitles/fr.vtt")),
                "?token=a.b.c",
                null);
        var doc = DocumentBuilderFactory.newDefaultNSInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(mpd.getBytes(StandardCharsets.UTF_8)));
        var root = doc.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("urn:mpeg:dash:schema:mpd:2011");
        assertThat(root.getAttribute("type")).isEqualTo("static");
        assertThat(root.getAttribute("mediaPresentationDuration")).isEqualTo("PT9.500S");
        var sets = root.getElementsByTagName("AdaptationSet");
        assertThat(sets.getLength()).isEqualTo(4);

        var video = (Element) sets.item(0);
        assertThat(video.getAttribute("contentType")).isEqualTo("video");
        var reps = video.getElementsByTagName("Representation");
        // lowest bandwidth first
        assertThat(((Element) reps.item(0)).getAttribute("id")).isEqualTo("360p");
        var top = (Element) reps.item(1);
        assertThat(top.getAttribute("frameRate")).isEqualTo("25");
        var template = (Element) top.getElementsByTagName("SegmentTemplate").item(0);
        assertThat(template.getAttribute("initialization")).isEqualTo("720p/init.mp4?token=a.b.c");
        assertThat(template.getAttribute("media")).isEqualTo("720p/seg_$Number%05d$.m4s?token=a.b.c");
        assertThat(template.getAttribute("startNumber")).isEqualTo("0");
        var runs = template.getElementsByTagName("S");
        assertThat(runs.getLength()).isEqualTo(2);
        assertThat(((Element) runs.item(0)).getAttribute("t")).isEqualTo("0");
        assertThat(((Element) runs.item(0)).getAttribute("r")).isEqualTo("1");
        assertThat(((Element) runs.item(1)).getAttribute("d")).isEqualTo("1500");

        var english = (Element) sets.item(1);
        assertThat(english.getAttribute("lang")).isEqualTo("en");
        assertThat(english.getElementsByTagName("Label").item(0).getTextContent())
                .isEqualTo("English");
        assertThat(((Element) english.getElementsByTagName("Role").item(0)).getAttribute("value"))
                .isEqualTo("main");
        var other = (Element) sets.item(2);
        assertThat(other.hasAttribute("lang")).isFalse();
        assertThat(other.getElementsByTagName("Label").item(0).getTextContent()).isEqualTo("Director & crew");
        assertThat(mpd).contains("Director &amp; crew");
        assertThat(((Element) other.getElementsByTagName("Role").item(0)).getAttribute("value"))
                .isEqualTo("alternate");

        var text = (Element) sets.item(3);
        assertThat(text.getAttribute("mimeType")).isEqualTo("text/vtt");
        assertThat(text.getElementsByTagName("BaseURL").item(0).getTextContent())
                .isEqualTo("subtitles/fr.vtt?token=a.b.c");
    }

    @Test
    void anEncryptedClipsVideoAndAudioSetsSignalCbcsTheKeyIdAndEverySystemAndTextNone() throws Exception {
        var keyId = java.util.UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
        var mpd = DashManifest.of(
                4,
                List.of(new DashManifest.Video("360p", 600_000, "avc1.64001e", 640, 360, null, List.of(4.0))),
                List.of(new DashManifest.Audio("a0", "en", "English", true, 130_000, "mp4a.40.2", List.of(4.0))),
                List.of(new DashManifest.Text("fr", "Français", false, "subtitles/fr.vtt")),
                "",
                keyId);
        var doc = DocumentBuilderFactory.newDefaultNSInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(mpd.getBytes(StandardCharsets.UTF_8)));
        var sets = doc.getDocumentElement().getElementsByTagName("AdaptationSet");
        for (int i = 0; i < 2; i++) {
            var set = (Element) sets.item(i);
            var protection = set.getElementsByTagName("ContentProtection");
            var schemes = new java.util.ArrayList<String>();
            for (int j = 0; j < protection.getLength(); j++) {
                var p = (Element) protection.item(j);
                schemes.add(p.getAttribute("schemeIdUri") + " " + p.getAttribute("value"));
            }
            assertThat(schemes)
                    .containsExactly(
                            "urn:mpeg:dash:mp4protection:2011 cbcs",
                            "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e ClearKey1.0",
                            "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed Widevine",
                            "urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95 MSPR 2.0");
            assertThat(((Element) protection.item(0)).getAttributeNS("urn:mpeg:cenc:2013", "default_KID"))
                    .isEqualTo("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
        }
        assertThat(((Element) sets.item(2))
                        .getElementsByTagName("ContentProtection")
                        .getLength())
                .isZero();
        // a clip in the clear signals nothing
        assertThat(DashManifest.of(4, List.of(), List.of(), List.of(), "", null))
                .doesNotContain("ContentProtection");
    }
}
