package com.clips.catalog.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many catalog counts may run alongside their pages at once: a quarter of the datasource's
 * pool ({@code CLIPS_DB_POOL_MAX}, which sizes the pool too), none for a pool under four. A count
 * alongside takes a second connection while its request holds one; past these permits a page
 * counts on its own connection, so requests waiting for counts can never hold the whole pool.
 */
@ApplicationScoped
public class CountsAlongside {

    @Inject
    @ConfigProperty(name = "clips.db.pool-max", defaultValue = "30")
    int poolMax;

    private Semaphore permits;

    @PostConstruct
    void size() {
        permits = new Semaphore(permitsFor(poolMax));
    }

    static int permitsFor(int poolMax) {
        return Math.max(0, poolMax / 4);
    }

    /** True if a count may start alongside now (then {@link #done} once it ends); never waits. */
    public boolean tryStart() {
        return permits.tryAcquire();
    }

    public void done() {
        permits.release();
    }
}
