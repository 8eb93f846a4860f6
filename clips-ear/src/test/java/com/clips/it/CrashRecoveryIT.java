package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node goes down while a clip's renditions encode, killed with SIGKILL or shut down gracefully
 * (SIGTERM). When it comes back, the interrupted run is INTERRUPTED (JBeret: FAILED or STOPPED),
 * restarted from its checkpoint without an operator, and the asset reaches READY with the
 * renditions finished before the stop untouched, without ever showing FAILED on the way. The
 * kill leaves nothing behind: no encoder and no open multipart upload of a streamed upload it cut
 * off. An encoder that stops making progress (SIGSTOP) is killed after the stall limit and its
 * renditions retried.
 * Runs on its own WildFly node (ports +200) so the shared Arquillian node is never killed.
 */
class CrashRecoveryIT {

    private static WildFlyNode node;

    @BeforeAll
    static void startNode() throws Exception {
        // a short stall limit for the SIGSTOP test (the default is minutes); live encoders report twice a second
        node = new WildFlyNode("crash-node", 200)
                .env("CLIPS_FFMPEG_STALL_TIMEOUT", "PT30S")
                .prepare();
        node.start();
        TestStack.asAdminToken(node.api());
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    /** An asset whose run is caught mid-renditions: some rungs recorded, others still encoding. */
    private record Caught(
            String location, String assetId, long execution, List<String> done, Map<String, String> objects) {}

    @Test
    void runKilledMidRenditionsIsMarkedInterruptedAndResumesFromItsCheckpointAfterRestart() throws Exception {
        // a minute long, so the encoders the kill orphans are still running when the node is back
        var caught = catchMidRenditions("kill-me.mp4", 60);
        // and a streamed upload the kill will cut off, with its multipart upload open in storage
        var cutOff = new java.net.Socket("127.0.0.1", 8280);
        var openBefore = java.util.Set.copyOf(TestStack.openUploads("tmp/"));
        startStreamedUpload(cutOff);
        var cutOffUpload = awaitNewOpenUpload(openBefore);
        node.kill();
        cutOff.close();
        // a JVM killed with SIGKILL leaves its encoders running; none of them survives the node's return
        // (WorkDirectoryTest proves the kill itself: here they may also have finished during the boot)
        var strays = encodersOf(caught.execution());
        assertThat(strays).isNotEmpty();
        // what the kill left behind: JBeret and the run record still say the job is running
        assertThat(jberetStatus(caught.execution())).isEqualTo("STARTED");
        assertThat(runExitStatus(caught.execution())).isNull();
        var done = renditionsOf(caught.assetId());

        // until the resume: the asset still says what it was doing, never FAILED
        assertThat(assetStatus(caught.assetId())).isEqualTo("COMPRESSING");

        try (var statuses = new StatusWatch(node.api(), caught.location())) {
            node.start();
            assertThat(strays).noneMatch(ProcessHandle::isAlive);
            // the upload the kill cut off can never complete: its start-up aborted it (not the 6 h sweep)
            assertThat(TestStack.openUploads("tmp/")).doesNotContain(cutOffUpload);
            assertThat(TestStack.keys(cutOffUpload.substring(0, cutOffUpload.indexOf(' '))))
                    .isEmpty();
            assertResumedFromCheckpoint(node.api(), caught, done);
            assertThat(statuses.seen()).doesNotContain("FAILED").contains("READY");
        }
    }

    /**
     * The encoder a SIGKILL orphans is stopped (SIGSTOP) just before the kill, so it can neither
     * finish nor fail by itself: only the returning node's start-up recovery can end it. After the
     * start this exact process is gone, the recovery says it killed it, and the run resumes.
     */
    @Test
    void encoderOrphanedByAKillIsReapedWhenTheNodeIsBackAndTheRunResumes() throws Exception {
        var clip = TestStack.encodingClip("orphan-me.mp4", 20);
        var location = TestStack.upload(node.api(), clip);
        long first = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null)
                .getLong("jobId");
        TestStack.awaitJob(node.api(), first, j -> j.getList("renditions.state").contains("ENCODING"));
        ProcessHandle encoder = null;
        for (int i = 0; i < 600 && encoder == null; i++) {
            encoder = encodersOf(first).stream()
                    .filter(p -> p.info().commandLine().orElse("").contains("/hls"))
                    .findFirst()
                    .orElse(null);
            Thread.sleep(100);
        }
        assertThat(encoder).as("a running encoder").isNotNull();
        long pid = encoder.pid();
        try {
            assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(pid))
                            .inheritIO()
                            .start()
                            .waitFor())
                    .isZero();
            node.kill();
            // the kill orphaned it, stopped: it outlives its JVM and cannot end by itself
            Thread.sleep(5_000);
            assertThat(encoder.isAlive()).isTrue();

