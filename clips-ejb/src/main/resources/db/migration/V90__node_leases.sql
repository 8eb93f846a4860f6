-- Every node says it is alive every few seconds; a survivor takes over the runs of a node that
-- stopped saying so (a kill -9, a lost machine), exactly once: the run row records who did.
create table node_lease (
    node         varchar(128) primary key,
    started_at   timestamptz  not null default now(),
    heartbeat_at timestamptz  not null
);

alter table processing_run add column taken_over_by varchar(128);
