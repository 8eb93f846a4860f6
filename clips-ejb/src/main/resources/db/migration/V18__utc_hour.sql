-- The UTC hour a time falls in, whatever the session's time zone: the heatmaps group raw rows by
-- it in JPQL (through the tenant scope), where date_trunc's three-argument form has no typed name.
create function utc_hour(at timestamptz) returns timestamptz
    language sql immutable parallel safe strict
    as $$ select date_trunc('hour', at, 'UTC') $$;
