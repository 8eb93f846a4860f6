package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every protected operation of the OpenAPI document, swept with tokens that must not get in: none,
 * expired, wrong audience, wrong issuer, {@code alg: none}, HS256 "signed" with the public key,
 * a tampered payload — each 401 {@code /problems/unauthenticated}, while a good administrator
 * token is never 401 there. Operators' operations refuse a User with 403.
 */
@ExtendWith(ArquillianExtension.class)
class TokenSweepIT {

    private static final String ROOT = TestStack.API.substring(0, TestStack.API.indexOf("/api/"));

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    record Operation(String method, String path, boolean operators) {}

    @Test
    void everyProtectedOperationRefusesEveryBadToken() throws Exception {
        var operations = protectedOperations();
        assertThat(operations).hasSizeGreaterThan(30);
        var bad = badTokens();
        var admin = TestStack.asAdminToken();
        var user = TestStack.userToken("sweep user");
        var failures = new ArrayList<String>();
        for (var op : operations) {
            var url = ROOT + op.path();
            for (var token : bad.entrySet()) {
                var request = request(op);
                if (token.getValue() != null) {
                    request = request.header("Authorization", "Bearer " + token.getValue());
                }
                var answer = request.request(op.method(), url);
                boolean problem = op.method().equals("HEAD") || "/problems/unauthenticated".equals(type(answer));
                if (answer.statusCode() != 401 || !problem) {
                    failures.add(op + " with " + token.getKey() + ": " + answer.statusCode() + " " + type(answer));
                }
            }
            var good = request(op).auth().oauth2(admin).request(op.method(), url);
            if (good.statusCode() == 401) {
                failures.add(op + " refused a good administrator token");
            }
            if (op.operators()) {
                var asUser = request(op).auth().oauth2(user).request(op.method(), url);
                if (asUser.statusCode() != 403) {
                    failures.add(op + " as a User: " + asUser.statusCode());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Every operation but the public ones (token, JWKS, signed storage notifications, playback, oEmbed) and preflights. */
    private static List<Operation> protectedOperations() {
        var doc = RestAssured.given()
                .queryParam("format", "JSON")
                .get(ROOT + "/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        var found = new ArrayList<Operation>();
        // header-free playback answers on its playback ID or playback token (PlaybackIT); its paths
        // also carry path-level "parameters", a list, not an operation
        paths.keySet().removeIf(path -> path.startsWith("/api/v1/playback/"));
        paths.forEach((path, methods) -> methods.forEach((method, value) -> {
            // a path's own "parameters" is a list, not an operation
            if (method.equals("options") || !(value instanceof Map<?, ?> operation)) {
                return;
            }
            if (List.of("/api/v1/auth/token", "/api/v1/auth/jwks", "/api/v1/uploads/notifications", "/api/v1/oembed")
                    .contains(path)) {
                return;
            }
            var tags = operation.get("tags") instanceof List<?> list ? list : List.of();
            var concrete = path.replace("{kind}", "views")
                    .replace("{rendition}", "240p")
                    .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            found.add(new Operation(method.toUpperCase(), concrete, tags.contains("Operations")));
        }));
        return found;
    }

    /** A JSON object as the body of methods that carry one: the request is well formed up to its token. */
    private static io.restassured.specification.RequestSpecification request(Operation op) {
        var request = RestAssured.given().redirects().follow(false);
        return List.of("POST", "PUT", "PATCH").contains(op.method())
                ? request.contentType("application/json").body("{}")
                : request;
    }

    private static Map<String, String> badTokens() throws Exception {
        var privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                .generatePrivate(
                        new PKCS8EncodedKeySpec(pem(Path.of(TestStack.env("CLIPS_JWT_PRIVATE_KEY_LOCATION")))));
        var publicPem = Files.readAllBytes(
                Path.of(TestStack.env("MP_JWT_VERIFY_PUBLICKEY_LOCATION").replaceFirst("^file:", "")));
        var tokens = new LinkedHashMap<String, String>();
        tokens.put("no token", null);
        tokens.put(
                "an expired token",
                signed(
                        privateKey,
                        c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))
                                .issueTime(Date.from(Instant.now().minusSeconds(4200)))));
        tokens.put("a wrong audience", signed(privateKey, c -> c.audience("someone-else")));
        tokens.put("a wrong issuer", signed(privateKey, c -> c.issuer("https://evil.example")));
        var good = signed(privateKey, UnaryOperator.identity());
        var parts = good.split("\\.");
        var encoder = Base64.getUrlEncoder().withoutPadding();
        tokens.put(
                "alg none",
                encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                        + parts[1] + ".");
        var confused = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims(UnaryOperator.identity()));
        confused.sign(new MACSigner(publicPem));
        tokens.put("HS256 signed with the public key", confused.serialize());
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sweep-subject\"", "\"someone-else\"");
        tokens.put(
                "a tampered payload",
                parts[0] + "." + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        return tokens;
    }

    private static String signed(RSAPrivateKey key, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID("clips-1")
                        .build(),
                claims(change));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** An administrator's claims in the default tenant, as the server issues them, then changed. */
    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        var now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder()
                        .issuer("clips")
                        .audience("clips-api")
                        .subject("sweep-subject")
                        .claim("upn", "sweep-subject")
                        .claim("tenant", "default")
                        .claim("groups", List.of("Administrator"))
                        .jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(3600))))
                .build();
    }

    private static byte[] pem(Path file) throws Exception {
        var text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    private static String type(io.restassured.response.Response answer) {
        try {
            return JsonPath.from(answer.asString()).getString("type");
        } catch (RuntimeException e) {
            return "(no problem body)";
        }
    }
}
