-- Tenants (issue 6): the admin API creates, suspends and limits them. A quota column left null is
-- unlimited. Every tenant that already owns something gets a row, active and unlimited.
create table tenant (
    id                          varchar(64)  primary key,
    name                        varchar(200) not null,
    status                      varchar(16)  not null,
    max_storage_bytes           bigint,
    max_assets                  bigint,
    max_upload_bytes            bigint,
    max_processing_minutes      integer,
    max_rendition_height        integer,
    created_at                  timestamptz  not null,
    suspended_at                timestamptz,
    version                     bigint       not null default 0,
    constraint tenant_status_check check (status in ('ACTIVE', 'SUSPENDED'))
);

insert into tenant (id, name, status, created_at)
select tenant_id, tenant_id, 'ACTIVE', now()
from (select tenant_id from api_client union select tenant_id from asset) known;

-- processing minutes of the month: the media seconds of assets processed since the month began
create index asset_tenant_processed_idx on asset (tenant_id, processed_at) where processed_at is not null;
