package com.clips.storage.boundary;

import com.clips.platform.ClusterTasks;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StagingOwner;
import com.clips.storage.control.StorageKeys;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes staging objects that no {@link StagingOwner} claims (no asset row refers to them, no live
 * upload session writes them): the leftovers of uploads whose transaction rolled back or whose
 * server died before commit, and the multipart uploads clients abandoned. Runs hourly; operators
 * can run it on demand.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StorageJanitor {

    private static final Logger LOG = Logger.getLogger(StorageJanitor.class.getName());

    @EJB
    ClusterTasks tasks;

    @Inject
    ObjectStorage storage;

    @Inject
    @Any
    Instance<StagingOwner> owners;

    @Inject
    @ConfigProperty(name = "clips.storage.orphan-grace", defaultValue = "PT6H")
    Duration grace;

    @Schedule(hour = "*", minute = "23", persistent = false)
    void hourly() {
        if (!tasks.claim("storage-janitor", Duration.ofHours(1), Duration.ofMinutes(23))) {
            return; // another node ran it this period
        }
        sweepStaging(grace);
    }

    /**
     * Deletes staging objects older than {@code olderThan} that neither an asset nor a live upload
     * session refers to, and aborts such multipart uploads; returns how many.
     */
    public int sweepStaging(Duration olderThan) {
        owners.forEach(StagingOwner::settle);
        int removed = 0;
        for (var object : storage.list(StorageKeys.STAGING_PREFIX)) {
            if (ObjectStorage.olderThan(object, olderThan) && !owned(object.key())) {
                storage.delete(object.key());
                removed++;
            }
        }
        for (var open : storage.openUploads(StorageKeys.STAGING_PREFIX)) {
            if (open.initiated().isBefore(Instant.now().minus(olderThan)) && !owned(open.key())) {
                storage.abortMultipart(open.key(), open.uploadId());
                removed++;
            }
        }
        if (removed > 0) {
            int count = removed;
            LOG.info(() -> "removed " + count + " orphaned staging objects");
        }
        return removed;
    }

    private boolean owned(String key) {
        return owners.stream().anyMatch(owner -> owner.owns(key));
    }
}
