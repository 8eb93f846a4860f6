package com.clips.assets.boundary;

import com.clips.assets.control.FileNames;
import com.clips.assets.control.UploadLimits;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetDetails;
import com.clips.assets.entity.StoredOriginal;
import com.clips.identity.Uploader;
import com.clips.media.control.ContainerFormat;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.storage.boundary.StagingWrites;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.ObjectStreams;
import com.clips.storage.control.StorageKeys;
import com.clips.storage.control.StoredObject;
import com.clips.storage.control.UploadTooLargeException;
import com.clips.tenants.control.QuotaAdmission;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Streamed upload in two moves. {@link #stage}: sniff the type from the first bytes and stream the
 * rest into a staging key, outside any transaction (it can take minutes). {@link #register}: one
 * transaction writes the row and queues processing. The caller owns the staged file until it is
 * registered: it discards it when the upload is refused (a {@link ProblemException}, so no row was
 * written). After any other failure it is left for {@code StorageJanitor}, which deletes staging
 * objects no row refers to, because after a failed commit we cannot be sure no row refers to it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Ingest {

    private static final Logger LOG = Logger.getLogger(Ingest.class.getName());

    @Inject
    ObjectStorage storage;

    @Inject
    ObjectStreams streams;

    @EJB
    Assets assets;

    @EJB
    StagingWrites writes;

    @Inject
    UploadLimits limits;

    @Inject
    QuotaAdmission quotas;

    public record Result(Asset asset, boolean duplicate) {}

    /**
     * Refuses a body whose declared length is already over the uploader's limit (or the tenant's
     * free storage) before a byte of it is read; {@code allowance} is what a multipart body may
     * carry besides the file (boundaries, headers, text fields). A chunked body (no length,
     * {@code declaredLength < 0}) is cut off while streaming instead.
     */
    public void refuseDeclared(Uploader uploader, long declaredLength, long allowance) {
        if (declaredLength < 0) {
            return;
        }
        long maxBytes = limits.maxBytes(uploader);
        if (declaredLength > maxBytes + allowance) {
            throw new UploadTooLargeException(maxBytes);
        }
        var quota = quotas.storageUse(uploader.tenantId()).filter(use -> use.free() + allowance < declaredLength);
        if (quota.isPresent()) {
            throw quota.get().refusal();
        }
    }

    /** Streams the file to staging storage; refused once it passes the uploader's limit (Premium: higher). */
    public StoredOriginal stage(InputStream body, String submittedFileName, Uploader uploader) {
        var in = new BufferedInputStream(body, ContainerFormat.SNIFF_BYTES * 2);
        var stagingKey = StorageKeys.staging(UUID.randomUUID());
        // recorded while the bytes flow: if this node is killed mid-stream, its next start aborts
        // the multipart upload nobody can complete any more
        writes.begin(stagingKey);
        try {
            long maxBytes = limits.maxBytes(uploader);
            var quota = quotas.storageUse(uploader.tenantId()).filter(use -> use.free() < maxBytes);
            var format = UploadLimits.requireVideo(in);
            StoredObject stored;
            try {
                stored = streams.putStream(
                        stagingKey,
                        in,
                        quota.map(QuotaAdmission.StorageUse::free).orElse(maxBytes),
                        format.mediaType());
            } catch (UploadTooLargeException e) { // cut off where the tenant's free storage ended, if that came first
                throw quota.map(QuotaAdmission.StorageUse::refusal).orElse(e);
            }
            return new StoredOriginal(
                    stagingKey,
                    FileNames.clean(submittedFileName),
                    stored.sizeBytes(),
                    stored.sha256(),
                    format.mediaType());
        } catch (IOException e) {
            LOG.info(() -> "upload " + stagingKey + " broke off: " + e);
            throw new ProblemException(
                    ProblemType.UPLOAD_INTERRUPTED, "The upload ended before the file was complete.");
        } finally {
            writes.end(stagingKey);
        }
    }

    /** Registers a staged original, or returns the tenant's existing asset with the same content. */
    public Result register(Uploader uploader, StoredOriginal staged, AssetDetails details) {
        var registered = assets.registerUnlessPresent(uploader, staged, details);
        if (registered.duplicate()) {
            discard(staged);
        }
        return new Result(registered.asset(), registered.duplicate());
    }

    /** Drops a staged original that was never registered. */
    public void discard(StoredOriginal staged) {
        storage.delete(staged.key());
    }
}
