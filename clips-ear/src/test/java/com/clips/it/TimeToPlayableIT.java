package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Time to playable: a standard-input original (H.264 High, AAC, key frames every 2 s, within the
 * top rung's bitrate) is published as it is, remuxed, before anything is encoded. It plays (ffprobe
 * and hls.js in Chromium read its one-rung master) while its ladder is still to come, here because
 * an operator stopped the run; the restart then adds the encoded rungs below it and never makes or
 * unpublishes the remuxed one again. Originals outside the profile say why in the asset JSON.
 */
@ExtendWith(ArquillianExtension.class)
class TimeToPlayableIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void aStandardClipPlaysFromItsRemuxBeforeItsLadderAndARestartKeepsThatRung() throws Exception {
        var location = TestStack.upload(TestStack.highProfileClip("standard.mp4", 1920, 1080, 20, 2));
        var playable = TestStack.awaitAsset(
                location,
                Duration.ofMinutes(2),
                a -> a.getBoolean("playable") || List.of("READY", "FAILED").contains(a.getString("status")));
        assertThat(playable.getBoolean("playable")).as(playable.prettify()).isTrue();
        long job = playable.getLong("jobId");
        // the ladder is still to come: stop the run before it encodes a rung
        var stop = TestStack.asAdmin().post(TestStack.API + "/jobs/" + job + "/stop");
        assertThat(stop.statusCode())
                .as("stopped before the ladder finished: " + stop.asString())
                .isEqualTo(202);

        assertThat(playable.getBoolean("input.standard")).isTrue();
        assertThat(playable.getList("input.nonStandardReasons")).isEmpty();
        assertThat(playable.getList("outputs.renditions.name")).containsExactly("1080p");
        assertThat(playable.getBoolean("outputs.renditions[0].remuxed")).isTrue();
        assertThat(playable.getString("playableAt")).isEqualTo(playable.getString("outputs.renditions[0].finishedAt"));
        assertThat(playable.getString("status")).isNotEqualTo("READY");
        var remuxedAt = playable.getString("playableAt");

        var stopped = TestStack.awaitJob(
                TestStack.API, job, j -> List.of("STOPPED", "FAILED").contains(j.getString("status")));
        assertThat(stopped.getList("renditions.name")).containsExactly("480p", "720p", "1080p");
        assertThat(stopped.getList("renditions.state")).containsExactly("PENDING", "PENDING", "DONE");
        var asset = TestStack.asAdmin().get(location).jsonPath();
        assertThat(asset.getString("status")).isEqualTo("FAILED");
        assertThat(asset.getBoolean("playable")).isTrue();

        // a player gets a master playlist with the one rung published so far, and plays it
        var master = RestAssured.given().get(asset.getString("playbackIds[0].playbackUrl"));
        assertThat(master.statusCode()).isEqualTo(200);
        var variants =
                new MasterPlaylistParser().readPlaylist(master.asString()).variants();
        assertThat(variants).extracting(v -> v.uri()).containsExactly("1080p/index.m3u8");
        assertThat(variants.get(0).resolution().orElseThrow().height()).isEqualTo(1080);
        var probed = ffprobeUrl(asset.getString("playbackIds[0].playbackUrl"));
        assertThat(probed.getString("streams.find { it.codec_type == 'video' }.codec_name"))
                .isEqualTo("h264");
        assertThat(probed.getString("streams.find { it.codec_type == 'video' }.profile"))
                .isEqualTo("High");
        assertThat(probed.getInt("streams.find { it.codec_type == 'video' }.height"))
                .isEqualTo(1080);
        assertThat(probed.getString("streams.find { it.codec_type == 'audio' }.codec_name"))
                .isEqualTo("aac");
        var seen = PlayerBrowserIT.chromium("play", asset.getString("playbackIds[0].embedUrl"), "remux.png");
        assertThat(seen.getString("engine")).isEqualTo("hls.js");
        assertThat(seen.getString("error")).isNull();
        assertThat(seen.getDouble("played")).isGreaterThanOrEqualTo(3.0);
        assertThat(seen.getList("resolutions.label")).containsExactly("Auto", "1080p");
        assertThat(seen.getList("consoleErrors")).isEmpty();

