-- Each tenant's game titles, lower-cased, one row each. The "game contains" filter matches these few
-- rows first and then the clips of the titles it found through asset_tenant_game_idx: over the
-- bench's million clips a trigram scan of every clip's game cost 40-55 ms for a title of several
-- words (the first 1,000 matches of a count: 49 ms; through this table: 1.8 ms). Rows are only
-- added: a title no clip carries any more matches no clip.
create table game (
    id        bigint generated always as identity primary key,
    tenant_id varchar(64)  not null,
    title     varchar(200) not null,
    constraint game_tenant_title_key unique (tenant_id, title)
);
create index game_title_trgm_idx on game using gin (lower(title) gin_trgm_ops);
insert into game (tenant_id, title)
select distinct tenant_id, lower(game_title) from asset where game_title is not null;

-- inserted clips: once per statement (a bulk insert adds its titles in one go)
create function remember_added_games() returns trigger language plpgsql set search_path from current as $$
begin
    insert into game (tenant_id, title)
    select distinct tenant_id, lower(game_title) from added where game_title is not null
    on conflict do nothing;
    return null;
end $$;
create trigger asset_games_added after insert on asset referencing new table as added
    for each statement execute function remember_added_games();

-- a clip's game changed: per row, and only then (not on every update of a clip's counters)
create function remember_changed_game() returns trigger language plpgsql set search_path from current as $$
begin
    insert into game (tenant_id, title) values (new.tenant_id, lower(new.game_title)) on conflict do nothing;
    return null;
end $$;
create trigger asset_game_changed after update of game_title on asset for each row
    when (new.game_title is not null and lower(new.game_title) is distinct from lower(old.game_title))
    execute function remember_changed_game();

-- no query reads a clip's game by trigram any more
drop index asset_game_trgm_idx;
