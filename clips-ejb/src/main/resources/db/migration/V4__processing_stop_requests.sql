-- An operator's stop is recorded before it is sent, so a run that ends STOPPED without one was
-- stopped by its server (suspend, shutdown, undeploy) and is resumed when the node starts again.
alter table processing_run add column stop_requested boolean not null default false;
