#!/usr/bin/env python3
"""Identity benchmark, against the stack `./clips up` runs.

At BENCH_LATENCY_CONCURRENCY (1,8,32) clients, BENCH_LATENCY_REQUESTS (300, at least 10 per
client) calls each, in one run:
  * token issuance: POST /api/v1/auth/token (client credentials, form body), p50/p99 and rate;
  * JWT verification: GET /api/v1/auth/jwks with the bench client's bearer token vs the same GET
    without one. The route is public, yet a token that comes along is verified (a bad one is 401),
    so the difference is what verifying an RS256 token and establishing the caller costs.
Timing never fails the run: figures are printed, not judged.

Usage: auth.py CREDENTIALS_FILE
"""
import sys
import urllib.parse
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from upload import LATENCY_CONCURRENCY, LATENCY_REQUESTS, Api, load, percentile, say  # noqa: E402


def figures(latencies):
    return percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000


def main():
    api = Api(sys.argv[1])
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": api.client[0],
                                   "client_secret": api.client[1]}).encode()
    # warm-up: the first calls of each kind load classes and fill pools
    load(None, "GET", "/auth/jwks", None, 200, 4, 100)
    load(api.bearer, "GET", "/auth/jwks", None, 200, 4, 100)
    load(None, "POST", "/auth/token", form, 200, 4, 40, "application/x-www-form-urlencoded")
    for concurrency in LATENCY_CONCURRENCY:
        requests = max(LATENCY_REQUESTS, 10 * concurrency)
        plain, plain_failed, plain_wall = load(None, "GET", "/auth/jwks", None, 200, concurrency, requests)
        signed, signed_failed, signed_wall = load(api.bearer, "GET", "/auth/jwks", None, 200, concurrency, requests)
        tokens, token_failed, token_wall = load(None, "POST", "/auth/token", form, 200, concurrency, requests,
                                                "application/x-www-form-urlencoded")
        if not (plain and signed and tokens):
            say("c=%d: calls failed (without token %s, with token %s, token endpoint %s)"
                % (concurrency, plain_failed[:3], signed_failed[:3], token_failed[:3]))
            continue
        p50, p99 = figures(plain)
        s50, s99 = figures(signed)
        t50, t99 = figures(tokens)
        say("c=%d: token issuance p50 %.1f ms p99 %.1f ms, %.0f tokens/s (%d failed)"
            % (concurrency, t50, t99, requests / token_wall, len(token_failed)))
        say("c=%d: GET /auth/jwks without token p50 %.1f ms p99 %.1f ms; with token p50 %.1f ms p99 %.1f ms: "
            "verification adds %.1f ms at p50 (ratio %.2f), %.1f ms at p99; %.0f vs %.0f req/s"
            % (concurrency, p50, p99, s50, s99, s50 - p50, s50 / p50, s99 - p99, requests / plain_wall,
               requests / signed_wall))


if __name__ == "__main__":
    main()
