package com.clips.analytics.control;

/**
 * Every SQL statement of analytics, in one place: the feature works set-based over arrays and
 * aggregates (unnest, upserts, window of the rollup watermark), which JPQL cannot say. The event
 * store, the reads and the rollup job use these; parameters are positional.
 */
public final class AnalyticsSql {

    private AnalyticsSql() {}

    /** The rollup watermark as a subquery: raw events from it on are not in the aggregates yet. */
    public static final String WATERMARK = "(select coalesce(rolled_up_to, '-infinity') from clips.analytics_rollup)";

    /** A batch of events as one relation {@code e}, from nine parallel arrays. */
    public static final String EVENTS = "unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
            + " ?::text[], ?::varchar[], ?::varchar[], ?::varchar[]) as e(asset_id, tenant_id, owner_id, subject,"
            + " event_type, occurred, ip_address, user_agent, referrer)";

    /** Only events of assets that still exist (one may be purged while its events wait). */
    public static final String LIVE = " where exists (select 1 from clips.asset a where a.id = e.asset_id)";

    /** Adds per-asset hour counts from a relation named {@code hours} to the owners' hour counts. */
    public static final String OWNER_HOURLY_UPSERT = "insert into clips.analytics_owner_hourly"
            + " (tenant_id, owner_id, event_type, hour, events) select tenant_id, owner_id, event_type, hour, sum(events)"
            + " from hours group by 1, 2, 3, 4 on conflict (tenant_id, owner_id, event_type, hour)"
            + " do update set events = analytics_owner_hourly.events + excluded.events";

    /** The raw events of a batch. */
    public static final String INSERT_EVENTS =
            "insert into clips.analytics_event (asset_id, tenant_id, owner_id, subject, event_type,"
                    + " occurred_at, ip_address, user_agent, referrer) select e.asset_id, e.tenant_id, e.owner_id,"
                    + " e.subject, e.event_type, e.occurred::timestamptz, e.ip_address, e.user_agent, e.referrer from "
                    + EVENTS + LIVE;

    /** Late events (before the watermark) straight into the per-asset and per-owner hours. */
    public static final String LATE_INTO_HOURLY = "with hours as (select e.asset_id, e.event_type,"
            + " date_trunc('hour', e.occurred::timestamptz, 'UTC') as hour, min(e.tenant_id) as tenant_id,"
            + " min(e.owner_id) as owner_id, count(*) as events from " + EVENTS + LIVE
            + " group by 1, 2, 3),"
            + " per_asset as (insert into clips.analytics_hourly (asset_id, event_type, hour, tenant_id, owner_id,"
            + " events) select * from hours on conflict (asset_id, event_type, hour)"
            + " do update set events = analytics_hourly.events + excluded.events) "
            + OWNER_HOURLY_UPSERT;

    /** First sightings of late views' viewers. */
    public static final String LATE_VIEWERS = "insert into clips.analytics_viewer (asset_id, subject, first_seen)"
            + " select e.asset_id, e.subject, min(e.occurred::timestamptz) from " + EVENTS + LIVE
            + " and e.event_type = 'VIEW' and e.subject is not null group by 1, 2 on conflict (asset_id, subject)"
            + " do update set first_seen = least(analytics_viewer.first_seen, excluded.first_seen)";

    /** The first of each kind per viewer session; the rows that went in are returned (the primary key decides). */
    public static final String FIRST_OF_SESSIONS = "insert into clips.analytics_session"
            + " (asset_id, session_id, event_type, first_at) select s.asset_id, s.session_id, s.event_type,"
            + " s.first_at::timestamptz from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::text[])"
            + " as s(asset_id, session_id, event_type, first_at)"
            + " where exists (select 1 from clips.asset a where a.id = s.asset_id)"
            + " on conflict do nothing returning asset_id, session_id, event_type";

    /** The watermark, share-locked until commit. */
    public static final String WATERMARK_SHARED = "select rolled_up_to from clips.analytics_rollup for share";

    /** Plays, downloads, rebuffering and last play added to the asset rows, one update per batch. */
    public static final String COUNT_ON_ASSETS = "update clips.asset a set"
            + " view_count = a.view_count + c.views, download_count = a.download_count + c.downloads,"
            + " rebuffer_millis = a.rebuffer_millis + c.rebuffering,"
            + " last_viewed_at = greatest(a.last_viewed_at, c.last_viewed)"
            + " from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[])"
            + " as c(id, views, downloads, rebuffering, last_viewed) where a.id = c.id";

