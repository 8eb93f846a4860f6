package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same bytes uploaded by one tenant at the same moment, three times as a multipart form and
 * three times as a bare body, make one asset: every answer names it (202 for the one that
 * registered it, 200 for the others, as for a sequential duplicate), the database holds one live
 * row with that SHA-256, and the losers' staged copies are gone from storage.
 */
@ExtendWith(ArquillianExtension.class)
class ConcurrentDuplicateIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void concurrentUploadsOfTheSameBytesMakeOneAsset() throws Exception {
        var clip = TestStack.h264Clip("concurrent-dup.mp4", 320, 240, 24, 2);
        var sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(clip)));
        var token = TestStack.asAdminToken();
        int stagedBefore = TestStack.keys("tmp/").size();

        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(6);
        var uploads = new ArrayList<java.util.concurrent.Future<io.restassured.response.Response>>();
        for (int i = 0; i < 6; i++) {
            boolean multipart = i % 2 == 0;
            Callable<io.restassured.response.Response> upload = () -> {
                start.await();
                var request = RestAssured.given().auth().oauth2(token);
                return multipart
                        ? request.multiPart("file", clip.toFile(), "video/mp4").post(TestStack.API + "/assets")
                        : request.contentType("video/mp4")
                                .body(Files.readAllBytes(clip))
                                .post(TestStack.API + "/assets");
            };
            uploads.add(pool.submit(upload));
        }
        start.countDown();
        var statuses = new ArrayList<Integer>();
        var ids = new java.util.HashSet<String>();
        for (var upload : uploads) {
            var answer = upload.get(3, TimeUnit.MINUTES);
            statuses.add(answer.statusCode());
            ids.add(answer.jsonPath().getString("id"));
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(200, 202).containsOnlyOnce(202);
        assertThat(ids).hasSize(1);
        assertThat(TestStack.count(
                        "select count(*) from asset where content_hash = '" + sha + "' and status <> 'DELETED'"))
                .isEqualTo(1);
        // the winner's staged original may still be under tmp/ until processing takes it; no loser's is
        assertThat(TestStack.keys("tmp/").size()).isLessThanOrEqualTo(stagedBefore + 1);
    }
}
