package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Soft delete, restore, purge and the sweep of expired soft deletes, checked against the bucket
 * itself: after a purge no object of the asset is left under any prefix, and no row.
 */
@ExtendWith(ArquillianExtension.class)
class DeleteIT {

    private static final List<String> PREFIXES =
            List.of("originals/", "renditions/", "thumbnails/", "previews/", "storyboards/", "compressed/");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void softDeleteHidesAndRestoresThenPurgeLeavesNoObjectAndNoRow() throws Exception {
        var location = TestStack.upload(TestStack.h264Clip("delete-me.mp4", 320, 240, 25, 2));
        var id = ProcessingIT.awaitReady(location).getString("id");
        long row = rowId(id);
        assertThat(rowsOf(row)).isEqualTo(3);
        assertThat(objectsOf(id)).as("original, rendition, images").hasSizeGreaterThan(5);
        var user = TestStack.userToken("delete-it user");

        // another user may see the public clip but not delete or purge it
        TestStack.assertProblem(RestAssured.given().auth().oauth2(user).delete(location), 403, "/problems/forbidden");
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(user)
                        .queryParam("purge", true)
                        .delete(location),
                403,
                "/problems/forbidden");

        // a purge flag that is not true or false is refused, not read as false
        TestStack.assertProblem(
                TestStack.asAdmin().queryParam("purge", "yes").delete(location), 400, "/problems/invalid-filter");
        TestStack.asAdmin().get(location).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("READY"));

        TestStack.asAdmin().delete(location).then().statusCode(204);
        TestStack.assertProblem(RestAssured.given().auth().oauth2(user).get(location), 404, "/problems/not-found");
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(user)
                        .redirects()
                        .follow(false)
                        .get(location + "/stream"),
                404,
                "/problems/not-found");
        assertThat(TestStack.asAdmin().get(location).jsonPath().getString("status"))
                .isEqualTo("DELETED");
        TestStack.assertProblem(TestStack.asAdmin().delete(location), 404, "/problems/not-found");
        assertThat(objectsOf(id)).as("a soft delete keeps the bytes").isNotEmpty();

        var restored = TestStack.asAdmin()
                .post(location + "/restore")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(restored.getString("status")).isEqualTo("READY");
        assertThat(TestStack.asAdmin()
                        .redirects()
                        .follow(false)
                        .get(location + "/stream")
                        .statusCode())
                .isEqualTo(302);
        TestStack.assertProblem(TestStack.asAdmin().post(location + "/restore"), 404, "/problems/not-found");

        TestStack.asAdmin().queryParam("purge", true).delete(location).then().statusCode(204);
        TestStack.assertProblem(TestStack.asAdmin().get(location), 404, "/problems/not-found");
        assertThat(objectsOf(id)).isEmpty();
        assertThat(rowsOf(row)).isZero();
    }

    @Test
    void softDeletesPastTheRestoreWindowAreGoneForGoodAfterTheSweep() throws Exception {
        var location = TestStack.upload(TestStack.h264Clip("expire-me.mp4", 320, 240, 25, 2));
        var id = ProcessingIT.awaitReady(location).getString("id");
        long row = rowId(id);
        var kept = TestStack.upload(TestStack.h264Clip("keep-me.mp4", 320, 240, 25, 2));
        var keptId = ProcessingIT.awaitReady(kept).getString("id");
        TestStack.asAdmin().delete(location).then().statusCode(204);
        TestStack.asAdmin().delete(kept).then().statusCode(204);
        try (var db = TestStack.database();
                var sql = db.prepareStatement(
                        "update clips.asset set deleted_at = now() - interval '31 days' where public_id = ?::uuid")) {
            sql.setString(1, id);
            sql.executeUpdate();
        }
        TestStack.assertProblem(
                TestStack.asAdmin().post(location + "/restore"), 410, "/problems/restore-window-passed");

        var swept = TestStack.asAdmin()
                .post(TestStack.API + "/admin/storage/deleted-assets/purge")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(swept.getInt("purged")).isEqualTo(1);
        assertThat(objectsOf(id)).isEmpty();
        assertThat(rowsOf(row)).isZero();
        // the one still inside its window is untouched and can come back
        assertThat(objectsOf(keptId)).isNotEmpty();
        TestStack.asAdmin().post(kept + "/restore").then().statusCode(200);
    }

    @Test
    void aClipStillProcessingCannotBeDeleted() throws Exception {
        // long enough to still be encoding when the delete arrives
        var clip = TestStack.clip(
                "busy.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=30",
                "-t",
                "12",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "40",
                "-pix_fmt",
                "yuv420p");
        var location = TestStack.upload(clip);
        TestStack.awaitAsset(
                location, java.time.Duration.ofMinutes(1), a -> "COMPRESSING".equals(a.getString("status")));
        TestStack.assertProblem(TestStack.asAdmin().delete(location), 409, "/problems/asset-busy");
        TestStack.assertProblem(
                TestStack.asAdmin().queryParam("purge", true).delete(location), 409, "/problems/asset-busy");
        ProcessingIT.awaitReady(location);
    }

    private static List<String> objectsOf(String assetId) {
        return PREFIXES.stream()
                .flatMap(prefix -> TestStack.keys(prefix).stream())
                .filter(key -> key.contains(assetId))
                .toList();
    }

    /** Rows that belong to the asset: itself, its renditions, its processing runs (by the internal id). */
    private static long rowsOf(long assetRowId) throws Exception {
        return TestStack.count("select (select count(*) from clips.asset where id = " + assetRowId + ")"
                + " + (select count(*) from clips.rendition where asset_id = " + assetRowId + ")"
                + " + (select count(*) from clips.processing_run where asset_id = " + assetRowId + ")");
    }

    private static long rowId(String assetId) throws Exception {
        return TestStack.count("select id from clips.asset where public_id = '" + assetId + "'");
    }
}
