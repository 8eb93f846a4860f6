package com.clips.uploads.boundary;

import com.clips.assets.control.FileNames;
import com.clips.assets.control.UploadLimits;
import com.clips.assets.entity.AssetDetails;
import com.clips.assets.entity.StoredOriginal;
import com.clips.identity.Uploader;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.TenantScope;
import com.clips.storage.control.Delivery;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.ObjectStorage.UploadedPart;
import com.clips.storage.control.ObjectStreams;
import com.clips.storage.control.StorageKeys;
import com.clips.storage.control.StorageSettings;
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
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Direct upload sessions: the client declares the file, gets presigned URLs
 * (one PUT, or one per part of an S3 multipart upload), sends the bytes straight to storage, and
 * completes. Completion trusts nothing the client said: the object's size, first bytes and SHA-256
 * are read back from storage before the asset row exists. Also the completion path of tus uploads.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UploadSessions {

    private static final Logger LOG = Logger.getLogger(UploadSessions.class.getName());
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;

    @Inject
    ObjectStorage storage;

    @Inject
    ObjectStreams streams;

    @Inject
    Delivery delivery;

    @Inject
    StorageSettings storageSettings;

    @Inject
    UploadLimits limits;

    @EJB
    UploadRecords records;

    @Inject
    @ConfigProperty(name = "clips.upload.session-ttl", defaultValue = "PT1H")
    Duration sessionTtl;

    /** What a client declares before sending a byte. */
    public record Declaration(String fileName, long sizeBytes, String contentType, String sha256, boolean multipart) {}

    /** Where to send the bytes: one URL for a single PUT, or one per part. */
    public record Ticket(UploadSession session, URI url, List<PartUrl> parts) {}

    public record PartUrl(int partNumber, long sizeBytes, URI url) {}

    /** How far an upload got, as storage or the tus offset says. */
    public record Progress(UploadSession session, long receivedBytes, Double bytesPerSecond, Long etaSeconds) {}

    /** The asset a completed session became, and whether it already existed (same content). */
    public record Completion(UploadSession session, UUID assetId, boolean duplicate) {}

    public Ticket open(Uploader uploader, Declaration declared, AssetDetails details) {
        var session = newSession(
                uploader,
                UploadProtocol.DIRECT,
                declared,
                details,
                declared.multipart() ? partSize(declared.sizeBytes()) : storageSettings.partSizeBytes(),
                sessionTtl);
        var validFor = Duration.between(Instant.now(), session.expiresAt());
        if (!declared.multipart()) {
            records.save(session);
            return new Ticket(
                    session, delivery.upload(session.storageKey(), declared.sizeBytes(), validFor), List.of());
        }
        var uploadId = storage.startMultipart(session.storageKey());
        session.multipartStarted(uploadId);
        try {
            records.save(session);
        } catch (RuntimeException e) {
            storage.abortMultipart(session.storageKey(), uploadId);
            throw e;
        }
        var parts = new java.util.ArrayList<PartUrl>();
        long size = declared.sizeBytes();
        long part = session.partSizeBytes();
        for (int n = 1; (long) (n - 1) * part < size; n++) {
            long length = Math.min(part, size - (long) (n - 1) * part);
            parts.add(new PartUrl(n, length, delivery.uploadPart(session.storageKey(), uploadId, n, length, validFor)));
        }
        return new Ticket(session, null, parts);
    }

    /** Validates a declaration and builds the session row (not yet saved); tus uploads start here too. */
    public UploadSession newSession(
            Uploader uploader,
            UploadProtocol protocol,
            Declaration declared,
            AssetDetails details,
            int partSize,
            Duration ttl) {
        limits.checkDeclared(uploader, declared.sizeBytes());
        if (declared.fileName() == null || declared.fileName().isBlank()) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "fileName is required.");
        }
        var sha256 = declared.sha256() == null ? null : declared.sha256().toLowerCase(java.util.Locale.ROOT);
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "sha256 must be 64 hexadecimal digits.");
        }
        var type = declared.contentType();
        if (type != null && (type.length() > 255 || !type.matches("[\\w.+-]+/[\\w.+-]+"))) {
            throw new ProblemException(
                    ProblemType.INVALID_FIELD, "contentType must be a media type such as video/mp4.");
        }
        return new UploadSession(
                uploader,
                protocol,
                FileNames.clean(declared.fileName()),
                declared.sizeBytes(),
                type,
                sha256,
                details,
                partSize,
                ttl);
    }

    /** Parts of at least the configured size, and few enough for S3's 10,000-part limit. */
    private int partSize(long sizeBytes) {
        long needed = Math.max(MIN_PART_BYTES, (sizeBytes + MAX_PARTS - 1) / MAX_PARTS);
        return (int) Math.max(storageSettings.partSizeBytes(), needed);
    }

    public Progress progress(String tenantId, String subject, UUID id) {
        var session = records.owned(tenantId, subject, id);
        long received = session.receivedBytes();
        Instant last = session.lastActivityAt().orElse(null);
        if (session.protocol() == UploadProtocol.DIRECT && session.state() == UploadState.OPEN) {
            if (session.multipartUploadId().isPresent()) {
                var parts = storage.listParts(
                        session.storageKey(), session.multipartUploadId().get());
                received = parts.stream().mapToLong(UploadedPart::sizeBytes).sum();
                last = parts.stream()
                        .map(UploadedPart::lastModified)
                        .max(Instant::compareTo)
                        .orElse(null);
            } else {
                var object = storage.head(session.storageKey());
                received = object.map(ObjectStorage.ObjectInfo::sizeBytes).orElse(0L);
                last = object.map(ObjectStorage.ObjectInfo::lastModified).orElse(null);
            }
        }
        received = Math.min(received, session.declaredBytes());
        if (received == 0 || last == null || session.state().isFinal()) {
            return new Progress(session, received, null, null);
        }
        double seconds = Math.max(1, Duration.between(session.createdAt(), last).toMillis() / 1000.0);
        double speed = received / seconds;
        return new Progress(session, received, speed, (long) Math.ceil((session.declaredBytes() - received) / speed));
    }

    /**
     * Verifies what the client sent and registers the asset. A session that already ended answers
     * as it did then; one that is merely not finished yet (nothing or not everything uploaded) stays
     * open for the client to carry on.
     */
    public Completion complete(String tenantId, String subject, UUID id) {
        return finish(records.owned(tenantId, subject, id));
    }

    /**
     * Storage told us (signed notification, no token) that the object of a session has arrived:
     * finding whose session it is needs the system's scope, completing it is done in its tenant's.
     */
    public Optional<Completion> completeByStorageKey(String key) {
        var session = TenantScope.system(() -> records.byStorageKey(key));
        if (session == null || session.protocol() != UploadProtocol.DIRECT) {
            return Optional.empty();
        }
        return Optional.of(TenantScope.of(session.tenantId(), () -> finish(session)));
    }

    public Completion finish(UploadSession session) {
        var ended = answer(session);
        if (ended.isPresent()) {
            return ended.get();
        }
        if (session.expired(Instant.now())) {
            expire(session);
            throw UploadSession.expiredProblem();
        }
        session = records.change(session.id(), UploadSession::startVerifying);
        StoredOriginal verified;
        try {
            verified = verify(session);
        } catch (Incomplete e) {
            records.change(session.id(), UploadSession::reopen);
            throw e.problem;
        } catch (ProblemException e) {
            discardBytes(session);
            records.change(session.id(), s -> s.failed(e));
            throw e;
        } catch (RuntimeException e) {
            records.change(session.id(), UploadSession::reopen);
            throw e;
        }
        boolean duplicate;
        try {
            duplicate = records.complete(session.id(), verified);
        } catch (ProblemException e) { // refused by a quota: the answer stays, the bytes go
            discardBytes(session);
            records.change(session.id(), s -> s.failed(e));
            throw e;
        } catch (RuntimeException e) {
            records.change(session.id(), UploadSession::reopen); // verified bytes stay; completing again retries
            throw e;
        }
        if (duplicate) {
            storage.delete(verified.key());
        }
        var done = records.owned(session.tenantId(), session.uploader().subject(), session.id());
        LOG.info(() ->
                "upload " + done.id() + " completed as asset " + done.assetId().orElseThrow());
        return new Completion(done, done.assetId().orElseThrow(), done.duplicate());
    }

    /** The answer of a session that has ended, if it has. */
    private Optional<Completion> answer(UploadSession session) {
        var refusal = session.refusal();
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        return switch (session.state()) {
            case COMPLETED ->
                Optional.of(new Completion(session, session.assetId().orElseThrow(), session.duplicate()));
            case VERIFYING ->
                throw new ProblemException(ProblemType.UPLOAD_BUSY, "The upload is already being completed.");
            default -> Optional.empty();
        };
    }

    /** Not an error of the file: the client has not finished sending it. */
    private static final class Incomplete extends RuntimeException {
        final ProblemException problem;

        Incomplete(String detail) {
            super(detail, null, false, false);
            this.problem = new ProblemException(ProblemType.UPLOAD_INCOMPLETE, detail);
        }
    }

    private StoredOriginal verify(UploadSession session) {
        var key = session.storageKey();
        if (session.protocol() == UploadProtocol.DIRECT
                && session.multipartUploadId().isPresent()) {
            assembleParts(session);
        }
        var object = storage.head(key)
                .orElseThrow(() -> new Incomplete(
                        "Nothing has been uploaded for this session yet; send the file, then complete."));
        if (object.sizeBytes() != session.declaredBytes()) {
            throw sizeMismatch(session, object.sizeBytes());
        }
        try (var in = new BufferedInputStream(streams.open(key), 64 * 1024)) {
            var format = UploadLimits.requireVideo(in);
            var digest = new DigestInputStream(in, sha256());
            long read = digest.transferTo(java.io.OutputStream.nullOutputStream());
            if (read != session.declaredBytes()) {
                throw sizeMismatch(session, read);
            }
            var sha = HexFormat.of().formatHex(digest.getMessageDigest().digest());
            if (session.declaredSha256().isPresent()
                    && !session.declaredSha256().get().equals(sha)) {
                throw new ProblemException(
                        ProblemType.CHECKSUM_MISMATCH,
                        "The uploaded file's SHA-256 is " + sha + ", not the declared "
                                + session.declaredSha256().get() + ".");
            }
            return new StoredOriginal(key, session.fileName(), read, sha, format.mediaType());
        } catch (IOException e) {
            throw new com.clips.storage.control.TransientStorageException(e);
        }
    }

    /** Puts a direct multipart upload together, once all its bytes are there. */
    private void assembleParts(UploadSession session) {
        var uploadId = session.multipartUploadId().orElseThrow();
        List<UploadedPart> parts;
        try {
            parts = storage.listParts(session.storageKey(), uploadId);
        } catch (RuntimeException e) {
            if (storage.head(session.storageKey()).isPresent()) {
                return; // assembled by an earlier completion that did not get to the end
            }
            throw e;
        }
        long received = parts.stream().mapToLong(UploadedPart::sizeBytes).sum();
        if (received > session.declaredBytes()) {
            throw sizeMismatch(session, received);
        }
        if (received < session.declaredBytes()) {
            throw new Incomplete(
                    parts.isEmpty()
                            ? "Nothing has been uploaded for this session yet; send the parts, then complete."
                            : "Only " + received + " of " + session.declaredBytes() + " bytes have been uploaded.");
        }
        try {
            storage.completeMultipart(session.storageKey(), uploadId, parts);
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() >= 500) {
                throw e;
            }
            throw new ProblemException(
                    ProblemType.INVALID_PARTS,
                    "Storage refused to assemble the parts (every part but the last must be at least 5 MiB).");
        }
    }

    private static ProblemException sizeMismatch(UploadSession session, long actual) {
        return new ProblemException(
                ProblemType.SIZE_MISMATCH,
                "The upload is " + actual + " bytes but " + session.declaredBytes() + " were declared.");
    }

    public void abort(String tenantId, String subject, UUID id) {
        var session = records.owned(tenantId, subject, id);
        switch (session.state()) {
            case ABORTED -> throw session.refusal().orElseThrow();
            case COMPLETED ->
                throw new ProblemException(
                        ProblemType.UPLOAD_COMPLETED, "The upload is complete; delete the asset instead.");
            case VERIFYING -> throw new ProblemException(ProblemType.UPLOAD_BUSY, "The upload is being completed.");
            default -> {
                records.change(id, s -> {
                    if (s.state() == UploadState.OPEN) {
                        s.aborted();
                    }
                });
                discardBytes(session);
            }
        }
    }

    /** Ends sessions past their expiry and removes what they stored; returns how many. */
    public int expireStale(int limit) {
        int expired = 0;
        for (var session : records.stale(Instant.now(), limit)) {
            expire(session);
            expired++;
        }
        return expired;
    }

    public void expire(UploadSession session) {
        var ended = records.change(session.id(), s -> {
            if (s.expired(Instant.now())) {
                s.expire();
            }
        });
        if (ended.state() == UploadState.EXPIRED) {
            discardBytes(ended);
            LOG.info(() -> "upload " + ended.id() + " expired; its bytes were removed");
        }
    }

    /** Removes everything a session stored: its open multipart upload and any object under its prefix. */
    public void discardBytes(UploadSession session) {
        session.multipartUploadId().ifPresent(u -> storage.abortMultipart(session.storageKey(), u));
        storage.deletePrefix(StorageKeys.sessionPrefix(session.id()));
    }

    public boolean isLive(UUID id) {
        return records.isLive(id);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
