package com.clips.platform;

/**
 * The problem catalogue: every kind of failure a client can be told about, with its stable
 * {@code /problems/{slug}} type, the HTTP status the web tier answers with and its one title. The
 * domain throws {@link ProblemException}s of these types and never names a status itself; the
 * README's error table is checked against this list by a test.
 */
public enum ProblemType {
    // 400: the request itself is wrong
    BAD_REQUEST(400, "bad-request", "Bad request"),
    EMPTY_FILE(400, "empty-file", "Empty file"),
    MISSING_FILE(400, "missing-file", "Missing file"),
    INVALID_FIELD(400, "invalid-field", "Invalid field"),
    MALFORMED_MULTIPART(400, "malformed-multipart", "Malformed multipart body"),
    UPLOAD_INTERRUPTED(400, "upload-interrupted", "Upload interrupted"),
    UNSUPPORTED_GRANT_TYPE(400, "unsupported-grant-type", "Unsupported grant type"),
    INVALID_FILTER(400, "invalid-filter", "Invalid filter"),
    INVALID_PARAMETER(400, "invalid-parameter", "Invalid parameter"),
    INVALID_HEADER(400, "invalid-header", "Invalid header"),
    UNSUPPORTED_CHECKSUM(400, "unsupported-checksum", "Unsupported checksum algorithm"),
    INVALID_NOTIFICATION(400, "invalid-notification", "Invalid notification"),
    UNKNOWN_EVENT_TYPE(400, "unknown-event-type", "Unknown event type"),
    INVALID_WEBHOOK_URL(400, "invalid-webhook-url", "Invalid webhook URL"),
    WEBHOOK_URL_REFUSED(400, "webhook-url-refused", "Webhook URL refused"),
    REPLAY_TOO_LARGE(400, "replay-too-large", "Replay too large"),
    INVALID_BEACON(400, "invalid-beacon", "Invalid beacon"),
    INVALID_LICENCE_REQUEST(400, "invalid-licence-request", "Invalid licence request"),
    // 401: who is asking is not established
    UNAUTHENTICATED(401, "unauthenticated", "Unauthenticated"),
    INVALID_CLIENT(401, "invalid-client", "Invalid client"),
    INVALID_SIGNATURE(401, "invalid-signature", "Invalid signature"),
    // 403: known caller, not allowed
    FORBIDDEN(403, "forbidden", "Forbidden"),
    TENANT_SUSPENDED(403, "tenant-suspended", "Tenant suspended"),
    ASSET_QUOTA_EXCEEDED(403, "asset-quota-exceeded", "Asset quota exceeded"),
    STORAGE_QUOTA_EXCEEDED(403, "storage-quota-exceeded", "Storage quota exceeded"),
    PROCESSING_QUOTA_EXCEEDED(403, "processing-quota-exceeded", "Processing quota exceeded"),
    PLAYBACK_TOKEN_REQUIRED(403, "playback-token-required", "Playback token required"),
    INVALID_PLAYBACK_TOKEN(403, "invalid-playback-token", "Invalid playback token"),
    PLAYBACK_RESTRICTED(403, "playback-restricted", "Playback restricted"),
    // 404-406: no such thing, or not this way
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    // 409: the object's state does not allow it now
    ASSET_BUSY(409, "asset-busy", "Asset busy"),
    ASSET_NOT_READY(409, "asset-not-ready", "Asset not ready"),
    ILLEGAL_STATUS_TRANSITION(409, "illegal-status-transition", "Illegal status transition"),
    CLIENT_REVOKED(409, "client-revoked", "Client revoked"),
    PLAYLIST_FULL(409, "playlist-full", "Playlist full"),
    TENANT_EXISTS(409, "tenant-exists", "Tenant exists"),
    CONTENT_EXISTS(409, "content-exists", "Content exists"),
    CAPTIONS_EXIST(409, "captions-exist", "Captions exist"),
    DASH_UNAVAILABLE(409, "dash-unavailable", "DASH unavailable"),
    PROTECTED_CONTENT(409, "protected-content", "Protected content"),
    TENANT_BUSY(409, "tenant-busy", "Tenant busy"),
    UPLOAD_INCOMPLETE(409, "upload-incomplete", "Upload incomplete"),
    UPLOAD_BUSY(409, "upload-busy", "Upload busy"),
    UPLOAD_COMPLETED(409, "upload-completed", "Upload completed"),
    OFFSET_MISMATCH(409, "offset-mismatch", "Offset mismatch"),
    JOB_NOT_LATEST(409, "job-not-latest", "Job not the latest"),
    JOB_COMPLETE(409, "job-complete", "Job complete"),
    JOB_NOT_RESTARTABLE(409, "job-not-restartable", "Job not restartable"),
    JOB_NOT_RUNNING(409, "job-not-running", "Job not running"),
    ENDPOINT_DISABLED(409, "endpoint-disabled", "Endpoint disabled"),
    JOB_RESTARTED(409, "job-restarted", "Job already restarted"),
    JOB_STOPPING(409, "job-stopping", "Job already stopping"),
    CONCURRENT_CHANGE(409, "concurrent-change", "Concurrent change"),
    // 410: it was there, and is gone for good
    UPLOAD_EXPIRED(410, "upload-expired", "Upload expired"),
    RESTORE_WINDOW_PASSED(410, "restore-window-passed", "Restore window passed"),
    // 412-415: the protocol's preconditions, sizes and types
    TUS_VERSION(412, "tus-version", "Unsupported tus version"),
    UPLOAD_TOO_LARGE(413, "upload-too-large", "Upload too large"),
    UPLOAD_LENGTH_EXCEEDED(413, "upload-length-exceeded", "Upload length exceeded"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    // 422: readable, but the content is not what was declared
    SIZE_MISMATCH(422, "size-mismatch", "Size mismatch"),
    CHECKSUM_MISMATCH(422, "checksum-mismatch", "Checksum mismatch"),
    INVALID_PARTS(422, "invalid-parts", "Invalid parts"),
    INVALID_CAPTIONS(422, "invalid-captions", "Invalid captions"),
    INVALID_CHAPTERS(422, "invalid-chapters", "Invalid chapters"),
    // 460: the status the tus checksum extension prescribes for a request body that fails its checksum
    TUS_CHECKSUM_MISMATCH(460, "checksum-mismatch", "Checksum mismatch"),
    // 429 and 5xx: try again later, or our fault
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    BUSY(503, "busy", "Busy"),
    UNAVAILABLE(503, "unavailable", "Service unavailable");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The HTTP status the web tier answers with. */
    public int status() {
        return status;
    }

    /** The stable part of the type URI, {@code /problems/{slug}}. */
    public String slug() {
        return slug;
    }

    public String uri() {
        return "/problems/" + slug;
    }

    public String title() {
        return title;
    }
}
