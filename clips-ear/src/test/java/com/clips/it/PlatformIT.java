package com.clips.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health, OpenAPI and the server configuration the CLI scripts are supposed to have applied. */
@ExtendWith(ArquillianExtension.class)
class PlatformIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void readinessRunsARealCheckForEveryDependency() throws IOException {
        var health = given().get(TestStack.MANAGEMENT + "/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
        Map<String, String> checks = new java.util.HashMap<>();
        health.getList("checks", Map.class).forEach(c -> checks.put((String) c.get("name"), (String) c.get("status")));
        assertThat(checks)
                .containsEntry("database", "UP")
                .containsEntry("object-storage", "UP")
                .containsEntry("messaging", "UP")
                .containsEntry("ffmpeg", "UP");
        assertThat(health.getString("checks.find { it.name == 'database' }.data.schemaVersion"))
                .isEqualTo(latestMigration());
    }

    /** The highest V{n}__*.sql shipped in clips-ejb: the database must have been migrated to it. */
    private static String latestMigration() throws IOException {
        try (var files = Files.list(Path.of("..", "clips-ejb", "src", "main", "resources", "db", "migration"))) {
            return String.valueOf(files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max()
                    .orElseThrow());
        }
    }

    @Test
    void livenessAnswers() {
        given().get(TestStack.MANAGEMENT + "/health/live").then().statusCode(200);
    }

    @Test
    void openApiDocumentDescribesTheAssetsApiAndTheUiIsServed() {
        var openapi = given().queryParam("format", "JSON")
                .get(TestStack.ROOT + "/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(openapi.getMap("paths")).containsKeys("/api/v1/assets", "/api/v1/assets/{id}");
        assertThat(openapi.getString("info.title")).isEqualTo("Clips API");

        var ui = given().get(TestStack.ROOT + "/openapi-ui/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(ui).contains("swagger-ui-bundle.js");
        var script = ui.replaceAll("(?s).*src=\"\\.\\./(webjars/[^\"]+swagger-ui-bundle\\.js)\".*", "$1");
        given().get(TestStack.ROOT + "/" + script).then().statusCode(200);
    }
}
