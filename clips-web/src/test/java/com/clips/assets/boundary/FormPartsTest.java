package com.clips.assets.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.james.mime4j.MimeIOException;
import org.junit.jupiter.api.Test;

class FormPartsTest {

    private static final String TYPE = "multipart/form-data; boundary=b0undary";

    private static FormParts parts(byte[] body) {
        return new FormParts(new ByteArrayInputStream(body), TYPE);
    }

    private static FormParts parts(String body) {
        return parts(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String field(String name, String value) {
        return "--b0undary\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    @Test
    void fieldsAndTheFileComeInOrderWithTheFileBytesUntouched() throws Exception {
        var file = new byte[300_000];
        new Random(7).nextBytes(file);
        // lines that look like a boundary but are not one belong to the file
        var tricky = "\r\n--b0undaryX\r\n--b0undar\r\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(tricky, 0, file, 1000, tricky.length);
        var body = new ByteArrayOutputStream();
        body.writeBytes(field("title", "Ace \u00e9").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n"
                        + "Content-Type: video/mp4\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(file);
        body.writeBytes("\r\n--b0undary--\r\n".getBytes(StandardCharsets.ISO_8859_1));
        var parts = parts(body.toByteArray());

        var title = parts.next();
        assertThat(title.name()).isEqualTo("title");
        assertThat(title.isFile()).isFalse();
        assertThat(new String(title.body().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("Ace \u00e9");
        var clip = parts.next();
        assertThat(clip.name()).isEqualTo("file");
        assertThat(clip.fileName()).isEqualTo("clip.mp4");
        assertThat(clip.body().readAllBytes()).isEqualTo(file);
        assertThat(parts.next()).isNull();
    }

    @Test
    void anUnreadPartIsSkippedAndRfc2231FileNamesAreDecoded() throws Exception {
        var parts = parts(field("title", "not read") + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename*=UTF-8''%C3%A9t%C3%A9.mp4\r\n\r\nxyz\r\n--b0undary--\r\n");

        assertThat(parts.next().name()).isEqualTo("title");
        var clip = parts.next();
        assertThat(clip.fileName()).isEqualTo("\u00e9t\u00e9.mp4");
        assertThat(new String(clip.body().readAllBytes(), StandardCharsets.ISO_8859_1))
                .isEqualTo("xyz");
    }

    @Test
    void aBodyCutBeforeItsClosingBoundaryIsNeverACompletePart() throws Exception {
        var parts = parts("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\r\n"
                + "only the first half of the fi");

        var clip = parts.next();
        // the resource answers this one malformed-multipart; a broken connection is a plain IOException
        assertThatThrownBy(() -> clip.body().readAllBytes()).isInstanceOf(MimeIOException.class);
    }

    @Test
    void aFormWithoutItsClosingBoundaryIsMalformed() throws Exception {
        var title = parts(field("title", "x")).next();

        assertThatThrownBy(() -> title.body().readAllBytes()).isInstanceOf(MimeIOException.class);
        assertThatThrownBy(() -> parts("").next()).isInstanceOf(FormParts.Malformed.class);
    }

    @Test
    void malformedHeadersAndPartsAreRefused() throws Exception {
        assertThatThrownBy(() -> parts("--b0undary\r\nNo colon here\r\n\r\nx\r\n--b0undary--\r\n")
                        .next())
                .isInstanceOf(FormParts.Malformed.class);
        assertThatThrownBy(() -> parts("--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0undary--\r\n")
                        .next())
                .isInstanceOf(FormParts.Malformed.class)
                .hasMessageContaining("no Content-Disposition");
        assertThatThrownBy(() -> parts("--b0undary\r\nContent-Disposition: attachment; name=\"file\"\r\n\r\nx\r\n"
                                + "--b0undary--\r\n")
                        .next())
                .isInstanceOf(FormParts.Malformed.class);
        assertThatThrownBy(() -> parts("--b0undary\r\nContent-Disposition: form-data; name=\"x\"\r\n"
                                + "Content-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\nContent-Disposition: form-data; "
                                + "name=\"y\"\r\n\r\nz\r\n--inner--\r\n\r\n--b0undary--\r\n")
                        .next())
                .isInstanceOf(FormParts.Malformed.class)
                .hasMessageContaining("multipart or a message itself");
        assertThatThrownBy(() -> parts("--b0undary\r\nContent-Disposition: form-data; name=\"x\"\r\n"
                                + "Content-Type: message/rfc822\r\n\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nz\r\n"
                                + "--b0undary--\r\n")
                        .next())
                .isInstanceOf(FormParts.Malformed.class)
                .hasMessageContaining("multipart or a message itself");
        var longHeader = "--b0undary\r\nContent-Disposition: form-data; name=\"title\"\r\nX-Pad: " + "a".repeat(10_000)
                + "\r\n\r\nx\r\n--b0undary--\r\n";
        assertThatThrownBy(() -> parts(longHeader).next()).isInstanceOf(FormParts.Malformed.class);
    }
}
