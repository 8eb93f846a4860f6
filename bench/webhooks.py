#!/usr/bin/env python3
"""Events out benchmark, against the stack `./clips up` runs (one node, its dispatcher's defaults).

A receiver in this process (HTTP/1.1 keep-alive on loopback, answers 204 at once) records every
webhook it gets. In one run, BENCH_WEBHOOKS_ROUNDS rounds (default 3), each of:
  * delivery throughput: BENCH_WEBHOOKS_EVENTS (500) upload.created events, made once, replayed
    as one range to one endpoint; events delivered per second from the replay's answer to the
    last arrival, vs the receiver's own rate for the same number of POSTs of the same bodies from
    a plain client with as many connections as the dispatcher may use per endpoint (4);
  * commit -> first attempt: state changes (POST /uploads, one upload.created each) paced at
    BENCH_WEBHOOKS_RATE (100) per second for BENCH_WEBHOOKS_SECONDS (10) s to an endpoint taking
    upload.created; from the API's answer (the transaction has committed) to the event's first
    arrival; p50/p99 against the dispatcher's poll interval (clips.webhooks.poll-interval, 0.5 s);
  * outbox overhead: the same state change (POST /uploads then DELETE of it: upload.created,
    upload.cancelled) BENCH_WEBHOOKS_CALLS (200) times from one client, with three endpoints
    taking every event (the dispatcher sending to the receiver meanwhile) vs with none; the
    order alternates per round; the backlog is drained before each half. The outbox row is
    written either way (it cannot be turned off), so this is what events going out costs a call.
Figures are medians of the per-round figures; absolute numbers are printed for context only.
Timing never fails the run.

Usage: webhooks.py CREDENTIALS_FILE
"""
import http.client
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from upload import HOST, PORT, Api, percentile, say  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_WEBHOOKS_ROUNDS", "3"))
EVENTS = int(os.environ.get("BENCH_WEBHOOKS_EVENTS", "500"))
RATE = float(os.environ.get("BENCH_WEBHOOKS_RATE", "100"))
SECONDS = float(os.environ.get("BENCH_WEBHOOKS_SECONDS", "10"))
CALLS = int(os.environ.get("BENCH_WEBHOOKS_CALLS", "200"))
PER_ENDPOINT = int(os.environ.get("CLIPS_WEBHOOKS_MAX_PER_ENDPOINT", "4"))
POLL_INTERVAL = float(os.environ.get("CLIPS_WEBHOOKS_POLL_INTERVAL", "PT0.5S")[2:-1])
DRAIN = 300  # seconds to wait for deliveries before counting the rest as missing


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


class Receiver:
    """Records (path, webhook-id, the body's resource id, arrival time) of every POST.

    It runs in a process of its own, as a real receiver runs elsewhere: in this one its request
    threads would take the interpreter lock from the client whose latency is being measured.
    Arrivals reach this process as lines of a file, read as they are asked for.
    """

    def __init__(self):
        import multiprocessing
        import tempfile

        self.log = tempfile.NamedTemporaryFile(prefix="clips-bench-receiver.", suffix=".log", delete=False).name
        ports = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=Receiver.serve, args=(self.log, ports), daemon=True)
        self.process.start()
        self.port = ports.get(timeout=30)
        self.arrivals = []
        self.offset = 0

    @staticmethod
    def serve(log, ports):
        out = open(log, "a", buffering=1)
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                at = time.time()
                try:
                    resource = json.loads(body)["data"].get("id")
                except (ValueError, KeyError, AttributeError):
                    resource = None
                line = json.dumps([self.path, self.headers.get("webhook-id"), resource, at])
                with lock:
                    out.write(line + "\n")
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        ports.put(server.server_address[1])
        server.serve_forever()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def at(self, path, since=0.0):
        with open(self.log) as f:
            f.seek(self.offset)
            chunk = f.read()
        complete = chunk[: chunk.rfind("\n") + 1]
        self.offset += len(complete.encode())
        self.arrivals.extend(tuple(json.loads(line)) for line in complete.splitlines())
        return [a for a in self.arrivals if a[0] == path and a[3] >= since]

    def await_count(self, path, count, since):
        deadline = time.time() + DRAIN
        while time.time() < deadline:
            got = self.at(path, since)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        return self.at(path, since)

    def close(self):
        self.process.terminate()
        os.unlink(self.log)


def endpoint(api, receiver, path, types):
    body = {"url": receiver.url(path), "description": "bench " + path}
    if types:
        body["eventTypes"] = types
    status, answer = api.call("POST", "/webhooks/endpoints", body)
    if status != 201:
        sys.exit("could not register a webhook endpoint: %s" % status)
    return answer["id"]


