-- Rate limits (issue 6): per client per hour on the API (a client's own limit, or the configured
-- default), per client id per minute on the token endpoint. Fixed windows counted in the
-- database so all nodes share them; unlogged: counters need no crash safety.
alter table api_client add column rate_limit_per_hour integer check (rate_limit_per_hour > 0);

create unlogged table rate_window (
    scope        varchar(16)  not null,
    key          varchar(400) not null,
    window_start timestamptz  not null,
    calls        bigint       not null,
    primary key (scope, key, window_start)
);
