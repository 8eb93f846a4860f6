package com.clips.it;

import static com.clips.it.TestStack.API;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator reads: the Prometheus endpoint's Clips meters move when a clip is uploaded and
 * processed, every meter ops/'s alert rules and dashboard use exists, and server.log's JSON lines
 * carry the request id (answered in X-Request-Id), the tenant, the asset and the job execution.
 */
@ExtendWith(ArquillianExtension.class)
class ObservabilityIT {

    private static final String METRICS = TestStack.MANAGEMENT + "/metrics";
    private static final Pattern OPS_METRIC = Pattern.compile("\\bclips_[a-z0-9_]+");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void metersMoveWhenAClipIsProcessedAndEveryMeterOpsUsesExists() throws Exception {
        // a tenant with a processing quota, so that the quota gauge has a row
        var metered = TestStack.newTenant("metered", Map.of("quotas", Map.of("maxProcessingMinutesPerMonth", 600)))
                .getString("tenant.id");
        var before = scrape();
        // Baseline profile: not standard input, so its one rung is encoded and the ladder's meters move
        var clip = TestStack.clip(
                "metrics.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x240:rate=25",
                "-t",
                "2",
                "-c:v",
                "libx264",
                "-profile:v",
                "baseline",
                "-pix_fmt",
                "yuv420p");
        var location = TestStack.upload(clip);
        TestStack.awaitAsset(location, Duration.ofMinutes(4), a -> "READY".equals(a.getString("status")));
        TestStack.asAdmin().get(API + "/no-such-route").then().statusCode(404);

        // the gauges refresh every 15 s: the new tenant's quota row appears within one refresh
        var quotaRow = Pattern.compile(
                "(?m)^clips_tenant_processing_quota_used_ratio\\{[^}]*tenant=\"" + metered + "\"[^}]*} 0(\\.0)?$");
        var after = awaitScrape(m -> value(m, "clips_processing_runs_recent", "state=\"COMPLETED\"") >= 1
                && quotaRow.matcher(m).find());
        assertThat(value(after, "clips_uploads_total", "outcome=\"accepted\"", "route=\"multipart\"", "status=\"202\""))
                .isEqualTo(value(
                                before,
                                "clips_uploads_total",
                                "outcome=\"accepted\"",
                                "route=\"multipart\"",
                                "status=\"202\"")
                        + 1);
        assertThat(value(after, "clips_upload_received_bytes_total", "route=\"multipart\""))
                .isGreaterThan(value(before, "clips_upload_received_bytes_total", "route=\"multipart\"")
                        + Files.size(clip)
                        - 1);
        assertThat(value(after, "clips_ffmpeg_runs_seconds_count", "kind=\"ladder\"", "outcome=\"ok\""))
                .isGreaterThan(value(before, "clips_ffmpeg_runs_seconds_count", "kind=\"ladder\"", "outcome=\"ok\""));
        assertThat(value(after, "clips_encode_seconds_per_output_minute_count"))
                .isGreaterThan(value(before, "clips_encode_seconds_per_output_minute_count"));
        assertThat(value(after, "clips_storage_calls_seconds_count", "operation=\"putFile\"", "outcome=\"ok\""))
                .isGreaterThan(
                        value(before, "clips_storage_calls_seconds_count", "operation=\"putFile\"", "outcome=\"ok\""));
        assertThat(value(
                        after,
                        "clips_http_server_requests_seconds_count",
                        "method=\"GET\"",
                        "route=\"/api/v1/assets/{id}\"",
                        "status=\"2xx\""))
                .isGreaterThan(value(
                        before,
                        "clips_http_server_requests_seconds_count",
                        "method=\"GET\"",
                        "route=\"/api/v1/assets/{id}\"",
                        "status=\"2xx\""));
        assertThat(value(after, "clips_http_server_requests_seconds_count", "route=\"UNMATCHED\"", "status=\"4xx\""))
                .isGreaterThan(value(
                        before, "clips_http_server_requests_seconds_count", "route=\"UNMATCHED\"", "status=\"4xx\""));
        assertThat(value(after, "clips_tokens_total", "outcome=\"accepted\"", "status=\"200\""))
                .isPositive();
        assertThat(value(after, "clips_work_dir_size_bytes")).isPositive();
        // no label carries an id: not the asset's, not the request's path
        var assetId = location.substring(location.lastIndexOf('/') + 1);
        // the node that ran the job names itself in its scrape, as the jobs API names it
        var node = TestStack.asAdmin()
                .get(API + "/jobs?assetId=" + assetId)
                .jsonPath()
                .getString("items[0].node");
        assertThat(node).isNotBlank();
        assertThat(after)
                .containsPattern("(?m)^clips_node_info\\{[^}]*node=\"" + Pattern.quote(node) + "\"[^}]*} 1(\\.0)?$")
                .containsPattern(
                        "(?m)^clips_node_jobs_running\\{[^}]*node=\"" + Pattern.quote(node) + "\"[^}]*} \\d+(\\.0)?$");
        assertThat(after).doesNotContain(assetId).doesNotContain("/api/v1/assets/" + assetId);

        var missing = new TreeSet<>(opsMetrics());
        missing.removeIf(
                name -> Pattern.compile("(?m)^" + name + "[{ ]").matcher(after).find());
        assertThat(missing).as("metrics named in ops/ but not served").isEmpty();
    }

