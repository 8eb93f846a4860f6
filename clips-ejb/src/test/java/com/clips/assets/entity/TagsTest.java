package com.clips.assets.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagsTest {

    @Test
    void normalisesToSortedUniqueLowerCase() {
        assertThat(Tags.parse(" Ace, pentakill ,ACE,,Clutch 1v5, ")).containsExactly("ace", "clutch 1v5", "pentakill");
        assertThat(Tags.parse(null)).isEmpty();
        assertThat(Tags.parse("  ")).isEmpty();
        assertThat(Tags.of(List.of("Élan", "ünter_1.0"))).containsExactly("élan", "ünter_1.0");
    }

    @Test
    void refusesOddCharactersLongTagsAndTooMany() {
        for (var bad : List.of("<script>", "-leading", "a/b", "x".repeat(51), "tab\there")) {
            assertThatThrownBy(() -> Tags.of(List.of(bad)))
                    .isInstanceOf(ProblemException.class)
                    .extracting(e -> ((ProblemException) e).type())
                    .isEqualTo(ProblemType.INVALID_FIELD);
        }
        var tooMany = new java.util.ArrayList<String>();
        for (int i = 0; i <= Tags.MAX_COUNT; i++) {
            tooMany.add("t" + i);
        }
        assertThatThrownBy(() -> Tags.of(tooMany)).hasMessageContaining("At most 20");
        assertThat(Tags.of(Collections.nCopies(30, "same"))).containsExactly("same");
    }
}
