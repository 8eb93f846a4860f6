-- Playback IDs: how viewers address an asset's media without a token (public) or with a signed
-- playback token (signed). Several per asset; deleting one revokes it. Assets that existed before
-- get one each: public for public clips, signed for private ones (what new uploads get by default).
create sequence playback_id_seq increment by 50;

create table playback_id (
    id          bigint primary key,
    public_id   varchar(64)  not null unique,
    tenant_id   varchar(64)  not null,
    asset_id    bigint       not null references asset (id) on delete cascade,
    policy      varchar(16)  not null check (policy in ('PUBLIC', 'SIGNED')),
    created_at  timestamptz  not null
);

create index playback_id_asset_idx on playback_id (asset_id);

insert into playback_id (id, public_id, tenant_id, asset_id, policy, created_at)
select row_number() over (order by a.id),
       replace(gen_random_uuid()::text, '-', ''),
       a.tenant_id,
       a.id,
       case when a.is_public then 'PUBLIC' else 'SIGNED' end,
       now()
from asset a;

-- Hibernate's pooled ids continue past the backfilled ones
select setval('playback_id_seq', (select coalesce(max(id), 0) + 1 from playback_id));
