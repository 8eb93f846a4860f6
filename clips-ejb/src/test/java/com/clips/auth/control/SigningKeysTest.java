package com.clips.auth.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void theFirstKeyIsMadeOnceAndPublishedAsTheOnlyAcceptedOne() throws Exception {
        var settings = SigningKeys.ensure(dir);
        var privateKey = Files.readString(dir.resolve("jwt-private.pem"));

        assertThat(settings.keyId()).isEqualTo("clips-1");
        assertThat(settings.privateKey()).isEqualTo(dir.resolve("jwt-private.pem"));
        assertThat(settings.verificationSet()).isEqualTo(dir.resolve("jwks.json"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("jwt-private.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(kids()).containsExactly("clips-1");
        assertThat(SigningKeys.ensure(dir).keyId()).isEqualTo("clips-1");
        assertThat(Files.readString(dir.resolve("jwt-private.pem"))).isEqualTo(privateKey);
    }

    @Test
    void aRotationSignsWithTheNextKidAndKeepsThePreviousKeysAccepted() throws Exception {
        SigningKeys.ensure(dir);
        var first = publicKey("clips-1");

        var settings = SigningKeys.rotate(dir);

        assertThat(settings.keyId()).isEqualTo("clips-2");
        assertThat(Files.readString(dir.resolve("jwt-kid")).strip()).isEqualTo("clips-2");
        assertThat(kids()).containsExactly("clips-1", "clips-2");
        assertThat(publicKey("clips-1").getModulus()).isEqualTo(first.getModulus());
        // the published clips-2 is the public half of the new private key
        assertThat(publicKey("clips-2").toRSAPublicKey())
                .isEqualTo(SigningKeys.readPublicKey(dir.resolve("jwt-public.pem")));
        assertThat(JWKSet.load(dir.resolve("jwks.json").toFile()).getKeys()).noneMatch(k -> k.isPrivate());
    }

    @Test
    void retiringKeepsOnlyTheCurrentKey() throws Exception {
        SigningKeys.ensure(dir);
        SigningKeys.rotate(dir);
        SigningKeys.rotate(dir);

        var settings = SigningKeys.retire(dir);

        assertThat(settings.keyId()).isEqualTo("clips-3");
        assertThat(kids()).containsExactly("clips-3");
        assertThat(SigningKeys.acceptedKids(dir)).containsExactly("clips-3");
    }

    @Test
    void kidsAreOrderedByNumberNotByName() throws Exception {
        SigningKeys.ensure(dir);
        for (int i = 0; i < 9; i++) {
            SigningKeys.rotate(dir);
        }
        assertThat(kids()).endsWith("clips-9", "clips-10");
    }

    @Test
    void aDataDirectoryFromBeforeTheKeySetGetsItsKeyListedUnderItsKid() throws Exception {
        SigningKeys.ensure(dir);
        var key = publicKey("clips-1");
        Files.delete(dir.resolve("jwks.d").resolve("clips-1.json"));
        Files.delete(dir.resolve("jwks.json"));

        SigningKeys.ensure(dir);

        assertThat(kids()).containsExactly("clips-1");
        assertThat(publicKey("clips-1").getModulus()).isEqualTo(key.getModulus());
    }

    @Test
    void theExportsQuoteValuesForTheShell() {
        var exports = new SigningKeys.Settings(
                        Path.of("/data/it's/keys/jwt-private.pem"), "clips-1", Path.of("/k.json"))
                .exports();
        assertThat(exports)
                .containsExactly(
                        "export CLIPS_JWT_PRIVATE_KEY_LOCATION='/data/it'\\''s/keys/jwt-private.pem'",
                        "export CLIPS_JWT_KEY_ID='clips-1'",
                        "export MP_JWT_VERIFY_PUBLICKEY_LOCATION='file:/k.json'");
    }

    private java.util.List<String> kids() throws Exception {
        return JWKSet.load(dir.resolve("jwks.json").toFile()).getKeys().stream()
                .map(k -> k.getKeyID())
                .toList();
    }

    private RSAKey publicKey(String kid) throws Exception {
        return (RSAKey) JWKSet.load(dir.resolve("jwks.json").toFile()).getKeyByKeyId(kid);
    }
}
