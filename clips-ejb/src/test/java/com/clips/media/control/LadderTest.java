package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.media.entity.VideoMetadata;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LadderTest {

    @Test
    void fullHdSourceGetsTheRungsUpToItsHeightAndNeverMore() {
        var ladder = Ladder.forSource(1920, 1080, null);

        assertThat(ladder).extracting(Rung::label).containsExactly(480, 720, 1080);
        assertThat(ladder).extracting(Rung::width).containsExactly(854, 1280, 1920);
        assertThat(ladder.get(1).videoKbps()).isEqualTo(2_500);
        assertThat(ladder.get(0).audioKbps()).isEqualTo(96);
    }

    @Test
    void portraitRungsAreNamedByTheShortSide() {
        var ladder = Ladder.forSource(1080, 1920, null);

        assertThat(ladder).extracting(Rung::label).containsExactly(480, 720, 1080);
        assertThat(ladder.get(1).width()).isEqualTo(720);
        assertThat(ladder.get(1).height()).isEqualTo(1280);
    }

    @Test
    void uhdSourceGetsAllFivePresets() {
        assertThat(Ladder.forSource(3840, 2160, null))
                .extracting(Rung::label)
                .containsExactly(480, 720, 1080, 1440, 2160);
    }

    @Test
    void aTenantsEncodingProfileStopsTheLadderAtItsHeight() {
        assertThat(Ladder.forSource(3840, 2160, 1080)).extracting(Rung::label).containsExactly(480, 720, 1080);
        assertThat(Ladder.forSource(1080, 1920, 720)).extracting(Rung::height).containsExactly(854, 1280);
        assertThat(Ladder.forSource(1920, 1080, null)).isEqualTo(Ladder.forSource(1920, 1080, null));
        // a cap between presets keeps the presets below it; below every preset, one rung at the cap
        assertThat(Ladder.forSource(1920, 1080, 900)).extracting(Rung::label).containsExactly(480, 720);
        assertThat(Ladder.forSource(1920, 1080, 360)).singleElement().satisfies(r -> {
            assertThat(r.height()).isEqualTo(360);
            assertThat(r.width()).isEqualTo(640);
        });
    }

    @Test
    void sourceBelowTheLowestPresetGetsOneRungAtItsOwnSize() {
        var ladder = Ladder.forSource(427, 241, null);

        assertThat(ladder).singleElement().satisfies(r -> {
            assertThat(r.label()).isEqualTo(240);
            assertThat(r.height()).isEqualTo(240);
            assertThat(r.width() % 2).isZero();
        });
    }

    @Test
    void compressionFollowsTheSeedRules() {
        var uhd = media(3840, 2160, 40_000);
        var hdSmall = media(1280, 720, 2_000);
        var hdFat = media(1280, 720, 8_000);

        assertThat(CompressionPolicy.target(uhd, 10_000_000, false)).contains(QualityPreset.FULL_HD);
        assertThat(CompressionPolicy.target(uhd, 10_000_000, true))
                .as("premium keeps the original")
                .isEmpty();
        assertThat(CompressionPolicy.target(hdSmall, 10_000_000, false))
                .as("at target, efficient, small")
                .isEmpty();
        assertThat(CompressionPolicy.target(hdSmall, 60L * 1024 * 1024, false)).contains(QualityPreset.HD);
        assertThat(CompressionPolicy.target(hdFat, 10_000_000, false)).contains(QualityPreset.HD);
        assertThat(CompressionPolicy.target(media(854, 480, 9_000), 90_000_000, false))
                .as("below 720p")
                .isEmpty();
    }

    private static VideoMetadata media(int width, int height, int kbps) {
        return new VideoMetadata(BigDecimal.TEN, width, height, 0, "h264", "aac", kbps, BigDecimal.valueOf(30), "mov");
    }
}