        // the restart encodes only the rungs below the remux; the remuxed rung is the same one
        var restart = TestStack.asAdmin().post(TestStack.API + "/jobs/" + job + "/restart");
        assertThat(restart.statusCode()).isEqualTo(202);
        long second = restart.jsonPath().getLong("id");
        var during = TestStack.asAdmin().get(location).jsonPath();
        assertThat(during.getBoolean("playable")).isTrue();
        assertThat(RestAssured.given()
                        .get(asset.getString("playbackIds[0].playbackUrl"))
                        .statusCode())
                .isEqualTo(200);
        var finished = TestStack.awaitJob(
                TestStack.API,
                second,
                j -> List.of("COMPLETED", "FAILED", "STOPPED").contains(j.getString("status")));
        assertThat(finished.getString("status")).as(finished.prettify()).isEqualTo("COMPLETED");
        var ready = ProcessingIT.awaitReady(location);
        assertThat(ready.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
        assertThat(ready.getList("outputs.renditions.remuxed")).containsExactly(false, false, true);
        assertThat(ready.getString("outputs.renditions[2].finishedAt")).isEqualTo(remuxedAt);
        assertThat(ready.getString("playableAt")).isEqualTo(remuxedAt);
        var grown = new MasterPlaylistParser()
                .readPlaylist(RestAssured.given()
                        .get(asset.getString("playbackIds[0].playbackUrl"))
                        .asString())
                .variants();
        assertThat(grown)
                .extracting(v -> v.uri())
                .containsExactly("480p/index.m3u8", "720p/index.m3u8", "1080p/index.m3u8");
        // the remux was recorded by the first run, the encoded rungs by the second
        assertThat(finished.getList("renditions.encodedByExecution", Long.class))
                .containsExactly(second, second, job);
        // content-aware: 720p is encoded after the probe, at its choice; 480p beside it at its
        // preset's CRF, unless the stopped run had recorded a choice already (then alike); the remux
        // has none
        int offset = assertContentAwareChoice(ready);
        var crfs = ready.getList("outputs.renditions.crf");
        assertThat(crfs.get(0)).isIn(25, 25 + offset);
        assertThat(crfs.subList(1, 3)).containsExactly(24 + offset, null);
    }

    @Test
    void aClipWhoseWholeLadderIsItsRemuxStillGetsItsStoryboardAndPoster() throws Exception {
        // 640x360: a ladder of one rung at its own size, which the remux is
        var ready =
                ProcessingIT.awaitReady(TestStack.upload(TestStack.highProfileClip("one-rung.mp4", 640, 360, 6, 2)));
        assertThat(ready.getBoolean("input.standard")).isTrue();
        assertThat(ready.getList("outputs.renditions.name")).containsExactly("360p");
        assertThat(ready.getList("outputs.renditions.remuxed")).containsExactly(true);
        assertThat(ready.getBoolean("outputs.storyboard")).isTrue();
        assertThat(ready.getBoolean("outputs.poster")).isTrue();
        // nothing was encoded, so no CRF was chosen
        assertThat(ready.getMap("outputs.ladder")).isNull();
        assertThat(ready.getList("outputs.renditions.crf")).containsExactly((Object) null);
        var track =
                RestAssured.given().redirects().follow(true).get(ready.getString("playbackIds[0].storyboardVttUrl"));
        assertThat(track.statusCode()).isEqualTo(200);
        assertThat(track.asString()).startsWith("WEBVTT");
    }

