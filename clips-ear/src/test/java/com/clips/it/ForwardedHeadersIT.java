package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * X-Forwarded-* is believed only from {@code clips.http.trusted-proxies}: the suite trusts
 * 127.0.0.2 alone, so the same spoofed headers (or Host header) from 127.0.0.1 change no Location,
 * no Link and no audited client address, while from 127.0.0.2 (a raw socket bound to that source address) they do.
 */
@ExtendWith(ArquillianExtension.class)
class ForwardedHeadersIT {

    private static final String UNTRUSTED = "127.0.0.1";
    private static final String TRUSTED = "127.0.0.2";

    private static final Map<String, String> SPOOFED = Map.of(
            "X-Forwarded-Proto", "https",
            "X-Forwarded-Host", "evil.example",
            "X-Forwarded-Port", "4443",
            "X-Forwarded-Prefix", "/phish",
            "X-Forwarded-For", "203.0.113.7");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void spoofedHeadersFromAnUntrustedPeerChangeNoLocation() throws Exception {
        var answer = createPlaylist(UNTRUSTED, SPOOFED);
        assertThat(answer.status).isEqualTo(201);
        var id = JsonPath.from(answer.body).getString("id");
        assertThat(answer.header("Location")).isEqualTo("http://127.0.0.1:8180/api/v1/playlists/" + id);
    }

    @Test
    void aHostHeaderOfTheUntrustedPeersChoosingGivesWayToThePublicBaseUrl() throws Exception {
        var answer = send(UNTRUSTED, "evil.example:8180", "POST", "/api/v1/playlists", SPOOFED, "{\"name\":\"host\"}");
        assertThat(answer.status).isEqualTo(201);
        var id = JsonPath.from(answer.body).getString("id");
        // CLIPS_PUBLIC_BASE_URL of ./clips test
        assertThat(answer.header("Location")).isEqualTo("http://127.0.0.1:8180/api/v1/playlists/" + id);
    }

    @Test
    void forwardedHeadersFromTheTrustedProxyNameThePublicAddress() throws Exception {
        var answer = createPlaylist(TRUSTED, SPOOFED);
        assertThat(answer.status).isEqualTo(201);
        var id = JsonPath.from(answer.body).getString("id");
        assertThat(answer.header("Location")).isEqualTo("https://evil.example:4443/phish/api/v1/playlists/" + id);
    }

    @Test
    void linkHeadersFollowTheSameRule() throws Exception {
        var untrusted = send(UNTRUSTED, "GET", "/api/v1/events?pageSize=1", SPOOFED, null);
        assertThat(untrusted.status).isEqualTo(200);
        assertThat(untrusted.header("Link")).startsWith("<http://127.0.0.1:8180/api/v1/events?");

        var trusted = send(TRUSTED, "GET", "/api/v1/events?pageSize=1", SPOOFED, null);
        assertThat(trusted.status).isEqualTo(200);
        assertThat(trusted.header("Link")).startsWith("<https://evil.example:4443/phish/api/v1/events?");
    }

    @Test
    void theAuditedClientAddressIsForwardedOnlyByTheTrustedProxy() throws Exception {
        var fromUntrusted = createClient(UNTRUSTED);
        var fromTrusted = createClient(TRUSTED);

        var audit = TestStack.asAdmin()
                .queryParam("action", "client.create")
                .queryParam("pageSize", 100)
                .get(TestStack.API + "/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(addressOf(audit, fromUntrusted)).isEqualTo("127.0.0.1");
        assertThat(addressOf(audit, fromTrusted)).isEqualTo("203.0.113.7");
    }

    private static String addressOf(JsonPath audit, String clientId) {
        List<Map<String, Object>> items = audit.getList("items");
        return items.stream()
                .filter(e -> clientId.equals(e.get("target")))
                .map(e -> (String) e.get("ipAddress"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no audit entry for " + clientId));
    }

    private static Answer createPlaylist(String from, Map<String, String> headers) throws IOException {
        return send(from, "POST", "/api/v1/playlists", headers, "{\"name\":\"forwarded\"}");
    }

    private static String createClient(String from) throws IOException {
        var answer =
                send(from, "POST", "/api/v1/admin/clients", SPOOFED, "{\"name\":\"forwarded\",\"roles\":[\"User\"]}");
        assertThat(answer.status).as(answer.body).isEqualTo(201);
        return JsonPath.from(answer.body).getString("clientId");
    }

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One HTTP/1.1 request to the IT server from a chosen source address, as the admin. */
    private static Answer send(String from, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        return send(from, "127.0.0.1:8180", method, path, headers, body);
    }

    private static Answer send(
            String from, String host, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        var bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        var request = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append("\r\nConnection: close\r\n")
                .append("Authorization: Bearer ")
                .append(TestStack.asAdminToken())
                .append("\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(bytes.length)
                    .append("\r\n");
        }
        request.append("\r\n");
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", 8180), 10_000);
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        var status = Integer.parseInt(line(in).split(" ")[1]);
        var headers = new LinkedHashMap<String, String>();
        for (var line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.merge(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        var body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        var bytes = new ArrayList<Byte>();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                bytes.add((byte) c);
            }
        }
        var array = new byte[bytes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = bytes.get(i);
        }
        return new String(array, StandardCharsets.ISO_8859_1);
    }
}
