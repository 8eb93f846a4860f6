package com.clips.storage.boundary;

import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageSettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Creates the bucket on first start when configured to (the embedded S3 server); never fails deployment. */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BucketInitializer {

    private static final Logger LOG = Logger.getLogger(BucketInitializer.class.getName());

    @Inject
    ObjectStorage storage;

    @Inject
    StorageSettings settings;

    @PostConstruct
    void ensureBucket() {
        if (!settings.createBucket()) {
            return;
        }
        try {
            storage.createBucketIfMissing();
        } catch (RuntimeException e) {
            // readiness reports the bucket as down; the API answers 503 until storage is back
            LOG.log(Level.WARNING, "bucket " + settings.bucket() + " could not be created: " + e.getMessage());
        }
    }
}
