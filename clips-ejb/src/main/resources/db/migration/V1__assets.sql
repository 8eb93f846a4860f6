-- Assets: one row per clip. Public ids are UUIDs; the bigint id stays internal.
create sequence asset_seq increment by 50;

create table asset (
    id                  bigint primary key,
    public_id           uuid         not null unique,
    tenant_id           varchar(64)  not null,
    owner_id            varchar(128) not null,
    title               varchar(200),
    description         varchar(5000),
    original_file_name  varchar(255) not null,
    file_size_bytes     bigint       not null check (file_size_bytes > 0),
    content_hash        char(64)     not null,
    content_type        varchar(64)  not null,
    original_key        varchar(512) not null,
    game_title          varchar(200),
    session_id          varchar(200),
    recorded_at         timestamptz,
    is_public           boolean      not null default true,
    status              varchar(32)  not null,
    processing_error    varchar(2000),
    duration_seconds    numeric(12, 3),
    width               integer,
    height              integer,
    rotation            integer,
    video_codec         varchar(32),
    audio_codec         varchar(32),
    bitrate_kbps        integer,
    frame_rate          numeric(8, 3),
    container           varchar(64),
    job_execution_id    bigint,
    uploaded_at         timestamptz  not null,
    probed_at           timestamptz,
    processed_at        timestamptz,
    version             bigint       not null default 0
);

create index asset_tenant_uploaded_idx on asset (tenant_id, uploaded_at desc);
create index asset_tenant_status_idx on asset (tenant_id, status);
create index asset_tenant_hash_idx on asset (tenant_id, content_hash);
create index asset_original_key_idx on asset (original_key);
