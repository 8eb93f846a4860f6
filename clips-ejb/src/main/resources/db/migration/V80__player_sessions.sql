-- Player beacons (issue 19). A viewer session (a random id the player page keeps per browser tab)
-- counts a view, and each completion quartile, once per asset: the primary key decides, so two
-- beacons of one session written at once by two nodes still count once. Rows older than
-- clips.analytics.retention are pruned with the raw events.
create table analytics_session (
    asset_id    bigint       not null references asset (id) on delete cascade,
    session_id  varchar(64)  not null,
    event_type  varchar(20)  not null,
    first_at    timestamptz  not null,
    primary key (asset_id, session_id, event_type)
);
create index analytics_session_first_at_idx on analytics_session (first_at);

-- the time players spent rebuffering, kept with the other counters on the asset row
alter table asset add column rebuffer_millis bigint not null default 0;
