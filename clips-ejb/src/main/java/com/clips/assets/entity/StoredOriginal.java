package com.clips.assets.entity;

/** An original that is already in object storage: where, how big, its digest and sniffed type. */
public record StoredOriginal(String key, String fileName, long sizeBytes, String sha256, String contentType) {}
