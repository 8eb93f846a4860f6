#!/usr/bin/env python3
"""Catalog and analytics benchmark, against the stack `./clips up` runs.

1. Generates BENCH_CATALOG_ASSETS (1,000,000) assets with tags and BENCH_CATALOG_EVENTS
   (10,000,000) analytics events over the last year straight into the stack's PostgreSQL (SQL
   generate_series, timed), then runs the analytics-rollup job over them through the API (timed:
   it folds every hour and prunes the raw events past retention). The bench client's own subject
   owns 1 % of the assets and gets 10 % of the events: a heavy owner for the heatmap. Generated
   rows carry session id 'bench-catalog' and are replaced on every run (BENCH_CATALOG_REUSE=1
   keeps them if the counts match, and skips the rollup).
2. Server-side p50/p99 (the Server-Timing header the API sets: JAX-RS in to answer ready, token
   verification excluded) and client-side p50/p99 of BENCH_CATALOG_SAMPLES (200) sequential calls
   each: a filtered + sorted first page with its total, a deep keyset page (a cursor half-way
   through the tenant's listing), a ranked text search, a views heatmap over a year; baseline in
   the same run: GET /assets/{id}. Targets: filtered p99 <= 30 ms, search and heatmap p99 <= 100 ms.
   Each kind first asks every one of its paths once, discarded from the figures (the steady state is
   measured); that warm-up's own figures (each filter's first touch after the stack started, cold
   pages) are printed alongside.
   Where a page counted its total, the count's own time (Server-Timing 'count'; it runs alongside
   the page, on a connection of its own) and how long the answer then waited for it ('count-wait')
   are reported apart.
3. Event ingest: POST /assets/{id}/share (each records an event) from BENCH_INGEST_CONCURRENCY (16)
   clients, BENCH_INGEST_REQUESTS (20,000) calls, vs GET /assets/{id} at the same concurrency;
   then how long until every event is in the database.
Timing never fails the run: figures are printed, not judged.

Usage: catalog.py CREDENTIALS_FILE
"""
import base64
import datetime
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from upload import HOST, PORT, Api, load, note, percentile, say, secrets  # noqa: E402

