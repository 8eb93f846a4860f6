package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Text subtitle tracks inside the source become caption tracks at processing: an MKV with two SRT
 * streams (English for the deaf, with a title; French, without) gets an en "captions" track named
 * by its title and a fr "subtitles" track named by its language, in the master playlist and in the
 * player's captions menu in Chromium; an MP4's mov_text track in German becomes de.
 */
@ExtendWith(ArquillianExtension.class)
class SourceCaptionsIT {

    private static final String SRT =
            "1\n00:00:00,500 --> 00:00:01,500\n[door creaks] Hello\n\n" + "2\n00:00:02,000 --> 00:00:03,000\nBye\n";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void anMkvsSrtStreamsBecomeCaptionTracksInThePlayer() throws Exception {
        var clip = withSubtitles(
                "source-captions.mkv",
                2,
                "srt",
                "-metadata:s:s:0",
                "language=eng",
                "-metadata:s:s:0",
                "title=English SDH",
                "-disposition:s:0",
                "hearing_impaired",
                "-metadata:s:s:1",
                "language=fre");
        var location = TestStack.upload(clip);
        var asset = ProcessingIT.awaitReady(location);

        var list = TestStack.asAdmin().get(location + "/captions").jsonPath();
        assertThat(list.getList("items.language")).containsExactly("en", "fr");
        assertThat(list.getList("items.label")).containsExactly("English SDH", "French");
        assertThat(list.getList("items.kind")).containsExactly("captions", "subtitles");
        assertThat(list.getList("items.cues")).containsExactly(2, 2);

        var master = RestAssured.given()
                .get(asset.getString("playbackIds[0].playbackUrl"))
                .asString()
                .lines()
                .filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=SUBTITLES"))
                .toList();
        assertThat(master).hasSize(2);
        assertThat(master.get(0)).contains("LANGUAGE=\"en\"", "NAME=\"English SDH\"");
        assertThat(master.get(1)).contains("LANGUAGE=\"fr\"", "NAME=\"French\"");

        var seen =
                PlayerBrowserIT.chromium("captions", asset.getString("playbackIds[0].embedUrl"), "source-captions.png");
        assertThat(seen.getString("error")).isNull();
        assertThat(seen.getList("subtitleTracks")).containsExactly("English SDH", "French");
        assertThat(seen.getList("cueTexts")).containsExactly("[door creaks] Hello", "Bye");
    }

    @Test
    void anMp4sMovTextTrackBecomesACaptionTrackInItsLanguage() throws Exception {
        var clip = withSubtitles("mov-text.mp4", 1, "mov_text", "-metadata:s:s:0", "language=ger");
        var location = TestStack.upload(clip);
        ProcessingIT.awaitReady(location);

        var list = TestStack.asAdmin().get(location + "/captions").jsonPath();
        assertThat(list.getList("items.language")).containsExactly("de");
        assertThat(list.getList("items.label")).containsExactly("German");
        assertThat(list.getList("items.kind")).containsExactly("subtitles");
        assertThat(list.getList("items.cues")).containsExactly(2);
    }

    /** A 4 s clip with {@code tracks} subtitle streams of {@link #SRT}'s cues, in {@code codec}, tagged by {@code metadata}. */
    private static Path withSubtitles(String name, int tracks, String codec, String... metadata) throws Exception {
        var srt = Files.writeString(
                Files.createDirectories(Path.of("target", "clips")).resolve(name + ".srt"),
                SRT,
                StandardCharsets.UTF_8);
        var args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25"));
        for (int i = 0; i < tracks; i++) {
            args.addAll(List.of("-i", srt.toString()));
        }
        args.addAll(List.of("-map", "0:v"));
        for (int i = 1; i <= tracks; i++) {
            args.addAll(List.of("-map", String.valueOf(i)));
        }
        args.addAll(
                List.of("-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:s", codec));
        args.addAll(List.of(metadata));
        return TestStack.clip(name, args.toArray(String[]::new));
    }
}
