-- Issue 27: the jobs API shows how fast a run's encode goes (x realtime, its slowest encoder) and
-- when it should end (seconds still needed as of its last progress report).
alter table processing_run add column encode_speed double precision;
alter table processing_run add column encode_seconds_left integer;
alter table processing_run add column encode_reported_at timestamptz;
