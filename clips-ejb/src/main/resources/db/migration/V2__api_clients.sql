-- API clients for the OAuth2 client-credentials grant. The secret is stored only as an Argon2 hash.
create sequence api_client_seq increment by 50;

create table api_client (
    id           bigint primary key,
    tenant_id    varchar(64)  not null,
    client_id    varchar(64)  not null unique,
    name         varchar(200) not null,
    secret_hash  varchar(255) not null,
    roles        varchar(200) not null,
    created_at   timestamptz  not null,
    revoked_at   timestamptz,
    version      bigint       not null default 0
);

create index api_client_tenant_idx on api_client (tenant_id);
