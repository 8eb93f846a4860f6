package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The upload transaction boundary: the row and the JMS message commit together. A real database
 * failure (a trigger that rejects the insert) after the bytes are in S3 must leave no row and no
 * message, and the upload route removes the staged bytes it can no longer use. A staged object
 * that still stays behind (a node died between staging and registering) is an orphan the janitor
 * removes.
 */
@ExtendWith(ArquillianExtension.class)
class IngestTransactionIT {

    private static final String DOOMED_TITLE = "the database refuses this one";

    @ArquillianResource
    ManagementClient management;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeEach
    void databaseRefusesOneTitle() throws Exception {
        try (var db = TestStack.database();
                var sql = db.createStatement()) {
            sql.execute("""
                    create or replace function clips.refuse_doomed_asset() returns trigger language plpgsql as $$
                    begin
                      if new.title = '%s' then raise exception 'simulated database failure'; end if;
                      return new;
                    end $$""".formatted(DOOMED_TITLE));
            sql.execute("create trigger refuse_doomed_asset before insert on clips.asset "
                    + "for each row execute function clips.refuse_doomed_asset()");
        }
    }

    @AfterEach
    void databaseBackToNormal() throws Exception {
        try (var db = TestStack.database();
                var sql = db.createStatement()) {
            sql.execute("drop trigger if exists refuse_doomed_asset on clips.asset");
            sql.execute("drop function if exists clips.refuse_doomed_asset()");
        }
    }

    @Test
    void databaseFailureAfterUploadLeavesNoRowNoMessageAndNoStagedBytes() throws Exception {
        var clip = TestStack.h264Clip("doomed.mp4", 320, 240, 25, 1);
        long rowsBefore = TestStack.count("select count(*) from clips.asset");
        long messagesBefore = messagesAdded();
        var stagedBefore = new HashSet<>(TestStack.keys("tmp/"));

        var response = TestStack.asAdmin()
                .multiPart("file", clip.toFile())
                .multiPart("title", DOOMED_TITLE)
                .post(TestStack.API + "/assets");

        TestStack.assertProblem(response, 500, "/problems/internal-error");
        assertThat(response.asString()).doesNotContain("simulated");
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore);
        assertThat(messagesAdded()).isEqualTo(messagesBefore);
        var left = new HashSet<>(TestStack.keys("tmp/"));
        left.removeAll(stagedBefore);
        assertThat(left).isEmpty();
    }

    @Test
    void theJanitorRemovesAStagedObjectNoAssetRefersTo() throws Exception {
        var orphan = "tmp/" + UUID.randomUUID() + "/source";
        try (var s3 = TestStack.s3()) {
            s3.putObject(
                    b -> b.bucket(TestStack.env("CLIPS_S3_BUCKET")).key(orphan),
                    RequestBody.fromString("left behind by a node that died before registering"));
        }
        assertThat(TestStack.keys("tmp/")).contains(orphan);

        var swept = TestStack.asAdmin()
                .queryParam("olderThan", "PT0S")
                .post(TestStack.API + "/admin/storage/orphans/sweep")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(swept.getInt("removed")).isGreaterThanOrEqualTo(1);
        assertThat(TestStack.keys("tmp/")).doesNotContain(orphan);
    }

    @Test
    void janitorKeepsStagingObjectsThatAnAssetStillRefersTo() throws Exception {
        // an asset whose original is still in staging (probe has not promoted it) must keep its bytes
        try (var db = TestStack.database();
                var sql = db.createStatement()) {
            sql.execute("insert into clips.asset (id, public_id, tenant_id, owner_id, original_file_name, "
                    + "file_size_bytes, content_hash, content_type, original_key, is_public, status, uploaded_at) "
                    + "values (nextval('clips.asset_seq'), gen_random_uuid(), 'janitor-test', 'it', 'kept.mp4', 3, "
                    + "repeat('0', 64), 'video/mp4', 'tmp/janitor-kept/source', true, 'FAILED', now())");
        }
        try (var s3 = TestStack.s3()) {
            s3.putObject(
                    b -> b.bucket(TestStack.env("CLIPS_S3_BUCKET")).key("tmp/janitor-kept/source"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("abc"));
        }

        TestStack.asAdmin()
                .queryParam("olderThan", "PT0S")
                .post(TestStack.API + "/admin/storage/orphans/sweep")
                .then()
                .statusCode(200);

        assertThat(TestStack.keys("tmp/janitor-kept/")).containsExactly("tmp/janitor-kept/source");
    }

    private long messagesAdded() throws Exception {
        var op = new ModelNode();
        op.get("operation").set("read-attribute");
        op.get("name").set("messages-added");
        var address = op.get("address");
        address.add("subsystem", "messaging-activemq");
        address.add("server", "default");
        address.add("jms-queue", "clips.processing");
        var result = management.getControllerClient().execute(op);
        assertThat(result.get("outcome").asString()).isEqualTo("success");
        return result.get("result").asLong();
    }
}
