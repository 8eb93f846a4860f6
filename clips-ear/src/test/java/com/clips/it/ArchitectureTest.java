package com.clips.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the features of com.clips may depend on each other, checked over the classes of all three
 * modules (clips-ejb, clips-batch, clips-web). A feature is the first package under com.clips; each
 * may use only the features below it in {@link #LAYERS}. Violations that existed when the rules
 * were written are frozen in src/test/resources/archunit_store: they may go, never grow.
 */
class ArchitectureTest {

    /** Bottom first: a feature may depend on those before it, never on those after it. */
    static final List<String> LAYERS = List.of(
            "platform",
            "identity",
            "events",
            "audit",
            "tenants",
            "auth",
            "storage",
            "media",
            "protection",
            "assets",
            "uploads",
            "processing",
            "analytics",
            "playback",
            "catalog",
            "social",
            "webhooks");

    private static JavaClasses classes;

    @BeforeAll
    static void importModules() {
        var root = Path.of("..");
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPaths(
                        root.resolve("clips-ejb/target/classes"),
                        root.resolve("clips-batch/target/classes"),
                        root.resolve("clips-web/target/classes"));
    }

    @Test
    void everyFeatureIsInALayer() {
        var features = classes.stream()
                .map(c -> c.getPackageName())
                .filter(p -> p.startsWith("com.clips."))
                .map(p -> p.substring("com.clips.".length()).split("\\.")[0])
                .distinct()
                .filter(f -> !LAYERS.contains(f))
                .toList();
        org.assertj.core.api.Assertions.assertThat(features)
                .as("features missing from ArchitectureTest.LAYERS")
                .isEmpty();
    }

    @Test
    void featuresFormNoCycle() {
        FreezingArchRule.freeze(slices().matching("com.clips.(*)..").should().beFreeOfCycles())
                .check(classes);
    }

    @Test
    void featuresDependOnlyDownward() {
        for (int i = 0; i < LAYERS.size(); i++) {
            var above = LAYERS.subList(i + 1, LAYERS.size()).stream()
                    .map(f -> "com.clips." + f + "..")
                    .toArray(String[]::new);
            if (above.length == 0) {
                continue;
            }
            ArchRule rule = noClasses()
                    .that()
                    .resideInAPackage("com.clips." + LAYERS.get(i) + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(above)
                    .as(LAYERS.get(i) + " depends on no feature above it");
            FreezingArchRule.freeze(rule).check(classes);
        }
    }

    @Test
    void controlsAndEntitiesNeverUseBoundaries() {
        noClasses()
                .that()
                .resideInAnyPackage("..control..", "..entity..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..boundary..")
                .check(classes);
    }
}
