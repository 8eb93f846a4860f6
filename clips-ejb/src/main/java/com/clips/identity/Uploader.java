package com.clips.identity;

/**
 * Who uploads: the tenant and subject from the token, and whether they are Premium (originals
 * kept at full quality, no compressed copy; a higher upload limit).
 */
public record Uploader(String tenantId, String subject, boolean premium) {

    public boolean keepsOriginalQuality() {
        return premium;
    }
}
