-- When nothing can be made of an original (no video stream), its bytes are deleted and it stops
-- counting against the tenant's storage quota; the asset stays, Failed, until its owner deletes it.
alter table asset add column original_discarded_at timestamptz;
