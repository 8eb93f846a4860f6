package com.clips.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A periodic task that runs once per period across all nodes, not once per node: the node whose
 * timer fires first claims the period on this row; the others find it claimed and skip.
 */
@Entity
@Table(name = "cluster_task")
@NamedNativeQuery(
        name = ClusterTask.CLAIM,
        // one statement: the row's lock orders concurrent claims, and only the first of a slot changes
        // it. A slot is the period around one firing of the schedule (from half a period before it to
        // half a period after), on PostgreSQL's clock, so neither a late timer nor a node's clock
        // a little ahead makes a second run of one period
        query = "insert into clips.cluster_task as t (name, node, slot, last_run_at, runs) values (?1, ?2,"
                + " date_bin(make_interval(secs => ?3), now() + make_interval(secs => ?3 / 2),"
                + " timestamptz '2000-01-01 00:00:00+00' + make_interval(secs => ?4)), now(), 1)"
                + " on conflict (name) do update set node = excluded.node, slot = excluded.slot,"
                + " last_run_at = excluded.last_run_at, runs = t.runs + 1 where t.slot < excluded.slot")
public class ClusterTask {

    public static final String CLAIM = "ClusterTask.claim";

    @Id
    @Column(length = 64)
    private String name;

    @Column(nullable = false, length = 128)
    private String node;

    /** The start of the period this task last ran for. */
    @Column(nullable = false)
    private Instant slot;

    @Column(name = "last_run_at", nullable = false)
    private Instant lastRunAt;

    @Column(nullable = false)
    private long runs;

    protected ClusterTask() {}
}
