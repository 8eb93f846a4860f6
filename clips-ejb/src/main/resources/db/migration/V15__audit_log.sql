-- Audit log (issue 6): what administrators, moderators and operators did, written in the same
-- transaction as the action (an action that rolls back leaves no entry; an entry that cannot be
-- written rolls the action back).
create table audit_entry (
    id         bigint generated always as identity primary key,
    tenant_id  varchar(64)   not null,
    actor      varchar(255)  not null,
    action     varchar(64)   not null,
    target     varchar(255)  not null,
    detail     varchar(1000),
    ip_address varchar(45),
    at         timestamptz   not null default now()
);
create index audit_entry_tenant_idx on audit_entry (tenant_id, at desc, id desc);
