package com.clips.playback.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The EME ClearKey licence request as a browser's CDM sends it, and what is refused with the reason. */
class ClearKeyRequestTest {

    @Test
    void aCdmsRequestNamesItsKeyIdsInBase64Url() {
        // what Chromium's ClearKey CDM sends for key ID 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9
        var ids = PlaybackResource.ClearKeyRequest.keyIds(
                "{\"kids\":[\"ChssPU5fYHGCk6S1xtfo-Q\"],\"type\":\"temporary\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(ids).containsExactly(UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"));
    }

    @Test
    void anythingElseIsAnInvalidLicenceRequestSayingWhy() {
        refused("", "The body must be one JSON object with kids.");
        refused("[1]", "The body must be one JSON object with kids.");
        refused("{\"kids\":[\"ChssPU5fYHGCk6S1xtfo-Q\"]} {}", "The body must be one JSON object with kids.");
        refused("{\"kids\":", "The body must be one JSON object with kids.");
        refused("{\"type\":\"temporary\"}", "kids must be an array of 1 to 16 key IDs.");
        refused("{\"kids\":[]}", "kids must be an array of 1 to 16 key IDs.");
        refused("{\"kids\":\"ChssPU5fYHGCk6S1xtfo-Q\"}", "kids must be an array of 1 to 16 key IDs.");
        refused("{\"kids\":[7]}", "Each of kids must be a string: a key ID in base64url.");
        refused("{\"kids\":[\"%%%\"]}", "Each of kids must be a key ID in base64url.");
        refused("{\"kids\":[\"AAEC\"]}", "Each of kids must be a key ID of 16 bytes.");
        refused(
                "{\"kids\":[" + "\"ChssPU5fYHGCk6S1xtfo-Q\",".repeat(16) + "\"ChssPU5fYHGCk6S1xtfo-Q\"]}",
                "kids must be an array of 1 to 16 key IDs.");
    }

    private static void refused(String body, String detail) {
        assertThatThrownBy(() -> PlaybackResource.ClearKeyRequest.keyIds(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_LICENCE_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(detail);
                });
    }
}
