-- Catalog (issue 7): the favorites counter (kept by favorites, to come), tags as text for search,
-- a generated full-text document with a GIN index, and indexes for the common filters and sorts.
alter table asset add column favorite_count bigint not null default 0;
alter table asset add column tag_text varchar(1100);
update asset a set tag_text = (select string_agg(t.tag, ' ' order by t.tag) from asset_tag t where t.asset_id = a.id);

-- 'simple': names, games and tags are not English words to stem; title ranks above tags and game,
-- which rank above the description
alter table asset add column search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(tag_text, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(game_title, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(description, '')), 'C')) stored;
create index asset_search_idx on asset using gin (search);

-- the default listing's order with its tiebreaker, so a keyset page is one index range
drop index asset_tenant_uploaded_idx;
create index asset_tenant_uploaded_idx on asset (tenant_id, uploaded_at desc, public_id desc);
create index asset_tenant_owner_idx on asset (tenant_id, owner_id, uploaded_at desc);
create index asset_tenant_game_idx on asset (tenant_id, lower(game_title));
create index asset_tenant_session_idx on asset (tenant_id, session_id);

-- web-search syntax ("a phrase", or, -word); plain SQL functions the planner inlines, so the
-- GIN index still serves matches(search, q)
create function matches(doc tsvector, query text) returns boolean
    language sql immutable parallel safe
    as $$ select doc @@ websearch_to_tsquery('simple', query) $$;
create function relevance(doc tsvector, query text) returns double precision
    language sql immutable parallel safe
    as $$ select ts_rank(doc, websearch_to_tsquery('simple', query))::double precision $$;
