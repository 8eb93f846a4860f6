package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Administrators' and moderators' actions land in the tenant's audit log with who did it and from
 * where, in the same transaction as the action: a refused action leaves no entry, an owner acting
 * on their own clip is not an admin action, another tenant sees nothing.
 */
@ExtendWith(ArquillianExtension.class)
class AuditIT {

    private static final String API = TestStack.API;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void clientAdministrationIsLoggedAndARefusedActionIsNot() throws Exception {
        String admin = TestStack.asAdmin()
                .get(API + "/analytics/users/me")
                .then()
                .extract()
                .path("userId");
        var clientId = TestStack.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "audited", "roles", List.of("User"), "rateLimitPerHour", 50))
                .post(API + "/admin/clients")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("clientId");
        TestStack.asAdmin()
                .post(API + "/admin/clients/" + clientId + "/rotate")
                .then()
                .statusCode(200);
        TestStack.asAdmin().delete(API + "/admin/clients/" + clientId).then().statusCode(204);
        TestStack.asAdmin()
                .post(API + "/admin/clients/" + clientId + "/rotate")
                .then()
                .statusCode(409);

        var entries = entriesFor(
                TestStack.asAdmin()
                        .queryParam("action", "client.")
                        .queryParam("pageSize", 100)
                        .get(API + "/admin/audit")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                clientId);
        assertThat(entries)
                .extracting(e -> e.get("action"))
                .containsExactly("client.revoke", "client.rotate", "client.create");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get("actor")).isEqualTo(admin);
            assertThat(e.get("ipAddress")).isNotNull();
            assertThat(e.get("at")).isNotNull();
        });
        assertThat((String) entries.get(2).get("detail")).contains("50 calls per hour");

        // only administrators read it, and only their tenant's
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(TestStack.userToken("audit reader"))
                        .get(API + "/admin/audit"),
                403,
                "/problems/forbidden");
        var otherTenant = RestAssured.given()
                .auth()
                .oauth2(TestStack.otherTenantAdminToken())
                .queryParam("pageSize", 100)
                .get(API + "/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(entriesFor(otherTenant, clientId)).isEmpty();
    }

    @Test
    void aModeratorDeletingSomeoneElsesClipIsLoggedAnOwnerDeletingTheirOwnIsNot() throws Exception {
        var owner = TestStack.userToken("audit owner");
        String ownerSubject = RestAssured.given()
                .auth()
                .oauth2(owner)
                .get(API + "/analytics/users/me")
                .then()
                .extract()
                .path("userId");
        var moderator = TestStack.clientToken("audit moderator", "Moderator");
        String moderatorSubject = RestAssured.given()
                .auth()
                .oauth2(moderator)
                .get(API + "/analytics/users/me")
                .then()
                .extract()
                .path("userId");
        var moderated = upload(owner, "audit-moderated.mp4");
        var own = upload(owner, "audit-own.mp4");

        RestAssured.given().auth().oauth2(moderator).delete(moderated).then().statusCode(204);
        RestAssured.given().auth().oauth2(owner).delete(own).then().statusCode(204);

        var log = TestStack.asAdmin()
                .queryParam("action", "asset.")
                .queryParam("pageSize", 100)
                .get(API + "/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        var entries = entriesFor(log, id(moderated));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0))
                .containsEntry("action", "asset.delete")
                .containsEntry("actor", moderatorSubject)
                .containsEntry("detail", "owner " + ownerSubject);
        assertThat(entriesFor(log, id(own))).isEmpty();
        // the actor filter finds the moderator's entries only
        var byActor = TestStack.asAdmin()
                .queryParam("actor", moderatorSubject)
                .get(API + "/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(byActor.getList("items.actor"))
                .containsOnly(moderatorSubject)
                .isNotEmpty();
    }

    private static String upload(String token, String name) throws Exception {
        var location = RestAssured.given()
                .auth()
                .oauth2(token)
                .multiPart("file", TestStack.h264Clip(name, 160, 120, 8, 1).toFile(), "video/mp4")
                .post(API + "/assets")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        ProcessingIT.awaitReady(location);
        return location;
    }

    private static String id(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static List<Map<String, Object>> entriesFor(JsonPath page, String target) {
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().filter(e -> target.equals(e.get("target"))).toList();
    }
}
