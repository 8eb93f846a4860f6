package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OutageIT's proof for the third dependency: the message broker really stopped while a node runs.
 * The suite's own node embeds its broker, so this one is a second node (ports +500, like
 * CrashRecoveryIT's) switched to a standalone Apache Artemis (the distribution from Maven
 * Central, created with the queues and the broker.properties of deploy/base/artemis.yaml) by
 * remote-broker.cli, as CLIPS_JMS_REMOTE does. The broker is killed with SIGKILL: an upload and a
 * reprocess get 503 /problems/unavailable naming it, readiness goes DOWN on messaging, nothing
 * half-written stays, reading still works; the broker back, the node recovers without a restart.
 */
class BrokerOutageIT {

    private static final int BROKER_PORT = 61716;
    private static final String BROKER_USER = "clips";
    private static final Duration RECOVERY = Duration.ofSeconds(120);
    /** Not a timing assertion: a call that blocks longer than this is a hang, and fails as one. */
    private static final int HANG_MILLIS = 120_000;

    private static final Path DIR = Path.of("target", "broker-outage").toAbsolutePath();
    private static final String PASSWORD = Long.toString(System.nanoTime(), 36);

    private static WildFlyNode node;
    private static Process broker;

    @BeforeAll
    static void startBrokerAndNode() throws Exception {
        createBroker();
        startBroker();
        node = new WildFlyNode("broker-node", 500)
                .prepare()
                .remoteBroker("127.0.0.1", BROKER_PORT, BROKER_USER, PASSWORD);
        node.start();
    }

