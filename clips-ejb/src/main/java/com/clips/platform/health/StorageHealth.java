package com.clips.platform.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The bucket exists and our credentials are accepted (asked of the S3 adapter in clips-ejb). */
@Readiness
@ApplicationScoped
public class StorageHealth implements HealthCheck {

    @Resource(lookup = "java:global/clips/clips-ejb/StorageProbe!java.util.function.BooleanSupplier")
    BooleanSupplier storageProbe;

    @Inject
    @ConfigProperty(name = "clips.s3.bucket", defaultValue = "clips")
    String bucket;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object-storage")
                .withData("bucket", bucket)
                .status(storageProbe.getAsBoolean())
                .build();
    }
}
