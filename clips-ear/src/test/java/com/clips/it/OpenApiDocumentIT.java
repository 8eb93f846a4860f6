package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document the server serves is the one the clients are generated from
 * ({@code clips-client/src/main/openapi/clips.json}, compared as JSON), it lints clean with
 * {@code @redocly/cli}'s recommended rules (exceptions justified in {@code clips-client/redocly.yaml}),
 * and the TypeScript client generated from it type-checks with {@code tsc --noEmit}. After an API
 * change, run this IT once with {@code -Dclips.openapi.update=true} to refresh the copy, and review
 * the diff.
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiDocumentIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void theServedDocumentIsTheGeneratedClientsOneAndLintsClean() throws Exception {
        var served = RestAssured.given()
                .queryParam("format", "JSON")
                .get(TestStack.ROOT + "/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var servedFile = Files.createDirectories(Path.of("target", "openapi")).resolve("served.json");
        Files.writeString(servedFile, pretty(served));
        var copy = Path.of(TestStack.property("clips.openapi.copy"));
        if (Boolean.getBoolean("clips.openapi.update")) {
            Files.writeString(copy, pretty(served));
        }
        assertThat(JSON.readTree(served))
                .as("served /openapi vs " + copy + " (refresh: -Dclips.openapi.update=true, then review the diff)")
                .isEqualTo(JSON.readTree(Files.readString(copy)));

        var lint = run(List.of(
                "node",
                tool("@redocly/cli/bin/cli.js"),
                "lint",
                "--config",
                TestStack.property("clips.redocly.config"),
                servedFile.toString()));
        System.out.println("redocly lint:\n" + lint.output());
        assertThat(lint.exit()).as("redocly lint exit status").isZero();
        assertThat(lint.output()).contains("Your API description is valid");
    }

    @Test
    void theGeneratedTypeScriptClientTypeChecks() throws Exception {
        var client = Path.of(TestStack.property("clips.typescript.client"));
        assertThat(client.resolve("src/apis")).isDirectory();
        var tsc = run(List.of(
                "node",
                tool("typescript/bin/tsc"),
                "--noEmit",
                "--strict",
                "--target",
                "es2020",
                "--module",
                "es2020",
                "--moduleResolution",
                "node",
                "--lib",
                "es2020,dom",
                client.resolve("src/index.ts").toString()));
        System.out.println("tsc --noEmit:\n" + tsc.output());
        assertThat(tsc.exit()).as("tsc exit status").isZero();
    }

    record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static String tool(String path) {
        return Path.of(TestStack.env("CLIPS_CONTRACT_TOOLS_DIR"), "node_modules", path)
                .toString();
    }

    private static String pretty(String json) throws IOException {
        return JSON.writeValueAsString(JSON.readTree(json)) + "\n";
    }
}
