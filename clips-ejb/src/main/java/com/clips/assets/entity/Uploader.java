package com.clips.assets.entity;

/** Who uploads: the tenant and subject from the token, and whether their role keeps originals (Premium). */
public record Uploader(String tenantId, String subject, boolean keepsOriginalQuality) {
}
