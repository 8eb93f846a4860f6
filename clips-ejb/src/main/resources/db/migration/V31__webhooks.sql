-- Webhooks (issue 22): a tenant's endpoints, one delivery per (event, endpoint) and every attempt.
-- The signing secret is stored sealed (AES-256-GCM under clips.webhooks.secret-key): HMAC needs the
-- secret itself, so a hash would not do; the database alone does not reveal it.
create table webhook_endpoint (
    id                    bigint generated always as identity primary key,
    public_id             uuid          not null unique,
    tenant_id             varchar(64)   not null,
    url                   varchar(2048) not null,
    description           varchar(500),
    event_types           varchar(2000),
    secret                varchar(200)  not null,
    previous_secret       varchar(200),
    previous_secret_until timestamptz,
    enabled               boolean       not null default true,
    disabled_reason       varchar(300),
    failing_since         timestamptz,
    created_at            timestamptz   not null,
    updated_at            timestamptz   not null,
    version               bigint        not null default 0
);
create index webhook_endpoint_tenant_idx on webhook_endpoint (tenant_id, created_at, id);

-- PENDING (due at next_attempt_at) -> SENDING (claimed by one dispatcher until claimed_until) ->
-- DELIVERED | FAILED, or back to PENDING for the next attempt.
create table webhook_delivery (
    id              bigint generated always as identity primary key,
    tenant_id       varchar(64) not null,
    endpoint_id     bigint      not null references webhook_endpoint (id) on delete cascade,
    event_id        bigint      not null references event (id) on delete cascade,
    state           varchar(16) not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    claim           uuid,
    claimed_until   timestamptz,
    replay          boolean     not null default false,
    created_at      timestamptz not null default now(),
    finished_at     timestamptz
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where state = 'PENDING';
create index webhook_delivery_claimed_idx on webhook_delivery (claimed_until) where state = 'SENDING';
create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, id);
create index webhook_delivery_event_idx on webhook_delivery (event_id);

create table webhook_attempt (
    id               bigint generated always as identity primary key,
    tenant_id        varchar(64) not null,
    delivery_id      bigint      not null references webhook_delivery (id) on delete cascade,
    endpoint_id      bigint      not null references webhook_endpoint (id) on delete cascade,
    attempt          int         not null,
    attempted_at     timestamptz not null,
    status_code      int,
    latency_ms       bigint      not null,
    error            varchar(500),
    response_excerpt varchar(1024),
    next_attempt_at  timestamptz,
    node             varchar(64) -- the node that sent it (jboss.node.name), for operators
);
create index webhook_attempt_endpoint_idx on webhook_attempt (endpoint_id, id desc);

-- Where the fan-out (events -> deliveries) stands in the event order; one dispatcher at a time moves it.
create table webhook_fanout (
    id       int    primary key,
    tx_id    bigint not null,
    event_id bigint not null
);
insert into webhook_fanout (id, tx_id, event_id) values (1, 0, 0);