    @AfterAll
    static void stopNodeAndBroker() throws Exception {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            killBroker();
        }
    }

    @Test
    void brokerOutageIs503AndTheNodeRecoversWhenTheBrokerIsBack() throws Exception {
        assertThat(Files.readString(node.base().resolve("configuration/clips.xml")))
                .as("the node has no embedded broker")
                .doesNotContain("<server name=\"default\"")
                .contains("clips-broker");
        var admin = TestStack.asAdminToken(node.api());
        var tenant = RestAssured.given()
                .auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("id", "outage-mq-" + Long.toString(System.nanoTime(), 36), "name", "outage-mq"))
                .post(node.api() + "/tenants")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var tenantId = tenant.getString("tenant.id");
        var token = TestStack.token(
                node.api(), tenant.getString("administrator.clientId"), tenant.getString("administrator.clientSecret"));
        // two different clips: the same bytes again would be answered with the existing asset
        var before = TestStack.h264Clip("outage-mq-before.mp4", 160, 120, 10, 1);
        var clip = TestStack.h264Clip("outage-mq.mp4", 176, 144, 10, 1);

        // through the broker: accepted, consumed by the node's MDB, processed
        var first = upload(token, before);
        assertThat(first.statusCode()).isEqualTo(202);
        var firstLocation = first.header("Location");
        var firstId = first.jsonPath().getString("id");
        TestStack.awaitAsset(token, firstLocation, RECOVERY, a -> "READY".equals(a.getString("status")));
        var staged = TestStack.keys("tmp/");
        var originals = TestStack.keys("originals/" + tenantId + "/");
        assertThat(originals).hasSize(1);

        killBroker();
        try {
            var refused = timed("upload", () -> upload(token, clip));
            OutageIT.assertUnavailable(refused, "message broker");
            var reprocess = timed(
                    "reprocess",
                    () -> RestAssured.given()
                            .config(hangLimit())
                            .auth()
                            .oauth2(token)
                            .post(node.api() + "/assets/" + firstId + "/reprocess"));
            OutageIT.assertUnavailable(reprocess, "message broker");

            var health = timed(
                    "readiness",
                    () -> RestAssured.given().config(hangLimit()).get(node.management() + "/health/ready"));
            assertThat(health.statusCode()).as(health.asString()).isEqualTo(503);
            assertThat(health.jsonPath().getString("status")).isEqualTo("DOWN");
            assertThat(health.jsonPath().getString("checks.find { it.name == 'messaging' }.status"))
                    .as(health.asString())
                    .isEqualTo("DOWN");
            // what does not need the broker still answers
            RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .get(node.api() + "/assets")
                    .then()
                    .statusCode(200);

            // nothing half-written: one asset row (the first, still READY), no staged or stored object
            assertThat(TestStack.count("select count(*) from clips.asset where tenant_id = '" + tenantId + "'"))
                    .isEqualTo(1);
            assertThat(TestStack.awaitAsset(token, firstLocation, RECOVERY, a -> true)
                            .getString("status"))
                    .isEqualTo("READY");
            await(
                    "staged bytes of the refused upload to be gone",
                    () -> TestStack.keys("tmp/").stream().allMatch(staged::contains));
            assertThat(TestStack.keys("originals/" + tenantId + "/")).isEqualTo(originals);
            assertThat(TestStack.openUploads("tmp/")).isEmpty();
        } finally {
            startBroker();
        }

        // the broker back, the same node (no restart): ready again, and the same upload goes through
        await("readiness UP", BrokerOutageIT::ready);
        var again = upload(token, clip);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(202);
        TestStack.awaitAsset(token, again.header("Location"), RECOVERY, a -> "READY".equals(a.getString("status")));
        assertThat(TestStack.count("select count(*) from clips.asset where tenant_id = '" + tenantId + "'"))
                .isEqualTo(2);
    }

    private static Response upload(String token, Path clip) {
        return RestAssured.given()
                .config(hangLimit())
                .auth()
                .oauth2(token)
                .multiPart("file", clip.toFile(), "video/mp4")
                .post(node.api() + "/assets");
    }

    private static RestAssuredConfig hangLimit() {
        return RestAssuredConfig.config()
                .httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", HANG_MILLIS)
                        .setParam("http.connection.timeout", 5_000));
    }

    /** Runs the call and says in the log how long it took (how fast a broker outage is answered). */
    private static Response timed(String what, Supplier<Response> call) {
        long started = System.nanoTime();
        var response = call.get();
        System.out.printf(
                "BrokerOutageIT: %s with the broker down answered %d in %d ms%n",
                what, response.statusCode(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return response;
    }

    private static boolean ready() {
        var health = RestAssured.given().get(node.management() + "/health/ready");
        return health.statusCode() == 200 && "UP".equals(new JsonPath(health.asString()).getString("status"));
    }

    /** `artemis create` as deploy/remote-broker-check does, without the web console or other protocols. */
    private static void createBroker() throws IOException, InterruptedException {
        WildFlyNode.delete(DIR);
        Files.createDirectories(DIR);
        var artemis = Path.of(TestStack.property("clips.artemis.home"), "bin", "artemis");
        run(List.of(
                "bash",
                artemis.toString(),
                "create",
                DIR.resolve("broker").toString(),
                "--silent",
                "--no-autotune",
                "--user",
                BROKER_USER,
                "--password",
                PASSWORD,
                "--require-login",
                "--name",
                "clips-broker",
                "--host",
                "127.0.0.1",
                "--default-port",
                String.valueOf(BROKER_PORT),
                "--no-web",
                "--no-amqp-acceptor",
                "--no-mqtt-acceptor",
                "--no-stomp-acceptor",
                "--no-hornetq-acceptor",
                "--queues",
                "clips.processing:anycast,clips.processing.dlq:anycast"));
        // the broker settings the StatefulSet mounts, taken from the manifest itself
        var manifest = Files.readAllLines(Path.of("..", "deploy", "base", "artemis.yaml"));
        var properties = new ArrayList<String>();
        boolean in = false;
        for (var line : manifest) {
            if (line.equals("  broker.properties: |")) {
                in = true;
            } else if (in && line.startsWith("    ")) {
                properties.add(line.substring(4));
            } else if (in) {
                break;
            }
        }
        assertThat(properties).contains("addressSettings.\"clips.processing\".maxDeliveryAttempts=5");
        Files.write(DIR.resolve("broker.properties"), properties);
    }

    private static void startBroker() throws IOException, InterruptedException {
        var log = DIR.resolve("artemis.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        var builder = new ProcessBuilder(
                        "bash", DIR.resolve("broker/bin/artemis").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment()
                .put("JAVA_ARGS_APPEND", "-Xms64m -Xmx512m -Dbroker.properties=" + DIR.resolve("broker.properties"));
        broker = builder.start();
        // AMQ221007: Server is now live
        await("the broker to be live", () -> {
            try {
                return Files.readString(log).substring((int) before).contains("AMQ221007");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGKILL to the broker JVM (and the script that started it): no clean shutdown, nothing said to clients. */
    private static void killBroker() throws Exception {
        if (broker == null) {
            return;
        }
        var process = broker;
        broker = null;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        DIR.resolve("artemis-create.log").toFile()))
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    String.join(" ", command) + " failed; see " + DIR.resolve("artemis-create.log"));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        var deadline = Instant.now().plus(RECOVERY);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
