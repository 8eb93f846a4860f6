-- Periodic work that runs once per period across the cluster: the first node to claim a slot
-- (the period around one firing of its schedule) runs it; runs counts how many slots ran.
create table cluster_task (
    name        varchar(64)  primary key,
    node        varchar(128) not null,
    slot        timestamptz  not null,
    last_run_at timestamptz  not null,
    runs        bigint       not null
);
