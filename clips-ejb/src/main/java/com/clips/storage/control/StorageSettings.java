package com.clips.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Where the bucket is and how to talk to it; the same code serves AWS S3, B2, MinIO and S3Proxy. */
@ApplicationScoped
public class StorageSettings {

    @Inject
    @ConfigProperty(name = "clips.s3.endpoint")
    Optional<URI> endpoint;

    @Inject
    @ConfigProperty(name = "clips.s3.region", defaultValue = "us-east-1")
    String region;

    @Inject
    @ConfigProperty(name = "clips.s3.bucket", defaultValue = "clips")
    String bucket;

    @Inject
    @ConfigProperty(name = "clips.s3.access-key")
    String accessKey;

    @Inject
    @ConfigProperty(name = "clips.s3.secret-key")
    String secretKey;

    @Inject
    @ConfigProperty(name = "clips.s3.path-style", defaultValue = "true")
    boolean pathStyle;

    /** WHEN_SUPPORTED (SDK default, CRC32 on every request) or WHEN_REQUIRED for B2 and friends. */
    @Inject
    @ConfigProperty(name = "clips.s3.checksum-mode", defaultValue = "WHEN_REQUIRED")
    String checksumMode;

    @Inject
    @ConfigProperty(name = "clips.s3.part-size-bytes", defaultValue = "8388608")
    int partSizeBytes;

    /** Parts of one streamed upload being sent while the next is read (memory: this + 1 parts). */
    @Inject
    @ConfigProperty(name = "clips.s3.parts-in-flight", defaultValue = "2")
    int partsInFlight;

    @Inject
    @ConfigProperty(name = "clips.s3.create-bucket", defaultValue = "true")
    boolean createBucket;

    public Optional<URI> endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public boolean pathStyle() {
        return pathStyle;
    }

    public String checksumMode() {
        return checksumMode;
    }

    public int partSizeBytes() {
        return partSizeBytes;
    }

    public int partsInFlight() {
        return Math.max(1, partsInFlight);
    }

    /** The static credentials both the client and the presigner sign with. */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey()));
    }

    /** Path-style addressing, on the client and the presigner alike (virtual hosts fail off AWS). */
    public S3Configuration s3Configuration() {
        return S3Configuration.builder().pathStyleAccessEnabled(pathStyle()).build();
    }

    public boolean createBucket() {
        return createBucket;
    }
}
