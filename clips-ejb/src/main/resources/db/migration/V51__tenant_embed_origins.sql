-- The sites whose pages may frame a tenant's embed player (CSP frame-ancestors), space-separated
-- origins; null: the platform's default (clips.playback.frame-ancestors).
alter table tenant add column embed_origins varchar(4000);
