package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.Channels;
import io.lindstrom.m3u8.model.MediaType;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A source's audio streams become the master playlist's audio group: an MKV with an English
 * stream and a quieter French one with a title gets an English default track and a French one,
 * "Commentaire", each an audio-only rendition in its language normalised to the target, while its
 * video renditions carry no audio; the API lists both; in Chromium the player's audio menu offers
 * both and hls.js switches to the French one and plays on, fetching its segments. A standard MP4
 * with two audio streams is remuxed the same way (video alone); a clip of one untagged stream has
 * one track, "Audio".
 */
@ExtendWith(ArquillianExtension.class)
class AudioTracksIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void anMkvsTwoAudioLanguagesBecomeAnAudioGroupThePlayerSwitchesBetween() throws Exception {
        var clip = TestStack.clip(
                "two-languages.mkv",
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
                "sine=frequency=660:sample_rate=48000,volume=-12dB",
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-map",
                "2:a",
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
                "-metadata:s:a:0",
                "language=eng",
                "-metadata:s:a:1",
                "language=fre",
                "-metadata:s:a:1",
                "title=Commentaire");
        var location = TestStack.upload(clip);
        var asset = ProcessingIT.awaitReady(location);

        var tracks = TestStack.asAdmin().get(location + "/audio-tracks").jsonPath();
        assertThat(tracks.getList("items.position")).containsExactly(0, 1);
        assertThat(tracks.getList("items.language")).containsExactly("en", "fr");
        assertThat(tracks.getList("items.name")).containsExactly("English", "Commentaire");
        assertThat(tracks.getList("items.isDefault")).containsExactly(true, false);
        assertThat(tracks.getList("items.rendition")).containsExactly("a0", "a1");
        assertThat(tracks.getList("items.sourceStreamIndex")).containsExactly(1, 2);
        // the French stream is 12 dB quieter: measured so, and brought to the same -16 LUFS
        double french = tracks.getDouble("items[1].inputLufs");
        assertThat(french).isCloseTo(tracks.getDouble("items[0].inputLufs") - 12, within(0.5));
        assertThat(tracks.getString("items[1].loudness")).startsWith("Normalised by a constant gain of +");
        assertThat(tracks.getDouble("items[1].outputLufs")).isCloseTo(-16.0, within(1.0));
        assertThat(tracks.getDouble("items[0].outputLufs")).isCloseTo(-16.0, within(1.0));
        // the default track is what the asset's own output loudness reports
        assertThat(asset.getDouble("outputs.loudness.output.integratedLufs"))
                .isEqualTo(tracks.getDouble("items[0].outputLufs"));

