package com.clips.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void aFilesTextIsMendedToOneLineOfAtMostMax() {
        assertThat(Text.oneLine(" First\nline\u0085 ", 200)).isEqualTo("First line");
        assertThat(Text.oneLine("abcdef", 3)).isEqualTo("abc");
        assertThat(Text.oneLine("ab cd", 3)).isEqualTo("ab");
        assertThat(Text.oneLine("\t", 10)).isEmpty();
        assertThat(Text.oneLine(null, 10)).isEmpty();
    }
}
