#!/usr/bin/env python3
"""Upload benchmark, against the stack `./clips up` runs.

In one run, each figure against a baseline measured in the same run on the same machine:
  a. throughput of POST /api/v1/assets (multipart/form-data, and the file as the bare request
     body, both with curl) vs an S3 multipart upload of
     the same file straight to the same S3 server with the server's own SDK set-up and part size
     (bench/S3Direct.java): parts one after another (the server's pattern) and 4 in flight
     (a transfer manager's). Interleaved runs, each started with the disk's write-back of the run
     before finished (sync); medians compared (target: API >= 0.9x direct). Also
     the CPU seconds each upload cost every process on its path (curl or the SDK client, the Clips
     server, the local S3 server), which bound the ratio when they all share the machine's cores;
  b. memory: N concurrent uploads through the API with the server heap capped (the stack is
     restarted with CLIPS_SERVER_HEAP when its max heap differs): every one must be accepted;
     peak heap used (WildFly management API, sampled: mostly young garbage), live heap after one
     forced full GC mid-run (what the uploads retain) and peak RSS (VmHWM, reset first), each vs
     the idle server just before;
  c. latency p50/p99 of POST /api/v1/uploads (direct-upload initiation: single presigned PUT and
     multipart with part URLs) at several concurrencies vs GET /api/v1/assets/{id} at the same
     concurrency; skipped while the route answers 404.
Every upload has different bytes (dedupe would answer 200): a real 2 s 720p H.264 MP4 followed
by a top-level 'free' box of random bytes up to the target size, so the file is a valid MP4 that
the pipeline processes; the last bytes of the box are rewritten before each upload. Uploaded
assets are purged once processed. Timing never fails the run: figures are printed, not judged.

Usage: upload.py CREDENTIALS_FILE (CLIPS_CLIENT_ID=..., CLIPS_CLIENT_SECRET=...)
Env: CLIPS_DATA, CLIPS_ROOT, BENCH_UPLOAD_MIB (512), BENCH_UPLOAD_RUNS (5), BENCH_UPLOAD_PARTS
(abc), BENCH_MEMORY_UPLOADS (4), BENCH_MEMORY_HEAP (512m), BENCH_LATENCY_REQUESTS (300),
BENCH_LATENCY_CONCURRENCY (1,8,32).
"""
import base64
import glob
import http.client
import json
import math
import os
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

