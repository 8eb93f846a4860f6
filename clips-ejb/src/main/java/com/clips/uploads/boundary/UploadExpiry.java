package com.clips.uploads.boundary;

import com.clips.platform.ClusterTasks;
import com.clips.storage.control.StagingOwner;
import com.clips.storage.control.StorageKeys;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Ends upload sessions past their expiry every minute, on one node of the cluster (and before
 * every staging sweep), and tells the storage janitor which staging objects live sessions still
 * write.
 */
@Singleton
@Local(StagingOwner.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UploadExpiry implements StagingOwner {

    private static final Logger LOG = Logger.getLogger(UploadExpiry.class.getName());
    static final String TASK = "upload-expiry";

    @EJB
    UploadSessions uploads;

    @EJB
    ClusterTasks tasks;

    /** Every minute, on one node of the cluster. */
    @Schedule(hour = "*", minute = "*", persistent = false)
    void everyMinute() {
        if (tasks.claim(TASK, Duration.ofMinutes(1), Duration.ZERO)) {
            settle();
        }
    }

    @Override
    public void settle() {
        while (uploads.expireStale(100) == 100) {
            LOG.fine("more expired upload sessions");
        }
    }

    @Override
    public boolean owns(String stagingKey) {
        return StorageKeys.uploadOf(stagingKey).map(uploads::isLive).orElse(false);
    }
}
