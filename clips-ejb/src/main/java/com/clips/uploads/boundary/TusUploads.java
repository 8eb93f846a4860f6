package com.clips.uploads.boundary;

import com.clips.assets.control.UploadLimits;
import com.clips.assets.entity.AssetDetails;
import com.clips.identity.Uploader;
import com.clips.media.control.ContainerFormat;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import com.clips.storage.control.StorageSettings;
import com.clips.uploads.boundary.UploadSessions.Completion;
import com.clips.uploads.boundary.UploadSessions.Declaration;
import com.clips.uploads.entity.UploadProtocol;
import com.clips.uploads.entity.UploadSession;
import com.clips.uploads.entity.UploadState;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resumable uploads, tus 1.0 (core, creation, creation-with-upload, termination, checksum,
 * expiration). The bytes go to an S3 multipart upload in fixed-size parts, part n holding bytes
 * [(n-1)·P, n·P); whatever is left over past the last full part at the end of a request is kept as
 * a small "tail" object named after the offset it ends at. So the offset the server reports is
 * always durable in storage: a client that lost its connection, or a server that was killed,
 * resumes from there. Memory is one part buffer per request, whatever the file size.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TusUploads {

    private static final Logger LOG = Logger.getLogger(TusUploads.class.getName());

    @Inject
    ObjectStorage storage;

    @Inject
    StorageSettings storageSettings;

    @Inject
    UploadLimits limits;

    @EJB
    UploadRecords records;

    @EJB
    UploadSessions sessions;

    @Inject
    @ConfigProperty(name = "clips.upload.tus-ttl", defaultValue = "PT24H")
    Duration ttl;

    /** A checksum the client sent for one request's body (tus checksum extension). */
    public record Checksum(String algorithm, byte[] expected) {}

    /** Where an upload stands after a request: its offset and, once complete, its asset. */
    public record Appended(UploadSession session, long offset, Optional<Completion> completion) {}

    public long maxBytes(Uploader uploader) {
        return limits.maxBytes(uploader);
    }

    public UploadSession create(
            Uploader uploader, long length, String fileName, String contentType, String sha256, AssetDetails details) {
        var declared = new Declaration(fileName == null ? "upload" : fileName, length, contentType, sha256, false);
        return records.save(sessions.newSession(
                uploader, UploadProtocol.TUS, declared, details, storageSettings.partSizeBytes(), ttl));
    }

    /** The caller's upload, still open (HEAD). */
    public UploadSession current(String tenantId, String subject, UUID id) {
        var session = records.owned(tenantId, subject, id);
        refuseEnded(session, false);
        return session;
    }

    /**
     * Appends a request body at {@code offset}. Without a checksum each full part counts as soon as
     * it is stored, so a dropped connection keeps what arrived; with one nothing counts until the
     * whole body matched it. When the last byte arrives the upload is verified and becomes an asset.
     */
    public Appended append(
            String tenantId, String subject, UUID id, long offset, InputStream body, Optional<Checksum> checksum) {
        var session = records.owned(tenantId, subject, id);
        if (session.state() == UploadState.COMPLETED && offset == session.declaredBytes()) {
            return new Appended(session, offset, Optional.of(sessions.finish(session)));
        }
        refuseEnded(session, true);
        if (offset != session.receivedBytes()) {
            throw new ProblemException(
                    ProblemType.OFFSET_MISMATCH,
                    "The upload is at offset " + session.receivedBytes() + ", not " + offset
                            + "; ask with HEAD and resume from there.");
        }
        var digest = checksum.map(c -> digest(c.algorithm()));
        int partSize = session.partSizeBytes();
        var buffer = new byte[partSize];
        int filled = (int) (offset % partSize);
        if (filled > 0) {
            int read = storage.readInto(tailKey(id, offset), buffer);
            if (read != filled) {
                throw new IllegalStateException("tail of upload " + id + " has " + read + " bytes, expected " + filled);
            }
        }
        long committed = offset;
        long received = offset;
        boolean interrupted = false;
        var in = offset == 0 ? new BufferedInputStream(body, ContainerFormat.SNIFF_BYTES * 2) : body;
        try {
            if (offset == 0) {
                refuseIfNotVideo(session, (BufferedInputStream) in);
            }
            while (true) {
                int n = in.read(buffer, filled, partSize - filled);
                if (n < 0) {
                    break;
                }
                if (received + n > session.declaredBytes()) {
                    throw new ProblemException(
                            ProblemType.UPLOAD_LENGTH_EXCEEDED,
                            "The request goes past the declared Upload-Length of " + session.declaredBytes() + ".");
                }
                if (digest.isPresent()) {
                    digest.get().update(buffer, filled, n);
                }
                filled += n;
                received += n;
                if (filled == partSize) {
                    long partStart = received - partSize;
                    storage.uploadPart(
                            session.storageKey(),
                            multipartOf(session),
                            (int) (partStart / partSize) + 1,
                            buffer,
                            partSize);
                    filled = 0;
                    if (digest.isEmpty() && received < session.declaredBytes()) {
                        advance(session, committed, received);
                        committed = received;
                    }
                }
            }
        } catch (IOException e) {
            interrupted = true;
            long at = received;
            LOG.info(() -> "tus upload " + id + " broke off at " + at + ": " + e);
        }
        if (digest.isPresent()) {
            if (interrupted) {
                return new Appended(session, committed, Optional.empty());
            }
            if (!MessageDigest.isEqual(digest.get().digest(), checksum.get().expected())) {
                throw new ProblemException(
                        ProblemType.TUS_CHECKSUM_MISMATCH,
                        "The request body does not match its Upload-Checksum; nothing of it was kept.");
            }
        }
        if (received == session.declaredBytes()) {
            assemble(session, buffer, filled);
            advance(session, committed, received);
            return new Appended(session, received, Optional.of(sessions.finish(session)));
        }
        if (received > committed) {
            if (filled > 0) {
                storage.putBytes(tailKey(id, received), buffer, filled);
            }
            advance(session, committed, received);
        }
        return new Appended(session, received, Optional.empty());
    }

    /** Ends an upload (termination): its bytes go, later requests get 404. */
    public void terminate(String tenantId, String subject, UUID id) {
        sessions.abort(tenantId, subject, id);
    }

    private void refuseEnded(UploadSession session, boolean writing) {
        var refusal = session.refusal();
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        switch (session.state()) {
            case COMPLETED, VERIFYING -> {
                if (writing) {
                    throw new ProblemException(
                            ProblemType.UPLOAD_COMPLETED,
                            "All " + session.declaredBytes() + " bytes have arrived already.");
                }
            }
            case OPEN -> {
                if (session.expired(Instant.now())) {
                    sessions.expire(session);
                    throw UploadSession.expiredProblem();
                }
            }
            default -> throw new IllegalStateException(session.state().name());
        }
    }

    /** The first bytes decide: a text file named .mp4 is refused before anything is stored. */
    private void refuseIfNotVideo(UploadSession session, BufferedInputStream in) throws IOException {
        var head = UploadLimits.peek(in);
        boolean decidable = head.length == ContainerFormat.SNIFF_BYTES || head.length == session.declaredBytes();
        if (decidable && ContainerFormat.sniff(head, head.length).isEmpty()) {
            var problem = UploadLimits.notVideo(head);
            records.change(session.id(), s -> s.failed(problem));
            throw problem;
        }
    }

    /** The upload's S3 multipart upload, started by whichever request first needs it. */
    private String multipartOf(UploadSession session) {
        var known = session.multipartUploadId();
        if (known.isPresent()) {
            return known.get();
        }
        var started = storage.startMultipart(session.storageKey());
        if (records.multipartStarted(session.id(), started)) {
            session.multipartStarted(started);
            return started;
        }
        storage.abortMultipart(session.storageKey(), started);
        var winner = records.owned(session.tenantId(), session.uploader().subject(), session.id());
        session.multipartStarted(winner.multipartUploadId().orElseThrow());
        return winner.multipartUploadId().orElseThrow();
    }

    /** The last bytes arrived: put the object together (small files never needed parts). */
    private void assemble(UploadSession session, byte[] buffer, int filled) {
        var key = session.storageKey();
        if (session.multipartUploadId().isEmpty()) {
            storage.putBytes(key, buffer, filled);
        } else {
            var uploadId = session.multipartUploadId().get();
            int partSize = session.partSizeBytes();
            int parts = (int) ((session.declaredBytes() + partSize - 1) / partSize);
            if (filled > 0) {
                storage.uploadPart(key, uploadId, parts, buffer, filled);
            }
            storage.completeMultipart(
                    key,
                    uploadId,
                    storage.listParts(key, uploadId).stream()
                            .filter(p -> p.partNumber() <= parts)
                            .toList());
        }
        for (var tail : storage.list(StorageKeys.sessionPrefix(session.id()) + "tail-")) {
            storage.delete(tail.key());
        }
    }

    private void advance(UploadSession session, long from, long to) {
        if (!records.advance(session.id(), from, to)) {
            throw new ProblemException(
                    ProblemType.OFFSET_MISMATCH,
                    "Another request moved this upload on; ask with HEAD and resume from there.");
        }
    }

    private static String tailKey(UUID id, long endOffset) {
        return StorageKeys.sessionPrefix(id) + "tail-" + endOffset;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(
                    switch (algorithm) {
                        case "sha1" -> "SHA-1";
                        case "sha256" -> "SHA-256";
                        case "md5" -> "MD5";
                        default ->
                            throw new ProblemException(
                                    ProblemType.UNSUPPORTED_CHECKSUM,
                                    "Upload-Checksum algorithm must be sha1, sha256 or md5.");
                    });
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
