-- Delivery counts on the asset (seed 000 §4.2/§4.4): bumped atomically by the stream and
-- download routes; the analytics events of issue 7 come on top of these.
alter table asset add column view_count bigint not null default 0;
alter table asset add column download_count bigint not null default 0;
alter table asset add column last_viewed_at timestamptz;
