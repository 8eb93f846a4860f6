-- An asset's chapters (issue 26): read from the source's container by the probe, edited through
-- the API, published as a WebVTT chapters track. The first starts at 0; each ends where the next
-- starts, the last with the clip.
create table asset_chapter (
    asset_id bigint       not null references asset (id) on delete cascade,
    position integer      not null,
    start_ms bigint       not null check (start_ms >= 0),
    title    varchar(200) not null,
    primary key (asset_id, position)
);
