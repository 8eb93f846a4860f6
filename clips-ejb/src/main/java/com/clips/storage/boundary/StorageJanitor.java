package com.clips.storage.boundary;

import com.clips.assets.boundary.Assets;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes staging objects that no asset row refers to: the leftovers of uploads whose transaction
 * rolled back or whose server died before commit. Runs hourly; operators can run it on demand.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StorageJanitor {

    private static final Logger LOG = Logger.getLogger(StorageJanitor.class.getName());

    @Inject
    ObjectStorage storage;

    @EJB
    Assets assets;

    @Inject
    @ConfigProperty(name = "clips.storage.orphan-grace", defaultValue = "PT6H")
    Duration grace;

    @Schedule(hour = "*", minute = "23", persistent = false)
    void hourly() {
        sweepStaging(grace);
    }

    /** Deletes unreferenced staging objects older than {@code olderThan}; returns how many. */
    public int sweepStaging(Duration olderThan) {
        int removed = 0;
        for (var object : storage.list(StorageKeys.STAGING_PREFIX)) {
            if (ObjectStorage.olderThan(object, olderThan) && !assets.referencesStorageKey(object.key())) {
                storage.delete(object.key());
                removed++;
            }
        }
        if (removed > 0) {
            int count = removed;
            LOG.info(() -> "removed " + count + " orphaned staging objects");
        }
        return removed;
    }
}
