package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loudness normalisation from outside: what a player downloads is measured with FFmpeg's ebur128
 * over HTTP from the master playlist (the rendition it picks first, the top one). A standard clip's
 * quiet tone is remuxed with its audio alone normalised to -16 LUFS; a tenant's profile brings an
 * encoded clip to -23 LUFS, or turns normalisation off and leaves the tone as it was; the asset
 * JSON records input, target, output and why; a target outside loudnorm's range is refused.
 */
@ExtendWith(ArquillianExtension.class)
class LoudnessIT {

    private static final String API = TestStack.API;

    private static final Pattern INTEGRATED = Pattern.compile("Integrated loudness:\\s+I:\\s+(-?[0-9.]+) LUFS");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void aStandardClipsQuietToneIsRemuxedWithItsAudioBroughtToTheTarget() throws Exception {
        var clip = TestStack.highProfileClip("loudness-remux.mp4", 640, 360, 6, 2);
        var asset = ProcessingIT.awaitReady(TestStack.upload(clip));
        assertThat(asset.getList("outputs.renditions.remuxed", Boolean.class))
                .last()
                .isEqualTo(true);

        var loudness = asset.getMap("outputs.loudness");
        assertThat(loudness).isNotNull();
        assertThat(asset.getBoolean("outputs.loudness.normalized")).isTrue();
        assertThat(asset.getDouble("outputs.loudness.target.integratedLufs")).isEqualTo(-16.0);
        assertThat(asset.getDouble("outputs.loudness.target.truePeakDbtp")).isEqualTo(-1.5);
        double input = asset.getDouble("outputs.loudness.input.integratedLufs");
        // FFmpeg's sine at its default amplitude, upmixed to stereo: about -18.7 LUFS
        assertThat(input).isCloseTo(measure(clip.toString()), within(0.2));
        assertThat(asset.getString("outputs.loudness.reason"))
                .isEqualTo(String.format(
                        Locale.ROOT, "Normalised by a constant gain of %+.1f dB (loudnorm, linear).", -16 - input));
        assertThat(asset.getDouble("outputs.loudness.output.integratedLufs")).isCloseTo(-16.0, within(1.0));

        double heard = measure(asset.getString("playbackIds[0].playbackUrl"));
        assertThat(heard).isCloseTo(-16.0, within(1.0));
        assertThat(heard).isCloseTo(asset.getDouble("outputs.loudness.output.integratedLufs"), within(0.2));
    }

    @Test
    void aTenantsProfileSetsTheTargetOrTurnsNormalisationOff() throws Exception {
        var created =
                TestStack.newTenant("broadcast", Map.of("encoding", Map.of("loudness", Map.of("integratedLufs", -23))));
        assertThat(created.getDouble("tenant.encoding.loudness.integratedLufs")).isEqualTo(-23.0);
        assertThat((Object) created.get("tenant.encoding.loudness.normalize")).isNull();
        var id = created.getString("tenant.id");
        var token = TestStack.token(
                created.getString("administrator.clientId"), created.getString("administrator.clientSecret"));

        // encoded, not remuxed (its key frames are 10 s apart): the ladder's rungs share one normalisation
        var encoded =
                TestStack.awaitReady(token, TestStack.uploadAs(token, TestStack.encodingClip("loudness-ebu.mp4", 5)));
        assertThat(encoded.getList("outputs.renditions.remuxed", Boolean.class)).doesNotContain(true);
        assertThat(encoded.getDouble("outputs.loudness.target.integratedLufs")).isEqualTo(-23.0);
        assertThat(encoded.getDouble("outputs.loudness.output.integratedLufs")).isCloseTo(-23.0, within(1.0));
        assertThat(measure(TestStack.publicPlaybackUrl(token, encoded.getString("id"))))
                .isCloseTo(-23.0, within(1.0));

        // outside loudnorm's range: refused, the profile as it was
        for (var bad : List.of(Map.of("integratedLufs", 3), Map.of("integratedLufs", -90), Map.of("truePeakDbtp", 2))) {
            TestStack.assertProblem(
                    TestStack.asAdmin()
                            .contentType(ContentType.JSON)
                            .body(Map.of("loudness", bad))
                            .put(API + "/tenants/" + id + "/encoding"),
                    400,
                    "/problems/invalid-field");
        }
        assertThat(TestStack.asAdmin()
                        .get(API + "/tenants/" + id)
                        .jsonPath()
                        .getDouble("encoding.loudness.integratedLufs"))
                .isEqualTo(-23.0);

        // off: the tone is published as loud as it was
        TestStack.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("loudness", Map.of("normalize", false)))
                .put(API + "/tenants/" + id + "/encoding")
                .then()
                .statusCode(200);
        var clip = TestStack.encodingClip("loudness-off.mp4", 5);
        var untouched = TestStack.awaitReady(token, TestStack.uploadAs(token, clip));
        assertThat(untouched.getBoolean("outputs.loudness.normalized")).isFalse();
        assertThat((Object) untouched.get("outputs.loudness.target")).isNull();
        assertThat(untouched.getString("outputs.loudness.reason"))
                .isEqualTo("Not normalised: loudness normalisation is off in the tenant's encoding profile or the"
                        + " platform's settings.");
        double source = measure(clip.toString());
        assertThat(untouched.getDouble("outputs.loudness.input.integratedLufs")).isCloseTo(source, within(0.2));
        assertThat(measure(TestStack.publicPlaybackUrl(token, untouched.getString("id"))))
                .isCloseTo(source, within(1.0));
    }

    /** Integrated loudness of the first audio stream (a file or a URL), by ebur128 as a player would decode it. */
    static double measure(String input) throws Exception {
        var process = new ProcessBuilder(
                        "ffmpeg",
                        "-nostdin",
                        "-hide_banner",
                        "-nostats",
                        "-i",
                        input,
                        "-map",
                        "0:a:0",
                        "-vn",
                        "-af",
                        "aformat=sample_rates=48000:channel_layouts=stereo,ebur128=framelog=verbose",
                        "-f",
                        "null",
                        "-")
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        var summary = INTEGRATED.matcher(output.substring(output.lastIndexOf("Summary:")));
        assertThat(summary.find()).as(output).isTrue();
        return Double.parseDouble(summary.group(1));
    }
}
