-- Analytics (issue 7, seed 000 §11). Raw events arrive in batches from each node's buffer; the
-- analytics-rollup job folds whole hours into analytics_hourly and analytics_owner_hourly (and
-- first sightings into analytics_viewer) and moves the watermark past them in the same transaction, so every event is
-- counted exactly once: hours before the watermark from the aggregates, the rest from raw events.
-- Raw events past the retention window are pruned; aggregates stay.
create table analytics_event (
    id          bigint generated always as identity primary key,
    asset_id    bigint        not null references asset (id) on delete cascade,
    tenant_id   varchar(64)   not null,
    owner_id    varchar(128)  not null, -- the asset's owner: heatmaps are per owner
    subject     varchar(255),           -- who caused it
    event_type  varchar(20)   not null,
    occurred_at timestamptz   not null,
    ip_address  varchar(45),
    user_agent  varchar(512),
    referrer    varchar(1024)
);
create index analytics_event_occurred_idx on analytics_event (occurred_at);
create index analytics_event_asset_idx on analytics_event (asset_id, occurred_at);

create table analytics_hourly (
    asset_id   bigint       not null references asset (id) on delete cascade,
    event_type varchar(20)  not null,
    hour       timestamptz  not null,
    tenant_id  varchar(64)  not null,
    owner_id   varchar(128) not null,
    events     bigint       not null,
    primary key (asset_id, event_type, hour)
);

-- the same per owner: a heatmap over a year reads at most 8,760 rows however many clips and
-- events the owner has (an owner's aggregates keep the plays of clips purged since)
create table analytics_owner_hourly (
    tenant_id  varchar(64)  not null,
    owner_id   varchar(128) not null,
    event_type varchar(20)  not null,
    hour       timestamptz  not null,
    events     bigint       not null,
    primary key (tenant_id, owner_id, event_type, hour)
);

-- unique viewers survive the pruning of the raw events they were counted from
create table analytics_viewer (
    asset_id   bigint       not null references asset (id) on delete cascade,
    subject    varchar(255) not null,
    first_seen timestamptz  not null,
    primary key (asset_id, subject)
);

-- one row: everything before rolled_up_to is in the aggregates (null: nothing rolled up yet)
create table analytics_rollup (
    id           int primary key check (id = 1),
    rolled_up_to timestamptz
);
insert into analytics_rollup (id, rolled_up_to) values (1, null);
