package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guessing a client's secret from one address throttles that address only: after the budget of
 * wrong secrets from 127.0.0.2 that address gets 429, while the rightful client, asking from
 * 127.0.0.1 with its secret, still gets its token (the client id is no secret: it is every
 * token's subject).
 */
@ExtendWith(ArquillianExtension.class)
class TokenLockoutIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void wrongSecretsFromElsewhereDoNotLockTheRightfulClientOut() throws Exception {
        var credentials = TestStack.bootstrapCredentials();
        var id = credentials.getProperty("CLIPS_CLIENT_ID");
        var secret = credentials.getProperty("CLIPS_CLIENT_SECRET");
        int budget = Integer.parseInt(TestStack.env("CLIPS_RATELIMIT_TOKEN_PER_MINUTE"));

        var elsewhere = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < budget; i++) {
            assertThat(tokenRequest(elsewhere, id, "wrong-" + i)).startsWith("HTTP/1.1 401");
        }
        var locked = tokenRequest(elsewhere, id, "wrong-again");
        assertThat(locked).startsWith("HTTP/1.1 429").contains("Retry-After").contains("/problems/rate-limited");

        var rightful = tokenRequest(InetAddress.getByName("127.0.0.1"), id, secret);
        assertThat(rightful).startsWith("HTTP/1.1 200").contains("access_token");
        // and from the guesser's address even the right secret waits for the window
        assertThat(tokenRequest(elsewhere, id, secret)).startsWith("HTTP/1.1 429");
    }

    /** A form token request sent from {@code from}; the whole answer, headers included. */
    private static String tokenRequest(InetAddress from, String id, String secret) throws IOException {
        var api = URI.create(TestStack.API);
        var body = "grant_type=client_credentials&client_id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        try (var socket = new Socket(InetAddress.getByName(api.getHost()), api.getPort(), from, 0)) {
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            out.write(("POST " + api.getPath() + "/auth/token HTTP/1.1\r\nHost: " + api.getHost() + ":" + api.getPort()
                            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                            + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            var answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
