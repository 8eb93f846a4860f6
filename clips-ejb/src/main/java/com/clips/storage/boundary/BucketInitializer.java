package com.clips.storage.boundary;

import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageSettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.model.S3Exception;

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

    /** Origins whose pages may read the bucket's objects (players, direct uploads); empty: leave CORS alone. */
    @Inject
    @ConfigProperty(name = "clips.s3.cors-allowed-origins", defaultValue = "*")
    List<String> corsOrigins;

    @PostConstruct
    void ensureBucket() {
        if (settings.createBucket()) {
            try {
                storage.createBucketIfMissing();
            } catch (RuntimeException e) {
                // readiness reports the bucket as down; the API answers 503 until storage is back
                LOG.log(Level.WARNING, "bucket " + settings.bucket() + " could not be created: " + e.getMessage());
                return;
            }
        }
        if (corsOrigins.isEmpty() || corsOrigins.equals(List.of("none"))) {
            return;
        }
        try {
            storage.putCors(corsOrigins);
        } catch (S3Exception e) {
            // S3Proxy takes its CORS rule from its own properties (./clips writes them) and says 501 here
            LOG.log(
                    e.statusCode() == 501 ? Level.FINE : Level.WARNING,
                    "bucket " + settings.bucket() + ": CORS rule not set (" + e.statusCode() + "): " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bucket " + settings.bucket() + ": CORS rule not set: " + e.getMessage());
        }
    }
}
