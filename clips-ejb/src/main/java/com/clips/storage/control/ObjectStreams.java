package com.clips.storage.control;

import static com.clips.storage.control.ObjectStorage.sha256;
import static com.clips.storage.control.ObjectStorage.transientAware;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams to and from storage. Outside {@link ObjectStorage}'s fault-tolerance policy on purpose: a
 * request stream cannot be replayed, so a failed upload is aborted and reported, never retried.
 */
@ApplicationScoped
public class ObjectStreams {

    @Inject
    StorageSettings settings;

    @Inject
    S3Client s3;

    /** Sends a streamed upload's parts while the next one is read. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private String bucket() {
        return settings.bucket();
    }

    /** Reads an object as a stream (verification of a client's upload); the caller closes it. */
    public InputStream open(String key) {
        return transientAware(() -> s3.getObject(b -> b.bucket(bucket()).key(key)));
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
}