            node.start();
            // killed by the node's start-up recovery (a generous wait, not a bound)
            assertThat(encoder.onExit()
                            .get(2, java.util.concurrent.TimeUnit.MINUTES)
                            .isAlive())
                    .isFalse();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(reapedPids()).contains(pid);

            // and the run it belonged to resumes on a new execution and finishes
            var resumed = TestStack.awaitAsset(location, Duration.ofMinutes(2), a -> a.getLong("jobId") != first);
            long second = resumed.getLong("jobId");
            TestStack.awaitAsset(
                    location,
                    Duration.ofMinutes(20),
                    a -> List.of("READY", "FAILED").contains(a.getString("status")));
            var finished = TestStack.awaitJob(
                    node.api(),
                    second,
                    j -> List.of("COMPLETED", "FAILED", "STOPPED").contains(j.getString("status")));
            assertThat(finished.getString("status")).as(finished.prettify()).isEqualTo("COMPLETED");
            assertThat(finished.getInt("attempt")).isEqualTo(2);
            var ready =
                    TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> "READY".equals(a.getString("status")));
            assertThat(ready.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
        } finally {
            // never leave a stopped process behind when the assertions above fail
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The pids the node's start-up recovery says it killed (its server log, every start so far). */
    private static List<Long> reapedPids() throws java.io.IOException {
        var log = java.nio.file.Path.of("target", "node-crash-node", "log", "server.log");
        var pids = new java.util.ArrayList<Long>();
        var pattern = java.util.regex.Pattern.compile("a dead server left running: pids \\[([0-9, ]*)\\]");
        for (var line : java.nio.file.Files.readAllLines(log)) {
            var m = pattern.matcher(line);
            if (m.find()) {
                for (var pid : m.group(1).split(",")) {
                    if (!pid.isBlank()) {
                        pids.add(Long.parseLong(pid.trim()));
                    }
                }
            }
        }
        return pids;
    }

    /**
     * A node killed mid-renditions that stays down: a survivor on the same PostgreSQL, S3 server and
     * machine, which takes over after 20 s without a heartbeat, claims the run, ends the encoder
     * the dead JVM left (stopped with SIGSTOP here, so it cannot finish by itself) and resumes the
     * run from its checkpoint: the renditions the dead node finished are not encoded again.
     */
    @Test
    void runOfAKilledNodeThatStaysDownIsTakenOverByASurvivorFromItsCheckpoint() throws Exception {
        try (var survivor = new WildFlyNode("survivor-node", 600)
                .env("CLIPS_PROCESSING_TAKEOVER_AFTER", "20")
                .prepare()) {
            survivor.start();
            // every node runs the minute's upload-session sweep timer from here on (three in the suite)
            var sweepsBefore = uploadSweeps();
            var caught = catchMidRenditions("taken-over.mp4", 60);
            var surviving = new Caught(
                    caught.location().replace(node.api(), survivor.api()),
                    caught.assetId(),
                    caught.execution(),
                    caught.done(),
                    caught.objects());
            node.kill();
            var killedAt = java.time.Instant.now();
            var strays = encodersOf(caught.execution());
            assertThat(strays).isNotEmpty();
            var frozen = strays.get(0);
            assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(frozen.pid()))
                            .start()
                            .waitFor())
                    .isZero();
            var done = renditionsOf(caught.assetId());
            try (var statuses = new StatusWatch(survivor.api(), surviving.location())) {
                assertResumedFromCheckpoint(survivor.api(), surviving, done);
                assertThat(statuses.seen()).doesNotContain("FAILED").contains("READY");
            }
            var admin = io.restassured.RestAssured.given().auth().oauth2(TestStack.asAdminToken(survivor.api()));
            var old = admin.get(survivor.api() + "/jobs/" + caught.execution()).jsonPath();
            assertThat(old.getString("node")).isEqualTo("crash-node");
            assertThat(old.getString("lastError"))
                    .isEqualTo("Interrupted: node crash-node stopped answering (no heartbeat for 20 s);"
                            + " node survivor-node took the job over.");
            long second = admin.get(surviving.location()).jsonPath().getLong("jobId");
            var resumed = admin.get(survivor.api() + "/jobs/" + second).jsonPath();
            assertThat(resumed.getString("node")).isEqualTo("survivor-node");
            System.out.println("takeover: execution " + second + " started "
                    + Duration.between(killedAt, java.time.Instant.parse(resumed.getString("startedAt")))
                            .toMillis()
                    + " ms after the kill of crash-node");
            assertThat(frozen.isAlive()).isFalse();
            assertThat(strays).noneMatch(ProcessHandle::isAlive);
            assertThat(Files.readString(survivor.base().resolve("log/server.log")))
                    .contains("encoder(s) the stopped node left running for execution " + caught.execution());
            // periodic work ran once per period across the nodes, not once per node
            var sweepsAfter = uploadSweeps();
            long minutes =
                    Duration.between(sweepsBefore.slot(), sweepsAfter.slot()).toMinutes();
            System.out.println("upload-session sweeps: " + (sweepsAfter.runs() - sweepsBefore.runs()) + " in " + minutes
                    + " minute(s) across the nodes");
            assertThat(sweepsAfter.runs() - sweepsBefore.runs()).isEqualTo(minutes);
        } finally {
            node.start();
        }
    }

    @Test
    void runInterruptedByAGracefulShutdownIsResumedWhenTheNodeIsBack() throws Exception {
        // a minute long, so the encoders are still busy when the node is asked to stop
        var caught = catchMidRenditions("shut-me-down.mp4", 60);
        node.close();
        // nothing outlives the node, and the run says it was interrupted, not stopped by an operator
        assertThat(encodersOf(caught.execution())).isEmpty();
        // (the asset itself is put right when the node is back: its beans may already be gone here)
        assertThat(runExitStatus(caught.execution())).isEqualTo("INTERRUPTED");
        assertThat(assetStatus(caught.assetId())).isIn("INTERRUPTED", "COMPRESSING");
        var done = renditionsOf(caught.assetId());

        try (var statuses = new StatusWatch(node.api(), caught.location())) {
            node.start();
            assertResumedFromCheckpoint(node.api(), caught, done);
            assertThat(statuses.seen()).doesNotContain("FAILED").contains("READY");
        }
    }

    /**
     * An encoder that stops (SIGSTOP: alive, silent) sends no progress: past the stall limit it is
     * killed with its process tree, the run says why, and its renditions are retried within the
     * same execution, which completes; the asset never shows FAILED.
     */
    @Test
    void encoderWithoutProgressIsKilledAfterTheStallLimitAndItsRenditionsRetried() throws Exception {
        var clip = TestStack.encodingClip("stall-me.mp4", 30);
        var location = TestStack.upload(node.api(), clip);
        long execution = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null)
                .getLong("jobId");
        try (var statuses = new StatusWatch(node.api(), location)) {
            TestStack.awaitJob(
                    node.api(), execution, j -> j.getList("renditions.state").contains("ENCODING"));
            ProcessHandle encoder = null;
            for (int i = 0; i < 600 && encoder == null; i++) {
                encoder = encodersOf(execution).stream()
                        .filter(p -> p.info().commandLine().orElse("").contains("1080p/hls"))
                        .findFirst()
                        .orElse(null);
                Thread.sleep(100);
            }
            assertThat(encoder).as("the 1080p encoder").isNotNull();
            var stop = new ProcessBuilder("kill", "-STOP", String.valueOf(encoder.pid()))
                    .inheritIO()
                    .start();
            assertThat(stop.waitFor()).isZero();

            // killed by the node (nobody else sends it a signal), then the rendition is encoded again
            assertThat(encoder.onExit()
                            .get(10, java.util.concurrent.TimeUnit.MINUTES)
                            .isAlive())
                    .isFalse();
            var retried = TestStack.awaitJob(
                    node.api(),
                    execution,
                    j -> String.valueOf(j.getString("lastError")).contains("no progress"));
            assertThat(retried.getString("lastError"))
                    .contains("1080p")
                    .contains("made no progress for PT30S")
                    .contains("Retrying");
            // the encode again, on a loaded machine: minutes
            TestStack.awaitAsset(
                    location,
                    Duration.ofMinutes(15),
                    a -> List.of("READY", "FAILED").contains(a.getString("status")));
            var finished = TestStack.awaitJob(
                    node.api(),
                    execution,
                    j -> List.of("COMPLETED", "FAILED", "STOPPED").contains(j.getString("status")));
            assertThat(finished.getString("status")).as(finished.prettify()).isEqualTo("COMPLETED");
            assertThat(finished.getInt("attempt")).isEqualTo(1);
            var ready =
                    TestStack.awaitAsset(location, Duration.ofMinutes(5), a -> "READY".equals(a.getString("status")));
            assertThat(ready.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
            assertThat(statuses.seen()).doesNotContain("FAILED").contains("READY");
        }
    }

    /** Every status an asset shows, polled in the background from now until it is READY. */
    private static final class StatusWatch implements AutoCloseable {
        private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Thread poller;

        StatusWatch(String api, String location) {
            var token = TestStack.asAdminToken(api);
            poller = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted() && !seen.contains("READY")) {
                    try {
                        var response = io.restassured.RestAssured.given()
                                .auth()
                                .oauth2(token)
                                .get(location);
                        if (response.statusCode() == 200) {
                            seen.add(response.jsonPath().getString("status"));
                        }
                    } catch (Exception e) { // RestAssured throws ConnectException unchecked-style
                        // the node is down or booting: nothing to see
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            poller.setDaemon(true);
            poller.start();
        }

        java.util.Set<String> seen() throws InterruptedException {
            poller.join(Duration.ofMinutes(2).toMillis());
            return java.util.Set.copyOf(seen);
        }

        @Override
        public void close() {
            poller.interrupt();
        }
    }

    /** Starts streaming a 64 MiB upload to the node, sends 12 MiB (more than a part) and leaves it hanging. */
    private static void startStreamedUpload(java.net.Socket socket) throws Exception {
        var boundary = "----clips-killed-upload";
        var token = TestStack.asAdminToken(node.api());
        var out = socket.getOutputStream();
        out.write(("POST /api/v1/assets HTTP/1.1\r\nHost: 127.0.0.1:8280\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                        + "\r\nContent-Length: " + (64L << 20) + "\r\n\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\""
                        + "\r\nContent-Type: video/mp4\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'});
        var chunk = new byte[64 * 1024];
        for (int i = 0; i < 12 * 16; i++) {
            out.write(chunk);
        }
        out.flush();
    }

    /** The multipart upload ("key uploadId") that appeared in storage after {@code before}. */
    private static String awaitNewOpenUpload(java.util.Set<String> before) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            var fresh = TestStack.openUploads("tmp/").stream()
                    .filter(u -> !before.contains(u))
                    .findFirst();
            if (fresh.isPresent()) {
                return fresh.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the streamed upload opened no multipart upload within 2 minutes");
    }

    private static String assetStatus(String assetId) throws SQLException {
        try (var db = TestStack.database();
                var sql = db.prepareStatement("select status from clips.asset where public_id = ?::uuid")) {
            sql.setString(1, assetId);
            try (var rs = sql.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static Caught catchMidRenditions(String name, int seconds) throws Exception {
        var clip = TestStack.encodingClip(name, seconds);
        var location = TestStack.upload(node.api(), clip);
        var asset = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null);
        long execution = asset.getLong("jobId");
        var id = asset.getString("id");
        var running = TestStack.awaitJob(
                node.api(),
                execution,
                j -> j.getList("renditions.state").contains("DONE")
                        && j.getList("renditions.state").stream().anyMatch(s -> !"DONE".equals(s)));
        assertThat(running.getString("node")).isEqualTo(node.node());
        // renditions recorded so far (the checkpoint is what counts; re-read after the node is down)
        var done = renditionsOf(id);
        return new Caught(
                location, id, execution, done, TestStack.objects("renditions/default/" + id + "/" + done.get(0) + "/"));
    }

    /** {@code done}: the renditions recorded when the node went down; {@code api}: a live node's. */
    private static void assertResumedFromCheckpoint(String api, Caught caught, List<String> done) throws Exception {
        long first = caught.execution();
        var interrupted = TestStack.awaitJob(
                api, first, j -> List.of("INTERRUPTED", "RESUMING").contains(j.getString("status")));
        assertThat(interrupted.getString("exitStatus")).isEqualTo("INTERRUPTED");
        assertThat(interrupted.getString("lastError")).contains("Interrupted");
        assertThat(jberetStatus(first)).isIn("FAILED", "STOPPED");
        assertThat(done).containsAll(caught.done()).hasSizeLessThan(3);

        // the node restarts it by itself; the new execution resumes from the checkpoint
        var resumed = TestStack.awaitAsset(caught.location(), Duration.ofMinutes(1), a -> a.getLong("jobId") != first);
        long second = resumed.getLong("jobId");
        // the rest of the ladder, on a loaded machine (0.2x realtime seen): minutes, not a bound
        TestStack.awaitAsset(
                caught.location(),
                Duration.ofMinutes(20),
                a -> List.of("READY", "FAILED").contains(a.getString("status")));
        var finished = TestStack.awaitJob(
                api, second, j -> List.of("COMPLETED", "FAILED", "STOPPED").contains(j.getString("status")));
        assertThat(finished.getString("status")).as(finished.prettify()).isEqualTo("COMPLETED");
        assertThat(finished.getInt("attempt")).isEqualTo(2);
        var ready = TestStack.awaitAsset(
                caught.location(), Duration.ofMinutes(1), a -> "READY".equals(a.getString("status")));
        assertThat(ready.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
        var id = caught.assetId();
        assertThat(TestStack.objects(
                        "renditions/default/" + id + "/" + caught.done().get(0) + "/"))
                .isEqualTo(caught.objects());
        TestStack.assertEncodedBy(finished, done, first, second);
        assertThat(TestStack.text("renditions/default/" + id + "/master.m3u8")).contains("480p/", "720p/", "1080p/");
    }

    /** The cluster's record of the minute's upload-session sweep: which minute ran last, and how many ran. */
    private record Sweeps(java.time.Instant slot, long runs) {}

    private static Sweeps uploadSweeps() throws SQLException {
        try (var db = TestStack.database();
                var sql =
                        db.prepareStatement("select slot, runs from clips.cluster_task where name = 'upload-expiry'");
                var rs = sql.executeQuery()) {
            assertThat(rs.next()).as("the upload-session sweep has run").isTrue();
            return new Sweeps(rs.getTimestamp(1).toInstant(), rs.getLong(2));
        }
    }

    private static String runExitStatus(long execution) throws SQLException {
        return text("select exit_status from clips.processing_run where execution_id = ?", execution);
    }

    private static List<ProcessHandle> encodersOf(long execution) throws SQLException {
        var workDir = TestStack.env("CLIPS_WORK_DIR") + "/job-"
                + TestStack.count("select instance_id from clips.processing_run where execution_id = " + execution)
                + "/";
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(line -> line.contains(workDir))
                        .orElse(false))
                .toList();
    }

    private static String jberetStatus(long execution) throws SQLException {
        return text("select batchstatus from public.job_execution where jobexecutionid = ?", execution);
    }

    private static String text(String query, long execution) throws SQLException {
        try (var db = TestStack.database();
                var sql = db.prepareStatement(query)) {
            sql.setLong(1, execution);
            try (var rs = sql.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> renditionsOf(String assetId) throws SQLException {
        try (var db = TestStack.database();
                var sql = db.prepareStatement("select r.label from clips.rendition r"
                        + " join clips.asset a on a.id = r.asset_id where a.public_id = ?::uuid order by r.height")) {
            sql.setString(1, assetId);
            try (var rs = sql.executeQuery()) {
                var names = new java.util.ArrayList<String>();
                while (rs.next()) {
                    names.add(rs.getInt(1) + "p");
                }
                return names;
            }
        }
    }
}
