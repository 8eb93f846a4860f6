package com.clips.uploads.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationSignatureTest {

    private static final byte[] BODY = "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final NotificationSignature signature = new NotificationSignature("s3cr3t", Duration.ofMinutes(5));

    @Test
    void acceptsItsOwnSignatureWithinTheTolerance() {
        var header = signature.sign(BODY, NOW.minusSeconds(299));
        assertDoesNotThrow(() -> signature.verify(header, BODY, NOW));
    }

    @Test
    void refusesAnotherSecretATamperedBodyAndAnOldTimestamp() {
        var other = new NotificationSignature("other", Duration.ofMinutes(5)).sign(BODY, NOW);
        assertThrows(NotificationSignature.Invalid.class, () -> signature.verify(other, BODY, NOW));

        var header = signature.sign(BODY, NOW);
        var tampered = "{\"Records\":[1]}".getBytes(StandardCharsets.UTF_8);
        assertThrows(NotificationSignature.Invalid.class, () -> signature.verify(header, tampered, NOW));

        var old = signature.sign(BODY, NOW.minusSeconds(301));
        var e = assertThrows(NotificationSignature.Invalid.class, () -> signature.verify(old, BODY, NOW));
        assertTrue(e.getMessage().contains("300 s"), e.getMessage());
    }

    @Test
    void refusesAReplayedSignatureWithANewTimestamp() {
        var header = signature.sign(BODY, NOW.minusSeconds(600));
        var v1 = header.substring(header.indexOf("v1="));
        var moved = "t=" + NOW.getEpochSecond() + "," + v1;
        assertThrows(NotificationSignature.Invalid.class, () -> signature.verify(moved, BODY, NOW));
    }

    @Test
    void refusesMissingAndMalformedHeaders() {
        for (var header : new String[] {null, "", "v1=abcd", "t=1", "t=x,v1=00", "t=1,v1=zz", "garbage"}) {
            assertThrows(NotificationSignature.Invalid.class, () -> signature.verify(header, BODY, NOW), header);
        }
    }
}
