package com.clips.auth.control;

import com.clips.identity.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs RS256 access tokens (Nimbus JOSE+JWT) with the key MicroProfile JWT verifies against:
 * issuer, audience, subject, tenant, groups, jti, expiry.
 */
@ApplicationScoped
public class TokenSigner {

    @Inject
    @ConfigProperty(name = "clips.jwt.private-key-location")
    String privateKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "clips")
    String issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences", defaultValue = "clips-api")
    String audience;

    @Inject
    @ConfigProperty(name = "clips.jwt.lifetime", defaultValue = "PT1H")
    Duration lifetime;

    @Inject
    @ConfigProperty(name = "clips.jwt.key-id", defaultValue = "clips-1")
    String keyId;

    private RSASSASigner signer;
    private String publicJwks;

    public record Token(String value, Duration lifetime) {}

    /** What MicroProfile JWT verifies with: one PEM key, or a JWK Set of every key still accepted. */
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> verificationKeysLocation;

    @PostConstruct
    void loadKey() {
        var key = readPkcs8(Path.of(privateKeyLocation));
        signer = new RSASSASigner(key);
        var own = new RSAKey.Builder(publicKeyOf(key))
                .keyID(keyId)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .build();
        publicJwks = verificationKeys(own).toString(true);
    }

    /**
     * Key rotation without downtime: verification takes a JWK Set (this key and the ones being
     * retired, by kid), so tokens of the previous key stay valid while nodes switch to a new one.
     * The set must hold this node's signing key under its kid, or every token it signs would be
     * refused: then the node does not start.
     */
    private JWKSet verificationKeys(RSAKey own) {
        var location =
                verificationKeysLocation.map(l -> l.replaceFirst("^file:", "")).orElse(null);
        String text;
        try {
            text = location == null ? "" : Files.readString(Path.of(location)).strip();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            text = ""; // not a local file (a classpath or remote location): published as the signing key alone
        }
        if (!text.startsWith("{")) {
            return new JWKSet(own);
        }
        JWKSet set;
        try {
            set = JWKSet.parse(text).toPublicJWKSet();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("the verification keys at " + location + " are not a JWK Set", e);
        }
        var listed = set.getKeyByKeyId(keyId);
        if (!(listed instanceof RSAKey rsa)
                || !rsa.getModulus().equals(own.getModulus())
                || !rsa.getPublicExponent().equals(own.getPublicExponent())) {
            throw new IllegalStateException("the verification keys at " + location + " do not hold this node's "
                    + "signing key under kid " + keyId + ": the tokens it signs would be refused");
        }
        return set;
    }

    /** The verification keys as a JWK Set (RFC 7517): public parts only, with the kids tokens carry. */
    public String publicJwks() {
        return publicJwks;
    }

    private static RSAPublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("the token signing key has no public exponent (not a CRT RSA key)");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claim carrying a client's own API calls per hour, when it has one. */
    public static final String RATE_LIMIT_CLAIM = "rate_limit";

    /** {@code rateLimitPerHour}: the client's own API budget, or null for the configured one. */
    public Token sign(String subject, String tenant, Set<Role> roles, Integer rateLimitPerHour) {
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .claim(RATE_LIMIT_CLAIM, rateLimitPerHour)
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim("upn", subject)
                .claim("tenant", tenant)
                .claim("groups", roles.stream().map(Role::group).sorted().toList())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(keyId)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
        return new Token(jwt.serialize(), lifetime);
    }

    static PrivateKey readPkcs8(Path pem) {
        try {
            var base64 = Files.readString(pem)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token signing key " + pem, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the token signing key " + pem + " is not a PKCS#8 RSA key", e);
        }
    }
}
