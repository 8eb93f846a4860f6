package com.clips.analytics.control;

import jakarta.enterprise.context.RequestScoped;

/** Where the current request came from, filled in by the web layer for the events it causes. */
@RequestScoped
public class RequestOrigin {

    public record Origin(String ipAddress, String userAgent, String referrer) {
        public static final Origin UNKNOWN = new Origin(null, null, null);
    }

    private Origin origin = Origin.UNKNOWN;

    public void set(Origin origin) {
        this.origin = origin;
    }

    public Origin get() {
        return origin;
    }
}
