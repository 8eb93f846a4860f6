package com.clips.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.platform.ProblemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProblemCatalogueTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(/problems/[a-z0-9-]+)` \\| (\\d{3}) \\|.*");

    @Test
    void theReadmesErrorTableListsTheCatalogueInItsOrder() throws IOException {
        var readme = Files.readAllLines(Path.of("..", "README.md"));
        var documented = readme.stream()
                .map(ROW::matcher)
                .filter(m -> m.matches())
                .map(m -> m.group(1) + " " + m.group(2))
                .toList();
        var catalogue = Arrays.stream(ProblemType.values())
                .map(t -> t.uri() + " " + t.status())
                .toList();
        assertThat(documented).containsExactlyElementsOf(catalogue);
    }

    @Test
    void eachSlugHasOneTitleAndAtMostOneEntryPerStatus() {
        var seen = new HashSet<String>();
        for (var type : ProblemType.values()) {
            assertThat(seen.add(type.slug() + " " + type.status()))
                    .as(type.name())
                    .isTrue();
            assertThat(Arrays.stream(ProblemType.values())
                            .filter(t -> t.slug().equals(type.slug()))
                            .map(ProblemType::title)
                            .distinct())
                    .as(type.slug())
                    .hasSize(1);
        }
    }

    @Test
    void aProblemDocumentCarriesTheCataloguesTypeStatusAndTitle() {
        var problem = Problem.of(ProblemType.UPLOAD_BUSY, "Another completion is running.", "/api/v1/uploads/x");
        assertThat(problem)
                .isEqualTo(new Problem(
                        "/problems/upload-busy",
                        "Upload busy",
                        409,
                        "Another completion is running.",
                        "/api/v1/uploads/x"));
    }
}
