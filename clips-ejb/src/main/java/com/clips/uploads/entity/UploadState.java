package com.clips.uploads.entity;

/**
 * Where an upload session stands. OPEN takes bytes; VERIFYING while the server checks the object
 * (one completion at a time); the other three are final, and a final session answers every later
 * request the same way.
 */
public enum UploadState {
    OPEN,
    VERIFYING,
    COMPLETED,
    FAILED,
    ABORTED,
    EXPIRED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == ABORTED || this == EXPIRED;
    }
}
