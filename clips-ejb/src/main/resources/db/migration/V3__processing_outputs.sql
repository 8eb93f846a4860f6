-- What the process-asset job makes of an asset, and the runs operators look at.

alter table asset
    add column keep_original        boolean not null default false,
    add column poster_key           varchar(512),
    add column poster_width         integer,
    add column poster_height        integer,
    add column preview_gif_key      varchar(512),
    add column preview_webp_key     varchar(512),
    add column storyboard_key       varchar(512),
    add column storyboard_vtt_key   varchar(512),
    add column master_playlist_key  varchar(512),
    add column compressed_key       varchar(512),
    add column compressed_size_bytes bigint,
    add column compression_ratio    numeric(8, 3),
    add column derived_size_bytes   bigint;

-- one row per finished rendition; the renditions step writes it when the rendition is uploaded
create sequence rendition_seq increment by 50;

create table rendition (
    id              bigint primary key,
    asset_id        bigint       not null references asset (id) on delete cascade,
    label           integer      not null,
    width           integer      not null,
    height          integer      not null,
    video_kbps      integer      not null,
    audio_kbps      integer,
    bandwidth       bigint       not null,
    average_bandwidth bigint     not null,
    codecs          varchar(128) not null,
    frame_rate      numeric(8, 3),
    playlist_key    varchar(512) not null,
    size_bytes      bigint       not null,
    segment_count   integer      not null,
    compressed_key  varchar(512),
    compressed_size_bytes bigint,
    duration_seconds numeric(12, 3) not null,
    execution_id    bigint       not null,
    encode_seconds  numeric(10, 3) not null,
    finished_at     timestamptz  not null,
    unique (asset_id, label)
);

-- one row per job execution (start, restart): the tenant-scoped view operators list and filter.
-- JBeret's own tables stay the source of truth for steps and checkpoints.
create table processing_run (
    execution_id    bigint primary key,
    instance_id     bigint       not null,
    asset_id        bigint       not null references asset (id) on delete cascade,
    tenant_id       varchar(64)  not null,
    node            varchar(128) not null,
    attempt         integer      not null,
    batch_status    varchar(16)  not null,
    exit_status     varchar(512),
    current_step    varchar(64),
    started_at      timestamptz  not null,
    ended_at        timestamptz,
    last_error      varchar(2000)
);

create index processing_run_tenant_started_idx on processing_run (tenant_id, started_at desc);
create index processing_run_tenant_status_idx on processing_run (tenant_id, batch_status, started_at desc);
create index processing_run_asset_idx on processing_run (asset_id, started_at desc);
create index processing_run_node_status_idx on processing_run (node, batch_status);
