-- Upload sessions (seeds 001/003/004 and tus 1.0): the client sends bytes straight to storage
-- (presigned PUT or presigned parts) or to the tus endpoint, then the server verifies the object
-- and registers the asset. A session is private to its uploader.
create table upload_session (
    id                  uuid primary key,
    tenant_id           varchar(64)  not null,
    owner_subject       varchar(255) not null,
    premium             boolean      not null,
    protocol            varchar(8)   not null check (protocol in ('DIRECT', 'TUS')),
    state               varchar(16)  not null check (state in ('OPEN', 'VERIFYING', 'COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED')),
    file_name           varchar(255) not null,
    declared_bytes      bigint       not null check (declared_bytes > 0),
    declared_type       varchar(255),
    declared_sha256     char(64),
    storage_key         varchar(512) not null,
    multipart_upload_id varchar(1024),
    part_size_bytes     integer      not null,
    received_bytes      bigint       not null default 0,
    title               varchar(200),
    description         varchar(5000),
    game_title          varchar(200),
    clip_session_id     varchar(200),
    recorded_at         timestamptz,
    is_public           boolean      not null,
    tags                varchar(1100),
    created_at          timestamptz  not null,
    last_activity_at    timestamptz,
    expires_at          timestamptz  not null,
    finished_at         timestamptz,
    asset_id            uuid,
    duplicate           boolean      not null default false,
    problem_status      integer,
    problem_type        varchar(64),
    problem_detail      varchar(1000),
    version             bigint       not null default 0
);
create index upload_session_owner_idx on upload_session (tenant_id, owner_subject, created_at desc);
create index upload_session_open_idx on upload_session (expires_at) where state in ('OPEN', 'VERIFYING');