    /** An asset's events per type: the aggregates plus the raw events since the watermark. */
    public static final String ASSET_TOTALS = "select event_type, sum(n) from ("
            + " select event_type, events as n from clips.analytics_hourly where asset_id = ?1"
            + " union all select event_type, 1 from clips.analytics_event where asset_id = ?1"
            + " and occurred_at >= " + WATERMARK + ") t group by 1";

    /** An asset's unique viewers and its first view. */
    public static final String ASSET_VIEWERS = "select count(*), min(first_seen) from ("
            + " select subject, min(first_seen) as first_seen from ("
            + " select subject, first_seen from clips.analytics_viewer where asset_id = ?1"
            + " union all select subject, occurred_at from clips.analytics_event where asset_id = ?1"
            + " and event_type = 'VIEW' and subject is not null and occurred_at >= " + WATERMARK + ") s"
            + " group by subject) v";

    /** An asset's views per UTC hour in [?2, ?3). */
    public static final String ASSET_VIEWS_BY_HOUR = "select hour, sum(events) from ("
            + " select hour, events from clips.analytics_hourly where asset_id = ?1 and event_type = 'VIEW'"
            + " and hour >= ?2 and hour < ?3"
            + " union all select date_trunc('hour', occurred_at, 'UTC'), 1 from clips.analytics_event"
            + " where asset_id = ?1 and event_type = 'VIEW'"
            + " and occurred_at >= greatest(?2, " + WATERMARK + ") and occurred_at < ?3) h group by hour";

    /** The time an asset's players spent rebuffering, in ms. */
    public static final String ASSET_REBUFFERING = "select rebuffer_millis from clips.asset where id = ?1";

    /** The rollup watermark (null before the first rollup). */
    public static final String ROLLED_UP_TO = "select rolled_up_to from clips.analytics_rollup";

    /** When the first raw event happened. */
    public static final String FIRST_EVENT = "select min(occurred_at) from clips.analytics_event";

    /** The watermark, locked for the rollup. */
    public static final String WATERMARK_LOCKED = "select rolled_up_to from clips.analytics_rollup for update";

    /** Whole hours [?1, ?2) of raw events into the per-asset and per-owner hours; how many were folded. */
    public static final String ROLL_UP = "with hours as (select asset_id, event_type,"
            + " date_trunc('hour', occurred_at, 'UTC') as hour, min(tenant_id) as tenant_id,"
            + " min(owner_id) as owner_id, count(*) as events from clips.analytics_event"
            + " where occurred_at >= ?1 and occurred_at < ?2 group by 1, 2, 3),"
            + " per_asset as (insert into clips.analytics_hourly (asset_id, event_type, hour, tenant_id, owner_id, events)"
            + " select * from hours on conflict (asset_id, event_type, hour)"
            + " do update set events = analytics_hourly.events + excluded.events),"
            + " per_owner as (" + OWNER_HOURLY_UPSERT + ")"
            + " select coalesce(sum(events), 0) from hours";

    /** First sightings of the viewers of [?1, ?2). */
    public static final String ROLL_UP_VIEWERS = "insert into clips.analytics_viewer (asset_id, subject, first_seen)"
            + " select asset_id, subject, min(occurred_at) from clips.analytics_event"
            + " where occurred_at >= ?1 and occurred_at < ?2 and event_type = 'VIEW' and subject is not null"
            + " group by 1, 2 on conflict (asset_id, subject) do nothing";

    /** Moves the watermark. */
    public static final String MOVE_WATERMARK = "update clips.analytics_rollup set rolled_up_to = ?1";

    /** Up to ?2 viewer sessions that began before ?1. */
    public static final String PRUNE_SESSIONS = "delete from clips.analytics_session where ctid in (select ctid from"
            + " clips.analytics_session where first_at < ?1 limit ?2)";

    /** Up to ?2 raw events before ?1 that are rolled up. */
    public static final String PRUNE_EVENTS =
            "delete from clips.analytics_event where id in (select id from clips.analytics_event"
                    + " where occurred_at < least(?1, (select coalesce(rolled_up_to, '-infinity') from clips.analytics_rollup)) limit ?2)";
}