ASSETS = int(os.environ.get("BENCH_CATALOG_ASSETS", "1000000"))
EVENTS = int(os.environ.get("BENCH_CATALOG_EVENTS", "10000000"))
REUSE = os.environ.get("BENCH_CATALOG_REUSE") == "1"
SAMPLES = int(os.environ.get("BENCH_CATALOG_SAMPLES", "200"))
INGEST_CONCURRENCY = int(os.environ.get("BENCH_INGEST_CONCURRENCY", "16"))
INGEST_REQUESTS = int(os.environ.get("BENCH_INGEST_REQUESTS", "20000"))
WARM_UP = 20
MARK = "bench-catalog"
HEAVY = max(1, ASSETS // 100)

WORDS = ("ace clutch pentakill headshot comeback flank rush defuse snipe wipe triple quadra outplay bait steal "
         "baron dragon rampage ninja noscope retake eco force spike smoke flash molly jump peek spray tap burst "
         "lurk entry anchor rotate stack trade save reset").split()
GAMES = ["Valorant", "League of Legends", "Counter-Strike 2", "Dota 2", "Overwatch 2", "Apex Legends", "Fortnite",
         "Rocket League", "Minecraft", "Elden Ring", "Rainbow Six Siege", "PUBG", "Call of Duty", "Halo Infinite",
         "Street Fighter 6", "Tekken 8", "Hearthstone", "StarCraft II", "Smite", "Deadlock"]
TAGS = ["tag%02d" % i for i in range(50)]


def psql(sql):
    url = "postgresql://clips:%s@127.0.0.1:%s/clips" % (secrets()["CLIPS_DB_PASSWORD"],
                                                        os.environ.get("CLIPS_PG_PORT", "55432"))
    out = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qtA", "-c", sql],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("psql failed: " + out.stderr)
    return out.stdout.strip()


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def array(values):
    return "array[%s]" % ",".join(literal(v) for v in values)


def claims(bearer):
    payload = bearer.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def generate(tenant, subject):
    """Returns (seconds for assets + tags, seconds for events) or None when reusing."""
    have = psql("select count(*) from clips.asset where session_id = '%s'" % MARK)
    if REUSE and int(have) == ASSETS:
        note("reusing the %d generated assets" % ASSETS)
        return None
    note("removing %s earlier generated assets (their events and aggregates go with them)" % have)
    psql("delete from clips.asset where session_id = '%s'" % MARK)
    psql("delete from clips.analytics_owner_hourly where tenant_id = %s and (owner_id = %s or owner_id like 'bench-owner-%%')"
         % (literal(tenant), literal(subject)))
    note("generating %d assets with tags" % ASSETS)
    started = time.time()
    psql("""select setseed(0.42);
with base as (select coalesce(max(id), 0) as b from clips.asset),
     v as (select %(words)s as w, %(games)s as g, %(tags)s as t)
insert into clips.asset (id, public_id, tenant_id, owner_id, title, description, original_file_name, file_size_bytes,
    content_hash, content_type, original_key, game_title, session_id, is_public, status, duration_seconds, width,
    height, video_codec, audio_codec, bitrate_kbps, frame_rate, container, uploaded_at, view_count, favorite_count,
    last_viewed_at, tag_text, poster_key)
select b + i, gen_random_uuid(), %(tenant)s,
       case when i <= %(heavy)d then %(subject)s else 'bench-owner-' || (i %% 1000) end,
       initcap(w[1 + (i * 7) %% 40]) || ' ' || w[1 + (i * 13) %% 40] || ' #' || i,
       case when i %% 3 = 0 then 'a ' || w[1 + (i * 17) %% 40] || ' on ' || g[1 + i %% 20] end,
       'clip-' || i || '.mp4', 1000000 + (random() * 500000000)::bigint, md5(i::text) || md5((i + 1)::text),
       'video/mp4', 'originals/bench/' || i, g[1 + (random() * 19.999)::int], '%(mark)s', random() < 0.8,
       case when random() < 0.02 then 'FAILED' else 'READY' end, 5 + random() * 115,
       (array[640, 854, 1280, 1920, 2560, 3840])[1 + r.size], (array[360, 480, 720, 1080, 1440, 2160])[1 + r.size],
       (array['h264', 'h264', 'h264', 'hevc', 'vp9'])[1 + (random() * 4.999)::int], 'aac', 1000 + (random() * 9000)::int,
       (array[24, 25, 30, 60])[1 + (random() * 3.999)::int], 'mov,mp4', now() - random() * interval '730 days',
       (random() ^ 3 * 10000)::bigint, (random() ^ 4 * 500)::bigint,
       case when i %% 4 <> 0 then now() - random() * interval '365 days' end,
       (select string_agg(distinct t[1 + (i * k * 31) %% 50], ' ') from generate_series(1, i %% 4) k),
       'thumbnails/bench/' || i || '/poster.jpg'
from base, v, generate_series(1, %(n)d) i, lateral (select (random() * 5.999)::int + i * 0 as size) r;
insert into clips.asset_tag (asset_id, tag)
select a.id, tag from clips.asset a, unnest(string_to_array(a.tag_text, ' ')) tag
where a.session_id = '%(mark)s' and a.tag_text is not null;
select setval('clips.asset_seq', (select max(id) from clips.asset) + 1000);""" % dict(
        words=array(WORDS), games=array(GAMES), tags=array(TAGS), tenant=literal(tenant), subject=literal(subject),
        heavy=HEAVY, mark=MARK, n=ASSETS))
    assets_seconds = time.time() - started
    note("generating %d events" % EVENTS)
    started = time.time()
    psql("""select setseed(0.43);
insert into clips.analytics_event (asset_id, tenant_id, owner_id, subject, event_type, occurred_at)
select a.id, a.tenant_id, a.owner_id, 'bench-viewer-' || (e %% 20000),
       (array['VIEW', 'VIEW', 'VIEW', 'VIEW', 'VIEW', 'VIEW', 'VIEW', 'DOWNLOAD', 'SHARE', 'FAVORITE'])[1 + e %% 10],
       now() - random() * interval '365 days'
from generate_series(1::bigint, %(events)d) e
join clips.asset a on a.id = (select min(id) from clips.asset where session_id = '%(mark)s')
    + case when e %% 10 = 0 then (e * 7919) %% %(heavy)d else (e * 104729) %% %(n)d end;""" % dict(
        events=EVENTS, mark=MARK, heavy=HEAVY, n=ASSETS))
    events_seconds = time.time() - started
    psql("vacuum (analyze) clips.asset")
    psql("vacuum (analyze) clips.asset_tag")
    psql("vacuum (analyze) clips.analytics_event")
    return assets_seconds, events_seconds


def rollup(api):
    """Runs the rollup job from the first event; returns (seconds, exit status)."""
    psql("update clips.analytics_rollup set rolled_up_to = null")
    status, run = api.call("POST", "/admin/analytics/rollups")
    if status != 202:
        raise SystemExit("could not start the rollup: HTTP %d" % status)
    started = time.time()
    while True:
        status, run = api.call("GET", "/admin/analytics/rollups/%d" % run["id"])
        if status == 401:
            api.refresh()
            continue
        if run["status"] in ("COMPLETED", "FAILED", "STOPPED", "ABANDONED"):
            break
        time.sleep(1)
    return time.time() - started, run


def metrics(header):
    """Server-Timing 'count;dur=3.20, app;dur=9.81' -> {'count': 3.2, 'app': 9.81}."""
    found = {}
    for metric in header.split(","):
        name, _, params = metric.strip().partition(";")
        for param in params.split(";"):
            if param.strip().startswith("dur="):
                found[name] = float(param.strip()[4:])
    return found


def timed(api, path, samples):
    """Sequential GETs on one keep-alive connection, after a warm-up of discarded calls that asks
    every path once (at least WARM_UP calls), so the figures are the steady state and not the first
    touch of each filter's pages after the stack started: (server ms list, client ms list, failures,
    counts: (the capped count's own ms, the ms the answer waited for it) per call, (0, 0) where the
    page needed none, the warm-up's server ms list)."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
    server, client, failures, counts, cold = [], [], [], [], []
    paths = path if isinstance(path, list) else [path]
    warm_up = max(WARM_UP, len(paths))
    for i in range(-warm_up, samples):
        started = time.perf_counter()
        connection.request("GET", "/api/v1" + paths[i % len(paths)],
                           headers={"Authorization": "Bearer " + api.bearer, "Accept": "application/json"})
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if i < 0:
            cold.append(metrics(response.getheader("Server-Timing", "")).get("app", float("nan")))
            continue
        if response.status != 200:
            failures.append(response.status)
            continue
        timing = metrics(response.getheader("Server-Timing", ""))
        server.append(timing.get("app", float("nan")))
        counts.append((timing.get("count", 0.0), timing.get("count-wait", 0.0)))
        client.append(elapsed)
    connection.close()
    return server, client, failures, counts, cold


def report(name, figures, baseline, target=None):
    server, client, failures, counts, cold = figures
    if not server:
        say("%s: every call failed (%s)" % (name, failures[:3]))
        return
    p50, p99 = percentile(server, 50), percentile(server, 99)
    line = "%s: server p50 %.1f ms p99 %.1f ms; client p50 %.1f ms p99 %.1f ms (baseline server p99 %.1f ms, ratio %.1f)" % (
        name, p50, p99, percentile(client, 50), percentile(client, 99), baseline, p99 / baseline)
    if target:
        line += "; target p99 <= %d ms: %s" % (target, "met" if p99 <= target else "NOT met")
    if any(own for own, _ in counts):
        own, waited = [c[0] for c in counts], [c[1] for c in counts]
        line += ("; the capped count (alongside the page) took p50 %.1f ms p99 %.1f ms, the answer waited for it"
                 " p50 %.1f ms p99 %.1f ms") % (percentile(own, 50), percentile(own, 99),
                                               percentile(waited, 50), percentile(waited, 99))
    if failures:
        line += "; %d failed: %s" % (len(failures), failures[:3])
    line += "; warm-up (first touch of each path after the start) p50 %.1f ms max %.1f ms" % (
        percentile(cold, 50), max(cold))
    say(line)


def deep_cursors(tenant):
    """Cursors of the default listing (uploadedAt desc) about half-way through the tenant's assets."""
    rows = psql("select public_id, to_char(uploaded_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                " from clips.asset where tenant_id = %s and status <> 'DELETED' order by uploaded_at desc, public_id desc"
                " offset %d limit 20" % (literal(tenant), ASSETS // 2)).splitlines()
    cursors = []
    for row in rows:
        public_id, uploaded = row.split("|")
        text = "uploadedAt|desc|%s|%s" % (public_id, uploaded)
        cursors.append(base64.urlsafe_b64encode(text.encode()).decode().rstrip("="))
    return cursors


def ingest(api, asset_id):
    psql("delete from clips.analytics_event where event_type = 'SHARE' and subject = %s" % literal(claims(api.bearer)["sub"]))
    base_lat, base_fail, base_seconds = load(api.bearer, "GET", "/assets/" + asset_id, None, 200,
                                             INGEST_CONCURRENCY, INGEST_REQUESTS)
    lat, fail, seconds = load(api.bearer, "POST", "/assets/%s/share" % asset_id, None, 204,
                              INGEST_CONCURRENCY, INGEST_REQUESTS)
    ended = time.time()
    subject = literal(claims(api.bearer)["sub"])
    written = 0
    while time.time() - ended < 60:
        written = int(psql("select count(*) from clips.analytics_event where event_type = 'SHARE' and subject = %s" % subject))
        if written >= len(lat):
            break
        time.sleep(0.2)
    rate, base_rate = len(lat) / seconds, len(base_lat) / base_seconds
    say("event ingest: %.0f events/s from %d clients (p99 %.1f ms), baseline GET /assets/{id} %.0f req/s (p99 %.1f ms), "
        "ratio %.2f; %d of %d events in the database %.1f s after the load ended%s" % (
            rate, INGEST_CONCURRENCY, percentile(lat, 99) * 1000, base_rate, percentile(base_lat, 99) * 1000,
            rate / base_rate, written, len(lat), time.time() - ended,
            "" if not (fail or base_fail) else "; failures %s %s" % (fail[:3], base_fail[:3])))


def main():
    api = Api(sys.argv[1])
    status, me = api.call("GET", "/analytics/users/me")
    token = claims(api.bearer)
    tenant, subject = token["tenant"], token["sub"]
    generated = generate(tenant, subject)
    if generated:
        say("generator: %d assets with tags in %.0f s; %d events in %.0f s" % (ASSETS, generated[0], EVENTS, generated[1]))
        seconds, run = rollup(api)
        say("rollup job over %d events: %.0f s (%.0f events/s), %s: %s" % (
            EVENTS, seconds, EVENTS / seconds, run["status"], run.get("exitStatus")))
    api.refresh()
    one = psql("select public_id from clips.asset where session_id = '%s' and status = 'READY' and is_public"
               " order by id limit 1" % MARK)
    baseline = timed(api, "/assets/" + one, SAMPLES)
    base_p99 = percentile(baseline[0], 99)
    report("baseline GET /assets/{id}", baseline, base_p99)
    filtered = ["/assets?game=%s&minHeight=720&codecs=h264&sort=views&pageSize=20" % urllib.parse.quote(g) for g in GAMES]
    filtered += ["/assets?tags=%s&status=ready&sort=uploadedAt&pageSize=20" % t for t in TAGS[:20]]
    report("filtered + sorted first page (with total)", timed(api, filtered, SAMPLES), base_p99, 30)
    report("deep keyset page (cursor half-way)",
           timed(api, ["/assets?pageSize=20&cursor=" + c for c in deep_cursors(tenant)], SAMPLES), base_p99)
    report("ranked text search", timed(api, ["/assets?q=%s&pageSize=20" % w for w in WORDS], SAMPLES), base_p99, 100)
    year_ago = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=365)).strftime("%Y-%m-%dT%H:00:00Z")
    report("views heatmap over a year (%s events rolled up for this owner)" % "~%d" % (EVENTS // 10),
           timed(api, ["/analytics/heatmap/views?zone=%s&from=%s" % (z, year_ago) for z in ("UTC", "Europe/Berlin")],
                 SAMPLES), base_p99, 100)
    ingest(api, one)


if __name__ == "__main__":
    main()
