package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rate limits at their exact boundaries: a client's own API calls per hour (the N-th call is
 * answered, the N+1-th is 429 with Retry-After; another client is not affected), and token
 * requests per client id per minute, counted before the secret is checked.
 */
@ExtendWith(ArquillianExtension.class)
class RateLimitIT {

    private static final String API = TestStack.API;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void aClientsOwnHourlyLimitAnswersTheLastCallAndRefusesTheNext() throws Exception {
        var client = TestStack.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "rate limited", "roles", List.of("User"), "rateLimitPerHour", 5))
                .post(API + "/admin/clients")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var token = TestStack.token(client.getString("clientId"), client.getString("clientSecret"));
        awayFromTheEndOf(3600);

        for (int call = 1; call <= 5; call++) {
            var answer = RestAssured.given().auth().oauth2(token).get(API + "/analytics/users/me");
            answer.then()
                    .statusCode(200)
                    .header("RateLimit-Limit", "5")
                    .header("RateLimit-Remaining", String.valueOf(5 - call));
            assertThat(Long.parseLong(answer.header("RateLimit-Reset"))).isBetween(1L, 3600L);
        }
        var refused = RestAssured.given().auth().oauth2(token).get(API + "/analytics/users/me");
        TestStack.assertProblem(refused, 429, "/problems/rate-limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        // any route, same budget
        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(token).get(API + "/assets"), 429, "/problems/rate-limited");

        // another client has its own budget (the configured default)
        var other = RestAssured.given()
                .auth()
                .oauth2(TestStack.userToken("rate neighbour"))
                .get(API + "/analytics/users/me");
        other.then().statusCode(200);
        assertThat(Long.parseLong(other.header("RateLimit-Limit"))).isGreaterThan(5);
        assertThat(Long.parseLong(other.header("RateLimit-Remaining")))
                .isEqualTo(Long.parseLong(other.header("RateLimit-Limit")) - 1);

        TestStack.assertProblem(
                TestStack.asAdmin()
                        .contentType(ContentType.JSON)
                        .body(Map.of("name", "no calls", "roles", List.of("User"), "rateLimitPerHour", 0))
                        .post(API + "/admin/clients"),
                400,
                "/problems/invalid-field");
    }

    @Test
    void tokenRequestsPerClientIdPerMinuteAreCountedBeforeTheSecretIsChecked() throws Exception {
        var client = TestStack.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "token hungry", "roles", List.of("User")))
                .post(API + "/admin/clients")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var id = client.getString("clientId");
        int perMinute = Integer.parseInt(TestStack.env("CLIPS_RATELIMIT_TOKEN_PER_MINUTE"));
        awayFromTheEndOf(60);

        for (int call = 1; call < perMinute; call++) {
            TestStack.assertProblem(tokenRequest(id, "wrong secret"), 401, "/problems/invalid-client");
        }
        // the last allowed request, with the right secret, still gets a token
        tokenRequest(id, client.getString("clientSecret")).then().statusCode(200);
        var refused = tokenRequest(id, client.getString("clientSecret"));
        TestStack.assertProblem(refused, 429, "/problems/rate-limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        // another client id is not affected
        TestStack.assertProblem(tokenRequest("clp_someone_else", "x"), 401, "/problems/invalid-client");
    }

    private static io.restassured.response.Response tokenRequest(String id, String secret) {
        return RestAssured.given()
                .auth()
                .preemptive()
                .basic(id, secret)
                .formParam("grant_type", "client_credentials")
                .post(API + "/auth/token");
    }

    /** Windows are fixed (whole hours, whole minutes): start well inside one. */
    private static void awayFromTheEndOf(long windowSeconds) throws InterruptedException {
        long left = windowSeconds - Instant.now().getEpochSecond() % windowSeconds;
        if (left < Math.min(30, windowSeconds / 2)) {
            Thread.sleep(left * 1000 + 500);
        }
    }
}
