package com.clips.storage.control;

/** The outcome of streaming bytes into the bucket: size and SHA-256 as they went past. */
public record StoredObject(String key, long sizeBytes, String sha256) {}
