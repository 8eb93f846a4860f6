-- Favorites (seed 000 §10): one row per (asset, user); asset.favorite_count follows it in the same
-- transaction with an atomic increment, so concurrent clicks are all counted exactly once.
create table favorite (
    asset_id   bigint       not null references asset (id) on delete cascade,
    tenant_id  varchar(64)  not null,
    subject    varchar(255) not null,
    created_at timestamptz  not null default now(),
    primary key (asset_id, subject)
);
create index favorite_subject_idx on favorite (tenant_id, subject, created_at desc);
