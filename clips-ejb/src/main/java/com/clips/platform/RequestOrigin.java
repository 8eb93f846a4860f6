package com.clips.platform;

import jakarta.enterprise.context.RequestScoped;

/**
 * Where the current request came from and who sent it (the token's subject), filled in by the web
 * layer for the analytics events and audit entries it causes.
 */
@RequestScoped
public class RequestOrigin {

    public record Origin(String ipAddress, String userAgent, String referrer, String subject) {
        public static final Origin UNKNOWN = new Origin(null, null, null, null);
    }

    private Origin origin = Origin.UNKNOWN;

    public void set(Origin origin) {
        this.origin = origin;
    }

    public Origin get() {
        return origin;
    }
}
