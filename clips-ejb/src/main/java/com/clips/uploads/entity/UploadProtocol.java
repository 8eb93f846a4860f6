package com.clips.uploads.entity;

/** How the bytes arrive: straight to storage through presigned URLs, or through the tus endpoint. */
public enum UploadProtocol {
    DIRECT,
    TUS
}