    @Test
    void jsonLogLinesCarryTheRequestTenantAssetAndExecution() throws Exception {
        long from = Files.readAllLines(serverLog()).size();
        var requestId = "it-" + UUID.randomUUID();
        var clip = TestStack.clip(
                "logged.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=160x120:rate=25",
                "-t",
                "1",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p");
        var response = TestStack.asAdmin()
                .header("X-Request-Id", requestId)
                .multiPart("file", clip.toFile())
                .post(API + "/assets");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.header("X-Request-Id")).isEqualTo(requestId);
        var assetId = response.jsonPath().getString("id");
        TestStack.awaitAsset(
                response.header("Location"), Duration.ofMinutes(4), a -> "READY".equals(a.getString("status")));

        var expected = "asset " + assetId + " registered (" + Files.size(clip) + " bytes), queued";
        var registered =
                awaitLogLine(from, assetId, line -> line.getString("message").equals(expected));
        assertThat(registered.getString("mdc.requestId")).isEqualTo(requestId);
        assertThat(registered.getString("mdc.tenant")).isEqualTo("default");
        assertThat(registered.getString("level")).isEqualTo("INFO");
        assertThat(registered.getString("loggerName")).isEqualTo("com.clips.assets.boundary.Assets");

        var processing = awaitLogLine(
                from,
                assetId,
                line -> line.getString("message").startsWith("asset " + assetId + " processing as execution "));
        var execution = processing.getString("message").replaceAll(".* execution ", "");
        assertThat(processing.getString("mdc.assetId")).isEqualTo(assetId);
        assertThat(processing.getString("mdc.tenant")).isEqualTo("default");
        var poster = awaitLogLine(
                from,
                "ffmpeg poster (execution " + execution + ")",
                line -> line.getString("message").startsWith("ffmpeg poster (execution " + execution + ")"));
        assertThat(poster.getString("mdc.execution")).isEqualTo(execution);
        assertThat(poster.getString("mdc.assetId")).isEqualTo(assetId);

        // an id that is not a plain token is replaced, never echoed
        var odd = given().header("X-Request-Id", "<script>").get(API + "/openapi-missing");
        assertThat(odd.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    private static Set<String> opsMetrics() throws IOException {
        try (var files = Stream.of(
                Path.of("..", "ops", "prometheus", "clips-alerts.yml"),
                Path.of("..", "ops", "grafana", "clips-dashboard.json"))) {
            return files.flatMap(ObservabilityIT::read)
                    .flatMap(text -> OPS_METRIC.matcher(text).results().map(java.util.regex.MatchResult::group))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Stream<String> read(Path file) {
        try {
            return Stream.of(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String scrape() {
        return given().get(METRICS).then().statusCode(200).extract().asString();
    }

    /** Gauges refresh every 15 s: scrapes until the condition holds (a minute at most). */
    private static String awaitScrape(java.util.function.Predicate<String> ready) throws InterruptedException {
        String metrics;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        do {
            metrics = scrape();
            if (ready.test(metrics)) {
                return metrics;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("metrics never satisfied the condition:\n" + metrics);
    }

    /** The sum of the series of {@code name} whose labels include all of {@code labels}; 0 if none. */
    static double value(String metrics, String name, String... labels) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Stream.of(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static Path serverLog() {
        return Path.of(System.getProperty("clips.it.server.base"), "log", "server.log");
    }

    /**
     * The first JSON line of server.log after line {@code from} that contains {@code text} and
     * matches (30 s at most). Lines before the test are skipped: the log outlives a run of the
     * suite while the database is new each run, so an earlier run's line can name the same
     * execution id for another asset.
     */
    private static JsonPath awaitLogLine(long from, String text, java.util.function.Predicate<JsonPath> match)
            throws Exception {
        var log = serverLog();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            List<String> all = Files.readAllLines(log);
            // a rotation at midnight starts a new file
            var lines = all.size() >= from ? all.subList((int) from, all.size()) : all;
            for (var line : lines) {
                if (line.startsWith("{") && line.contains(text)) {
                    var json = new JsonPath(line);
                    if (json.getString("message") != null && match.test(json)) {
                        return json;
                    }
                }
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no such line in " + log);
    }
}
