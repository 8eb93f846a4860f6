package com.clips.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 adapter. One fault-tolerance policy covers every call: a 30 s timeout, up to three
 * retries of transient failures only (throttling, 5xx, I/O), and a circuit breaker that stops
 * calling storage while most recent calls failed. Whole-file transfers get a longer timeout and
 * the readiness probe a shorter one with no retry. Request streams, which cannot be replayed, are
 * {@link ObjectStreams}', outside this policy.
 */
@ApplicationScoped
@Interceptors(StorageCallMeter.class)
@Timeout(value = 30, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
@CircuitBreaker(
        requestVolumeThreshold = 10,
        failureRatio = 0.6,
        delay = 10,
        delayUnit = ChronoUnit.SECONDS,
        failOn = TransientStorageException.class)
public class ObjectStorage {

    @Inject
    StorageSettings settings;

    @Inject
    ObjectStreams streams;

    @Inject
    S3Client s3;

    public String bucket() {
        return settings.bucket();
    }

    /** Size and time of an object, or empty if there is none. */
    public Optional<ObjectInfo> head(String key) {
        return transientAware(() -> {
            try {
                var head = s3.headObject(b -> b.bucket(bucket()).key(key));
                return Optional.of(new ObjectInfo(head.contentLength(), head.lastModified()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Size and time of a stored object or part. */
    public record ObjectInfo(long sizeBytes, Instant lastModified) {}

    /** A part of an open multipart upload as storage has it. */
    public record UploadedPart(int partNumber, String eTag, long sizeBytes, Instant lastModified) {}

    /** A multipart upload storage still holds open. */
    public record OpenUpload(String key, String uploadId, Instant initiated) {}

    /** Reads a small object (at most {@code into.length} bytes) into a buffer; returns how many bytes. */
    public int readInto(String key, byte[] into) {
        return transientAware(() -> {
            try (var in = s3.getObject(b -> b.bucket(bucket()).key(key))) {
                int n = in.readNBytes(into, 0, into.length);
                if (in.read() >= 0) {
                    throw new IllegalStateException(key + " is larger than " + into.length + " bytes");
                }
                return n;
            } catch (IOException e) {
                throw new TransientStorageException(e);
            }
        });
    }

    public void putBytes(String key, byte[] bytes, int length) {
        transientAware(() -> s3.putObject(
                b -> b.bucket(bucket()).key(key),
                RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length)));
    }

    public String startMultipart(String key) {
        return transientAware(
                () -> s3.createMultipartUpload(b -> b.bucket(bucket()).key(key)).uploadId());
    }

    /** Sends one part; a part sent again under the same number replaces the earlier one. */
    public String uploadPart(String key, String uploadId, int partNumber, byte[] bytes, int length) {
        return transientAware(() -> s3.uploadPart(
                        b -> b.bucket(bucket()).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length))
                .eTag());
    }

    public List<UploadedPart> listParts(String key, String uploadId) {
        return transientAware(
                () -> s3.listPartsPaginator(b -> b.bucket(bucket()).key(key).uploadId(uploadId)).parts().stream()
                        .map(p -> new UploadedPart(p.partNumber(), p.eTag(), p.size(), p.lastModified()))
                        .sorted(Comparator.comparingInt(UploadedPart::partNumber))
                        .toList());
    }

    /** Assembles the object from its parts, in part-number order. */
    public void completeMultipart(String key, String uploadId, List<UploadedPart> parts) {
        var completed = parts.stream()
                .map(p -> CompletedPart.builder()
                        .partNumber(p.partNumber())
                        .eTag(p.eTag())
                        .build())
                .toList();
        transientAware(() -> s3.completeMultipartUpload(
                b -> b.bucket(bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(completed))));
    }

    /** Drops an open multipart upload and its parts; one that is already gone is fine. */
    public void abortMultipart(String key, String uploadId) {
        transientAware(() -> {
            try {
                return s3.abortMultipartUpload(b -> b.bucket(bucket()).key(key).uploadId(uploadId));
            } catch (NoSuchUploadException e) {
                return null;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return null;
                }
                throw e;
            }
        });
    }

    public List<OpenUpload> openUploads(String prefix) {
        return transientAware(
                () -> s3.listMultipartUploadsPaginator(b -> b.bucket(bucket()).prefix(prefix)).uploads().stream()
                        .map(u -> new OpenUpload(u.key(), u.uploadId(), u.initiated()))
                        .toList());
    }

    public void copy(String fromKey, String toKey) {
        transientAware(() -> s3.copyObject(b -> b.sourceBucket(bucket())
                .sourceKey(fromKey)
                .destinationBucket(bucket())
                .destinationKey(toKey)));
    }

    public void delete(String key) {
        transientAware(() -> s3.deleteObject(b -> b.bucket(bucket()).key(key)));
    }

    /**
     * Uploads a local file (a job's output), typed by its key's extension. Unlike a request
     * stream, a file can be sent again, so transient failures are retried; large files go in parts
     * like any other upload.
     */
    @Timeout(value = 30, unit = ChronoUnit.MINUTES) // a whole file: as long as the transfer takes
    public StoredObject putFile(String key, Path file) {
        var contentType = StorageKeys.contentType(key);
        return transientAware(() -> {
            try (var in = Files.newInputStream(file)) {
                return streams.putStream(key, in, Long.MAX_VALUE, contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Removes every object under a prefix (an asset's derived files); returns how many. */
    public int deletePrefix(String prefix) {
        return transientAware(() -> {
            int deleted = 0;
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix))) {
                if (page.contents().isEmpty()) {
                    continue;
                }
                var ids = page.contents().stream()
                        .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                        .toList();
                s3.deleteObjects(
                        b -> b.bucket(bucket()).delete(d -> d.objects(ids).quiet(true)));
                deleted += ids.size();
            }
            return deleted;
        });
    }

    public List<S3Object> list(String prefix) {
        return transientAware(
                () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix)).contents().stream()
                        .toList());
    }

    /** A small text object (a playlist), read whole. */
    public String readText(String key) {
        return transientAware(
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asUtf8String());
    }

    /** Downloads to a local file (the work dir of a job); retried as a whole on transient failures. */
    @Timeout(value = 30, unit = ChronoUnit.MINUTES) // a whole file: as long as the transfer takes
    public void download(String key, Path target) {
        transientAware(() -> {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return s3.getObject(b -> b.bucket(bucket()).key(key), target);
        });
    }

    /** For the readiness check, which must answer quickly: one try, five seconds. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 0)
    public boolean bucketReachable() {
        try {
            s3.headBucket(b -> b.bucket(bucket()));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        }
    }

    public void createBucketIfMissing() {
        try {
            s3.headBucket(b -> b.bucket(bucket()));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket()));
        }
    }

    /**
     * The bucket's CORS rule, so players on any page of {@code origins} read segments, images and
     * MP4 ranges, and browsers PUT direct uploads (PutBucketCors; AWS, MinIO, B2 and Ceph take it).
     */
    public void putCors(List<String> origins) {
        var rule = CORSRule.builder()
                .allowedOrigins(origins)
                .allowedMethods("GET", "HEAD", "PUT")
                .allowedHeaders("*")
                .exposeHeaders("ETag", "Content-Length", "Content-Range", "Accept-Ranges")
                .maxAgeSeconds(3600)
                .build();
        s3.putBucketCors(b -> b.bucket(bucket()).corsConfiguration(c -> c.corsRules(rule)));
    }

    public static boolean olderThan(S3Object object, Duration age) {
        return object.lastModified().isBefore(Instant.now().minus(age));
    }

    static <T> T transientAware(Supplier<T> call) {
        try {
            return call.get();
        } catch (S3Exception e) {
            if (e.statusCode() >= 500 || e.statusCode() == 429) {
                throw new TransientStorageException(e);
            }
            throw e;
        } catch (SdkClientException e) {
            throw new TransientStorageException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
