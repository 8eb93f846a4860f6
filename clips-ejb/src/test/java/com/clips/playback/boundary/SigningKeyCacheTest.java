package com.clips.playback.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SigningKeyCacheTest {

    private final SigningKeyCache cache = new SigningKeyCache();
    private final List<String> loads = new ArrayList<>();
    private PlaybackLookup.Key stored;

    @BeforeEach
    void key() throws Exception {
        var jwk = new ECKeyGenerator(Curve.P_256)
                .keyID("k1")
                .algorithm(JWSAlgorithm.ES256)
                .generate();
        stored = new PlaybackLookup.Key("tenant-a", "ES256", jwk.toPublicJWK().toJSONString());
        cache.lifetime = Duration.ofSeconds(30);
        at(Instant.parse("2026-12-02T10:00:00Z"));
    }

    private void at(Instant now) {
        cache.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

    private Optional<PlaybackLookup.Key> load(String keyId) {
        loads.add(keyId);
        return keyId.equals("k1") && stored != null ? Optional.of(stored) : Optional.empty();
    }

    @Test
    void aKeyIsLookedUpOnceWithinItsLifetimeAndAgainAfter() throws Exception {
        var first = cache.get("k1", this::load).orElseThrow();
        var second = cache.get("k1", this::load).orElseThrow();
        assertThat(second).isSameAs(first);
        assertThat(first.key().tenantId()).isEqualTo("tenant-a");
        assertThat(loads).containsExactly("k1");

        at(Instant.parse("2026-12-02T10:00:30Z"));
        cache.get("k1", this::load);
        assertThat(loads).containsExactly("k1", "k1");
    }

    @Test
    void aForgottenKeyIsLookedUpAgainAndAGoneKeyIsRefused() throws Exception {
        cache.get("k1", this::load);
        stored = null; // deleted
        cache.forget("k1");
        assertThat(cache.get("k1", this::load)).isEmpty();
        assertThat(loads).containsExactly("k1", "k1");
    }

    @Test
    void anUnknownKeyIsNotKeptSoAKeyMadeLaterWorksAtOnce() throws Exception {
        assertThat(cache.get("k2", this::load)).isEmpty();
        assertThat(cache.get("k2", this::load)).isEmpty();
        assertThat(loads).containsExactly("k2", "k2");
    }

    @Test
    void aLifetimeOfZeroKeepsNothing() throws Exception {
        cache.lifetime = Duration.ZERO;
        cache.get("k1", this::load);
        cache.get("k1", this::load);
        assertThat(loads).containsExactly("k1", "k1");
    }
}
