package com.clips.storage.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 adapter. Short calls carry MicroProfile Fault Tolerance (timeout, retry on transient
 * failures only, circuit breaker). Streaming uploads are not retried: a request stream cannot be
 * replayed, so a failed upload is aborted and reported.
 */
@ApplicationScoped
public class ObjectStorage {

    @Inject
    StorageSettings settings;

    /** Sends a streamed upload's parts while the next one is read. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private S3Client s3;

    @PostConstruct
    void connect() {
        var checksums = "WHEN_SUPPORTED".equalsIgnoreCase(settings.checksumMode());
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(settings.region()))
                .credentialsProvider(settings.credentials())
                .serviceConfiguration(settings.s3Configuration())
                .requestChecksumCalculation(
                        checksums
                                ? RequestChecksumCalculation.WHEN_SUPPORTED
                                : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(
                        checksums
                                ? ResponseChecksumValidation.WHEN_SUPPORTED
                                : ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        s3 = builder.build();
    }

    @PreDestroy
    void close() {
        s3.close();
    }

    public String bucket() {
        return settings.bucket();
    }

    /**
     * Streams {@code in} to {@code key} in parts of a fixed size, so memory stays at a few parts
     * whatever the file size: while the next part is read from the client, up to
     * {@code clips.s3.parts-in-flight} earlier ones are being sent to storage and hashed (in order)
     * on other threads. Strictly in turn, an upload ran at 0.6x a direct S3 upload (bench/upload).
     * Fails with {@link UploadTooLargeException} as soon as more than {@code maxBytes} have been
     * read; nothing is left behind on any failure.
     */
    public StoredObject putStream(String key, InputStream in, long maxBytes, String contentType) throws IOException {
        var sha256 = sha256();
        var filling = new byte[settings.partSizeBytes()];
        var free = new ArrayDeque<byte[]>();
        var inFlight = new ArrayDeque<InFlight>();
        CompletableFuture<Void> hashed = CompletableFuture.completedFuture(null);
        long total = 0;
        String uploadId = null;
        var parts = new ArrayList<CompletedPart>();
        try {
            while (true) {
                int filled = in.readNBytes(filling, 0, filling.length);
                total += filled;
                if (total > maxBytes) {
                    throw new UploadTooLargeException(maxBytes);
                }
                boolean last = filled < filling.length;
                if (uploadId == null && last) {
                    // everything fits in one part: a plain PUT is cheaper than a multipart upload
                    sha256.update(filling, 0, filled);
                    s3.putObject(
                            b -> b.bucket(bucket()).key(key).contentType(contentType),
                            RequestBody.fromBytes(Arrays.copyOf(filling, filled)));
                    break;
                }
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(
                                    b -> b.bucket(bucket()).key(key).contentType(contentType))
                            .uploadId();
                }
                if (filled > 0) {
                    if (inFlight.size() == settings.partsInFlight()) {
                        free.push(land(inFlight.removeFirst(), parts)); // the oldest part's buffer is free again
                    }
                    var sending = filling;
                    filling = free.isEmpty() ? new byte[sending.length] : free.pop();
                    hashed = hashed.thenRunAsync(() -> sha256.update(sending, 0, filled), executor);
                    var part = new PartToSend(key, uploadId, parts.size() + inFlight.size() + 1, sending, filled);
                    inFlight.addLast(new InFlight(sending, executor.submit(() -> send(part)), hashed));
                }
                if (last) {
                    while (!inFlight.isEmpty()) {
                        land(inFlight.removeFirst(), parts);
                    }
                    var currentUpload = uploadId;
                    s3.completeMultipartUpload(b ->
                            b.bucket(bucket()).key(key).uploadId(currentUpload).multipartUpload(m -> m.parts(parts)));
                    break;
                }
            }
            return new StoredObject(key, total, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException | RuntimeException e) {
            inFlight.forEach(part -> settle(part.sent(), e)); // no part may land after the abort
            discardFailedUpload(key, uploadId, e);
            throw e;
        }
    }

    private record PartToSend(String key, String uploadId, int number, byte[] bytes, int length) {}

    /** A part on its way: its buffer, the upload, and the digest chain up to and including it. */
    private record InFlight(byte[] buffer, Future<CompletedPart> sent, CompletableFuture<Void> hashed) {}

