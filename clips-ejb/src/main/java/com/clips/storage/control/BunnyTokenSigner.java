package com.clips.storage.control;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * bunny.net token authentication (the pull zone's URL Token Authentication Key): an HMAC-SHA256
 * over {@code signaturePath + expires + sortedParameters}, base64url without padding and prefixed
 * {@code HS256-}, in the query ({@code ?token=…&expires=…}) or, for a directory token that every
 * file below {@code token_path} accepts, in the path ({@code /bcdn_token=…&token_path=…&expires=…/path}).
 * Checked against the vendor's published test vectors (BunnyTokenSignerTest).
 */
public final class BunnyTokenSigner implements UrlSigner {

    private final byte[] securityKey;

    public BunnyTokenSigner(String securityKey) {
        if (securityKey == null || securityKey.isEmpty()) {
            throw new IllegalArgumentException("the bunny.net security key is empty");
        }
        this.securityKey = securityKey.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code url} (no query) readable until {@code expires}, the token in the query. */
    @Override
    public URI sign(URI url, Instant expires) {
        long at = expires.getEpochSecond();
        var token = token(url.getRawPath() + at);
        return URI.create(origin(url) + url.getRawPath() + "?token=" + token + "&expires=" + at);
    }

    /**
     * {@code url} readable until {@code expires} with a directory token: the same token opens every
     * file under {@code directory} (an HLS rendition's playlist and segments).
     */
    public URI signDirectory(URI url, String directory, Instant expires) {
        long at = expires.getEpochSecond();
        var token = token(directory + at + "token_path=" + directory);
        return URI.create(origin(url) + "/bcdn_token=" + token + "&token_path="
                + URLEncoder.encode(directory, StandardCharsets.UTF_8) + "&expires=" + at + url.getRawPath());
    }

    /** With token_path (a query-token scope wider than the file). */
    public URI sign(URI url, String pathAllowed, Instant expires) {
        long at = expires.getEpochSecond();
        var token = token(pathAllowed + at + "token_path=" + pathAllowed);
        return URI.create(origin(url) + url.getRawPath() + "?token=" + token + "&token_path="
                + URLEncoder.encode(pathAllowed, StandardCharsets.UTF_8) + "&expires=" + at);
    }

    private String token(String message) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(securityKey, "HmacSHA256"));
            return "HS256-"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }
}
