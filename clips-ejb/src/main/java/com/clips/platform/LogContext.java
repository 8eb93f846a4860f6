package com.clips.platform;

import org.jboss.logging.MDC;

/**
 * The ids every log line carries in its MDC (server.log is JSON and writes the MDC of each line):
 * the request, the tenant, the asset and the job execution it belongs to. A request's filter, the
 * processing queue's listener and a job's listener put them; whoever puts one removes it.
 */
public final class LogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String TENANT = "tenant";
    public static final String ASSET = "assetId";
    public static final String EXECUTION = "execution";

    private LogContext() {}

    public static void put(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }

    /** Puts {@code key} until the handle is closed, then restores what was there before. */
    public static Scope with(String key, Object value) {
        var before = MDC.get(key);
        put(key, value);
        return () -> {
            if (before == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, before);
            }
        };
    }

    /** A value put by {@link #with}; closing it restores the one it replaced. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public static void remove(String... keys) {
        for (var key : keys) {
            MDC.remove(key);
        }
    }
}
