package com.clips.storage.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Where a client fetches a stored object: a short-lived presigned GET on the bucket, or the
 * configured CDN base URL in front of it (clips.cdn.base-url). Downloads are always presigned, so
 * the browser saves them under the asset's own file name. Direct uploads get their presigned PUTs here.
 */
@ApplicationScoped
public class Delivery {

    @Inject
    StorageSettings settings;

    @Inject
    @ConfigProperty(name = "clips.delivery.url-ttl", defaultValue = "PT15M")
    Duration ttl;

    @Inject
    @ConfigProperty(name = "clips.cdn.base-url")
    Optional<String> cdnBase;

    /** How CDN URLs are signed: {@code none} (a public pull zone), {@code bunny-token} or {@code cloudfront}. */
    @Inject
    @ConfigProperty(name = "clips.cdn.signer", defaultValue = "none")
    String cdnSigner;

    @Inject
    @ConfigProperty(name = "clips.cdn.bunny.security-key")
    Optional<String> bunnyKey;

    /** The id CloudFront gave the public key (a key group trusted by the distribution). */
    @Inject
    @ConfigProperty(name = "clips.cdn.cloudfront.key-pair-id")
    Optional<String> cloudFrontKeyPairId;

    /** The PEM file of that key pair's private key. */
    @Inject
    @ConfigProperty(name = "clips.cdn.cloudfront.private-key-file")
    Optional<String> cloudFrontPrivateKey;

    private S3Presigner presigner;
    private UrlSigner signer;

    @PostConstruct
    void connect() {
        var builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(settings.credentials())
                .serviceConfiguration(settings.s3Configuration());
        settings.endpoint().ifPresent(builder::endpointOverride);
        presigner = builder.build();
        signer = signer(cdnSigner, cdnBase.isPresent(), bunnyKey, cloudFrontKeyPairId, cloudFrontPrivateKey);
    }

    /** The signer {@code clips.cdn.signer} names; none for a public pull zone. */
    static UrlSigner signer(
            String name,
            boolean cdn,
            Optional<String> bunnyKey,
            Optional<String> cloudFrontKeyPairId,
            Optional<String> cloudFrontPrivateKey) {
        if (!cdn && !name.equals("none")) {
            throw new IllegalStateException("clips.cdn.signer " + name + " signs CDN URLs: set clips.cdn.base-url");
        }
        return switch (name) {
            case "none" -> null;
            case "bunny-token" -> new BunnyTokenSigner(bunnyKey.orElse(""));
            case "cloudfront" ->
                new CloudFrontSigner(
                        cloudFrontKeyPairId.orElse(""),
                        Path.of(cloudFrontPrivateKey.orElseThrow(() ->
                                new IllegalArgumentException("clips.cdn.cloudfront.private-key-file is not set"))));
            default ->
                throw new IllegalStateException(
                        "clips.cdn.signer: none, bunny-token or cloudfront (with clips.cdn.base-url)");
        };
    }

    @PreDestroy
    void close() {
        presigner.close();
    }

    /** How long a presigned URL stays valid. */
    public Duration ttl() {
        return ttl;
    }

    /** A URL to read the object inline (playback, images). */
    public URI read(String key) {
        return read(key, ttl);
    }

    /** The same, valid for at least {@code validFor} (a playlist's segments: the clip's length and a margin). */
    public URI read(String key, Duration validFor) {
        var lifetime = validFor.compareTo(ttl) > 0 ? validFor : ttl;
        if (cdnBase.isPresent()) {
            var url = URI.create(cdnBase.get().replaceAll("/+$", "") + "/" + key);
            return signer == null
                    ? url
                    : signer.sign(url, java.time.Instant.now().plus(lifetime));
        }
        return presign(key, null, null, lifetime);
    }

    /**
     * A URL to read an original inline: storage answers with {@code contentType} (what Clips sniffed
     * from the bytes), never the Content-Type the uploader's PUT gave the object.
     */
    public URI readAs(String key, String contentType) {
        return presign(key, null, contentType, ttl);
    }

    /** A URL that makes browsers save the object as {@code fileName}, served as {@code contentType}. */
    public URI download(String key, String fileName, String contentType) {
        var ascii = fileName.replaceAll("[^A-Za-z0-9._ -]", "_");
        var disposition = "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return presign(key, disposition, contentType, ttl);
    }

    /**
     * A URL the client PUTs a whole file to, valid for {@code validFor}. The length is part of the
     * signature, so storage refuses a body of any other size.
     */
    public URI upload(String key, long sizeBytes, Duration validFor) {
        var request = presigner.presignPutObject(p -> p.signatureDuration(validFor)
                .putObjectRequest(o -> o.bucket(settings.bucket()).key(key).contentLength(sizeBytes)));
        return URI.create(request.url().toString());
    }

    /** A URL for one part of a multipart upload, its length signed like {@link #upload}'s. */
    public URI uploadPart(String key, String uploadId, int partNumber, long sizeBytes, Duration validFor) {
        var request = presigner.presignUploadPart(p -> p.signatureDuration(validFor)
                .uploadPartRequest(u -> u.bucket(settings.bucket())
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(partNumber)
                        .contentLength(sizeBytes)));
        return URI.create(request.url().toString());
    }

    private URI presign(String key, String disposition, String contentType, Duration validFor) {
        var request =
                presigner.presignGetObject(p -> p.signatureDuration(validFor).getObjectRequest(g -> {
                    g.bucket(settings.bucket()).key(key);
                    if (disposition != null) {
                        g.responseContentDisposition(disposition);
                    }
                    if (contentType != null) {
                        g.responseContentType(contentType);
                    }
                }));
        return URI.create(request.url().toString());
    }
}
