package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a streamed upload declares is held to: a {@code Content-Length} over the caller's limit is
 * refused with 413 before the body is read (the client sends a few bytes of a "1.6 GB" body and
 * gets its answer), and a body that ends before its declared length is never a clip (400
 * {@code upload-interrupted}, no row, no object). Raw sockets, so the client can lie and stop.
 */
@ExtendWith(ArquillianExtension.class)
class DeclaredLengthIT {

    private static final byte[] MP4_START = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyAndAShortBodyIsNeverKept() throws Exception {
        long limit = Long.parseLong(TestStack.env("CLIPS_UPLOAD_MAX_BYTES"));
        var token = TestStack.userToken("declared-length user");
        long assets = TestStack.count("select count(*) from asset");
        var staged = TestStack.keys("tmp/"); // others' may go meanwhile (the janitor): none may be added

        var bare = exchange(token, "video/mp4", limit * 100, MP4_START, false);
        assertThat(bare).startsWith("HTTP/1.1 413").contains("/problems/upload-too-large");

        var form = exchange(token, "multipart/form-data; boundary=x", limit * 100, "--x\r\n".getBytes(), false);
        assertThat(form).startsWith("HTTP/1.1 413").contains("/problems/upload-too-large");

        var shortBody = new byte[64 * 1024];
        System.arraycopy(MP4_START, 0, shortBody, 0, MP4_START.length);
        var cut = exchange(token, "video/mp4", 200_000, shortBody, true);
        assertThat(cut).startsWith("HTTP/1.1 400").contains("/problems/upload-interrupted");

        assertThat(TestStack.count("select count(*) from asset")).isEqualTo(assets);
        assertThat(TestStack.keys("tmp/")).isSubsetOf(staged);
    }

    /** Sends the headers and {@code body} (then half-closes if {@code stop}), and reads the whole answer. */
    private static String exchange(String token, String contentType, long declared, byte[] body, boolean stop)
            throws IOException {
        var api = URI.create(TestStack.API);
        try (var socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(120_000);
            var out = socket.getOutputStream();
            out.write(("POST " + api.getPath() + "/assets HTTP/1.1\r\nHost: " + api.getHost() + ":" + api.getPort()
                            + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: " + contentType
                            + "\r\nContent-Length: " + declared + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            if (stop) {
                socket.shutdownOutput();
            }
            var answer = new ByteArrayOutputStream();
            var in = socket.getInputStream();
            var buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the server may reset the connection once it has answered; what arrived is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