        var masterUrl = asset.getString("playbackIds[0].playbackUrl");
        var master = master(masterUrl);
        var audio = master.alternativeRenditions().stream()
                .filter(r -> r.type() == MediaType.AUDIO)
                .toList();
        assertThat(audio).extracting(AlternativeRendition::groupId).containsExactly("audio", "audio");
        assertThat(audio).extracting(AlternativeRendition::name).containsExactly("English", "Commentaire");
        assertThat(audio)
                .extracting(AlternativeRendition::language)
                .containsExactly(Optional.of("en"), Optional.of("fr"));
        assertThat(audio)
                .extracting(AlternativeRendition::defaultRendition)
                .containsExactly(Optional.of(true), Optional.of(false));
        assertThat(audio)
                .extracting(AlternativeRendition::uri)
                .containsExactly(Optional.of("a0/index.m3u8"), Optional.of("a1/index.m3u8"));
        assertThat(audio)
                .extracting(AlternativeRendition::channels)
                .containsExactly(Optional.of(Channels.of(2)), Optional.of(Channels.of(2)));
        assertThat(master.variants()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.audio()).contains("audio");
            assertThat(v.codecs()).hasSize(2).last().isEqualTo("mp4a.40.2");
        });
        // the variants are video alone: their audio is the group's
        var variant =
                URI.create(masterUrl).resolve(master.variants().get(0).uri()).toString();
        assertThat(ffprobe(variant).getList("streams.codec_type")).containsExactly("video");

        // what a player downloads for the French track: AAC stereo tagged French, at the target
        var alternate = URI.create(masterUrl).resolve("a1/index.m3u8").toString();
        var probed = ffprobe(alternate);
        assertThat(probed.getList("streams.codec_type")).containsExactly("audio");
        assertThat(probed.getList("streams.codec_name")).containsExactly("aac");
        assertThat(probed.getList("streams.channels")).containsExactly(2);
        assertThat(probed.getDouble("format.duration")).isCloseTo(8.0, within(0.2));
        // the language is in the track's header (the init segment), which FFmpeg's HLS reader does not pass on
        var header = ffprobe(URI.create(masterUrl).resolve("a1/init.mp4").toString());
        assertThat(header.getList("streams.tags.language")).containsExactly("fra");
        double heard = LoudnessIT.measure(alternate);
        assertThat(heard).isCloseTo(-16.0, within(1.0));
        assertThat(heard).isCloseTo(tracks.getDouble("items[1].outputLufs"), within(0.2));

        var seen = PlayerBrowserIT.chromium("audio", asset.getString("playbackIds[0].embedUrl"), "audio-tracks.png");
        assertThat(seen.getString("error")).as(seen.prettify()).isNull();
        assertThat(seen.getList("audioTracks")).containsExactly("English", "Commentaire");
        assertThat(seen.getList("audioOptions")).containsExactly("English", "Commentaire");
        assertThat(seen.getBoolean("audioHidden")).isFalse();
        assertThat(seen.getInt("audioTrackBefore")).as(seen.prettify()).isZero();
        assertThat(seen.getInt("audioTrack")).as(seen.prettify()).isEqualTo(1);
        assertThat(seen.getString("errorAfterSwitch")).isNull();
        assertThat(seen.getDouble("advancedAfterSwitch")).isGreaterThan(1.0);
        assertThat(seen.getList("audioRequests", String.class)).contains("index.m3u8", "init.mp4", "seg_00000.m4s");
    }

    @Test
    void aStandardMp4WithTwoAudioStreamsIsRemuxedAsVideoWithTwoTracks() throws Exception {
        var clip = TestStack.clip(
                "two-languages-standard.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=30",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=520:sample_rate=48000",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=780:sample_rate=48000",
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-map",
                "2:a",
                "-t",
                "6",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-g",
                "60",
                "-crf",
                "30",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-movflags",
                "+faststart",
                "-metadata:s:a:0",
                "language=spa",
                "-metadata:s:a:1",
                "language=jpn");
        var location = TestStack.upload(clip);
        var asset = ProcessingIT.awaitReady(location);
        assertThat(asset.getList("outputs.renditions.remuxed", Boolean.class))
                .last()
                .isEqualTo(true);
        var tracks = TestStack.asAdmin().get(location + "/audio-tracks").jsonPath();
        assertThat(tracks.getList("items.language")).containsExactly("es", "ja");
        assertThat(tracks.getList("items.name")).containsExactly("Spanish", "Japanese");

        var masterUrl = asset.getString("playbackIds[0].playbackUrl");
        var master = master(masterUrl);
        var remuxed = master.variants().get(master.variants().size() - 1).uri();
        assertThat(ffprobe(URI.create(masterUrl).resolve(remuxed).toString()).getList("streams.codec_type"))
                .containsExactly("video");
        assertThat(ffprobe(URI.create(masterUrl).resolve("a1/index.m3u8").toString())
                        .getList("streams.codec_name"))
                .containsExactly("aac");
    }

    @Test
    void aClipWithOneUntaggedAudioStreamHasOneTrackCalledAudio() throws Exception {
        var location = TestStack.upload(TestStack.encodingClip("one-language.mp4", 2));
        var asset = ProcessingIT.awaitReady(location);
        var tracks = TestStack.asAdmin().get(location + "/audio-tracks").jsonPath();
        assertThat(tracks.getList("items.name")).containsExactly("Audio");
        assertThat(tracks.getList("items.language")).containsExactly("und");
        assertThat(tracks.getList("items.rendition")).containsExactly("a0");
        var master = RestAssured.given()
                .get(asset.getString("playbackIds[0].playbackUrl"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=AUDIO")))
                .containsExactly("#EXT-X-MEDIA:TYPE=AUDIO,URI=\"a0/index.m3u8\",GROUP-ID=\"audio\",NAME=\"Audio\","
                        + "DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\"");
        // an audio rendition it does not have is not found, as a problem
        var base = URI.create(asset.getString("playbackIds[0].playbackUrl"));
        TestStack.assertProblem(RestAssured.given().get(base.resolve("a1/index.m3u8")), 404, "/problems/not-found");
    }

    /** The master playlist a player gets, parsed by m3u8-parser. */
    private static io.lindstrom.m3u8.model.MasterPlaylist master(String url) throws Exception {
        return new MasterPlaylistParser()
                .readPlaylist(RestAssured.given()
                        .get(url)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    private static JsonPath ffprobe(String url) throws Exception {
        var process = new ProcessBuilder(List.of(
                        "ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", url))
                .start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new JsonPath(output);
    }
}
