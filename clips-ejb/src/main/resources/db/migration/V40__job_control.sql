-- Issue 27: restart is claimed on the run's row (one conditional update), so of any number of
-- concurrent restarts, on any number of nodes, exactly one starts a new execution; the others
-- are told which execution won.
alter table processing_run add column restarted_as bigint;
alter table processing_run add column restart_claimed_at timestamptz;