    @Test
    void aBaselineClipIsReportedAsNonStandardAndPlaysFromItsLadder() throws Exception {
        var clip = TestStack.clip(
                "baseline.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000",
                "-t",
                "4",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "36",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest");
        var ready = ProcessingIT.awaitReady(TestStack.upload(clip));
        assertThat(ready.getBoolean("input.standard")).isFalse();
        assertThat(ready.getList("input.nonStandardReasons"))
                .containsExactly("The video is H.264 Constrained Baseline; the fast path takes Main or High.");
        assertThat(ready.getList("outputs.renditions.name")).containsExactly("360p");
        assertThat(ready.getList("outputs.renditions.remuxed")).containsExactly(false);
        assertThat(ready.getBoolean("playable")).isTrue();
        assertNotProbed(ready);
    }

    @Test
    void keyFramesTenSecondsApartAreReportedAndTheRemuxIsNotPublished() throws Exception {
        var location = TestStack.upload(TestStack.highProfileClip("long-gop.mp4", 640, 360, 12, 10));
        var ready = ProcessingIT.awaitReady(location);
        assertThat(ready.getBoolean("input.standard")).isFalse();
        assertThat(ready.getList("input.nonStandardReasons"))
                .containsExactly("Its key frames are too far apart: its segments would be up to 10.0 s long,"
                        + " and the fast path takes 6 s at most.");
        assertThat(ready.getList("outputs.renditions.name")).containsExactly("360p");
        assertThat(ready.getList("outputs.renditions.remuxed")).containsExactly(false);
        // the encoded rung cuts its segments every 4 s, whatever the original's key frames
        assertThat(ready.getInt("outputs.renditions[0].segments")).isEqualTo(3);
        assertNotProbed(ready);
    }

    @Test
    void openGopsAreReportedAndTheirRemuxIsNotPublished() throws Exception {
        // key frames every 2 s, as the fast path likes, but the two after the first open their GOPs
        var ready = ProcessingIT.awaitReady(TestStack.upload(TestStack.openGopClip("open-gop.mp4", 640, 360, 6, 2)));
        assertThat(ready.getBoolean("input.standard")).isFalse();
        assertThat(ready.getList("input.nonStandardReasons"))
                .containsExactly("Its GOPs are open: 2 of its key frames in the first 30 s are followed by pictures"
                        + " shown before them; the fast path takes closed GOPs.");
        assertThat(ready.getList("outputs.renditions.name")).containsExactly("360p");
        assertThat(ready.getList("outputs.renditions.remuxed")).containsExactly(false);
        assertNotProbed(ready);
    }

    /**
     * The content-aware ladder's choice is recorded: an offset it may choose (0, 3 or 6 above the
     * presets' CRF) and a reason that is one of its two sentences, naming what it measured.
     */
    private static int assertContentAwareChoice(JsonPath ready) {
        int offset = ready.getInt("outputs.ladder.crfOffset");
        assertThat(offset).isIn(0, 3, 6);
        var reason = ready.getString("outputs.ladder.reason");
        if (offset == 0) {
            assertThat(reason)
                    .matches("The presets' CRF: CRF [0-9]+ would lose [01]\\.[0-9]{5} SSIM \\([01]\\.[0-9]{5} against"
                            + " [01]\\.[0-9]{5} at CRF [0-9]+\\), more than 0\\.002\\.|The presets' CRF: CRF [0-9]+ saves"
                            + " -?[0-9]+ % of the samples' bytes, less than 5 %: the rung's bitrate cap holds them, which"
                            + " says nothing of the other rungs\\.");
        } else {
            assertThat(reason)
                    .matches("CRF \\+" + offset + " on the rungs encoded after the probe: the samples keep SSIM"
                            + " [01]\\.[0-9]{4} against [01]\\.[0-9]{4} at the presets' CRF [0-9]+, in -?[0-9]+ %"
                            + " fewer bytes\\.");
        }
        return offset;
    }

    /** A 360p clip's one rung to encode is its first playable one: not probed, encoded at its preset's CRF. */
    private static void assertNotProbed(JsonPath ready) {
        assertThat(ready.getInt("outputs.ladder.crfOffset")).isZero();
        assertThat(ready.getString("outputs.ladder.reason"))
                .isEqualTo("The presets' CRF: the clip's one rung to encode is its first playable one,"
                        + " which the probe would delay.");
        assertThat(ready.getList("outputs.renditions.crf")).containsExactly(25);
    }

    /** ffprobe reading an HLS master over HTTP, as a player does: the rung's init and segments by their signed URLs. */
    private static JsonPath ffprobeUrl(String url) throws Exception {
        var command = new ArrayList<>(
                List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", url));
        var process = new ProcessBuilder(command).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(errors).isZero();
        return new JsonPath(output);
    }
}
