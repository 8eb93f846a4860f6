#!/usr/bin/env python3
"""Content-aware ladder benchmark, against the stack `./clips up` runs.

Three kinds of 20 s 1080p30 source (high-motion noise-like, a screen recording, gameplay-like
synthetic motion; Baseline profile, so every rung is encoded) go through the real platform, which
chooses each one's CRF offset with its complexity probe. Then, from a plain shell and for each
source, the job's own rendition commands are replayed twice: as the job ran them (the
content-aware ladder) and with every rung's CRF put back to its preset's (the fixed ladder). For
every rung: bytes, and SSIM against the source scaled to the rung (FFmpeg's ssim filter). Bytes and
SSIM do not depend on how loaded the machine is; the times printed are for context only.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline  # noqa: E402  (the same stack, client and log parsing)

SOURCES = {
    "noise": "testsrc2=size=1920x1080:rate=30,noise=alls=30:allf=t+u",
    "screen": "testsrc=size=1920x1080:rate=30",
    "game": "life=s=480x270:mold=10:r=30:ratio=0.1:death_color=#C83232:life_color=#00ff00,"
            "scale=1920:1080:flags=neighbor",
}
PRESET_CRF = {"240": 25, "360": 25, "480": 25, "720": 24, "1080": 23, "1440": 23, "2160": 22}


def source(kind):
    os.makedirs(pipeline.WORK, exist_ok=True)
    made = os.path.join(pipeline.WORK, "ladder-%s.mp4" % kind)
    if not os.path.exists(made):
        pipeline.sh("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", SOURCES[kind], "-f", "lavfi",
                    "-i", "sine=frequency=440:sample_rate=48000", "-t", "20", "-c:v", "libx264", "-preset",
                    "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    "-movflags", "+faststart", made + ".part.mp4")
        os.replace(made + ".part.mp4", made)
    run = os.path.join(pipeline.WORK, "ladder-run-%s.mp4" % kind)
    pipeline.sh("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", made, "-map", "0", "-c", "copy",
                "-metadata", "comment=ladder-bench-%s" % os.urandom(6).hex(), run)
    return run


def fixed(argv):
    """The same command with every rung's CRF back at its preset's (rung order: its scale heights)."""
    heights = re.findall(r"scale=\d+:(\d+)", pipeline.option(argv, "-filter_complex"))
    out, rung = [], 0
    for i, arg in enumerate(argv):
        if i > 0 and argv[i - 1] == "-crf":
            arg = str(PRESET_CRF[heights[rung]])
            rung += 1
        out.append(arg)
    return out


def measure(into, source_file):
    """Per rung dir under into: (bytes of init + segments, mean SSIM against the scaled source)."""
    found = {}
    for root, _, files in os.walk(into):
        if "index.m3u8" not in files:
            continue
        rung = os.path.basename(os.path.dirname(root)) if os.path.basename(root) == "hls" else os.path.basename(root)
        size = sum(os.path.getsize(os.path.join(root, f)) for f in files if f.endswith((".m4s", ".mp4")))
        width, height = pipeline.sh("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                    "stream=width,height", "-of", "csv=p=0",
                                    os.path.join(root, "init.mp4")).split()[0].split(",")
        stats = os.path.join(root, "ssim.log")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", os.path.join(root, "index.m3u8"), "-i",
                        source_file, "-lavfi", "[1:v]scale=%s:%s,format=yuv420p[r];[0:v][r]ssim=stats_file=%s"
                        % (width, height, stats), "-f", "null", "-"], check=True, capture_output=True)
        values = [float(m) for m in re.findall(r"All:([0-9.]+)", open(stats).read())]
        found[rung] = (size, sum(values) / len(values))
    return found


def main():
    bearer = pipeline.token(sys.argv[1])
    totals = {"aware": 0, "fixed": 0}
    worst = 0.0
    for kind in SOURCES:
        clip = source(kind)
        asset, _ = pipeline.run_job(clip, bearer)
        choice = asset["outputs"]["ladder"]
        commands = pipeline.logged_commands(asset["jobId"])
        results = {}
        for variant in ("aware", "fixed"):
            scratch = tempfile.mkdtemp(prefix="clips-bench-", dir=pipeline.WORK)
            try:
                moved, src = pipeline.relocate(commands, clip, os.path.join(scratch, "job"))
                for what, _, argv in moved:
                    if "rendition" in what:
                        subprocess.run(argv if variant == "aware" else fixed(argv), check=True, capture_output=True)
                results[variant] = measure(os.path.join(scratch, "job"), src)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        print("%s: %s" % (kind, choice["reason"] if choice else "no choice recorded"))
        for rung in sorted(results["fixed"], key=lambda r: int(r.rstrip("p"))):
            (fb, fs), (ab, as_) = results["fixed"][rung], results["aware"][rung]
            totals["fixed"] += fb
            totals["aware"] += ab
            worst = max(worst, fs - as_)
            print("  %s %s: fixed %d bytes SSIM %.4f, content-aware %d bytes SSIM %.4f (%+.0f %% bytes, SSIM %+.4f)"
                  % (kind, rung, fb, fs, ab, as_, 100.0 * (ab - fb) / fb, as_ - fs))
    print("content-aware vs fixed ladder, 3 sources: total bytes %d vs %d: %.0f %% lower (target >= 20 %%); "
          "largest SSIM loss of a rung %.4f (target <= 0.005)" % (
              totals["aware"], totals["fixed"], 100.0 * (totals["fixed"] - totals["aware"]) / totals["fixed"], worst))


if __name__ == "__main__":
    main()
