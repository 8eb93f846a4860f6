package com.clips.platform;

import java.util.function.Supplier;

/**
 * The one place that scopes persistence to a tenant. Every tenant-owned entity carries Hibernate's
 * {@code @TenantId}: a session opened inside {@link #of a tenant's scope} sees only that tenant's
 * rows (queries, criteria and loads by id alike) and cannot write another tenant's. The web tier
 * puts every request in its caller's scope, and a request without a token in {@link #NOBODY}'s,
 * which matches no row. Work no request started (jobs, timers, message listeners) runs in the
 * {@link #SYSTEM} scope, Hibernate's root tenant ({@link TenantResolver}): unscoped, and it writes
 * whatever tenant the entity names. Native SQL is not scoped by Hibernate, so in a tenant's scope
 * it only reads rows keyed by the id of a row the scope already returned (a playlist's items, an
 * asset's figures); anything a tenant lists or searches is a mapped entity read through the scope.
 *
 * <p>A session takes the scope that is current when it opens (the first use of the entity manager
 * in a transaction), so a scope is entered before the transaction that needs it begins.
 */
public final class TenantScope {

    public static final String SYSTEM = "*system*";
    public static final String NOBODY = "*nobody*";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** A scope entered; closing it restores the scope it replaced. */
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }

    /** Enters {@code tenant}'s scope until the returned handle is closed. */
    public static Entered enter(String tenant) {
        var before = CURRENT.get();
        CURRENT.set(tenant);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** Runs {@code work} in {@code tenant}'s scope, then restores the scope it found. */
    public static <T> T of(String tenant, Supplier<T> work) {
        try (var scope = enter(tenant)) {
            return work.get();
        }
    }

    public static <T> T system(Supplier<T> work) {
        return of(SYSTEM, work);
    }

    /** The scope sessions opened now get: the entered one, else (no request) the system's. */
    public static String current() {
        var tenant = CURRENT.get();
        return tenant == null ? SYSTEM : tenant;
    }

    public static boolean isSystem(String tenant) {
        return SYSTEM.equals(tenant);
    }

    private TenantScope() {}
}
