package com.clips.playback.boundary;

import com.clips.assets.entity.PlaybackId;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.TenantScope;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Verifies playback tokens (Nimbus JOSE+JWT): a JWS signed RS256 or ES256 by one of a tenant's
 * playback signing keys, named by its {@code kid}; {@code sub} a signed playback ID of that
 * tenant; {@code aud} the kind of thing it plays (Mux's {@code v}, {@code t}, {@code s}, {@code g},
 * one or several); {@code exp} in the future. An optional {@code referrers} claim lists the sites
 * (host names, {@code *.example.com} for subdomains) whose pages may use it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PlaybackTokens {

    private static final Duration LEEWAY = Duration.ofSeconds(30);

    @EJB
    PlaybackLookup lookup;

    @Inject
    SigningKeyCache keys;

    public PublicPlayback.Access verify(String token, PublicPlayback.Audience audience, String referrer) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw invalid("it is not a signed JWT");
        }
        var header = jwt.getHeader();
        var algorithm = header.getAlgorithm();
        if (!JWSAlgorithm.RS256.equals(algorithm) && !JWSAlgorithm.ES256.equals(algorithm)) {
            throw invalid("only RS256 and ES256 are accepted");
        }
        if (header.getKeyID() == null) {
            throw invalid("it names no kid");
        }
        SigningKeyCache.Verified verified;
        try {
            verified = keys.get(header.getKeyID(), keyId -> TenantScope.system(() -> lookup.key(keyId)))
                    .orElseThrow(() -> invalid("no signing key has that kid"));
        } catch (JOSEException e) {
            throw invalid("its signature cannot be checked");
        }
        var key = verified.key();
        if (!key.algorithm().equals(algorithm.getName())) {
            throw invalid("the key is " + key.algorithm());
        }
        try {
            if (!jwt.verify(verified.verifier())) {
                throw invalid("the signature does not match");
            }
            var claims = jwt.getJWTClaimsSet();
            var expires = claims.getExpirationTime();
            if (expires == null || expires.toInstant().plus(LEEWAY).isBefore(Instant.now())) {
                throw invalid("it has expired");
            }
            if (claims.getNotBeforeTime() != null
                    && claims.getNotBeforeTime().toInstant().minus(LEEWAY).isAfter(Instant.now())) {
                throw invalid("it is not valid yet");
            }
            var audiences = claims.getAudience();
            if (audiences == null
                    || audiences.stream()
                            .map(a -> a.toLowerCase(Locale.ROOT))
                            .noneMatch(a -> a.equals(audience.claim)
                                    || a.equals(audience.name().toLowerCase(Locale.ROOT)))) {
                throw invalid("it is not for " + audience.name().toLowerCase(Locale.ROOT));
            }
            var subject = claims.getSubject();
            if (subject == null || !PlaybackId.FORMAT.matcher(subject).matches()) {
                throw invalid("its subject is no playback ID");
            }
            // in the key's tenant: another tenant's playback ID is not found there
            var found = TenantScope.of(key.tenantId(), () -> lookup.find(subject))
                    .orElseThrow(() -> invalid("its subject is no playback ID of the key's tenant"));
            // a licence takes a token whatever the ID's policy: a public ID is public for its manifests only
            if (!found.signed() && audience != PublicPlayback.Audience.DRM) {
                throw invalid("its playback ID is public (play it by its ID)");
            }
            var referrers = claims.getStringListClaim("referrers");
            if (referrers != null && !allowed(referrers, referrer)) {
                throw new ProblemException(
                        ProblemType.PLAYBACK_RESTRICTED, "This playback token is not for pages on this site.");
            }
            return new PublicPlayback.Access(subject, key.tenantId());
        } catch (ParseException e) {
            throw invalid("its claims cannot be read");
        } catch (JOSEException e) {
            throw invalid("its signature cannot be checked");
        }
    }

    static boolean allowed(List<String> referrers, String referrer) {
        if (referrer == null) {
            return false;
        }
        String host;
        try {
            host = URI.create(referrer).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        var lower = host.toLowerCase(Locale.ROOT);
        return referrers.stream()
                .map(r -> r.toLowerCase(Locale.ROOT))
                .anyMatch(r -> r.startsWith("*.") ? lower.endsWith(r.substring(1)) : lower.equals(r));
    }

    private static ProblemException invalid(String why) {
        return new ProblemException(
                ProblemType.INVALID_PLAYBACK_TOKEN, "The playback token is not valid: " + why + ".");
    }
}
