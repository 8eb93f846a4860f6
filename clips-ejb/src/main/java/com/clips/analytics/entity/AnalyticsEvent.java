package com.clips.analytics.entity;

import java.time.Instant;

/**
 * One thing that happened to an asset, as recorded: the asset's row id, tenant and owner (heatmaps
 * are per owner), who caused it and from where (address, user agent and referrer as the request
 * gave them, cut to their column sizes). A player's beacon adds its viewer session (else null) and,
 * for a rebuffer, how long it lasted (else 0).
 */
public record AnalyticsEvent(
        long assetId,
        String tenantId,
        String ownerId,
        String subject,
        EventType type,
        Instant occurredAt,
        String ipAddress,
        String userAgent,
        String referrer,
        String session,
        long millis) {

    public AnalyticsEvent {
        ipAddress = cut(ipAddress, 45);
        userAgent = cut(userAgent, 512);
        referrer = cut(referrer, 1024);
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
