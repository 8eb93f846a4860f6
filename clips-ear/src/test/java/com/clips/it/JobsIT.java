package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a batch operator does through the API: find a run, see how far it got, stop it, restart it, reprocess. */
@ExtendWith(ArquillianExtension.class)
class JobsIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    /**
     * On this node a ladder has two encoders (the default ladder-encoders=2): the lowest rung's
     * own, which may finish before the stop and is then kept, and one for the higher rungs, which
     * the stop always cuts short (they take far longer); the restart encodes what is missing once.
     */
    @Test
    void runStoppedMidLadderIsRestartedByAnOperatorAndFinishes() throws Exception {
        // long enough to be caught encoding; small on disk
        var clip = TestStack.encodingClip("stop-me.mp4", 20);
        var location = TestStack.upload(clip);
        var asset = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null);
        long first = asset.getLong("jobId");
        var id = asset.getString("id");

        var running = awaitJob(first, j -> j.getList("renditions.state").contains("ENCODING"));
        assertThat(running.getList("renditions.state")).doesNotContain("PENDING");
        assertThat(running.getInt("percentDone")).isBetween(15, 99);
        // no rung is finished until the encode ends, yet percent done moves with ffmpeg's progress
        var moving = awaitJob(
                first,
                j -> j.getInt("percentDone") > 15
                        || !j.getList("renditions.state").contains("ENCODING"));
        assertThat(moving.getList("renditions.state")).contains("ENCODING");
        assertThat(moving.getInt("percentDone")).isBetween(16, 95);
        TestStack.asAdmin()
                .post(TestStack.API + "/jobs/" + first + "/stop")
                .then()
                .statusCode(202);

        var stopped = awaitJob(first, j -> List.of("STOPPED", "FAILED").contains(j.getString("status")));
        assertThat(stopped.getString("assetStatus")).isEqualTo("FAILED");
        // only the lowest rung's own encoder can have finished; what it recorded is all that is stored
        var done = stopped.getList("renditions.findAll { it.state == 'DONE' }.name", String.class);
        assertThat(done).isSubsetOf("480p");
        assertThat(stopped.getList("renditions.findAll { it.state != 'DONE' }.state"))
                .containsOnly("PENDING")
                .hasSize(3 - done.size());
        var failed = TestStack.asAdmin().get(location).jsonPath();
        assertThat(failed.getString("processingError")).contains("Stopped by an operator");
        // and the clip's audio track, made (and recorded) before the ladder started
        var tracks =
                TestStack.asAdmin().get(location + "/audio-tracks").jsonPath().getList("items.rendition", String.class);
        assertThat(tracks).containsExactly("a0");
        var kept = new java.util.ArrayList<>(done);
        kept.addAll(tracks);
        assertThat(TestStack.objects("renditions/default/" + id + "/").keySet())
                .isNotEmpty()
                .allMatch(key ->
                        kept.stream().anyMatch(name -> key.startsWith("renditions/default/" + id + "/" + name + "/")));

        var restart = TestStack.asAdmin().post(TestStack.API + "/jobs/" + first + "/restart");
        assertThat(restart.statusCode()).isEqualTo(202);
        long second = restart.jsonPath().getLong("id");
        assertThat(second).isNotEqualTo(first);
        assertThat(restart.header("Location")).endsWith("/jobs/" + second);
        assertThat(TestStack.asAdmin()
                        .queryParam("action", "job.")
                        .get(TestStack.API + "/admin/audit")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.detail"))
                .contains("continues as execution " + second);

        var finished =
                awaitJob(second, j -> List.of("COMPLETED", "FAILED", "STOPPED").contains(j.getString("status")));
        assertThat(finished.getString("status")).as(finished.prettify()).isEqualTo("COMPLETED");
        var ready = ProcessingIT.awaitReady(location);
        assertThat(ready.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
        assertThat(finished.getInt("percentDone")).isEqualTo(100);
        assertThat(finished.getInt("attempt")).isEqualTo(2);
        TestStack.assertEncodedBy(finished, done, first, second);

        var runs = TestStack.asAdmin()
                .queryParam("assetId", id)
                .get(TestStack.API + "/jobs")
                .jsonPath();
        assertThat(runs.getList("items.id", Long.class)).containsExactly(second, first);
        assertThat(runs.getLong("total")).isEqualTo(2);
        assertThat(TestStack.asAdmin()
                        .queryParam("assetId", id)
                        .queryParam("status", "COMPLETED")
                        .get(TestStack.API + "/jobs")
                        .jsonPath()
                        .getList("items.id", Long.class))
                .containsExactly(second);

        // a completed run cannot be restarted; the asset can be reprocessed
        TestStack.assertProblem(
                TestStack.asAdmin().post(TestStack.API + "/jobs/" + second + "/restart"),
                409,
                "/problems/job-complete");
        TestStack.asAdmin().post(location + "/reprocess").then().statusCode(202);
        var again = TestStack.awaitAsset(
                location,
                Duration.ofMinutes(3),
                a -> "READY".equals(a.getString("status")) && a.getLong("jobId") != second);
        assertThat(again.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
    }

    /**
     * Sampled through the whole run of a 30 s 1080p clip, percent done only ever goes up, takes
     * many values while the ladder encodes (from ffmpeg's progress reports, not only when a rung
     * is written), and is 100 only once the asset is Ready; the encode's speed and ETA are shown
     * while it runs.
     */
    @Test
    void percentDoneMovesThroughTheEncodeWithSpeedAndEta() throws Exception {
        var clip = TestStack.encodingClip("progress.mp4", 30);
        var location = TestStack.upload(clip);
        long job = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null)
                .getLong("jobId");
        var samples = new ArrayList<Integer>();
        var whileEncoding = new java.util.TreeSet<Integer>();
        var speeds = new ArrayList<Double>();
        var etas = new ArrayList<Long>();
        var deadline = java.time.Instant.now().plus(Duration.ofMinutes(10));
        JsonPath last;
        do {
            last = TestStack.asAdmin()
                    .get(TestStack.API + "/jobs/" + job)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            int percent = last.getInt("percentDone");
            samples.add(percent);
            if (percent == 100) {
                assertThat(last.getString("assetStatus")).as(last.prettify()).isEqualTo("READY");
            }
            if (last.getList("renditions.state").contains("ENCODING")) {
                whileEncoding.add(percent);
                if (last.get("encodeSpeed") != null) {
                    speeds.add(last.getDouble("encodeSpeed"));
                    etas.add(last.getLong("etaSeconds"));
                }
            }
            Thread.sleep(250);
        } while (!List.of("COMPLETED", "FAILED", "STOPPED").contains(last.getString("status"))
                && java.time.Instant.now().isBefore(deadline));
        assertThat(last.getString("status")).as(last.prettify()).isEqualTo("COMPLETED");
        assertThat(last.getInt("percentDone")).isEqualTo(100);
        assertThat(samples).as("percent done only goes up").isSorted();
        assertThat(whileEncoding.subSet(16, 95))
                .as("values while the ladder encodes: " + whileEncoding)
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(speeds).isNotEmpty().allMatch(speed -> speed > 0);
        assertThat(etas).isNotEmpty().allMatch(eta -> eta >= 0);
        ProcessingIT.awaitReady(location);
    }

    /**
     * Ten operators restart one failed run at the same instant, twenty times over: each time
     * exactly one restart starts an execution, and the nine others are 409s naming it. The clip
     * cannot be decoded, so every new execution fails again in its probe and the next round has
     * a failed run to race over.
     */
    @Test
    void concurrentRestartsOfAFailedRunStartExactlyOneExecution() throws Exception {
        var bytes = new byte[64 * 1024];
        new java.util.Random(27).nextBytes(bytes);
        System.arraycopy(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, bytes, 0, 12);
        var file = java.nio.file.Files.write(
                java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "clips"))
                        .resolve("restart-race.mp4"),
                bytes);
        var location = TestStack.upload(file);
        var id = TestStack.awaitAsset(location, Duration.ofMinutes(2), a -> "FAILED".equals(a.getString("status")))
                .getString("id");
        long latest = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null)
                .getLong("jobId");
        var token = TestStack.asAdminToken();
        int rounds = 20;
        int racers = 10;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        try {
            for (int round = 1; round <= rounds; round++) {
                long failed = latest;
                awaitJob(
                        failed,
                        j -> "FAILED".equals(j.getString("status")) && "FAILED".equals(j.getString("assetStatus")));
                var gate = new java.util.concurrent.CountDownLatch(1);
                var answers = new ArrayList<java.util.concurrent.Future<io.restassured.response.Response>>();
                for (int i = 0; i < racers; i++) {
                    answers.add(pool.submit(() -> {
                        gate.await();
                        return RestAssured.given()
                                .auth()
                                .oauth2(token)
                                .post(TestStack.API + "/jobs/" + failed + "/restart");
                    }));
                }
                gate.countDown();
                var won = new ArrayList<Long>();
                var lost = new ArrayList<io.restassured.response.Response>();
                for (var answer : answers) {
                    var response = answer.get(3, java.util.concurrent.TimeUnit.MINUTES);
                    if (response.statusCode() == 202) {
                        won.add(response.jsonPath().getLong("id"));
                    } else {
                        lost.add(response);
                    }
                }
                assertThat(won).as("round " + round).hasSize(1);
                long winner = won.get(0);
                assertThat(lost).hasSize(racers - 1);
                for (var response : lost) {
                    assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                    assertThat(response.jsonPath().getString("type"))
                            .isIn("/problems/job-restarted", "/problems/job-not-latest");
                    assertThat(response.jsonPath().getString("detail")).contains("execution " + winner + ".");
                }
                // one new execution, in the runs API and in JBeret's own repository
                assertThat(TestStack.asAdmin()
                                .queryParam("assetId", id)
                                .queryParam("pageSize", 100)
                                .get(TestStack.API + "/jobs")
                                .jsonPath()
                                .getLong("total"))
                        .as("round " + round)
                        .isEqualTo(round + 1L);
                assertThat(TestStack.count("select count(*) from public.job_execution where jobinstanceid ="
                                + " (select jobinstanceid from public.job_execution where jobexecutionid = " + failed
                                + ")"))
                        .as("round " + round)
                        .isEqualTo(round + 1L);
                latest = winner;
            }
        } finally {
            pool.shutdownNow();
        }
        var last = latest;
        awaitJob(last, j -> "FAILED".equals(j.getString("status")));
        assertThat(TestStack.asAdmin().get(location).jsonPath().getString("status"))
                .isEqualTo("FAILED");
    }

    @Test
    void operatorEndpointsAnswerBadInputWithProblemsAndHideOtherTenants() throws Exception {
        TestStack.assertProblem(
                TestStack.asAdmin().queryParam("status", "EXPLODED").get(TestStack.API + "/jobs"),
                400,
                "/problems/invalid-filter");
        TestStack.assertProblem(
                TestStack.asAdmin().queryParam("from", "yesterday").get(TestStack.API + "/jobs"),
                400,
                "/problems/invalid-filter");
        TestStack.assertProblem(
                TestStack.asAdmin().queryParam("pageSize", 0).get(TestStack.API + "/jobs"),
                400,
                "/problems/invalid-filter");
        TestStack.assertProblem(TestStack.asAdmin().get(TestStack.API + "/jobs/987654321"), 404, "/problems/not-found");
        TestStack.assertProblem(
                TestStack.asAdmin().get(TestStack.API + "/jobs/not-a-number"), 404, "/problems/not-found");
        TestStack.assertProblem(
                TestStack.asAdmin().post(TestStack.API + "/jobs/987654321/restart"), 404, "/problems/not-found");
        TestStack.assertProblem(
                TestStack.asAdmin().post(TestStack.API + "/admin/dead-letters/ID:nope/replay"),
                404,
                "/problems/not-found");
        assertThat(TestStack.asAdmin()
                        .get(TestStack.API + "/admin/dead-letters")
                        .jsonPath()
                        .getList("$"))
                .isEmpty();

        // a run of tenant "default" does not exist for another tenant, and plain users may not operate
        var location = TestStack.upload(TestStack.h264Clip("other-tenant.mp4", 320, 240, 25, 1));
        long job = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null)
                .getLong("jobId");
        var otherTenant = TestStack.otherTenantAdminToken();
        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(otherTenant).get(TestStack.API + "/jobs/" + job),
                404,
                "/problems/not-found");
        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(otherTenant).post(TestStack.API + "/jobs/" + job + "/stop"),
                404,
                "/problems/not-found");
        assertThat(RestAssured.given()
                        .auth()
                        .oauth2(otherTenant)
                        .get(TestStack.API + "/jobs")
                        .jsonPath()
                        .getList("items.id", Long.class))
                .doesNotContain(job);

        var userToken = TestStack.userToken("jobs-it user");
        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(userToken).get(TestStack.API + "/jobs"), 403, "/problems/forbidden");
        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(userToken).post(location + "/reprocess"), 403, "/problems/forbidden");
        ProcessingIT.awaitReady(location);
    }

    private static JsonPath awaitJob(long id, Predicate<JsonPath> condition) throws InterruptedException {
        return TestStack.awaitJob(TestStack.API, id, condition);
    }
}
