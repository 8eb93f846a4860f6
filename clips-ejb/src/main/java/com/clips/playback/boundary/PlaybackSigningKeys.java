package com.clips.playback.boundary;

import com.clips.platform.ProblemException;
import com.clips.playback.entity.SigningKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.PrivateKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's playback signing keys (Mux's model): made here, the private key returned once (PEM
 * and JWK) and never stored; the public keys form the tenant's JWK Set. Runs in the caller's scope.
 */
@Stateless
public class PlaybackSigningKeys {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    SigningKeyCache cache;

    /** A key as listed: never its private part. */
    public record KeyInfo(String id, String algorithm, Instant createdAt) {
        static KeyInfo of(SigningKey k) {
            return new KeyInfo(k.keyId(), k.algorithm(), k.createdAt());
        }
    }

    /** A new key: the only time the private key is seen. */
    public record CreatedKey(KeyInfo key, String privateKeyPem, String privateJwk) {}

    public CreatedKey create(String algorithm) {
        var keyId = UUID.randomUUID().toString().replace("-", "");
        JWK jwk;
        PrivateKey privateKey;
        try {
            if (algorithm.equals("ES256")) {
                var ec = new ECKeyGenerator(Curve.P_256)
                        .keyID(keyId)
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.ES256)
                        .generate();
                jwk = ec;
                privateKey = ec.toPrivateKey();
            } else if (algorithm.equals("RS256")) {
                var rsa = new RSAKeyGenerator(2048)
                        .keyID(keyId)
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.RS256)
                        .generate();
                jwk = rsa;
                privateKey = rsa.toPrivateKey();
            } else {
                throw new IllegalArgumentException(algorithm);
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("key generation failed", e);
        }
        var key = new SigningKey(keyId, algorithm, jwk.toPublicJWK().toJSONString());
        em.persist(key);
        var pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(privateKey.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new CreatedKey(KeyInfo.of(key), pem, jwk.toJSONString());
    }

    public List<KeyInfo> list() {
        return em.createNamedQuery(SigningKey.ALL, SigningKey.class)
                .getResultStream()
                .map(KeyInfo::of)
                .toList();
    }

    /** The tenant's public keys as a JWK Set (what a gateway or the tenant's own backend verifies with). */
    public String jwks() {
        var keys = em.createNamedQuery(SigningKey.ALL, SigningKey.class)
                .getResultStream()
                .map(k -> {
                    try {
                        return JWK.parse(k.publicJwk());
                    } catch (ParseException e) {
                        throw new IllegalStateException("stored JWK does not parse", e);
                    }
                })
                .toList();
        return new JWKSet(keys).toString(true);
    }

    /**
     * Deleting a key refuses every token it signed: at once on this node, and on the others once
     * their cached copy expires ({@code clips.playback.key-cache}).
     */
    public void delete(String keyId) {
        var key = em.createNamedQuery(SigningKey.BY_KEY_ID, SigningKey.class)
                .setParameter("keyId", keyId)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Signing key " + keyId));
        em.remove(key);
        cache.forget(keyId);
    }
}
