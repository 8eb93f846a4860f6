package com.clips.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    // the Standard Webhooks specification's own example, which its reference library signs alike
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void signsTheSpecificationsExampleAsTheReferenceLibraryDoes() {
        assertThat(Signatures.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aRotationOverlapSendsBothSignaturesSpaceSeparated() {
        var other = WebhookSettings.newSecret();
        var header = Signatures.header(
                List.of(other, SECRET), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        assertThat(header.split(" ")).hasSize(2);
        assertThat(header).endsWith(" v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void secretsAreSealedAndOpenOnlyWithTheirKey() {
        var key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        var box = WebhookSettings.box(key);
        var secret = WebhookSettings.newSecret();
        assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
        var sealed = box.seal(secret);
        assertThat(sealed).startsWith("v1:").doesNotContain(secret.substring(6));
        assertThat(box.open(sealed)).isEqualTo(secret);
        var otherKey = new byte[32];
        otherKey[0] = 1;
        var other = WebhookSettings.box(java.util.Base64.getEncoder().encodeToString(otherKey));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.open(sealed))
                .isInstanceOf(IllegalStateException.class);
    }
}
