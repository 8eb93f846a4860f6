package com.clips.uploads.boundary;

import com.clips.storage.control.StagingOwner;
import com.clips.storage.control.StorageKeys;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;

/**
 * Ends upload sessions past their expiry every five minutes (and before every staging sweep), and
 * tells the storage janitor which staging objects live sessions still write.
 */
@Singleton
@Local(StagingOwner.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UploadExpiry implements StagingOwner {

    private static final Logger LOG = Logger.getLogger(UploadExpiry.class.getName());

    @EJB
    UploadSessions uploads;

    @Schedule(hour = "*", minute = "*/5", persistent = false)
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
