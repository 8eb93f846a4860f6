package com.clips.processing.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.media.control.Ladder;
import com.clips.media.control.Rung;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenditionGroupsTest {

    private static final List<Rung> LADDER = Ladder.forSource(3840, 2160, null);

    @Test
    void oneEncoderMakesTheWholeLadder() {
        assertThat(labels(RenditionPartitionMapper.groups(LADDER, 1)))
                .containsExactly(List.of(480, 720, 1080, 1440, 2160));
    }

    @Test
    void moreEncodersGiveTheLowestRungsAProcessEachAndTheLastTheRest() {
        assertThat(labels(RenditionPartitionMapper.groups(LADDER, 2)))
                .containsExactly(List.of(480), List.of(720, 1080, 1440, 2160));
        assertThat(labels(RenditionPartitionMapper.groups(LADDER, 3)))
                .containsExactly(List.of(480), List.of(720), List.of(1080, 1440, 2160));
        assertThat(labels(RenditionPartitionMapper.groups(LADDER.subList(0, 3), 9)))
                .containsExactly(List.of(480), List.of(720), List.of(1080));
    }

    @Test
    void nothingLeftIsStillOnePartitionSoTheStepRuns() {
        assertThat(RenditionPartitionMapper.groups(List.of(), 3)).containsExactly(List.of());
    }

    @Test
    void theProbeRunsOnlyWhereItDelaysNoFirstPlayableRung() {
        // the lowest rung has a partition of its own: the last one probes beside it
        assertThat(RenditionPartitionMapper.probeBesideFirstPlayable(2, 2, false))
                .isTrue();
        // one encoder makes every rung at the end anyway
        assertThat(RenditionPartitionMapper.probeBesideFirstPlayable(1, 1, false))
                .isTrue();
        // a remux is published already
        assertThat(RenditionPartitionMapper.probeBesideFirstPlayable(1, 2, true))
                .isTrue();
        // the clip's one rung to encode is the one its viewers wait for
        assertThat(RenditionPartitionMapper.probeBesideFirstPlayable(1, 2, false))
                .isFalse();
    }

    private static List<List<Integer>> labels(List<List<Rung>> groups) {
        return groups.stream().map(g -> g.stream().map(Rung::label).toList()).toList();
    }
}
