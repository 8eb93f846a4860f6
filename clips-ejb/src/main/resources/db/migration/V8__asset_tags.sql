-- Tags (seed 000 AssetTag: "pentakill", "ace", "funny"): normalised to lower case, unique per asset.
create table asset_tag (
    asset_id   bigint       not null references asset (id) on delete cascade,
    tag        varchar(50)  not null,
    created_at timestamptz  not null default now(),
    primary key (asset_id, tag)
);
create index asset_tag_tag_idx on asset_tag (tag);
