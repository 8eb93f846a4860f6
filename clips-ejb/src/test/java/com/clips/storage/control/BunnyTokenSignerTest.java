package com.clips.storage.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The vendor's own test vectors (bunny.net's token authentication repository, e2e/inputs.json and
 * e2e/vectors.json: key "SecurityKey", expires 1598024587, host token-tester.b-cdn.net).
 */
class BunnyTokenSignerTest {

    private static final BunnyTokenSigner SIGNER = new BunnyTokenSigner("SecurityKey");
    private static final Instant EXPIRES = Instant.ofEpochSecond(1598024587);

    @Test
    void thePlainVector() {
        assertThat(SIGNER.sign(URI.create("https://token-tester.b-cdn.net/300kb.jpg"), EXPIRES))
                .hasToString("https://token-tester.b-cdn.net/300kb.jpg"
                        + "?token=HS256-o10JRWlsAItyAsdKS6jJKjabHN4FrFsplDHPV1idcX4&expires=1598024587");
    }

    @Test
    void thePathOnlyVector() {
        assertThat(SIGNER.sign(URI.create("https://token-tester.b-cdn.net/abc/300kb.jpg"), "/abc", EXPIRES))
                .hasToString(
                        "https://token-tester.b-cdn.net/abc/300kb.jpg"
                                + "?token=HS256-uVZvT3SbEoVKYJyDJgbcsDmSFf73cv-uNUVaJiKWpbQ&token_path=%2Fabc&expires=1598024587");
    }

    @Test
    void aDirectoryTokenCarriesTheSameSignatureInThePath() {
        var url = SIGNER.signDirectory(URI.create("https://token-tester.b-cdn.net/abc/300kb.jpg"), "/abc", EXPIRES);
        assertThat(url)
                .hasToString(
                        "https://token-tester.b-cdn.net/bcdn_token=HS256-uVZvT3SbEoVKYJyDJgbcsDmSFf73cv-uNUVaJiKWpbQ"
                                + "&token_path=%2Fabc&expires=1598024587/abc/300kb.jpg");
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertThatThrownBy(() -> new BunnyTokenSigner("")).isInstanceOf(IllegalArgumentException.class);
    }
}
