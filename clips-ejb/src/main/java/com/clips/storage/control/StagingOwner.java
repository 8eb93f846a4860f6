package com.clips.storage.control;

/**
 * A feature whose rows may still need a staging object ({@code tmp/…}). The storage janitor
 * deletes only staging objects that no owner claims, so it needs to know no feature's tables.
 */
public interface StagingOwner {

    /** Ends what has lapsed (expired upload sessions, say) before a sweep asks {@link #owns}. */
    void settle();

    /** Does a row of this feature still refer to, or still write, this staging key? */
    boolean owns(String stagingKey);
}
