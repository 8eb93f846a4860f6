package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameGrabTest {

    private static final String PLAYLIST = String.join(
            "\n",
            "#EXTM3U",
            "#EXT-X-VERSION:7",
            "#EXT-X-TARGETDURATION:2",
            "#EXT-X-MAP:URI=\"init.mp4\"",
            "#EXTINF:2.000000,",
            "seg_00000.m4s",
            "#EXTINF:2.000000,",
            "seg_00001.m4s",
            "#EXTINF:1.500000,",
            "seg_00002.m4s",
            "#EXT-X-ENDLIST",
            "");

    @Test
    void aTimeFallsInTheSegmentThatShowsItAtItsOffset() {
        assertThat(FrameGrab.locate(PLAYLIST, 0)).isEqualTo(new FrameGrab.Spot("seg_00000.m4s", 0));
        assertThat(FrameGrab.locate(PLAYLIST, 1.9)).isEqualTo(new FrameGrab.Spot("seg_00000.m4s", 1.9));
        assertThat(FrameGrab.locate(PLAYLIST, 2.0)).isEqualTo(new FrameGrab.Spot("seg_00001.m4s", 0));
        var late = FrameGrab.locate(PLAYLIST, 4.5);
        assertThat(late.segment()).isEqualTo("seg_00002.m4s");
        assertThat(late.offsetSeconds()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theEndOfTheClipIsTheLastSegmentsLastFrame() {
        var end = FrameGrab.locate(PLAYLIST, 5.5);
        assertThat(end.segment()).isEqualTo("seg_00002.m4s");
        assertThat(end.offsetSeconds()).isCloseTo(1.499, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aPlaylistWithoutSegmentsIsRefused() {
        assertThatThrownBy(() -> FrameGrab.locate("#EXTM3U\n#EXT-X-ENDLIST\n", 1))
                .isInstanceOf(UnsupportedMediaException.class);
    }
}
