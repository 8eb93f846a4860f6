-- Content protection (DRM). A tenant's encoding profile may turn it on ('cbcs': CENC cbcs, keys from
-- the platform's key provider); each asset processed while it is on gets one content key, its AES
-- key sealed (AES-256-GCM under clips.drm.secret-key) and its key ID as the segments name it. The
-- row exists exactly while the asset's published renditions are encrypted with it: a reprocess
-- deletes it with the renditions, a purge with the asset.
alter table tenant add column protection varchar(16);

create table content_key (
    key_id      uuid primary key,
    asset_id    uuid          not null unique references asset (public_id) on delete cascade,
    tenant_id   varchar(64)   not null,
    provider    varchar(16)   not null,
    sealed_key  varchar(200)  not null,
    created_at  timestamptz   not null
);
