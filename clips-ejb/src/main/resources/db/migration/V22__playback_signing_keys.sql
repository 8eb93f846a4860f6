-- A tenant's playback signing keys: the tenant's backend signs playback tokens with the private
-- key, which Clips hands out once and never stores; the public key verifies them.
create sequence playback_signing_key_seq increment by 50;

create table playback_signing_key (
    id          bigint primary key,
    key_id      varchar(64)   not null unique,
    tenant_id   varchar(64)   not null,
    algorithm   varchar(8)    not null check (algorithm in ('RS256', 'ES256')),
    public_jwk  varchar(4000) not null,
    created_at  timestamptz   not null
);

create index playback_signing_key_tenant_idx on playback_signing_key (tenant_id, created_at);
