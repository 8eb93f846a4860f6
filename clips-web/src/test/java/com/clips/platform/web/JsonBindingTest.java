package com.clips.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.bind.JsonbException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBindingTest {

    public record Quotas(
            Long maxStorageBytes, Integer maxMinutes, String name, List<String> tags, Boolean on, Inner inner) {}

    public record Inner(String s) {}

    private static Quotas bind(String json) {
        return new JsonBinding().getContext(Quotas.class).fromJson(json, Quotas.class);
    }

    private static String refusal(String json) {
        try {
            bind(json);
        } catch (JsonbException e) {
            return ProblemMappers.jsonProblem(e.getMessage(), "/x").detail();
        }
        throw new AssertionError("bound " + json);
    }

    @Test
    void wellFormedBodiesBind() {
        var q = bind("{\"maxStorageBytes\":9000000000,\"maxMinutes\":60,\"name\":\"n\",\"tags\":[\"a\"],\"on\":true,"
                + "\"inner\":{\"s\":\"x\"}}");
        assertThat(q).isEqualTo(new Quotas(9_000_000_000L, 60, "n", List.of("a"), true, new Inner("x")));
        assertThat(bind("{\"name\":null,\"maxMinutes\":null}"))
                .isEqualTo(new Quotas(null, null, null, null, null, null));
    }

    @Test
    void aMisspeltKeyIsRefusedByName() {
        assertThat(refusal("{\"maxStorageByte\":1}")).isEqualTo("Unknown field 'maxStorageByte'.");
        assertThat(refusal("{\"inner\":{\"t\":1}}")).isEqualTo("Unknown field 'inner.t'.");
    }

    @Test
    void numbersMustFitTheirFieldExactly() {
        assertThat(refusal("{\"maxMinutes\":99999999999}"))
                .isEqualTo("Field 'maxMinutes' must be a whole number in range.");
        assertThat(refusal("{\"maxMinutes\":1.5}")).isEqualTo("Field 'maxMinutes' must be a whole number in range.");
        assertThat(refusal("{\"maxStorageBytes\":1e400}"))
                .isEqualTo("Field 'maxStorageBytes' must be a whole number in range.");
        assertThat(refusal("{\"maxStorageBytes\":\"5\"}"))
                .isEqualTo("Field 'maxStorageBytes' must be a whole number in range.");
    }

    @Test
    void stringsAndBooleansAreNotCoerced() {
        assertThat(refusal("{\"name\":5}")).isEqualTo("Field 'name' must be a string.");
        assertThat(refusal("{\"on\":\"true\"}")).isEqualTo("Field 'on' must be true or false.");
        assertThat(refusal("{\"inner\":{\"s\":true}}")).isEqualTo("Field 'inner.s' must be a string.");
        assertThat(refusal("{\"tags\":\"a\"}")).isEqualTo("Field 'tags' has the wrong type.");
    }

    @Test
    void aBodyOfTheWrongShapeIsABadRequest() {
        assertThatThrownBy(() -> bind("[]")).isInstanceOf(JsonbException.class);
        assertThat(refusal("[]")).isEqualTo("The body is not JSON of the expected shape.");
    }
}