    /** Waits until a part is stored and hashed, records it, and hands its buffer back. */
    private static byte[] land(InFlight part, List<CompletedPart> parts) throws IOException {
        parts.add(await(part.sent()));
        try {
            part.hashed().join();
        } catch (CompletionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return part.buffer();
    }

    private CompletedPart send(PartToSend part) {
        var etag = s3.uploadPart(
                        b -> b.bucket(bucket())
                                .key(part.key())
                                .uploadId(part.uploadId())
                                .partNumber(part.number()),
                        RequestBody.fromInputStream(
                                new ByteArrayInputStream(part.bytes(), 0, part.length()), part.length()))
                .eTag();
        return CompletedPart.builder().partNumber(part.number()).eTag(etag).build();
    }

    private static CompletedPart await(Future<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a part was being stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void settle(Future<CompletedPart> part, Exception cause) {
        if (part == null) {
            return;
        }
        try {
            part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            cause.addSuppressed(e.getCause());
        }
    }

    private void discardFailedUpload(String key, String uploadId, Exception cause) {
        try {
            if (uploadId != null) {
                s3.abortMultipartUpload(b -> b.bucket(bucket()).key(key).uploadId(uploadId));
            }
        } catch (RuntimeException abortFailure) {
            cause.addSuppressed(abortFailure);
        }
    }

    /** Size and time of an object, or empty if there is none. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.6,
            delay = 10,
            delayUnit = ChronoUnit.SECONDS,
            failOn = TransientStorageException.class)
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

    /** Reads an object as a stream (verification of a client's upload); the caller closes it. */
    public InputStream open(String key) {
        return transientAware(() -> s3.getObject(b -> b.bucket(bucket()).key(key)));
    }

    /** Reads a small object (at most {@code into.length} bytes) into a buffer; returns how many bytes. */
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
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

    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    public void putBytes(String key, byte[] bytes, int length) {
        transientAware(() -> s3.putObject(
                b -> b.bucket(bucket()).key(key),
                RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length)));
    }

    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    public String startMultipart(String key) {
        return transientAware(
                () -> s3.createMultipartUpload(b -> b.bucket(bucket()).key(key)).uploadId());
    }

    /** Sends one part; a part sent again under the same number replaces the earlier one. */
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    public String uploadPart(String key, String uploadId, int partNumber, byte[] bytes, int length) {
        return transientAware(() -> s3.uploadPart(
                        b -> b.bucket(bucket()).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length))
                .eTag());
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    public List<UploadedPart> listParts(String key, String uploadId) {
        return transientAware(
                () -> s3.listPartsPaginator(b -> b.bucket(bucket()).key(key).uploadId(uploadId)).parts().stream()
                        .map(p -> new UploadedPart(p.partNumber(), p.eTag(), p.size(), p.lastModified()))
                        .sorted(Comparator.comparingInt(UploadedPart::partNumber))
                        .toList());
    }

    /** Assembles the object from its parts, in part-number order. */
    @Retry(maxRetries = 3, delay = 500, retryOn = TransientStorageException.class)
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
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
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

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    public List<OpenUpload> openUploads(String prefix) {
        return transientAware(
                () -> s3.listMultipartUploadsPaginator(b -> b.bucket(bucket()).prefix(prefix)).uploads().stream()
                        .map(u -> new OpenUpload(u.key(), u.uploadId(), u.initiated()))
                        .toList());
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.6,
            delay = 10,
            delayUnit = ChronoUnit.SECONDS,
            failOn = TransientStorageException.class)
    public void copy(String fromKey, String toKey) {
        transientAware(() -> s3.copyObject(b -> b.sourceBucket(bucket())
                .sourceKey(fromKey)
                .destinationBucket(bucket())
                .destinationKey(toKey)));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.6,
            delay = 10,
            delayUnit = ChronoUnit.SECONDS,
            failOn = TransientStorageException.class)
    public void delete(String key) {
        transientAware(() -> s3.deleteObject(b -> b.bucket(bucket()).key(key)));
    }

    /**
     * Uploads a local file (a job's output), typed by its key's extension. Unlike a request
     * stream, a file can be sent again, so transient failures are retried; large files go in parts
     * like any other upload.
     */
    @Retry(maxRetries = 3, delay = 500, jitter = 200, retryOn = TransientStorageException.class)
    public StoredObject putFile(String key, Path file) {
        var contentType = StorageKeys.contentType(key);
        return transientAware(() -> {
            try (var in = Files.newInputStream(file)) {
                return putStream(key, in, Long.MAX_VALUE, contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Removes every object under a prefix (an asset's derived files); returns how many. */
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
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

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    public List<S3Object> list(String prefix) {
        return transientAware(
                () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix)).contents().stream()
                        .toList());
    }

    /** A small text object (a playlist), read whole. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = TransientStorageException.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.6,
            delay = 10,
            delayUnit = ChronoUnit.SECONDS,
            failOn = TransientStorageException.class)
    public String readText(String key) {
        return transientAware(
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asUtf8String());
    }

    /** Downloads to a local file (the work dir of a job); retried as a whole on transient failures. */
    @Retry(maxRetries = 2, delay = 500, retryOn = TransientStorageException.class)
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

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
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

    public static boolean olderThan(S3Object object, Duration age) {
        return object.lastModified().isBefore(Instant.now().minus(age));
    }

    private static <T> T transientAware(Supplier<T> call) {
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
