-- Caption tracks uploaded for an asset: one per language, the WebVTT itself in storage under
-- captions/{tenant}/{asset}/. The rows go with the asset; a purge deletes the objects first.
create sequence caption_track_seq increment by 50;

create table caption_track (
    id           bigint primary key,
    tenant_id    varchar(64)  not null,
    asset_id     bigint       not null references asset (id) on delete cascade,
    language     varchar(35)  not null,
    label        varchar(100) not null,
    kind         varchar(16)  not null check (kind in ('SUBTITLES', 'CAPTIONS')),
    storage_key  varchar(512) not null,
    size_bytes   bigint       not null,
    cue_count    integer      not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    unique (asset_id, language)
);
