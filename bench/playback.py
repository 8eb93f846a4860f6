#!/usr/bin/env python3
"""Playback benchmark, against the stack `./clips up` runs.

One 6 s 720p clip; its public playback ID and a signed one with an RS256 playback token (signed
here with openssl, as a tenant's backend would). In one run, BENCH_PLAYBACK_REQUESTS (400) calls
each at 1 and 8 clients:
  * GET master.m3u8 and 720p/index.m3u8 by public ID vs by token: the Server-Timing app figure
    (JAX-RS in to answer ready) p50/p99, so the difference is what verifying the token costs;
  * then BENCH_PLAYBACK_VIEWERS (200) viewers, each fetching master + media playlist
    BENCH_PLAYBACK_ROUNDS (10) times on its own connection: client p99 and errors (expected: none).
Timing never fails the run: figures are printed, not judged.

Usage: playback.py CREDENTIALS_FILE
"""
import base64
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from upload import HOST, PORT, Api, percentile, say  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_PLAYBACK_REQUESTS", "400"))
VIEWERS = int(os.environ.get("BENCH_PLAYBACK_VIEWERS", "200"))
ROUNDS = int(os.environ.get("BENCH_PLAYBACK_ROUNDS", "10"))
APP = re.compile(r"app;dur=([0-9.]+)")


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rs256_token(private_pem, kid, playback_id, seconds=3600):
    header = b64(json.dumps({"alg": "RS256", "kid": kid, "typ": "JWT"}).encode())
    claims = b64(json.dumps({"sub": playback_id, "aud": "v", "exp": int(time.time()) + seconds}).encode())
    with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as key:
        key.write(private_pem)
    try:
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key.name],
                                   input=("%s.%s" % (header, claims)).encode(), capture_output=True,
                                   check=True).stdout
    finally:
        os.unlink(key.name)
    return "%s.%s.%s" % (header, claims, b64(signature))


def fetch_all(paths, concurrency, requests):
    """`requests` GETs spread over `concurrency` keep-alive connections, no header at all;
    returns (server ms list, client s list, failures)."""
    server, client, failures = [], [], []
    lock = threading.Lock()
    remaining = [requests]

    def worker():
        connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
        i = 0
        try:
            while True:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                path = paths[i % len(paths)]
                i += 1
                started = time.perf_counter()
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    status, timing = response.status, response.getheader("Server-Timing") or ""
                except (OSError, http.client.HTTPException) as e:
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
                    status, timing = repr(e), ""
                elapsed = time.perf_counter() - started
                with lock:
                    if status == 200:
                        client.append(elapsed)
                        found = APP.search(timing)
                        if found:
                            server.append(float(found.group(1)))
                    else:
                        failures.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return server, client, failures


def main():
    api = Api(sys.argv[1])
    clip = os.path.join(tempfile.gettempdir(), "bench-playback.mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                    "-f", "lavfi", "-i", "sine", "-t", "6", "-pix_fmt", "yuv420p", "-shortest", clip], check=True)
    code, _, asset_id = api.upload(clip)
    if asset_id is None or api.wait_processed(asset_id) != "READY":
        say("the clip did not become READY (upload answered %s)" % code)
        return
    _, asset = api.call("GET", "/assets/%s" % asset_id)
    public = next(p["id"] for p in asset["playbackIds"] if p["policy"] == "public")
    _, signed = api.call("POST", "/assets/%s/playback-ids" % asset_id, {"policy": "signed"})
    _, key = api.call("POST", "/playback-keys", {"algorithm": "RS256"})
    token = rs256_token(key["privateKeyPem"], key["id"], signed["id"])
    by_id = "/api/v1/playback/%s/" % public
    by_token = "/api/v1/playback/%s/" % token
    for warm in (by_id, by_token):
        fetch_all([warm + "master.m3u8", warm + "720p/index.m3u8"], 4, 200)
    for concurrency in (1, 8):
        for name in ("master.m3u8", "720p/index.m3u8"):
            plain, plain_client, plain_failed = fetch_all([by_id + name], concurrency, REQUESTS)
            tokened, token_client, token_failed = fetch_all([by_token + name], concurrency, REQUESTS)
            if not plain or not tokened:
                say("c=%d %s: failed (by ID %s, by token %s)" % (concurrency, name, plain_failed[:3], token_failed[:3]))
                continue
            p50, p99 = percentile(plain, 50), percentile(plain, 99)
            t50, t99 = percentile(tokened, 50), percentile(tokened, 99)
            say("c=%d %s server time: by playback ID p50 %.2f ms p99 %.2f ms; by token p50 %.2f ms p99 %.2f ms; "
                "the token adds %.2f ms at p50, %.2f ms at p99 (ratio p99 %.2f); %d + %d failed"
                % (concurrency, name, p50, p99, t50, t99, t50 - p50, t99 - p99, t99 / p99 if p99 else 0,
                   len(plain_failed), len(token_failed)))
    paths = [by_id + "master.m3u8", by_id + "720p/index.m3u8"]
    started = time.perf_counter()
    server, client, failed = fetch_all(paths, VIEWERS, VIEWERS * ROUNDS * len(paths))
    wall = time.perf_counter() - started
    say("%d viewers x %d rounds of master + media playlist: client p50 %.1f ms p99 %.1f ms, server p99 %.2f ms, "
        "%.0f req/s, %d errors" % (VIEWERS, ROUNDS, percentile(client, 50) * 1000, percentile(client, 99) * 1000,
                                   percentile(server, 99) if server else 0, len(client) / wall, len(failed)))
    api.purge([asset_id])


if __name__ == "__main__":
    main()
