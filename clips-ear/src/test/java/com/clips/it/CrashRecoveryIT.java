package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node goes down while a clip's renditions encode, killed with SIGKILL or shut down gracefully
 * (SIGTERM). When it comes back, the interrupted run is FAILED / INTERRUPTED, restarted from its
 * checkpoint without an operator, and the asset reaches READY with the renditions finished
 * before the stop untouched.
 * Runs on its own WildFly node (ports +200) so the shared Arquillian node is never killed.
 */
class CrashRecoveryIT {

    private static WildFlyNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = new WildFlyNode("crash-node", 200).prepare();
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
        node.kill();
        // a JVM killed with SIGKILL leaves its encoders running; none of them survives the node's return
        // (WorkDirectoryTest proves the kill itself: here they may also have finished during the boot)
        var strays = encodersOf(caught.execution());
        assertThat(strays).isNotEmpty();
        // what the kill left behind: JBeret and the run record still say the job is running
        assertThat(jberetStatus(caught.execution())).isEqualTo("STARTED");
        assertThat(runExitStatus(caught.execution())).isNull();
        var done = renditionsOf(caught.assetId());

        node.start();
        assertThat(strays).noneMatch(ProcessHandle::isAlive);
        assertResumedFromCheckpoint(caught, done);
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
        var done = renditionsOf(caught.assetId());

        node.start();
        assertResumedFromCheckpoint(caught, done);
    }

    private static Caught catchMidRenditions(String name, int seconds) throws Exception {
        var clip = TestStack.clip(
                name,
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=30",
                // a tone per test: the same bytes twice would be deduplicated into the first asset
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=48000:frequency=" + (300 + Math.floorMod(name.hashCode(), 500)),
                "-t",
                String.valueOf(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "40",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest");
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

    /** {@code done}: the renditions recorded when the node went down. */
    private static void assertResumedFromCheckpoint(Caught caught, List<String> done) throws Exception {
        long first = caught.execution();
        var interrupted = TestStack.awaitJob(node.api(), first, j -> "FAILED".equals(j.getString("status")));
        assertThat(interrupted.getString("exitStatus")).isEqualTo("INTERRUPTED");
        assertThat(interrupted.getString("lastError")).contains("Interrupted");
        assertThat(jberetStatus(first)).isIn("FAILED", "STOPPED");
        assertThat(done).containsAll(caught.done()).hasSizeLessThan(3);

        // the node restarts it by itself; the new execution resumes from the checkpoint
        var resumed = TestStack.awaitAsset(caught.location(), Duration.ofMinutes(1), a -> a.getLong("jobId") != first);
        long second = resumed.getLong("jobId");
        var finished = TestStack.awaitJob(
                node.api(),
                second,
                j -> List.of("COMPLETED", "FAILED", "STOPPED").contains(j.getString("status")));
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
