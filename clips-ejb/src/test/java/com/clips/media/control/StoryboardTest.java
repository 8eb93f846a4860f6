package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoryboardTest {

    @Test
    void shortClipGetsATileEveryTwoSecondsAndCuesCoverTheWholeClip() {
        var board = Storyboard.of(5.0, 1280, 720);

        assertThat(board.tiles()).isEqualTo(3);
        assertThat(board.columns()).isEqualTo(3);
        assertThat(board.tileHeight()).isEqualTo(90);
        assertThat(board.webVtt("storyboard.jpg"))
                .startsWith("WEBVTT\n")
                .contains("00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90")
                .contains("00:00:04.000 --> 00:00:05.000\nstoryboard.jpg#xywh=320,0,160,90");
    }

    @Test
    void longClipIsCappedAtOneHundredTilesInTenColumns() {
        var board = Storyboard.of(3600, 1920, 1080);

        assertThat(board.tiles()).isEqualTo(100);
        assertThat(board.rows()).isEqualTo(10);
        assertThat(board.intervalSeconds()).isEqualTo(36.0);
        assertThat(board.sampleFilter()).isEqualTo("fps=1000/36000:eof_action=pass,scale=160:90");
        assertThat(board.tileFilter()).isEqualTo("tile=10x10");
    }

    @Test
    void posterFitsInTheBoxWithoutEnlarging() {
        assertThat(ImageMaker.fit(1920, 1080, 1280, 720)).containsExactly(1280, 720);
        assertThat(ImageMaker.fit(1080, 1920, 1280, 720)).containsExactly(406, 720);
        assertThat(ImageMaker.fit(640, 360, 1280, 720)).containsExactly(640, 360);
        assertThat(ImageMaker.posterTime(60)).isEqualTo(3.0);
        assertThat(ImageMaker.posterTime(5)).isEqualTo(0.5);
        // a clip under a second (a single frame: 0.034 s) has its poster from the first frame
        assertThat(ImageMaker.posterTime(0.999)).isEqualTo(0.0);
        assertThat(ImageMaker.posterTime(0.034)).isEqualTo(0.0);
        assertThat(ImageMaker.posterTime(1)).isEqualTo(0.1);
    }
}
