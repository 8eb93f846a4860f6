-- Playlists (seed 000 §10). Items keep dense positions 0..n-1, changed only while the playlist row
-- is locked; an asset appears at most once per playlist; deleting either side removes the item.
create table playlist (
    id            uuid primary key,
    tenant_id     varchar(64)  not null,
    owner_subject varchar(255) not null,
    name          varchar(200) not null,
    description   varchar(2000),
    is_public     boolean      not null,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    version       bigint       not null default 0
);
create index playlist_owner_idx on playlist (tenant_id, owner_subject, created_at desc);

create table playlist_item (
    playlist_id uuid        not null references playlist (id) on delete cascade,
    asset_id    bigint      not null references asset (id) on delete cascade,
    position    integer     not null,
    added_at    timestamptz not null default now(),
    primary key (playlist_id, asset_id)
);
create index playlist_item_order_idx on playlist_item (playlist_id, position);
