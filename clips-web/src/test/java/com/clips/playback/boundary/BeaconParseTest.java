package com.clips.playback.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.analytics.entity.EventType;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a player's beacon may say, and that anything else is one problem type. */
class BeaconParseTest {

    private static final String SESSION = "\"session\":\"0123456789abcdef0123456789abcdef\"";

    private static Playback.Beacon parse(String json) {
        return PlaybackResource.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachKindBecomesItsEventTypeAndARebufferKeepsItsLengthInMilliseconds() {
        assertThat(parse("{" + SESSION + ",\"kind\":\"play\",\"position\":0}"))
                .isEqualTo(new Playback.Beacon(EventType.VIEW, "0123456789abcdef0123456789abcdef", 0));
        assertThat(parse("{" + SESSION + ",\"kind\":\"progress\",\"quartile\":25,\"position\":1}")
                        .type())
                .isEqualTo(EventType.PROGRESS_25);
        assertThat(parse("{" + SESSION + ",\"kind\":\"progress\",\"quartile\":1E+2,\"position\":4}")
                        .type())
                .isEqualTo(EventType.PROGRESS_100);
        assertThat(parse("{" + SESSION + ",\"kind\":\"rebuffer\",\"duration\":1.2345,\"position\":3.5}"))
                .isEqualTo(new Playback.Beacon(EventType.REBUFFER, "0123456789abcdef0123456789abcdef", 1234));
        assertThat(parse("{" + SESSION + ",\"kind\":\"rebuffer\",\"duration\":0.0001,\"position\":3.5}")
                        .millis())
                .isEqualTo(1);
        assertThat(parse("{" + SESSION + ",\"kind\":\"switch\",\"rendition\":\"1080p\",\"position\":9}")
                        .type())
                .isEqualTo(EventType.RENDITION_SWITCH);
    }

    @Test
    void anythingElseIsAnInvalidBeacon() {
        for (var body : new String[] {
            "",
            "null",
            "[{}]",
            "{" + SESSION + ",\"kind\":\"PLAY\",\"position\":0}",
            "{" + SESSION + ",\"kind\":\"progress\",\"quartile\":25.5,\"position\":0}",
            "{" + SESSION + ",\"kind\":\"progress\",\"quartile\":0,\"position\":0}",
            "{" + SESSION + ",\"kind\":\"rebuffer\",\"duration\":-1,\"position\":0}",
            "{" + SESSION + ",\"kind\":\"rebuffer\",\"position\":0}",
            "{" + SESSION + ",\"kind\":\"switch\",\"rendition\":\"hd\",\"position\":0}",
            "{" + SESSION + ",\"kind\":\"switch\",\"rendition\":\"720p\",\"quartile\":25,\"position\":0}",
            "{" + SESSION + ",\"kind\":\"play\",\"position\":864000.001}",
            "{" + SESSION + ",\"kind\":\"play\",\"position\":1e999999999}",
            "{" + SESSION + ",\"kind\":\"play\",\"position\":true}",
            "{" + SESSION + ",\"kind\":\"play\",\"position\":0,\"extra\":null}",
            "{\"session\":\"0123456789abcdef0123456789abcde\\u0000\",\"kind\":\"play\",\"position\":0}",
            "{\"session\":\"" + "a".repeat(65) + "\",\"kind\":\"play\",\"position\":0}",
            "{\"session\":16,\"kind\":\"play\",\"position\":0}",
            "{" + SESSION + ",\"kind\":\"play\",\"position\":0}]",
            "\u0000"
        }) {
            assertThatThrownBy(() -> parse(body))
                    .as(body)
                    .isInstanceOfSatisfying(
                            ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_BEACON));
        }
    }
}
