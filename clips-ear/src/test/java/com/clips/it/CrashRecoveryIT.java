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
 * A node is killed with SIGKILL while a clip's renditions encode. When it comes back, the run it
 * left in STARTED is marked FAILED / INTERRUPTED, restarted from its checkpoint without an
 * operator, and the asset reaches READY with the renditions finished before the kill untouched.
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

    @Test
    void runKilledMidRenditionsIsMarkedInterruptedAndResumesFromItsCheckpointAfterRestart() throws Exception {
        var clip = TestStack.clip("kill-me.mp4", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", "20", "-c:v", "libx264", "-preset", "ultrafast",
                "-crf", "40", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        var location = TestStack.upload(node.api(), clip);
        var asset = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.get("jobId") != null);
        long first = asset.getLong("jobId");
        var id = asset.getString("id");

        var running = TestStack.awaitJob(node.api(), first, j -> j.getList("renditions.state").contains("DONE")
                && j.getList("renditions.state").stream().anyMatch(s -> !"DONE".equals(s)));
        assertThat(running.getString("node")).isEqualTo(node.node());
        node.kill();
        // a JVM killed with SIGKILL leaves its encoders running; the node kills them when it comes back
        var strays = encodersOf(first);
        assertThat(strays).isNotEmpty();

        // what the kill left behind: JBeret and the run record still say the job is running
        assertThat(jberetStatus(first)).isEqualTo("STARTED");
        assertThat(TestStack.count("select count(*) from clips.processing_run where execution_id = " + first
                + " and batch_status = 'STARTED'")).isEqualTo(1);
        // renditions recorded before the kill; the checkpoint is what counts, the API view may lag it
        var done = renditionsOf(id);
        assertThat(done).isNotEmpty().hasSizeLessThan(3);
        var before = TestStack.objects("renditions/default/" + id + "/" + done.get(0) + "/");
        assertThat(before).isNotEmpty();

        node.start();
        assertThat(strays).noneMatch(ProcessHandle::isAlive);

        var interrupted = TestStack.awaitJob(node.api(), first, j -> "FAILED".equals(j.getString("status")));
        assertThat(interrupted.getString("exitStatus")).isEqualTo("INTERRUPTED");
        assertThat(interrupted.getString("lastError")).contains("Interrupted");
        assertThat(jberetStatus(first)).isEqualTo("FAILED");

        // the node restarts it by itself; the new execution resumes from the checkpoint
        var resumed = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> a.getLong("jobId") != first);
        long second = resumed.getLong("jobId");
        var finished = TestStack.awaitJob(node.api(), second,
                j -> List.of("COMPLETED", "FAILED", "STOPPED").contains(j.getString("status")));
        assertThat(finished.getString("status")).as(finished.prettify()).isEqualTo("COMPLETED");
        assertThat(finished.getInt("attempt")).isEqualTo(2);
        var ready = TestStack.awaitAsset(location, Duration.ofMinutes(1), a -> "READY".equals(a.getString("status")));
        assertThat(ready.getList("outputs.renditions.name")).containsExactly("480p", "720p", "1080p");
        assertThat(TestStack.objects("renditions/default/" + id + "/" + done.get(0) + "/")).isEqualTo(before);
        for (var rendition : finished.getList("renditions", Map.class)) {
            long encodedBy = ((Number) rendition.get("encodedByExecution")).longValue();
            assertThat(encodedBy).as(rendition.toString()).isEqualTo(done.contains(rendition.get("name")) ? first : second);
        }
        assertThat(TestStack.text("renditions/default/" + id + "/master.m3u8")).contains("480p/", "720p/", "1080p/");
    }

    private static List<ProcessHandle> encodersOf(long execution) throws SQLException {
        var workDir = TestStack.env("CLIPS_WORK_DIR") + "/job-" + TestStack.count(
                "select instance_id from clips.processing_run where execution_id = " + execution) + "/";
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(workDir)).orElse(false)).toList();
    }

    private static String jberetStatus(long execution) throws SQLException {
        try (var db = TestStack.database(); var sql = db.prepareStatement(
                "select batchstatus from public.job_execution where jobexecutionid = ?")) {
            sql.setLong(1, execution);
            try (var rs = sql.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> renditionsOf(String assetId) throws SQLException {
        try (var db = TestStack.database(); var sql = db.prepareStatement("select r.label from clips.rendition r"
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
