package com.clips.assets.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void pathsAreStrippedToTheLastSegment() {
        assertThat(FileNames.clean("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.clean("C:\\Users\\me\\clip.mp4")).isEqualTo("clip.mp4");
    }

    @Test
    void controlAndFormatCharactersAreRemoved() {
        assertThat(FileNames.clean("clip\u0000\r\n\u202Egnp.mp4")).isEqualTo("clipgnp.mp4");
    }

    @Test
    void hiddenOrEmptyNamesBecomeUpload() {
        assertThat(FileNames.clean(".hidden.mp4")).isEqualTo("hidden.mp4");
        assertThat(FileNames.clean("../")).isEqualTo("upload");
        assertThat(FileNames.clean(null)).isEqualTo("upload");
    }

    @Test
    void longNamesAreBounded() {
        assertThat(FileNames.clean("a".repeat(1000))).hasSize(255);
    }

    @Test
    void longNamesKeepTheirExtensionAndWholeCharactersWithin255Utf8Bytes() {
        var cut = FileNames.clean("\uD83C\uDFAE".repeat(300) + ".mp4");
        assertThat(cut).endsWith(".mp4").startsWith("\uD83C\uDFAE");
        assertThat(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(62 * 4 + 4);
        assertThat(cut.chars().filter(c -> Character.isSurrogate((char) c)).count())
                .isEqualTo(62 * 2);
        assertThat(FileNames.clean("\u00e9".repeat(200))).hasSize(127);
    }

    @Test
    void loneSurrogatesAreRemoved() {
        assertThat(FileNames.clean("clip\uD800.mp4")).isEqualTo("clip.mp4");
    }
}
