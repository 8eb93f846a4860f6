package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/ is what an operator imports: the alert rules pass promtool's checks and its unit tests
 * (alerts fire on the series that should fire them, and only then), and every query of the
 * Grafana dashboard is valid PromQL (promtool parses each as a recording rule).
 */
class OpsFilesTest {

    private static final Path OPS = Path.of("..", "ops");

    @Test
    void alertRulesPassPromtoolsCheck() throws Exception {
        var result = promtool(
                "check", "rules", OPS.resolve("prometheus/clips-alerts.yml").toString());
        assertThat(result.output()).contains("SUCCESS: 7 rules found");
        assertThat(result.exit()).isZero();
    }

    @Test
    void alertsFireOnTheSeriesThatShouldFireThem() throws Exception {
        var result = promtool(
                "test", "rules", OPS.resolve("prometheus/clips-alerts.test.yml").toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyDashboardQueryIsValidPromql(@TempDir Path dir) throws Exception {
        List<String> expressions = JsonPath.from(
                        OPS.resolve("grafana/clips-dashboard.json").toFile())
                .getList("panels.targets.flatten().expr", String.class);
        assertThat(expressions).hasSizeGreaterThan(15);
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            rules.append("      - record: clips:dashboard:").append(i).append('\n');
            rules.append("        expr: '")
                    .append(expressions.get(i).replace("'", "''"))
                    .append("'\n");
        }
        var file = Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
        var result = promtool("check", "rules", file.toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + expressions.size() + " rules found");
    }

    record Result(int exit, String output) {}

    private static Result promtool(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
