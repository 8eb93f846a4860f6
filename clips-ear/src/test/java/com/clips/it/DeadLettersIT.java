package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.it.poison.PoisonSender;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Processing requests that cannot succeed end up on clips.processing.dlq, where an operator sees
 * why, and replays or discards them through the API. Unreadable messages come from a test-only
 * producer deployed next to the EAR; the failing-again-and-again case is a job repository that
 * refuses one asset's job (a trigger on JBeret's table), so the broker's retry-with-backoff and
 * dead-letter address (wildfly-config/clips.cli) do the parking.
 */
@ExtendWith(ArquillianExtension.class)
class DeadLettersIT {

    private static final String DOOMED_TITLE = "the job repository refuses this one";
    private static final String POISON = TestStack.ROOT + "/dlq-poison/send";

    @Deployment(name = "clips", order = 1, testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Deployment(name = "poison", order = 2, testable = false)
    static WebArchive poisonSender() {
        return ShrinkWrap.create(WebArchive.class, "dlq-poison.war").addClass(PoisonSender.class);
    }

    @AfterEach
    void jobRepositoryBackToNormal() throws Exception {
        try (var db = TestStack.database();
                var sql = db.createStatement()) {
            sql.execute("drop trigger if exists refuse_doomed_job on public.job_execution");
            sql.execute("drop function if exists clips.refuse_doomed_job()");
        }
    }

    @Test
    void unreadableRequestsAreParkedAtOnceWithTheReasonAndCanBeDiscarded() throws Exception {
        long assets = TestStack.count("select count(*) from clips.asset");
        RestAssured.given()
                .queryParam("tenant", "default")
                .body("not-an-asset-id")
                .post(POISON)
                .then()
                .statusCode(204);
        RestAssured.given()
                .queryParam("tenant", "default")
                .queryParam("bytes", true)
                .body("\u0000\u0001binary")
                .post(POISON)
                .then()
                .statusCode(204);

        var parked = awaitLetters(letters -> letters.size() >= 2);
        assertThat(parked)
                .extracting(l -> (String) l.get("reason"))
                .containsExactlyInAnyOrder(
                        "unreadable processing request: IllegalArgumentException",
                        "unreadable processing request: ClassCastException");
        assertThat(parked).allSatisfy(letter -> {
            assertThat(letter.get("originalQueue")).isEqualTo("jms.queue.clips.processing");
            assertThat(letter.get("parkedAt")).isNotNull();
        });
        var text = parked.stream()
                .filter(l -> "not-an-asset-id".equals(l.get("body")))
                .findFirst()
                .orElseThrow();
        var binary = parked.stream().filter(l -> l != text).findFirst().orElseThrow();
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(assets);

        // another tenant's operator does not see them and cannot touch them
        var otherTenant = TestStack.otherTenantAdminToken();
        assertThat(RestAssured.given()
                        .auth()
                        .oauth2(otherTenant)
                        .get(TestStack.API + "/admin/dead-letters")
                        .jsonPath()
                        .getList("messageId"))
                .doesNotContain(text.get("messageId"), binary.get("messageId"));
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(otherTenant)
                        .delete(TestStack.API + "/admin/dead-letters/" + text.get("messageId")),
                404,
                "/problems/not-found");

        // replaying an unreadable request sends it through processing again, which parks it again
        TestStack.asAdmin()
                .post(TestStack.API + "/admin/dead-letters/" + text.get("messageId") + "/replay")
                .then()
                .statusCode(202);
        var again = awaitLetters(letters -> letters.stream()
                .anyMatch(l -> "not-an-asset-id".equals(l.get("body"))
                        && !text.get("messageId").equals(l.get("messageId"))));
        var reparked = again.stream()
                .filter(l -> "not-an-asset-id".equals(l.get("body")))
                .findFirst()
                .orElseThrow();

        for (var letter : List.of(reparked, binary)) {
            TestStack.asAdmin()
                    .delete(TestStack.API + "/admin/dead-letters/" + letter.get("messageId"))
                    .then()
                    .statusCode(204);
            TestStack.assertProblem(
                    TestStack.asAdmin().delete(TestStack.API + "/admin/dead-letters/" + letter.get("messageId")),
                    404,
                    "/problems/not-found");
        }
        assertThat(letters()).isEmpty();

        // each operator action is in the audit log: one replay, two discards
        var audit = TestStack.asAdmin()
                .queryParam("action", "dead-letter.")
                .queryParam("pageSize", 100)
                .get(TestStack.API + "/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(audit.getList("items.target"))
                .contains(text.get("messageId"), reparked.get("messageId"), binary.get("messageId"));
    }

    @Test
    void requestThatKeepsFailingIsParkedAfterItsRetriesAndReplayedOnceTheCauseIsFixed() throws Exception {
        try (var db = TestStack.database();
                var sql = db.createStatement()) {
            sql.execute("""
                    create or replace function clips.refuse_doomed_job() returns trigger language plpgsql as $$
                    begin
                      if exists (select 1 from clips.asset a where a.title = '%s'
                                 and new.jobparameters like '%%' || a.public_id::text || '%%') then
                        raise exception 'simulated job repository failure';
                      end if;
                      return new;
                    end $$""".formatted(DOOMED_TITLE));
            sql.execute("create trigger refuse_doomed_job before insert on public.job_execution "
                    + "for each row execute function clips.refuse_doomed_job()");
        }
        var clip = TestStack.h264Clip("dead-letter.mp4", 320, 240, 25, 1);
        var location = TestStack.asAdmin()
                .multiPart("file", clip.toFile())
                .multiPart("title", DOOMED_TITLE)
                .post(TestStack.API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        var id = TestStack.asAdmin().get(location).jsonPath().getString("id");
        var started = Instant.now();

        var parked = awaitLetters(letters -> letters.stream().anyMatch(l -> id.equals(l.get("body"))));
        var letter = parked.stream()
                .filter(l -> id.equals(l.get("body")))
                .findFirst()
                .orElseThrow();
        // five deliveries with 0.5 s, 1 s, 2 s, 4 s between them (the test stack's redelivery delay is 500 ms)
        assertThat(Duration.between(started, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(7500));
        assertThat(letter.get("originalQueue")).isEqualTo("jms.queue.clips.processing");
        assertThat(letter.get("reason")).isNull();
        var asset = TestStack.asAdmin().get(location).jsonPath();
        assertThat(asset.getString("status")).isEqualTo("QUEUED");
        assertThat(asset.getString("jobId")).isNull();

        jobRepositoryBackToNormal();
        TestStack.asAdmin()
                .post(TestStack.API + "/admin/dead-letters/" + letter.get("messageId") + "/replay")
                .then()
                .statusCode(202);
        assertThat(ProcessingIT.awaitReady(location).getList("outputs.renditions.name"))
                .containsExactly("240p");
        assertThat(letters()).extracting(l -> l.get("body")).doesNotContain(id);
        TestStack.assertProblem(
                TestStack.asAdmin().post(TestStack.API + "/admin/dead-letters/" + letter.get("messageId") + "/replay"),
                404,
                "/problems/not-found");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> letters() {
        return (List<Map<String, Object>>) (List<?>) TestStack.asAdmin()
                .get(TestStack.API + "/admin/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$", Map.class);
    }

    private static List<Map<String, Object>> awaitLetters(Predicate<List<Map<String, Object>>> condition)
            throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(1));
        var found = letters();
        while (!condition.test(found)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("dead letters did not reach the expected state: " + found);
            }
            Thread.sleep(250);
            found = letters();
        }
        return found;
    }
}
