-- The outbox (issue 22): every state change a client may care about writes one event row in the
-- transaction that makes the change, so a rollback leaves no event and a commit always leaves one.
-- tx_id is the writing transaction's id: readers (the pull API, the webhook fan-out) only take rows
-- of transactions older than the oldest one still running (pg_snapshot_xmin), ordered by
-- (tx_id, id), so a row that commits later can never sort before a cursor already handed out.
create table event (
    id               bigint generated always as identity primary key,
    public_id        varchar(40)  not null unique,
    tenant_id        varchar(64)  not null,
    type             varchar(64)  not null,
    resource_type    varchar(32)  not null,
    resource_id      varchar(128) not null,
    resource_version bigint       not null,
    occurred_at      timestamptz  not null,
    body             text         not null,
    tx_id            bigint       not null default (pg_current_xact_id()::text::bigint)
);
create index event_feed_idx on event (tenant_id, tx_id, id);
create index event_order_idx on event (tx_id, id);
create index event_occurred_idx on event (occurred_at);

-- Per resource, the version of its last event: the upsert locks the row, so concurrent writers of
-- one resource number their events in the order they commit.
create table event_resource_version (
    resource_type varchar(32)  not null,
    resource_id   varchar(128) not null,
    version       bigint       not null,
    primary key (resource_type, resource_id)
);
