#!/usr/bin/env python3
"""DRM packaging cost, with the real tools.

A 60 s 1080p30 source is encoded into a 1080p/720p/480p/360p ladder of video-only fMP4 HLS
renditions plus an AAC audio track, with the options the job uses (4 s segments, x264 veryfast).
Each rendition is then packaged by Shaka Packager the way Packager.encrypt runs it (the init
segment and the segments joined into one fragmented MP4, packaged again into the same names):
once without encryption (the baseline: the join and repackaging alone) and once with CENC cbcs
and the CommonSystem, Widevine and PlayReady pssh boxes. Three rounds, the median of each; the
ratios are what a protected clip costs over a clear one's packaging, and over its encode.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PACKAGER = sys.argv[1]
RUNGS = [(1080, 1920), (720, 1280), (480, 854), (360, 640)]
KEY = "label=:key_id=0a1b2c3d4e5f60718293a4b5c6d7e8f9:key=00112233445566778899aabbccddeeff"


def sh(*command):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(action):
    started = time.monotonic()
    action()
    return time.monotonic() - started


def encode(work, source):
    outputs = []
    split = "[0:v]split=%d%s" % (len(RUNGS), "".join("[v%d]" % i for i in range(len(RUNGS))))
    scales = ";".join("[v%d]scale=%d:%d[s%d]" % (i, w, h, i) for i, (h, w) in enumerate(RUNGS))
    for i, (h, _) in enumerate(RUNGS):
        d = os.path.join(work, "%dp" % h)
        os.makedirs(d)
        outputs += ["-map", "[s%d]" % i, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "120",
                    "-keyint_min", "120", "-sc_threshold", "0", "-an", "-f", "hls", "-hls_time", "4",
                    "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
                    "-hls_segment_filename", os.path.join(d, "seg_%05d.m4s"), os.path.join(d, "index.m3u8")]
    a = os.path.join(work, "a0")
    os.makedirs(a)
    outputs += ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128k", "-vn", "-f", "hls", "-hls_time", "4",
                "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
                "-hls_segment_filename", os.path.join(a, "seg_%05d.m4s"), os.path.join(a, "index.m3u8")]
    sh("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", source, "-filter_complex", split + ";" + scales, *outputs)
    return [("%dp" % h, "video") for h, _ in RUNGS] + [("a0", "audio")]


def joined(rendition):
    path = rendition + ".joined.mp4"
    with open(path, "wb") as out:
        for name in ["init.mp4"] + [l.strip() for l in open(os.path.join(rendition, "index.m3u8")) if l.startswith("seg_")]:
            with open(os.path.join(rendition, name), "rb") as f:
                shutil.copyfileobj(f, out)
    return path


def package(rendition, stream, encrypt):
    out = tempfile.mkdtemp(dir=os.path.dirname(rendition))
    source = joined(rendition)
    args = [PACKAGER, "in=%s,stream=%s,init_segment=%s/init.mp4,segment_template=%s/seg_$Number%%05d$.m4s,"
            "playlist_name=index.m3u8" % (source, stream, out, out), "--segment_duration", "4",
            "--start_segment_number", "0", "--hls_master_playlist_output", out + "/master.m3u8", "--quiet"]
    if encrypt:
        args += ["--enable_raw_key_encryption", "--keys", KEY, "--protection_scheme", "cbcs",
                 "--protection_systems", "CommonSystem,Widevine,PlayReady", "--clear_lead", "0"]
    sh(*args)
    os.remove(source)
    shutil.rmtree(out)


def main():
    work = tempfile.mkdtemp(prefix="clips-drm-bench-")
    try:
        source = os.path.join(work, "source.mp4")
        sh("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
           "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "60", "-c:v", "libx264",
           "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", source)
        encodes, clear, encrypted = [], [], []
        for round_ in range(3):
            ladder = os.path.join(work, "round-%d" % round_)
            os.makedirs(ladder)
            renditions = []
            encodes.append(timed(lambda: renditions.extend(encode(ladder, source))))
            clear.append(timed(lambda: [package(os.path.join(ladder, r), s, False) for r, s in renditions]))
            encrypted.append(timed(lambda: [package(os.path.join(ladder, r), s, True) for r, s in renditions]))
            shutil.rmtree(ladder)
        e, c, x = (statistics.median(v) for v in (encodes, clear, encrypted))
        print("ladder encode (4 rungs + audio, 60 s): %.2f s" % e)
        print("packaging in the clear: %.3f s (baseline)" % c)
        print("packaging with cbcs encryption: %.3f s (baseline %.3f s, ratio %.2f)" % (x, c, x / c))
        print("encryption over the encode: %.3f s (baseline %.2f s, ratio %.4f)" % (x, e, x / e))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
