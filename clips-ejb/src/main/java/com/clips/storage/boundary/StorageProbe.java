package com.clips.storage.boundary;

import com.clips.storage.control.ObjectStorage;
import jakarta.ejb.Local;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.function.BooleanSupplier;

/**
 * Is the bucket reachable? Exposed under a JDK interface so the readiness check, which must live
 * in the EAR's lib/ (WildFly only discovers health checks of the top-level deployment), can call
 * it without seeing this module's classes.
 */
@Singleton
@Local(BooleanSupplier.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StorageProbe implements BooleanSupplier {

    public static final String JNDI = "java:global/clips/clips-ejb/StorageProbe!java.util.function.BooleanSupplier";

    @Inject
    ObjectStorage storage;

    @Override
    public boolean getAsBoolean() {
        try {
            return storage.bucketReachable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
