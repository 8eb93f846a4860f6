-- Soft delete (seed 000 §4.3): a deleted asset is hidden, restorable to the status it had until
-- clips.assets.restore-window has passed, then purged with every stored object.
alter table asset add column deleted_at timestamptz;
alter table asset add column status_before_delete varchar(32);
create index asset_deleted_idx on asset (deleted_at) where deleted_at is not null;
