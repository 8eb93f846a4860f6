package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Walks every operation of the served OpenAPI document and sends, for each declared parameter and
 * body field, values a client should never get a 5xx for: wrong types, empty, huge, NUL and other
 * control characters, lone surrogates, negative and overflowing numbers, and malformed bodies
 * (broken JSON, the wrong shape, unknown keys, broken multipart), once as the administrator and
 * once with no token. Every answer must be below 500, every error problem+json with a
 * {@code /problems/} type and nothing internal, and no row or stored object may appear.
 */
@ExtendWith(ArquillianExtension.class)
class RequestFuzzIT {

    private static final String ROOT = TestStack.ROOT;
    private static final List<String> TABLES = List.of(
            "asset",
            "asset_tag",
            "upload_session",
            "playlist",
            "playlist_item",
            "favorite",
            "api_client",
            "tenant",
            "audit_entry",
            // not processing_run: runs are made by the queue for assets of earlier ITs (a resume, a
            // redelivery) while the fuzzing runs; a request can only make one through a new asset
            // or a restart, and asset rows and the audit of restarts are counted here
            "game");

    /** Text a field or parameter must refuse or survive: none of it may reach the database raw. */
    private static final List<String> TEXTS = List.of(
            "",
            "x".repeat(10_000),
            "\u0000",
            "clip\u0000.mp4",
            "a\u0007b",
            "\u001b[31m",
            "\u202Egnp.mp4",
            "\u0085",
            "-1",
            "0",
            "99999999999999999999",
            "-99999999999999999999",
            "1e400",
            "NaN",
            "1.5",
            "true",
            "[]",
            "{}",
            "' or '1'='1",
            "../../etc/passwd",
            "%",
            "\uD83C\uDFAE".repeat(300));

    /** Already percent-encoded values a URL may carry: invalid UTF-8, an overlong NUL, an encoded surrogate. */
    private static final List<String> RAW_ENCODED = List.of("%FF%FE", "%C0%80", "%ED%A0%80", "%00", "a%2Fb");

    /** JSON values for a body field of any declared type. */
    private static final List<String> JSON_VALUES = List.of(
            "\"\\u0000\"",
            "\"a\\u0001b\"",
            "\"\\u202e\"",
            "\"\\ud800\"",
            "\"" + "x".repeat(100_000) + "\"",
            "\"abc\"",
            "-1",
            "-9223372036854775809",
            "9223372036854775808",
            "99999999999",
            "1e400",
            "1.5",
            "true",
            "{}",
            "[]",
            "[\"\\u0000\"]",
            "[1,{\"a\":[]}]");

    /** Whole bodies that are not what any JSON operation takes. */
    private static final List<String> JSON_BODIES = List.of(
            "",
            "{",
            "{\"a\":",
            "nul",
            "[]",
            "\"text\"",
            "123",
            "null",
            "{\"a\":1,}",
            "{\"\\u0000\":1}",
            "[".repeat(100_000),
            "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Map<String, Object> components;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    record Case(String label, String method, String path, String query, Map<String, String> headers, byte[] body) {}

    @Test
    @SuppressWarnings("unchecked")
    void noInputMakesAServerErrorOrAnythingStored() throws Exception {
        var doc = JsonPath.from(RestAssured.given()
                        .queryParam("format", "JSON")
                        .get(ROOT + "/openapi")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .getMap("$");
        components = (Map<String, Object>) doc.getOrDefault("components", Map.of());
        var paths = (Map<String, Map<String, Object>>) doc.get("paths");
        var admin = TestStack.asAdminToken();
        var rowsBefore = rows();
        var objectsBefore = new java.util.HashSet<>(TestStack.keys(""));
        var assetsBefore = assetIds();

        var sent = new TreeMap<String, Integer>();
        var failures = new ArrayList<String>();
        var accepted = new ArrayList<String>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var method : path.getValue().entrySet()) {
                if (!List.of("get", "put", "post", "delete", "patch", "head").contains(method.getKey())) {
                    continue;
                }
                operations++;
                var operation = (Map<String, Object>) method.getValue();
                var name = method.getKey().toUpperCase() + " " + path.getKey();
                var cases = cases(method.getKey().toUpperCase(), path.getKey(), path.getValue(), operation);
                for (var token : new String[] {admin, null}) {
                    for (var c : cases) {
                        var verdict = send(c, token, accepted, name);
                        if (verdict != null) {
                            failures.add(
                                    name + " [" + c.label() + (token == null ? ", anonymous" : "") + "]: " + verdict);
                        }
                    }
                }
                sent.put(name, cases.size() * 2);
            }
        }
        System.out.println("RequestFuzzIT: requests per operation");
        sent.forEach((op, n) -> System.out.printf("  %5d  %s%n", n, op));
        System.out.printf(
                "  %5d  in all, %d operations%n",
                sent.values().stream().mapToInt(Integer::intValue).sum(), operations);

        System.out.println("RequestFuzzIT: changing requests that were accepted (each may have stored something)");
        accepted.forEach(a -> System.out.println("  " + a));

        assertThat(operations).isGreaterThan(50);
        assertThat(failures).as("answers that broke the contract").isEmpty();
        assertThat(rows()).as("rows after the fuzzing").isEqualTo(rowsBefore);
        // new objects of assets that existed before (an earlier IT's clip still processing) are theirs
        var newObjects = TestStack.keys("").stream()
                .filter(key -> !objectsBefore.contains(key))
                .filter(key -> assetsBefore.stream().noneMatch(key::contains))
                .toList();
        assertThat(newObjects).as("objects the fuzzing stored").isEmpty();
    }

