package com.clips.events.entity;

import java.util.Arrays;
import java.util.Optional;

/** Every kind of event the outbox writes: the type a webhook or the pull API names, and its resource. */
public enum EventType {
    ASSET_CREATED("asset.created", "asset", "An asset row exists: the upload was accepted and processing is queued"),
    ASSET_PROCESSING("asset.processing", "asset", "A processing run started working on the asset"),
    ASSET_RENDITION_READY(
            "asset.rendition.ready", "asset", "A rendition is stored; the first one (first=true) means playable"),
    ASSET_READY("asset.ready", "asset", "Processing finished: the asset is Ready"),
    ASSET_FAILED("asset.failed", "asset", "Processing failed (reason in data)"),
    ASSET_UPDATED("asset.updated", "asset", "The asset's details (title, tags, visibility...) were edited"),
    ASSET_DELETED("asset.deleted", "asset", "Soft-deleted: hidden, restorable"),
    ASSET_RESTORED("asset.restored", "asset", "A soft delete was undone"),
    ASSET_PURGED("asset.purged", "asset", "The asset and all its stored objects are gone for good"),
    UPLOAD_CREATED("upload.created", "upload", "A direct or tus upload session was opened"),
    UPLOAD_COMPLETED("upload.completed", "upload", "The upload was verified and became (or matched) an asset"),
    UPLOAD_FAILED("upload.failed", "upload", "The upload was refused for good (size, checksum, type)"),
    UPLOAD_CANCELLED("upload.cancelled", "upload", "The client aborted the upload"),
    UPLOAD_EXPIRED("upload.expired", "upload", "The upload session expired before it was completed"),
    JOB_STARTED("job.started", "job", "A processing run started"),
    JOB_SUCCEEDED("job.succeeded", "job", "A processing run completed"),
    JOB_FAILED("job.failed", "job", "A processing run failed or was interrupted"),
    JOB_STOPPED("job.stopped", "job", "An operator stopped a processing run"),
    TENANT_QUOTA_THRESHOLD(
            "tenant.quota.threshold", "tenant", "An upload took a quota's use to 80 % or 100 % of its limit"),
    /** Sent by POST /webhooks/endpoints/{id}/test to that endpoint only; never fanned out or listed. */
    WEBHOOK_TEST("webhook.test", "endpoint", "A test message an administrator asked for");

    private final String type;
    private final String resource;
    private final String description;

    EventType(String type, String resource, String description) {
        this.type = type;
        this.resource = resource;
        this.description = description;
    }

    public String type() {
        return type;
    }

    public String resource() {
        return resource;
    }

    public String description() {
        return description;
    }

    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
