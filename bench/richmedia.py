#!/usr/bin/env python3
"""Rich media's processing cost, through the real platform.

One 30 s 720p30 source (x264's default key frames, so every rung is encoded, not remuxed) in five
variants, each a job of its own on the bench's stack: plain (one audio stream, in a tenant whose
profile turns loudness normalisation off), normalised (a tenant at the platform's -16 LUFS),
captions (plain plus an SRT track the job extracts), second audio (plain plus a second language:
one more audio-only rendition to encode), and protected (plain in a tenant with protection cbcs:
every rendition packaged again by Shaka Packager). The job's wall time
(its start to its end, from GET /jobs) of each variant is divided by the plain job's of the same
round; rounds rotate the order, medians over BENCH_RICHMEDIA_ROUNDS (default 3).
"""
import json
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline  # noqa: E402  (the stack, its client, the job's timings)

API = pipeline.API
VARIANTS = ["plain", "normalised", "captions", "second-audio", "protected"]


def call(method, url, bearer, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "Bearer " + bearer, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def tenant(admin, name, encoding):
    """A tenant of the bench (made once) with the encoding profile; a token of its administrator."""
    path = os.path.join(pipeline.WORK, "richmedia-%s.json" % name)
    if not os.path.exists(path):
        made = call("POST", API + "/tenants", admin, {"id": "bench-" + name, "name": "bench " + name,
                                                      "encoding": encoding})
        with open(path, "w") as f:
            json.dump(made["administrator"], f)
        os.chmod(path, 0o600)
    else:
        call("PUT", API + "/tenants/bench-%s/encoding" % name, admin, encoding)
    creds = json.load(open(path))
    body = ("grant_type=client_credentials&client_id=%s&client_secret=%s" % (
        creds["clientId"], creds["clientSecret"])).encode()
    with urllib.request.urlopen(API + "/auth/token", body) as response:
        return json.load(response)["access_token"]


def sources():
    os.makedirs(pipeline.WORK, exist_ok=True)
    srt = os.path.join(pipeline.WORK, "richmedia.srt")
    with open(srt, "w") as f:
        for i in range(15):
            f.write("%d\n00:00:%02d,000 --> 00:00:%02d,500\nLine %d\n\n" % (i + 1, 2 * i, 2 * i + 1, i + 1))
    video = ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30"]
    tone = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]
    other = ["-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000"]
    encode = ["-t", "30", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
    made = {}
    for name, inputs, maps, extra in [
            ("plain", video + tone, ["-map", "0:v", "-map", "1:a"], []),
            ("captions", video + tone + ["-i", srt], ["-map", "0:v", "-map", "1:a", "-map", "2"], ["-c:s", "srt"]),
            ("second-audio", video + tone + other, ["-map", "0:v", "-map", "1:a", "-map", "2:a"],
             ["-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=spa"])]:
        path = os.path.join(pipeline.WORK, "richmedia-%s.mkv" % name)
        if not os.path.exists(path):
            pipeline.sh("ffmpeg", "-nostdin", "-v", "error", "-y", *inputs, *maps, *encode, *extra, path + ".part.mkv")
            os.replace(path + ".part.mkv", path)
        made[name] = path
    made["normalised"] = made["protected"] = made["plain"]
    return made


def job(path, bearer):
    run = os.path.join(pipeline.WORK, "richmedia-run.mkv")
    pipeline.sh("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", path, "-map", "0", "-c", "copy",
                "-metadata", "comment=bench-%d" % time.time_ns(), run)
    out = pipeline.sh("curl", "-sS", "-D", "-", "-o", "/dev/null", "-H", "Authorization: Bearer " + bearer,
                      "-F", "file=@%s;type=video/x-matroska" % run, API + "/assets")
    location = [l.split(":", 1)[1].strip() for l in out.splitlines() if l.lower().startswith("location:")][0]
    while True:
        asset = pipeline.get(location, bearer)
        if asset["status"] in ("READY", "FAILED"):
            break
        time.sleep(0.5)
    if asset["status"] != "READY":
        sys.exit("job failed: %s" % asset.get("processingError"))
    ran = pipeline.get(API + "/jobs/%d" % asset["jobId"], bearer)
    return pipeline.instant(ran["endedAt"]) - pipeline.instant(ran["startedAt"]), asset


def main():
    admin = pipeline.token(sys.argv[1])
    off = {"loudness": {"normalize": False}}
    bearers = {"plain": tenant(admin, "plain", off), "normalised": tenant(admin, "normalised", {}),
               "protected": tenant(admin, "protected", dict(off, protection="cbcs"))}
    bearers["captions"] = bearers["second-audio"] = bearers["plain"]
    files = sources()
    rounds = []
    for n in range(int(os.environ.get("BENCH_RICHMEDIA_ROUNDS", "3"))):
        order = VARIANTS[n % len(VARIANTS):] + VARIANTS[:n % len(VARIANTS)]
        seconds = {}
        for variant in order:
            seconds[variant], _ = job(files[variant], bearers[variant])
        print("round %d (%s): %s" % (n + 1, " > ".join(order),
                                     ", ".join("%s %.1f s" % (v, seconds[v]) for v in VARIANTS)))
        rounds.append(seconds)
    plain = pipeline.median([r["plain"] for r in rounds])
    print("plain job (30 s 720p30, one audio stream, no normalisation): %.1f s (baseline)" % plain)
    for variant in VARIANTS[1:]:
        ratio = pipeline.median([r[variant] / r["plain"] for r in rounds])
        print("%s job: %.1f s (baseline %.1f s, ratio %.2f)" % (
            variant, pipeline.median([r[variant] for r in rounds]), plain, ratio))


if __name__ == "__main__":
    main()