    /** What is wrong with the answer to one case, or null. */
    private String send(Case c, String token, List<String> accepted, String operation) throws Exception {
        var uri = ROOT + c.path() + (c.query().isEmpty() ? "" : "?" + c.query());
        var request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofMinutes(2))
                .method(
                        c.method(),
                        c.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        c.headers().forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return "no answer: " + e;
        }
        int status = answer.statusCode();
        if (status < 300 && !c.method().equals("GET") && !c.method().equals("HEAD")) {
            accepted.add(operation + " [" + c.label() + "]: " + status);
        }
        if (status >= 500) {
            return status + " " + abbreviate(answer.body());
        }
        if (status < 400 || c.method().equals("HEAD")) {
            return null;
        }
        var type = answer.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return status + " as " + type + ": " + abbreviate(answer.body());
        }
        String problem;
        try {
            problem = JsonPath.from(answer.body()).getString("type");
        } catch (RuntimeException e) {
            problem = null;
        }
        if (problem == null || !problem.startsWith("/problems/")) {
            return status + " without a problem type: " + abbreviate(answer.body());
        }
        if (answer.body().contains("Exception") || answer.body().contains("at com.")) {
            return status + " leaks internals: " + abbreviate(answer.body());
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // cases from the document

    @SuppressWarnings("unchecked")
    private List<Case> cases(String method, String template, Map<String, Object> pathItem, Map<String, Object> op) {
        var parameters = new ArrayList<Map<String, Object>>();
        for (var source :
                List.of(pathItem.getOrDefault("parameters", List.of()), op.getOrDefault("parameters", List.of()))) {
            for (var p : (List<Object>) source) {
                parameters.add(resolve((Map<String, Object>) p));
            }
        }
        var base = new Base(method, template, parameters, body(op));
        var cases = new ArrayList<Case>();
        for (var p : parameters) {
            var name = (String) p.get("name");
            var in = (String) p.get("in");
            switch (in) {
                case "path" -> {
                    for (var value : TEXTS) {
                        if (!value.isEmpty()) {
                            cases.add(base.with("path " + name + "=" + label(value), name, encode(value), null, null));
                        }
                    }
                    for (var raw : RAW_ENCODED) {
                        cases.add(base.with("path " + name + "=" + raw, name, raw, null, null));
                    }
                }
                case "query" -> {
                    for (var value : TEXTS) {
                        cases.add(base.with(
                                "query " + name + "=" + label(value), null, null, name + "=" + encode(value), null));
                    }
                    for (var raw : RAW_ENCODED) {
                        cases.add(base.with("query " + name + "=" + raw, null, null, name + "=" + raw, null));
                    }
                    cases.add(base.with("query " + name + " twice", null, null, name + "=1&" + name + "=2", null));
                }
                case "header" -> {
                    if (List.of("authorization", "content-type", "content-length")
                            .contains(name.toLowerCase())) {
                        continue;
                    }
                    for (var value : TEXTS) {
                        if (value.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f) && value.length() < 9000) {
                            cases.add(base.withHeader("header " + name + "=" + label(value), name, value));
                        }
                    }
                }
                default -> {}
            }
        }
        cases.addAll(base.bodyCases());
        return cases;
    }

    /** The request body an operation declares: its media type and schema, or null. */
    @SuppressWarnings("unchecked")
    private Map.Entry<String, Map<String, Object>> body(Map<String, Object> op) {
        var requestBody = (Map<String, Object>) op.get("requestBody");
        if (requestBody == null) {
            return null;
        }
        var content = (Map<String, Object>) resolve(requestBody).get("content");
        if (content == null || content.isEmpty()) {
            return null;
        }
        for (var preferred : List.of("application/json", "multipart/form-data")) {
            if (content.containsKey(preferred)) {
                var media = (Map<String, Object>) content.get(preferred);
                return Map.entry(preferred, schema(media == null ? null : media.get("schema")));
            }
        }
        var first = content.entrySet().iterator().next();
        var media = (Map<String, Object>) first.getValue();
        return Map.entry(first.getKey(), schema(media == null ? null : media.get("schema")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> schema(Object schema) {
        return schema == null ? Map.of() : resolve((Map<String, Object>) schema);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> node) {
        var seen = 0;
        while (node.get("$ref") instanceof String ref && seen++ < 10) {
            var parts = ref.replaceFirst("^#/components/", "").split("/");
            var group = (Map<String, Object>) components.getOrDefault(parts[0], Map.of());
            node = (Map<String, Object>) group.getOrDefault(parts[1], Map.of());
        }
        return node;
    }

    /** The request an operation gets when only one thing about it is wrong. */
    private final class Base {
        final String method;
        final String template;
        final List<Map<String, Object>> parameters;
        final Map.Entry<String, Map<String, Object>> body;

        Base(
                String method,
                String template,
                List<Map<String, Object>> parameters,
                Map.Entry<String, Map<String, Object>> body) {
            this.method = method;
            this.template = template;
            this.parameters = parameters;
            this.body = body;
        }

        Case with(String label, String pathParam, String pathValue, String query, byte[] bodyBytes) {
            var path = template;
            for (var p : parameters) {
                if ("path".equals(p.get("in"))) {
                    var name = (String) p.get("name");
                    var value = name.equals(pathParam) ? pathValue : placeholder(name);
                    path = path.replace("{" + name + "}", value);
                }
            }
            path = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            var headers = new LinkedHashMap<String, String>();
            if (template.contains("/tus")) {
                headers.put("Tus-Resumable", "1.0.0"); // else every tus request stops at the protocol check
            }
            byte[] payload = bodyBytes;
            if (body != null) {
                headers.put("Content-Type", contentType());
                if (payload == null) {
                    payload = validBody();
                }
            }
            return new Case(label, method, path, query == null ? "" : query, headers, payload);
        }

        Case withHeader(String label, String name, String value) {
            var c = with(label, null, null, null, null);
            c.headers().put(name, value);
            return c;
        }

        String contentType() {
            var type = body.getKey();
            if (type.equals("multipart/form-data")) {
                return type + "; boundary=fuzz";
            }
            return type.contains("*") ? "video/mp4" : type;
        }

        /** The declared body with every field plausible (a file that is not a video, where there is one). */
        byte[] validBody() {
            return switch (body.getKey()) {
                case "application/json", "application/merge-patch+json" -> utf8(json(fields(), null, null));
                case "multipart/form-data" -> multipart(null, null);
                default -> utf8("this is not a video, only text");
            };
        }

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> fields() {
            var properties = (Map<String, Object>) body.getValue().getOrDefault("properties", Map.of());
            var fields = new LinkedHashMap<String, Map<String, Object>>();
            properties.forEach((k, v) -> fields.put(k, schema(v)));
            return fields;
        }

        List<Case> bodyCases() {
            var cases = new ArrayList<Case>();
            if (body == null) {
                return cases;
            }
            var type = body.getKey();
            if (type.contains("json")) {
                for (var whole : JSON_BODIES) {
                    cases.add(with("body " + label(whole), null, null, null, utf8(whole)));
                }
                cases.add(with(
                        "body not UTF-8", null, null, null, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}));
                cases.add(with("body unknown key", null, null, null, utf8(json(fields(), "unknownKeyX", "1"))));
                for (var field : fields().entrySet()) {
                    for (var value : invalidFor(field.getValue())) {
                        cases.add(with(
                                "field " + field.getKey() + "=" + label(value),
                                null,
                                null,
                                null,
                                utf8(json(fields(), field.getKey(), value))));
                    }
                }
            } else if (type.startsWith("multipart/")) {
                cases.add(with("multipart empty", null, null, null, new byte[0]));
                cases.add(with(
                        "multipart truncated",
                        null,
                        null,
                        null,
                        utf8("--fuzz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nab")));
                cases.add(with("multipart no parts", null, null, null, utf8("--fuzz--\r\n")));
                cases.add(with("multipart garbage", null, null, null, utf8("not multipart at all")));
                for (var field : List.of(
                        "title",
                        "description",
                        "gameTitle",
                        "sessionId",
                        "recordedAt",
                        "visibility",
                        "tags",
                        "unknownX")) {
                    for (var value : TEXTS) {
                        cases.add(
                                with("part " + field + "=" + label(value), null, null, null, multipart(field, value)));
                    }
                }
                for (var fileName : List.of("x".repeat(5000) + ".mp4", "\u0000.mp4", "\uD800.mp4", "../../a.mp4")) {
                    cases.add(with("file name " + label(fileName), null, null, null, multipartNamed(fileName)));
                }
            } else {
                cases.add(with("binary empty", null, null, null, new byte[0]));
                cases.add(with("binary text", null, null, null, utf8("plain text, not a video")));
            }
            return cases;
        }

        String json(Map<String, Map<String, Object>> fields, String replaced, String value) {
            var out = new StringBuilder("{");
            var entries = new ArrayList<String>();
            fields.forEach((k, schema) -> {
                if (!k.equals(replaced)) {
                    entries.add(quote(k) + ":" + plausible(schema));
                }
            });
            if (replaced != null) {
                entries.add(quote(replaced) + ":" + value);
            }
            out.append(String.join(",", entries)).append('}');
            return out.toString();
        }

        byte[] multipart(String field, String value) {
            var out = new StringBuilder();
            if (field != null) {
                out.append("--fuzz\r\nContent-Disposition: form-data; name=\"")
                        .append(field)
                        .append("\"\r\n\r\n")
                        .append(value)
                        .append("\r\n");
            }
            out.append("--fuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n")
                    .append("Content-Type: video/mp4\r\n\r\nnot a video at all\r\n--fuzz--\r\n");
            return utf8(out.toString());
        }

        byte[] multipartNamed(String fileName) {
            return utf8("--fuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: video/mp4\r\n\r\nnot a video at all\r\n--fuzz--\r\n");
        }
    }

    /**
     * The values of {@link #JSON_VALUES} that no field of this schema's type may take (the base
     * body is otherwise valid, so a value the field could take would create something): "abc" is
     * a fine string, {} a fine object, 99999999999 a fine int64.
     */
    private static List<String> invalidFor(Map<String, Object> schema) {
        var type = primaryType(schema);
        return JSON_VALUES.stream()
                .filter(v -> switch (type) {
                    case "string" -> !v.equals("\"abc\"");
                    case "boolean" -> !v.equals("true");
                    case "object" -> !v.equals("{}");
                    case "array" -> !v.equals("[]");
                    case "integer", "number" -> !(v.equals("99999999999") && "int64".equals(schema.get("format")));
                    default -> true;
                })
                .toList();
    }

    private static String primaryType(Map<String, Object> schema) {
        var type = schema.get("type");
        if (type instanceof List<?> types) {
            type = types.stream()
                    .map(String::valueOf)
                    .filter(t -> !"null".equals(t))
                    .findFirst()
                    .orElse("string");
        }
        if (type == null && schema.containsKey("properties")) {
            return "object";
        }
        return type == null ? "unknown" : (String) type;
    }

    /** A plausible JSON value for a schema: its example, its first enum value, or one of its type. */
    @SuppressWarnings("unchecked")
    private String plausible(Map<String, Object> schema) {
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return literal(values.get(0));
        }
        var type = schema.get("type");
        if (type instanceof List<?> types) {
            type = types.stream()
                    .map(String::valueOf)
                    .filter(t -> !"null".equals(t))
                    .findFirst()
                    .orElse("string");
        }
        if (type == null) {
            return "\"x\"";
        }
        return switch ((String) type) {
            case "integer", "number" -> "1";
            case "boolean" -> "false";
            case "array" -> "[]";
            case "object" -> "{}";
            default -> "date-time".equals(schema.get("format")) ? "\"2026-01-01T00:00:00Z\"" : "\"x\"";
        };
    }

    private static String literal(Object value) {
        return value instanceof String s ? quote(s) : String.valueOf(value);
    }

    private static String placeholder(String name) {
        return switch (name) {
            case "kind" -> "views";
            case "rendition" -> "240p";
            case "format" -> "gif";
            default -> UUID.randomUUID().toString();
        };
    }

    private static List<String> assetIds() throws Exception {
        var ids = new ArrayList<String>();
        try (var db = TestStack.database();
                var rs = db.createStatement().executeQuery("select public_id from asset")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private Map<String, Long> rows() throws Exception {
        var counts = new LinkedHashMap<String, Long>();
        for (var table : TABLES) {
            counts.put(table, TestStack.count("select count(*) from " + table));
        }
        return counts;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String label(String value) {
        var shown = value.length() > 24 ? value.substring(0, 12) + "…(" + value.length() + ")" : value;
        var out = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20
                    || (c >= 0x7f && c < 0xa0)
                    || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate((char) c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
