package com.clips.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Client credentials → RS256 JWT → MicroProfile JWT; roles enforced; other tenants see nothing. */
@ExtendWith(ArquillianExtension.class)
class AuthIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void clientCredentialsGrantIssuesASignedTokenWithTenantAndGroups() throws Exception {
        var credentials = TestStack.bootstrapCredentials();
        var id = credentials.getProperty("CLIPS_CLIENT_ID");
        var secret = credentials.getProperty("CLIPS_CLIENT_SECRET");

        var form = given().formParam("grant_type", "client_credentials")
                .formParam("client_id", id)
                .formParam("client_secret", secret)
                .post(TestStack.API + "/auth/token");
        var basic = given().auth()
                .preemptive()
                .basic(id, secret)
                .formParam("grant_type", "client_credentials")
                .post(TestStack.API + "/auth/token");
        var json = given().contentType("application/json")
                .body(Map.of("grant_type", "client_credentials", "client_id", id, "client_secret", secret))
                .post(TestStack.API + "/auth/token");

        for (var response : List.of(form, basic, json)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.header("Cache-Control")).contains("no-store");
            assertThat(response.jsonPath().getString("token_type")).isEqualTo("Bearer");
            assertThat(response.jsonPath().getLong("expires_in")).isEqualTo(3600);
        }
        var jwt = SignedJWT.parse(form.jsonPath().getString("access_token"));
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("clips");
        assertThat(claims.getAudience()).containsExactly("clips-api");
        assertThat(claims.getSubject()).isEqualTo(id);
        assertThat(claims.getStringClaim("tenant")).isEqualTo("default");
        assertThat(claims.getStringListClaim("groups")).containsExactly("Administrator");
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void wrongSecretUnknownClientAndWrongGrantAreRefused() throws Exception {
        var id = TestStack.bootstrapCredentials().getProperty("CLIPS_CLIENT_ID");

        TestStack.assertProblem(
                given().formParam("grant_type", "client_credentials")
                        .formParam("client_id", id)
                        .formParam("client_secret", "not-the-secret")
                        .post(TestStack.API + "/auth/token"),
                401,
                "/problems/invalid-client");
        TestStack.assertProblem(
                given().formParam("grant_type", "client_credentials")
                        .formParam("client_id", "clp_nobody")
                        .formParam("client_secret", "x")
                        .post(TestStack.API + "/auth/token"),
                401,
                "/problems/invalid-client");
        TestStack.assertProblem(
                given().formParam("grant_type", "password")
                        .formParam("client_id", id)
                        .formParam("client_secret", "x")
                        .post(TestStack.API + "/auth/token"),
                400,
                "/problems/unsupported-grant-type");
    }

    @Test
    void missingTokenIs401() {
        var response = given().get(TestStack.API + "/assets/1b4e28ba-2fa1-11d2-883f-0016d3cca427");

        TestStack.assertProblem(response, 401, "/problems/unauthenticated");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void tamperedAndForgedTokensAre401() throws Exception {
        var token = TestStack.asAdminToken();
        var parts = token.split("\\.");
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"default\"", "\"other\"");
        var tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        var none = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";

        for (var bad : List.of(tampered, none, "not-a-jwt")) {
            var response =
                    given().auth().oauth2(bad).get(TestStack.API + "/assets/1b4e28ba-2fa1-11d2-883f-0016d3cca427");
            TestStack.assertProblem(response, 401, "/problems/unauthenticated");
        }
    }

    @Test
    void userRoleCannotUseOperatorEndpoints() {
        var created = TestStack.asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "a plain user", "roles", List.of("User")))
                .post(TestStack.API + "/admin/clients")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var userToken = TestStack.token(created.getString("clientId"), created.getString("clientSecret"));

        var sweep = given().auth().oauth2(userToken).post(TestStack.API + "/admin/storage/orphans/sweep");
        var createClient = given().auth()
                .oauth2(userToken)
                .contentType("application/json")
                .body(Map.of("name", "escalate", "roles", List.of("Administrator")))
                .post(TestStack.API + "/admin/clients");

        TestStack.assertProblem(sweep, 403, "/problems/forbidden");
        TestStack.assertProblem(createClient, 403, "/problems/forbidden");
    }

    @Test
    void operatorEndpointsRefuseBadInputAndWriteNothing() throws Exception {
        long clientsBefore = TestStack.count("select count(*) from clips.api_client");

        var unknownRole = TestStack.asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "typo", "roles", List.of("Superuser")))
                .post(TestStack.API + "/admin/clients");
        var noRole = TestStack.asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "nobody", "roles", List.of()))
                .post(TestStack.API + "/admin/clients");
        var badAge = TestStack.asAdmin()
                .queryParam("olderThan", "yesterday")
                .post(TestStack.API + "/admin/storage/orphans/sweep");

        TestStack.assertProblem(unknownRole, 400, "/problems/invalid-field");
        TestStack.assertProblem(noRole, 400, "/problems/invalid-field");
        TestStack.assertProblem(badAge, 400, "/problems/invalid-parameter");
        assertThat(TestStack.count("select count(*) from clips.api_client")).isEqualTo(clientsBefore);
    }

    @Test
    void anotherTenantsAssetIsNotFound() throws Exception {
        var clip = TestStack.h264Clip("tenant-a.mp4", 160, 120, 10, 1);
        var location = TestStack.asAdmin()
                .multiPart("file", clip.toFile())
                .post(TestStack.API + "/assets")
                .then()
                .extract()
                .header("Location");
        var otherToken = TestStack.otherTenantAdminToken();

        TestStack.assertProblem(given().auth().oauth2(otherToken).get(location), 404, "/problems/not-found");
        TestStack.asAdmin().get(location).then().statusCode(200);
    }

    @Test
    void jwksPublishesTheKeyThatVerifiesIssuedTokensAndNothingPrivate() throws Exception {
        var response = given().get(TestStack.API + "/auth/jwks");
        response.then().statusCode(200);
        assertThat(response.header("Cache-Control")).contains("max-age=300");
        var jwks = com.nimbusds.jose.jwk.JWKSet.parse(response.asString());
        assertThat(response.asString()).doesNotContain("\"d\"").doesNotContain("\"p\"");

        var token = SignedJWT.parse(TestStack.asAdminToken());
        var key = (com.nimbusds.jose.jwk.RSAKey)
                jwks.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(key).as("a key with the token's kid").isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(token.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key)))
                .isTrue();
    }

    @Test
    void everyAnswerCarriesSecurityHeaders() {
        for (var response : List.of(
                TestStack.asAdmin().get(TestStack.API + "/assets?pageSize=1"),
                TestStack.asAdmin().get(TestStack.API + "/assets/00000000-0000-0000-0000-000000000000"),
                given().get(TestStack.API + "/assets"))) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'");
        }
        assertThat(TestStack.asAdmin().get(TestStack.API + "/assets?pageSize=1").header("Cache-Control"))
                .isEqualTo("no-store");
    }

    @Test
    void corsAnswersOnlyTheConfiguredOrigin() {
        var allowed = TestStack.env("CLIPS_CORS_ALLOWED_ORIGINS").split(",")[0];

        var preflight = given().header("Origin", allowed)
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization, upload-offset")
                .options(TestStack.API + "/tus/x");
        preflight.then().statusCode(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(allowed);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PATCH");
        assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Upload-Offset");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();

        var real = TestStack.asAdmin().header("Origin", allowed).get(TestStack.API + "/assets?pageSize=1");
        assertThat(real.header("Access-Control-Allow-Origin")).isEqualTo(allowed);
        assertThat(real.header("Access-Control-Expose-Headers")).contains("Location", "Link", "Upload-Offset");

        var stranger =
                TestStack.asAdmin().header("Origin", "https://evil.example").get(TestStack.API + "/assets?pageSize=1");
        assertThat(stranger.header("Access-Control-Allow-Origin")).isNull();
        var strangerPreflight = given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "DELETE")
                .options(TestStack.API + "/assets/x");
        assertThat(strangerPreflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void rotatingASecretAndRevokingAClientTakeEffectAtOnce() throws Exception {
        var created = TestStack.asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "rotate-me", "roles", List.of("User")))
                .post(TestStack.API + "/admin/clients")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var clientId = created.getString("clientId");
        var oldSecret = created.getString("clientSecret");
        var token = TestStack.token(clientId, oldSecret);

        var rotated = TestStack.asAdmin()
                .post(TestStack.API + "/admin/clients/" + clientId + "/rotate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(rotated.getString("clientSecret")).isNotEqualTo(oldSecret);
        TestStack.assertProblem(
                given().auth()
                        .preemptive()
                        .basic(clientId, oldSecret)
                        .formParam("grant_type", "client_credentials")
                        .post(TestStack.API + "/auth/token"),
                401,
                "/problems/invalid-client");
        var newToken = TestStack.token(clientId, rotated.getString("clientSecret"));
        given().auth().oauth2(token).get(TestStack.API + "/me/assets").then().statusCode(200);

        var otherTenant = given().auth().oauth2(TestStack.otherTenantAdminToken());
        TestStack.assertProblem(
                otherTenant.delete(TestStack.API + "/admin/clients/" + clientId), 404, "/problems/not-found");
        TestStack.assertProblem(
                otherTenant.post(TestStack.API + "/admin/clients/" + clientId + "/rotate"), 404, "/problems/not-found");
        assertThat(otherTenant.get(TestStack.API + "/admin/clients").jsonPath().getList("clientId", String.class))
                .doesNotContain(clientId);

        TestStack.asAdmin()
                .delete(TestStack.API + "/admin/clients/" + clientId)
                .then()
                .statusCode(204);
        TestStack.asAdmin()
                .delete(TestStack.API + "/admin/clients/" + clientId)
                .then()
                .statusCode(204);
        for (var unexpired : List.of(token, newToken)) {
            TestStack.assertProblem(
                    given().auth().oauth2(unexpired).get(TestStack.API + "/me/assets"),
                    401,
                    "/problems/unauthenticated");
        }
        TestStack.assertProblem(
                given().auth()
                        .preemptive()
                        .basic(clientId, rotated.getString("clientSecret"))
                        .formParam("grant_type", "client_credentials")
                        .post(TestStack.API + "/auth/token"),
                401,
                "/problems/invalid-client");
        TestStack.assertProblem(
                TestStack.asAdmin().post(TestStack.API + "/admin/clients/" + clientId + "/rotate"),
                409,
                "/problems/client-revoked");
        var listed = TestStack.asAdmin().get(TestStack.API + "/admin/clients").jsonPath();
        assertThat(listed.getString("find { it.clientId == '" + clientId + "' }.revokedAt"))
                .isNotNull();
        assertThat(listed.getString("find { it.clientId == '" + clientId + "' }.clientSecret"))
                .isNull();
    }
}
