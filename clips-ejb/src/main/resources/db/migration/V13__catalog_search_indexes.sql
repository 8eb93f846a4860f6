-- Catalog at a million clips (issue 7, bench/run catalog): the "contains" filters (title, file
-- name, game) were sequential scans (~400 ms); trigram indexes serve lower(x) like '%text%'. The
-- most common non-default sort (most viewed) gets its keyset index like uploaded_at has.
create extension if not exists pg_trgm;
create index asset_title_trgm_idx on asset using gin (lower(title) gin_trgm_ops);
create index asset_game_trgm_idx on asset using gin (lower(game_title) gin_trgm_ops);
create index asset_file_name_trgm_idx on asset using gin (lower(original_file_name) gin_trgm_ops);
create index asset_tenant_views_idx on asset (tenant_id, view_count desc, public_id desc);