DATA = os.environ.get("CLIPS_DATA", "/var/lib/clips")
ROOT = os.environ.get("CLIPS_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST, PORT = "127.0.0.1", 8080
API = "http://%s:%d/api/v1" % (HOST, PORT)
MGMT = "http://127.0.0.1:9990/management"
WORK = os.path.join(DATA, "bench")
LOG = os.path.join(DATA, "wildfly", "log", "server.log")
MIB = 1024 * 1024

UPLOAD_MIB = int(os.environ.get("BENCH_UPLOAD_MIB", "512"))
RUNS = int(os.environ.get("BENCH_UPLOAD_RUNS", "5"))
PARTS = os.environ.get("BENCH_UPLOAD_PARTS", "abc")
MEMORY_UPLOADS = int(os.environ.get("BENCH_MEMORY_UPLOADS", "4"))
MEMORY_HEAP = os.environ.get("BENCH_MEMORY_HEAP", "512m")
LATENCY_REQUESTS = int(os.environ.get("BENCH_LATENCY_REQUESTS", "300"))
LATENCY_CONCURRENCY = [int(c) for c in os.environ.get("BENCH_LATENCY_CONCURRENCY", "1,8,32").split(",")]
PROCESSING_WAIT = 300  # seconds to wait for an uploaded asset to be processed before leaving it


def say(line):
    print(line, flush=True)


def note(line):
    """Progress on stderr, so stdout keeps only the figures."""
    print("  .. " + line, file=sys.stderr, flush=True)


def secrets():
    with open(os.path.join(DATA, "secrets.env")) as f:
        return dict(line.strip().split("=", 1) for line in f if "=" in line)


# ------------------------------------------------------------------------------------------ API
class Api:
    def __init__(self, credentials_file):
        creds = dict(line.split("=", 1) for line in open(credentials_file).read().split() if "=" in line)
        self.client = (creds["CLIPS_CLIENT_ID"], creds["CLIPS_CLIENT_SECRET"])
        self.refresh()

    def refresh(self):
        basic = base64.b64encode(("%s:%s" % self.client).encode()).decode()
        request = urllib.request.Request(API + "/auth/token", b"grant_type=client_credentials",
                                         headers={"Authorization": "Basic " + basic})
        with urllib.request.urlopen(request) as response:
            self.bearer = json.load(response)["access_token"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(API + path, data, method=method,
                                         headers={"Authorization": "Bearer " + self.bearer,
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            e.read()
            return e.code, None

    def upload(self, path, bare=False):
        """curl -F file=@path (bare: the file as the POST body, streamed with -T): returns (http
        status, seconds, asset id or None). curl's 'Expect: 100-continue' is turned off (it may
        wait up to 1 s for the interim answer)."""
        body = (["-X", "POST", "-T", path, "-H", "Content-Type: video/mp4",
                 "-H", "Content-Disposition: attachment; filename=bench-upload.mp4"] if bare
                else ["-F", "file=@%s;type=video/mp4;filename=bench-upload.mp4" % path])
        out = subprocess.run(
            ["curl", "-sS", "-o", "-", "-w", "\n%{http_code} %{time_total}", "-H", "Expect:",
             "-H", "Authorization: Bearer " + self.bearer] + body + [API + "/assets"],
            capture_output=True, text=True)
        body, _, tail = out.stdout.rpartition("\n")
        try:
            code, seconds = tail.split()
            code, seconds = int(code), float(seconds)
        except ValueError:
            return 0, 0.0, None
        try:
            asset_id = json.loads(body).get("id")
        except ValueError:
            asset_id = None
        return code, seconds, asset_id

    def wait_processed(self, asset_id, seconds=PROCESSING_WAIT):
        deadline = time.time() + seconds
        while time.time() < deadline:
            status, asset = self.call("GET", "/assets/%s" % asset_id)
            if status != 200 or asset["status"] in ("READY", "FAILED"):
                return asset["status"] if status == 200 else "HTTP %d" % status
            time.sleep(0.5)
        return "still processing"

    def purge(self, asset_ids):
        """Waits for processing (a purge answers 409 meanwhile), then purges; returns how many went."""
        purged = 0
        for asset_id in asset_ids:
            self.wait_processed(asset_id)
            status, _ = self.call("DELETE", "/assets/%s?purge=true" % asset_id)
            purged += status == 204
        return purged


# ------------------------------------------------------------------------------------- the files
def test_files(count):
    """`count` files of UPLOAD_MIB MiB: a 2 s 720p H.264 MP4 + a 'free' box of random bytes."""
    os.makedirs(WORK, exist_ok=True)
    head = os.path.join(WORK, "upload-head-2s-720p.mp4")
    if not os.path.exists(head):
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                        "-i", "testsrc2=size=1280x720:rate=30", "-t", "2", "-c:v", "libx264",
                        "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
                        head + ".part.mp4"], check=True)
        os.replace(head + ".part.mp4", head)
    size = UPLOAD_MIB * MIB
    files = [os.path.join(WORK, "upload-%dMiB-%d.mp4" % (UPLOAD_MIB, i)) for i in range(count)]
    for stale in glob.glob(os.path.join(WORK, "upload-*MiB-*.mp4")):
        if stale not in files:
            os.remove(stale)
    with open(head, "rb") as f:
        movie = f.read()
    pad = size - len(movie)
    if pad < 4096 or pad >= 1 << 32:
        sys.exit("BENCH_UPLOAD_MIB must give a file between the clip's size and 4 GiB")
    for path in files:
        if os.path.exists(path) and os.path.getsize(path) == size:
            continue
        note("writing %s" % path)
        with open(path + ".part", "wb") as f:
            f.write(movie)
            f.write(struct.pack(">I", pad) + b"free")
            left = pad - 8
            while left:
                n = min(left, 8 * MIB)
                f.write(os.urandom(n))
                left -= n
        os.replace(path + ".part", path)
    return files


def make_unique(path):
    """New bytes at the end of the free box: new content, same valid MP4, page cache stays warm."""
    fd = os.open(path, os.O_WRONLY)
    try:
        os.pwrite(fd, os.urandom(32), os.path.getsize(path) - 32)
    finally:
        os.close(fd)


def small_clip():
    head = os.path.join(WORK, "upload-head-2s-720p.mp4")
    path = os.path.join(WORK, "upload-small.mp4")
    with open(head, "rb") as f, open(path, "wb") as out:
        out.write(f.read())
        out.write(struct.pack(">I", 8 + 4096) + b"free" + os.urandom(4096))
    return path


# ----------------------------------------------------------------------------- direct S3 client
class Direct:
    """bench/S3Direct.java in one warm JVM, with the SDK jars the server itself ships."""

    def __init__(self):
        libs = glob.glob(os.path.join(ROOT, "clips-ear", "target", "clips", "lib", "*.jar"))
        if not any("awssdk-s3-" in lib for lib in libs):
            sys.exit("no AWS SDK jars in clips-ear/target/clips/lib: build first (./clips up)")
        classes = os.path.join(WORK, "s3direct-classes")
        shutil.rmtree(classes, ignore_errors=True)
        classpath = ":".join(libs)
        subprocess.run(["javac", "-nowarn", "-cp", classpath, "-d", classes,
                        os.path.join(ROOT, "bench", "S3Direct.java")], check=True)
        s = secrets()
        env = dict(os.environ, S3_ENDPOINT="http://127.0.0.1:9000", S3_BUCKET="clips", S3_REGION="us-east-1",
                   S3_ACCESS_KEY=s["CLIPS_S3_ACCESS_KEY"], S3_SECRET_KEY=s["CLIPS_S3_SECRET_KEY"],
                   PART_SIZE_BYTES=str(8 * MIB))
        self.process = subprocess.Popen(["java", "-Xmx512m", "-cp", classes + ":" + classpath, "S3Direct"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, env=env)
        if self.process.stdout.readline().strip() != "ready":
            sys.exit("S3Direct did not start")

    def upload(self, path, in_flight):
        self.process.stdin.write("upload %s bench-direct/%s %d\n" % (path, uuid.uuid4(), in_flight))
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if not answer.startswith("ok "):
            sys.exit("direct upload failed: " + answer)
        return float(answer.split()[1])

    def close(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.close()
        self.process.wait(30)


# ---------------------------------------------------------------------------------- management
class Management:
    """WildFly management API (HTTP, digest auth) for the platform MBeans."""

    def __init__(self):
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, MGMT, "admin", secrets()["CLIPS_CONSOLE_PASSWORD"])
        self.opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))

    def op(self, operation):
        request = urllib.request.Request(MGMT, json.dumps(operation).encode(),
                                         headers={"Content-Type": "application/json"})
        with self.opener.open(request, timeout=10) as response:
            answer = json.load(response)
        if answer.get("outcome") != "success":
            raise RuntimeError(answer)
        return answer.get("result")

    def heap(self):
        return self.op({"operation": "read-attribute", "name": "heap-memory-usage",
                        "address": [{"core-service": "platform-mbean"}, {"type": "memory"}]})

    def gc_counts(self):
        """{collector: (collections, milliseconds)} since the server started."""
        counts = {}
        for name in ("G1_Young_Generation", "G1_Old_Generation"):
            gc = self.op({"operation": "read-resource", "include-runtime": True,
                          "address": [{"core-service": "platform-mbean"}, {"type": "garbage-collector"},
                                      {"name": name}]})
            counts[name] = (gc["collection-count"], gc["collection-time"])
        return counts

    def live_heap(self):
        """Heap used right after a forced full GC: what is really retained."""
        self.op({"operation": "gc", "address": [{"core-service": "platform-mbean"}, {"type": "memory"}]})
        return self.heap()["used"]


def wildfly_pid():
    with open(os.path.join(DATA, "run", "wildfly.pid")) as f:
        return int(f.read().strip())


def s3_server_pid():
    try:
        with open(os.path.join(DATA, "run", "s3proxy.pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None  # an external S3 server: its CPU is not ours to see


def cpu_seconds(pid):
    """User + system CPU seconds a process has used so far (0 when there is none)."""
    if pid is None:
        return 0.0
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    """CPU seconds of this script's finished child processes (curl)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def proc_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Sampler(threading.Thread):
    """Heap used/committed (management API) and RSS (/proc) every `interval` seconds, peaks kept."""

    def __init__(self, management, pid, interval=0.25):
        super().__init__(daemon=True)
        self.management, self.pid, self.interval = management, pid, interval
        self.stop = threading.Event()
        self.heap_used = self.heap_committed = self.rss_kib = self.samples = self.errors = 0

    def run(self):
        while not self.stop.is_set():
            try:
                heap = self.management.heap()
                self.heap_used = max(self.heap_used, heap["used"])
                self.heap_committed = max(self.heap_committed, heap["committed"])
                self.samples += 1
            except Exception:
                self.errors += 1
            self.rss_kib = max(self.rss_kib, proc_kib(self.pid, "VmRSS"))
            self.stop.wait(self.interval)


def bytes_of(size):
    number, unit = int(size[:-1] or 0), size[-1].lower()
    if unit.isdigit():
        return int(size)
    return number * {"k": 1024, "m": MIB, "g": 1024 * MIB}[unit]


def log_mark():
    return os.path.getsize(LOG) if os.path.exists(LOG) else 0


def log_since(mark, needle):
    if not os.path.exists(LOG):
        return 0
    with open(LOG, "rb") as f:
        f.seek(mark)
        return sum(needle.encode() in line for line in f)


# ------------------------------------------------------------------------------------- a. speed
def part_a(api, path):
    direct = Direct()
    size_mib = os.path.getsize(path) / MIB
    times = {"api": [], "body": [], "direct1": [], "direct4": []}
    # CPU seconds each run cost the processes on the path: sender (curl or the SDK client's JVM),
    # the server (API runs) and the S3 server; on a machine where all of them share the cores,
    # the ratio of the totals bounds the throughput ratio
    cpu = {kind: [] for kind in times}
    server, s3_server = wildfly_pid(), s3_server_pid()
    rounds = []  # per round {kind: seconds}: the three uploads of a round ran back to back
    codes, purge, processed = [], [], []
    kinds = ["api", "body", "direct1", "direct4"]
    try:
        # warm-up, not counted: the client JVM, the S3 server, the server's upload path
        direct.upload(path, 1)
        direct.upload(path, 4)
        make_unique(path)
        code, seconds, asset_id = api.upload(path)
        note("warm-up: direct %.2f s, API %.2f s (HTTP %d)" % (direct.upload(path, 1), seconds, code))
        purged = 0
        if asset_id:
            purge.append(asset_id)
            processed.append(api.wait_processed(asset_id))
            purged += api.purge([asset_id])
        for run in range(RUNS):
            rounds.append({})
            for kind in kinds[run % 4:] + kinds[:run % 4]:  # rotate who goes first
                # every run starts with nothing of the one before still being written to disk: the S3
                # server's files of an upload (parts, then the assembled object) are written back by the
                # kernel in the seconds after it, and that landed on whichever run came next
                os.sync()
                time.sleep(1)
                if kind in ("api", "body"):
                    make_unique(path)
                    before = (children_cpu_seconds(), cpu_seconds(server), cpu_seconds(s3_server))
                    code, seconds, asset_id = api.upload(path, bare=kind == "body")
                    cpu[kind].append((children_cpu_seconds() - before[0], cpu_seconds(server) - before[1],
                                      cpu_seconds(s3_server) - before[2]))
                    codes.append(code)
                    if code == 202 and asset_id:
                        times[kind].append(seconds)
                        rounds[-1][kind] = seconds
                        purge.append(asset_id)
                        # let processing finish so it does not eat the next runs' CPU, then delete it as
                        # S3Direct deletes its object after each run: left in place, 512 MiB per API run
                        # piled up in the S3 server's files and page cache, and every later run (direct
                        # ones too) slowed down on this machine (body 2.2 s with, 3.7 s without)
                        processed.append(api.wait_processed(asset_id))
                        purged += api.purge([asset_id])
                else:
                    before = (cpu_seconds(direct.process.pid), cpu_seconds(s3_server))
                    times[kind].append(direct.upload(path, int(kind[-1])))
                    rounds[-1][kind] = times[kind][-1]
                    cpu[kind].append((cpu_seconds(direct.process.pid) - before[0], 0.0, cpu_seconds(s3_server) - before[1]))
                note("run %d %s: %.2f s" % (run + 1, kind, times[kind][-1] if times[kind] else float("nan")))
    finally:
        direct.close()
    if not times["api"]:
        say("upload throughput: no API upload was accepted (statuses %s)" % codes)
        return None
    rate = {k: size_mib / statistics.median(v) for k, v in times.items() if v}

    def per_round(baseline, kind="api"):
        return " ".join("%.2f" % (r[baseline] / r[kind]) for r in rounds if kind in r)

    best = {k: size_mib / min(v) for k, v in times.items() if v}
    say("upload file: %d MiB MP4 (2 s 720p H.264 + random 'free' box), %d runs of each, interleaved; "
        "API statuses %s" % (UPLOAD_MIB, RUNS, " ".join(map(str, codes))))
    say("upload throughput API (POST /api/v1/assets, curl): %.0f MiB/s median, best %.0f "
        "(baseline direct S3 multipart 8 MiB parts one at a time %.0f MiB/s, ratio %.2f, per round %s; "
        "target >= 0.90)" % (rate["api"], best["api"], rate["direct1"], rate["api"] / rate["direct1"],
                             per_round("direct1")))
    if times["body"]:
        say("upload throughput API, file as the request body (POST /api/v1/assets, Content-Type video/mp4, "
            "curl -T): %.0f MiB/s median (baseline direct one part at a time %.0f MiB/s, ratio %.2f, per round %s; "
            "target >= 0.90)" % (rate["body"], rate["direct1"], rate["body"] / rate["direct1"],
                                 per_round("direct1", "body")))
    say("upload throughput API vs direct with 4 parts in flight: %.0f MiB/s median "
        "(baseline direct S3 multipart 8 MiB parts 4 in flight %.0f MiB/s, ratio %.2f, per round %s)"
        % (rate["api"], rate["direct4"], rate["api"] / rate["direct4"], per_round("direct4")))
    say("upload seconds per %d MiB (median): API multipart %.2f s, API body %s s, direct one part at a time %.2f s,"
        " 4 in flight %.2f s" % (UPLOAD_MIB, statistics.median(times["api"]),
                                 "%.2f" % statistics.median(times["body"]) if times["body"] else "-",
                                 statistics.median(times["direct1"]),
           statistics.median(times["direct4"])))
    report_cpu(cpu, s3_server is not None)
    note("processing of the uploaded assets: %s; purged %d of %d"
         % (", ".join(processed), purged, len(purge)))
    return rate["api"]


def report_cpu(cpu, s3_seen):
    """Median CPU seconds per upload by process, and what they bound: with every process on the same
    cores, a path that costs more CPU cannot be faster than the cores allow."""
    def median(kind, i):
        return statistics.median(c[i] for c in cpu[kind]) if cpu[kind] else float("nan")

    names = {"api": "API multipart", "body": "API body", "direct1": "direct one at a time", "direct4": "direct 4 in flight"}
    parts = []
    for kind, name in names.items():
        sender, server, s3 = median(kind, 0), median(kind, 1), median(kind, 2)
        parts.append("%s %.2f (%s %.2f%s, S3 server %.2f)" % (
            name, sender + server + s3, "curl" if kind in ("api", "body") else "SDK client", sender,
            ", Clips server %.2f" % server if kind in ("api", "body") else "", s3))
    say("upload CPU seconds per file (median, all processes on the path): " + "; ".join(parts)
        + ("" if s3_seen else " (the S3 server is not local: its CPU is not counted)"))
    if s3_seen and cpu["direct4"] and cpu["body"]:
        total = {k: sum(median(k, i) for i in range(3)) for k in names}
        say("CPU per file, direct 4 in flight / API: body %.2f, multipart %.2f. An API upload moves every byte once "
            "more (client -> Clips -> S3); with every process on these %d cores and the cores busy, this roughly "
            "bounds its throughput ratio (roughly: the S3 server's CPU also grows with wall time)" % (total["direct4"] / total["body"], total["direct4"] / total["api"],
                                          os.cpu_count()))


# ------------------------------------------------------------------------------------ b. memory
def restart_with_heap(heap):
    env = dict(os.environ, CLIPS_DATA=DATA, CLIPS_SERVER_HEAP=heap)
    clips = os.path.join(ROOT, "clips")
    subprocess.run([clips, "down"], env=env, check=True, capture_output=True)
    subprocess.run([clips, "up"], env=env, check=True, capture_output=True)


def part_b(api, files, single_rate):
    management = Management()
    limit = bytes_of(MEMORY_HEAP)
    restarted = "no"
    if management.heap()["max"] != limit:
        note("restarting the stack with CLIPS_SERVER_HEAP=%s" % MEMORY_HEAP)
        restart_with_heap(MEMORY_HEAP)
        api.refresh()
        management = Management()
        restarted = "yes"
        code, _, asset_id = api.upload(small_clip())  # first request after a restart: not measured
        if asset_id:
            api.purge([asset_id])
    max_heap = management.heap()["max"]
    pid = wildfly_pid()

    # idle baseline: live heap after a forced GC, then a few seconds of samples
    idle_live = management.live_heap()
    idle = Sampler(management, pid)
    idle.start()
    time.sleep(3)
    idle.stop.set()
    idle.join()
    gc_before = management.gc_counts()

    with open("/proc/%d/clear_refs" % pid, "w") as f:  # VmHWM := VmRSS, so the peak is this part's
        f.write("5")
    mark = log_mark()
    sampler = Sampler(management, pid)
    sampler.start()
    for path in files:
        make_unique(path)
    started = time.time()
    workers, results = [], [None] * len(files)

    def one(i, path):
        results[i] = api.upload(path)

    for i, path in enumerate(files):
        workers.append(threading.Thread(target=one, args=(i, path)))
        workers[-1].start()
    # a third of the way in, every upload streaming: one forced full GC shows what they retain
    time.sleep(max(1.0, len(files) * UPLOAD_MIB / 120 / 3))
    in_flight = sum(w.is_alive() for w in workers)
    busy_live = management.live_heap()
    for worker in workers:
        worker.join()
    wall = time.time() - started
    time.sleep(1)
    sampler.stop.set()
    sampler.join()
    hwm = proc_kib(pid, "VmHWM")
    gc_after = management.gc_counts()
    oom = log_since(mark, "OutOfMemoryError")

    codes = [r[0] for r in results]
    accepted = sum(c == 202 for c in codes)
    total_mib = sum(os.path.getsize(p) for p in files) / MIB
    say("memory: %d concurrent %d MiB uploads through the API, server max heap %d MiB (restarted for it: %s): "
        "%d/%d accepted (202), statuses %s, OutOfMemoryError in log: %d"
        % (len(files), UPLOAD_MIB, max_heap // MIB, restarted, accepted, len(files), " ".join(map(str, codes)), oom))
    say("memory peak heap used (sampled %d times): %d MiB of %d MiB max (baseline idle %d MiB, ratio %.2f)"
        % (sampler.samples, sampler.heap_used // MIB, max_heap // MIB, idle.heap_used // MIB,
           sampler.heap_used / max(idle.heap_used, 1)))
    say("memory live heap after a forced full GC with %d uploads in flight: %d MiB (baseline idle %d MiB, "
        "ratio %.2f; %.1f MiB per upload)" % (in_flight, busy_live // MIB, idle_live // MIB,
                                              busy_live / max(idle_live, 1),
                                              (busy_live - idle_live) / MIB / max(in_flight, 1)))
    young = [gc_after["G1_Young_Generation"][i] - gc_before["G1_Young_Generation"][i] for i in (0, 1)]
    full = [gc_after["G1_Old_Generation"][i] - gc_before["G1_Old_Generation"][i] for i in (0, 1)]
    say("memory GC during the uploads: %d young collections (%d ms), %d full (%d ms, one of them forced "
        "by the bench)" % (young[0], young[1], full[0], full[1]))
    say("memory peak RSS wildfly (VmHWM, reset before the uploads): %d MiB (baseline idle %d MiB, ratio %.2f)"
        % (hwm // 1024, idle.rss_kib // 1024, hwm / max(idle.rss_kib, 1)))
    aggregate = total_mib / wall
    if single_rate:
        say("memory-run aggregate throughput: %.0f MiB/s for %d at once (baseline one API upload at a time "
            "%.0f MiB/s, ratio %.2f)" % (aggregate, len(files), single_rate, aggregate / single_rate))
    else:
        say("memory-run aggregate throughput: %.0f MiB/s for %d at once" % (aggregate, len(files)))
    ids = [r[2] for r in results if r[2] and r[0] == 202]
    note("purged %d of %d uploaded assets" % (api.purge(ids), len(ids)))


# ----------------------------------------------------------------------------------- c. latency
def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def load(bearer, method, path, body, expect, concurrency, requests, content_type="application/json"):
    """`requests` calls from `concurrency` threads, each on its own keep-alive connection. No
    bearer: no Authorization header; a bytes body is sent as it is, as `content_type`."""
    payload = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else None
    headers = {"Accept": "application/json"}
    if bearer:
        headers["Authorization"] = "Bearer " + bearer
    if payload is not None:
        headers["Content-Type"] = content_type
    latencies, failures = [], []
    lock = threading.Lock()
    remaining = [requests]

    def worker():
        connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
        try:
            while True:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                started = time.perf_counter()
                try:
                    connection.request(method, "/api/v1" + path, payload, headers)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as e:
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
                    status = repr(e)
                elapsed = time.perf_counter() - started
                with lock:
                    if status == expect:
                        latencies.append(elapsed)
                    else:
                        failures.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures, time.perf_counter() - started


def part_c(api):
    small = small_clip()
    code, _, asset_id = api.upload(small)
    if code not in (200, 202) or not asset_id:
        say("presign latency: skipped: the baseline asset could not be uploaded (HTTP %d)" % code)
        return
    single = {"fileName": "a.mp4", "sizeBytes": 12345678, "contentType": "video/mp4"}
    multi = {"fileName": "a.mp4", "sizeBytes": 200 * MIB, "contentType": "video/mp4", "multipart": True}
    status, answer = api.call("POST", "/uploads", single)
    if status != 201:
        say("presign latency: skipped: POST /api/v1/uploads answered %d" % status)
        variants = []
    else:
        status_multi, answer_multi = api.call("POST", "/uploads", multi)
        parts = len((answer_multi or {}).get("parts") or [])
        say("presign answers: single %s (url %s), multipart %d with %d part URLs"
            % (status, "yes" if answer.get("url") else "no", status_multi, parts))
        variants = [("single PUT", single)]
        if status_multi == 201:
            variants.append(("multipart 200 MiB", multi))
        else:
            say("presign latency multipart: skipped: POST /api/v1/uploads with multipart answered %d" % status_multi)
    get_path = "/assets/%s" % asset_id
    load(api.bearer, "GET", get_path, None, 200, 4, 50)  # warm-up
    for _, body in variants:
        load(api.bearer, "POST", "/uploads", body, 201, 4, 20)
    for concurrency in LATENCY_CONCURRENCY:
        requests = max(LATENCY_REQUESTS, 10 * concurrency)
        base, base_failed, base_wall = load(api.bearer, "GET", get_path, None, 200, concurrency, requests)
        b50, b99 = percentile(base, 50) * 1000, percentile(base, 99) * 1000
        say("latency GET /api/v1/assets/{id} c=%d: p50 %.1f ms, p99 %.1f ms (%d requests, %.0f/s, %d failed)"
            % (concurrency, b50, b99, requests, requests / base_wall, len(base_failed)))
        for name, body in variants:
            lat, failed, wall = load(api.bearer, "POST", "/uploads", body, 201, concurrency, requests)
            if not lat:
                say("presign latency %s c=%d: every request failed (%s)" % (name, concurrency, failed[:3]))
                continue
            p50, p99 = percentile(lat, 50) * 1000, percentile(lat, 99) * 1000
            say("presign latency %s c=%d: p50 %.1f ms, p99 %.1f ms, %.0f/s, %d failed "
                "(baseline GET asset p50 %.1f ms p99 %.1f ms, ratio p50 %.2f p99 %.2f)"
                % (name, concurrency, p50, p99, requests / wall, len(failed), b50, b99, p50 / b50, p99 / b99))
    api.purge([asset_id])


def main():
    api = Api(sys.argv[1])
    single_rate = None
    files = test_files(MEMORY_UPLOADS if "b" in PARTS else 1)
    if "a" in PARTS:
        single_rate = part_a(api, files[0])
    if "c" in PARTS:
        part_c(api)
    if "b" in PARTS:
        part_b(api, files, single_rate)


if __name__ == "__main__":
    main()
