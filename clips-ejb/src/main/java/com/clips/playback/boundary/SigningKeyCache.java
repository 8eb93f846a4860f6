package com.clips.playback.boundary;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The signing keys that playback tokens name, with their verifiers, kept for
 * {@code clips.playback.key-cache} (30 s by default) so a token costs no lookup of its key. Only
 * keys that exist are kept (a new key works at once). A key deleted on this node is forgotten when
 * its deletion commits; another node refuses it once its copy expires.
 */
@ApplicationScoped
public class SigningKeyCache {

    /** A key and the verifier made from it. */
    public record Verified(PlaybackLookup.Key key, JWSVerifier verifier) {}

    private record Entry(Verified verified, Instant until) {}

    private final ConcurrentHashMap<String, Entry> keys = new ConcurrentHashMap<>();

    @Inject
    @ConfigProperty(name = "clips.playback.key-cache", defaultValue = "PT30S")
    Duration lifetime;

    @Resource
    TransactionSynchronizationRegistry transactions;

    Clock clock = Clock.systemUTC();

    /** The key of this id, from the cache or else {@code load}, with its verifier. */
    public Optional<Verified> get(String keyId, Function<String, Optional<PlaybackLookup.Key>> load)
            throws JOSEException {
        var now = clock.instant();
        var cached = keys.get(keyId);
        if (cached != null && cached.until().isAfter(now)) {
            return Optional.of(cached.verified());
        }
        var key = load.apply(keyId);
        if (key.isEmpty()) {
            keys.remove(keyId);
            return Optional.empty();
        }
        var verified = new Verified(key.get(), verifier(key.get()));
        if (!lifetime.isZero() && !lifetime.isNegative()) {
            keys.put(keyId, new Entry(verified, now.plus(lifetime)));
        }
        return Optional.of(verified);
    }

    /** Forgets the key once the running transaction ends (at once without one). */
    public void forget(String keyId) {
        keys.remove(keyId);
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            // a request between now and the commit may have read the key again: forget it after
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {}

                @Override
                public void afterCompletion(int status) {
                    keys.remove(keyId);
                }
            });
        }
    }

    static JWSVerifier verifier(PlaybackLookup.Key key) throws JOSEException {
        try {
            var jwk = JWK.parse(key.publicJwk());
            return key.algorithm().equals("ES256")
                    ? new ECDSAVerifier(jwk.toECKey())
                    : new RSASSAVerifier(jwk.toRSAKey());
        } catch (ParseException e) {
            throw new JOSEException("stored key does not parse", e);
        }
    }
}