def remove_bench_endpoints(api):
    status, listed = api.call("GET", "/webhooks/endpoints")
    for e in listed or []:
        if (e.get("description") or "").startswith("bench "):
            api.call("DELETE", "/webhooks/endpoints/" + e["id"])


class Connection:
    """One keep-alive connection to the API with the bench client's token."""

    def __init__(self, api):
        self.api = api
        self.http = http.client.HTTPConnection(HOST, PORT, timeout=60)

    def call(self, method, path, body=None):
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": "Bearer " + self.api.bearer, "Accept": "application/json"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        self.http.request(method, "/api/v1" + path, payload, headers)
        response = self.http.getresponse()
        text = response.read()
        return response.status, (json.loads(text) if text else None), time.perf_counter() - started

    def close(self):
        self.http.close()


def open_session(connection, n):
    status, answer, took = connection.call("POST", "/uploads", {"fileName": "bench-hook-%d.mp4" % n,
                                                               "sizeBytes": 1000})
    if status != 201:
        raise RuntimeError("POST /uploads answered %s" % status)
    return answer["id"], took


def make_events(api, count):
    """`count` upload.created events (sessions opened and cancelled by 8 clients): their time range."""
    start = datetime.now(timezone.utc) - timedelta(seconds=1)
    made = [0]
    lock = threading.Lock()

    def worker():
        connection = Connection(api)
        try:
            while True:
                with lock:
                    if made[0] >= count:
                        return
                    made[0] += 1
                    n = made[0]
                session, _ = open_session(connection, n)
                connection.call("DELETE", "/uploads/" + session)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(1.5)
    return start, datetime.now(timezone.utc)


