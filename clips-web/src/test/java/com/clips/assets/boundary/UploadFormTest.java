package com.clips.assets.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadFormTest {

    private static void put(UploadForm form, String field, String value) throws IOException {
        form.accept(field, new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void knownFieldsBecomeDetails() throws IOException {
        var form = new UploadForm();
        put(form, "title", "  Ace  ");
        put(form, "gameTitle", "Valorant");
        put(form, "recordedAt", "2026-11-23T18:30:00Z");
        put(form, "visibility", "private");

        var details = form.details();
        assertThat(details.title()).isEqualTo("Ace");
        assertThat(details.gameTitle()).isEqualTo("Valorant");
        assertThat(details.recordedAt()).isEqualTo(Instant.parse("2026-11-23T18:30:00Z"));
        assertThat(details.isPublic()).isFalse();
    }

    @Test
    void unknownDuplicateOverlongAndMalformedFieldsAreProblems() throws IOException {
        var form = new UploadForm();
        assertThatThrownBy(() -> put(form, "colour", "blue"))
                .isInstanceOf(ProblemException.class)
                .extracting("type")
                .isEqualTo(ProblemType.INVALID_FIELD);
        assertThatThrownBy(() -> put(form, "title", "x".repeat(201))).isInstanceOf(ProblemException.class);
        put(form, "title", "once");
        assertThatThrownBy(() -> put(form, "title", "twice")).isInstanceOf(ProblemException.class);

        var dates = new UploadForm();
        put(dates, "recordedAt", "yesterday");
        assertThatThrownBy(dates::details).isInstanceOf(ProblemException.class).hasMessageContaining("ISO-8601");

        var visibility = new UploadForm();
        put(visibility, "visibility", "friends");
        assertThatThrownBy(visibility::details).isInstanceOf(ProblemException.class);
    }
}
