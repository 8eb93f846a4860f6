package com.clips.storage.control;

import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.model.CannedSignerRequest;

/**
 * Amazon CloudFront signed URLs with a canned policy (the URL until an expiry time), made by the
 * AWS SDK's {@link CloudFrontUtilities} with the private key of a key pair in one of the
 * distribution's trusted key groups: {@code ?Expires=…&Signature=…&Key-Pair-Id=…}.
 */
public final class CloudFrontSigner implements UrlSigner {

    private static final CloudFrontUtilities CLOUDFRONT = CloudFrontUtilities.create();

    private final String keyPairId;
    private final PrivateKey privateKey;

    /** With the public key's id in CloudFront and the private key's PEM file. */
    public CloudFrontSigner(String keyPairId, Path privateKeyPem) {
        if (keyPairId == null || keyPairId.isBlank()) {
            throw new IllegalArgumentException("clips.cdn.cloudfront.key-pair-id is empty");
        }
        this.keyPairId = keyPairId.strip();
        try {
            this.privateKey = CannedSignerRequest.builder()
                    .resourceUrl("https://probe.invalid/")
                    .privateKey(privateKeyPem)
                    .keyPairId(this.keyPairId)
                    .expirationDate(Instant.EPOCH)
                    .build()
                    .privateKey();
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "clips.cdn.cloudfront.private-key-file: not a readable PEM private key", e);
        }
    }

    @Override
    public URI sign(URI url, Instant expires) {
        var signed = CLOUDFRONT.getSignedUrlWithCannedPolicy(CannedSignerRequest.builder()
                .resourceUrl(url.toString())
                .privateKey(privateKey)
                .keyPairId(keyPairId)
                .expirationDate(expires)
                .build());
        return URI.create(signed.url());
    }
}