def iso(instant):
    return instant.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def plain_client_rate(receiver, path, bodies):
    """The receiver's rate for these bodies from PER_ENDPOINT keep-alive connections."""
    remaining = list(bodies)
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=60)
        try:
            while True:
                with lock:
                    if not remaining:
                        return
                    body = remaining.pop()
                connection.request("POST", path, body, {"Content-Type": "application/json",
                                                        "webhook-id": "baseline"})
                connection.getresponse().read()
        finally:
            connection.close()

    started = time.time()
    threads = [threading.Thread(target=worker) for _ in range(PER_ENDPOINT)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(bodies) / (time.time() - started)


def throughput(api, receiver, hook, path, window):
    since = time.time()
    status, answer = api.call("POST", "/webhooks/endpoints/%s/replay" % hook,
                              {"from": iso(window[0]), "to": iso(window[1])})
    if status != 202:
        sys.exit("replay answered %s" % status)
    answered = time.time()
    expected = answer["events"]
    got = receiver.await_count(path, expected, since)
    delivered = len(got) / (max(a[3] for a in got) - answered) if got else 0.0
    return expected, len(got), delivered


def paced_changes(api, receiver, path):
    """POST /uploads at RATE for SECONDS from a pool of clients; lag of each event's first arrival."""
    total = int(RATE * SECONDS)
    answered = {}
    lock = threading.Lock()
    next_index = [0]
    start = time.time() + 0.2
    failures = []

    def worker():
        connection = Connection(api)
        try:
            while True:
                with lock:
                    n = next_index[0]
                    if n >= total:
                        return
                    next_index[0] += 1
                due = start + n / RATE
                wait = due - time.time()
                if wait > 0:
                    time.sleep(wait)
                try:
                    session, _ = open_session(connection, n)
                except (RuntimeError, OSError, http.client.HTTPException) as e:
                    failures.append(repr(e))
                    connection.close()
                    connection = Connection(api)
                    continue
                with lock:
                    answered[session] = time.time()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    offered = len(answered) / (max(answered.values()) - start) if answered else 0.0
    got = receiver.await_count(path, len(answered), start)
    first = {}
    for _, _, resource, at in got:
        if resource in answered and resource not in first:
            first[resource] = at
    lags = [first[s] - answered[s] for s in first]
    return offered, len(answered), len(lags), lags, failures, list(answered)


def cancel(api, sessions):
    """DELETE each session from 8 clients (after the endpoint that took their events has gone)."""
    remaining = list(sessions)
    lock = threading.Lock()

    def worker():
        connection = Connection(api)
        try:
            while True:
                with lock:
                    if not remaining:
                        return
                    session = remaining.pop()
                connection.call("DELETE", "/uploads/" + session)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def change_latencies(api):
    """CALLS state changes from one client: POST /uploads and DELETE of it, each timed."""
    connection = Connection(api)
    try:
        took = []
        for n in range(CALLS):
            session, opened = open_session(connection, n)
            status, _, cancelled = connection.call("DELETE", "/uploads/" + session)
            if status != 204:
                raise RuntimeError("DELETE /uploads answered %s" % status)
            took.append(opened)
            took.append(cancelled)
        return took
    finally:
        connection.close()


def drain(receiver, paths, expected_per_path, since):
    for path in paths:
        receiver.await_count(path, expected_per_path, since)


def one_round(api, receiver, number, window, bodies):
    r = {}
    # 1. throughput: a replayed range to one endpoint, then the plain client
    path = "/throughput-%d" % number
    hook = endpoint(api, receiver, path, ["upload.created"])
    r["expected"], r["delivered"], r["rate"] = throughput(api, receiver, hook, path, window)
    r["baseline_rate"] = plain_client_rate(receiver, "/baseline-%d" % number, bodies)
    api.call("DELETE", "/webhooks/endpoints/" + hook)

    # 2. commit -> first attempt at RATE per second
    path = "/lag-%d" % number
    hook = endpoint(api, receiver, path, ["upload.created"])
    r["offered"], r["changes"], r["arrived"], lags, r["failures"], sessions = paced_changes(api, receiver, path)
    r["lag50"] = percentile(lags, 50) if lags else float("nan")
    r["lag99"] = percentile(lags, 99) if lags else float("nan")
    api.call("DELETE", "/webhooks/endpoints/" + hook)
    cancel(api, sessions)

    # 3. a state change's latency with three endpoints taking every event vs none
    halves = ["without", "with"] if number % 2 == 0 else ["with", "without"]
    for half in halves:
        if half == "with":
            paths = ["/all-%d-%d" % (number, k) for k in range(3)]
            hooks = [endpoint(api, receiver, p, None) for p in paths]
            since = time.time()
            took = change_latencies(api)
            drain(receiver, paths, 2 * CALLS, since)
            for h in hooks:
                api.call("DELETE", "/webhooks/endpoints/" + h)
        else:
            took = change_latencies(api)
        r[half] = (percentile(took, 50), percentile(took, 99))
    r["order"] = " > ".join(halves)
    return r


def main():
    api = Api(sys.argv[1])
    receiver = Receiver()
    remove_bench_endpoints(api)
    # warm-up: the routes' classes loaded and pools filled
    change_latencies(api)
    window = make_events(api, EVENTS)
    # bodies of the same size as the events' for the plain client
    bodies = [json.dumps({"type": "upload.created", "timestamp": iso(datetime.now(timezone.utc)),
                          "data": {"id": "%036d" % n, "version": 1, "occurredAt": iso(window[0]),
                                   "fileName": "bench-hook-%d.mp4" % n, "sizeBytes": 1000,
                                   "state": "OPEN", "tenantId": "default"}}).encode() for n in range(EVENTS)]
    rounds = []
    for n in range(ROUNDS):
        api.refresh()
        rounds.append(one_round(api, receiver, n, window, bodies))
    for n, r in enumerate(rounds, 1):
        say("round %d: replayed %d/%d at %.0f events/s (plain client %.0f req/s); %d/%d changes offered at "
            "%.0f/s arrived, lag p50 %.0f ms p99 %.0f ms%s; call p50/p99 without endpoints %.1f/%.1f ms, with "
            "three %.1f/%.1f ms (%s)"
            % (n, r["delivered"], r["expected"], r["rate"], r["baseline_rate"], r["arrived"], r["changes"],
               r["offered"], r["lag50"] * 1000, r["lag99"] * 1000,
               (", %d failed" % len(r["failures"])) if r["failures"] else "", r["without"][0] * 1000,
               r["without"][1] * 1000, r["with"][0] * 1000, r["with"][1] * 1000, r["order"]))
    m = lambda key: median([r[key] for r in rounds])  # noqa: E731
    say("medians of %d rounds; dispatcher: poll interval %.1f s, %d in flight per endpoint"
        % (len(rounds), POLL_INTERVAL, PER_ENDPOINT))
    say("delivery throughput: %.0f events/s to one endpoint vs the receiver's %.0f req/s from a plain client "
        "with %d connections: ratio %.2f"
        % (m("rate"), m("baseline_rate"), PER_ENDPOINT, median([r["rate"] / r["baseline_rate"] for r in rounds])))
    say("commit -> first attempt at %.0f changes/s offered (%.0f/s reached): p50 %.0f ms, p99 %.0f ms = %.2f poll "
        "intervals"
        % (RATE, m("offered"), m("lag50") * 1000, m("lag99") * 1000, m("lag99") / POLL_INTERVAL))
    ratio50 = median([r["with"][0] / r["without"][0] for r in rounds])
    ratio99 = median([r["with"][1] / r["without"][1] for r in rounds])
    say("outbox overhead: POST /uploads + DELETE p50 %.1f ms with three endpoints taking every event vs %.1f ms "
        "with none: ratio %.2f (target <= 1.05); p99 ratio %.2f"
        % (median([r["with"][0] for r in rounds]) * 1000, median([r["without"][0] for r in rounds]) * 1000,
           ratio50, ratio99))
    receiver.close()


if __name__ == "__main__":
    main()
