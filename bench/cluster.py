#!/usr/bin/env python3
"""One half of bench/cluster.bench: uploads every clip through the API of the stack that is up,
waits until all are READY and prints "<nodes>\t<jobs per hour> <CPU busy share> <node>=<jobs>,...":
the jobs per hour from the first upload to the last READY, how busy the machine's CPUs were
meanwhile (/proc/stat, all cores), which bounds what another node on the same machine can add,
and how many of the jobs each node ran (the jobs API's node).
Usage: cluster.py NODES CREDENTIALS_FILE CLIP...
"""
import collections
import json
import sys
import time
import urllib.parse
import urllib.request
import uuid

API = "http://127.0.0.1:8080/api/v1"


def cpu():
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def call(request):
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


def main():
    nodes, credentials, clips = sys.argv[1], sys.argv[2], sys.argv[3:]
    creds = dict(line.split("=", 1) for line in open(credentials).read().split() if "=" in line)
    body = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": creds["CLIPS_CLIENT_ID"],
                                   "client_secret": creds["CLIPS_CLIENT_SECRET"]}).encode()
    bearer = {"Authorization": "Bearer " + call(urllib.request.Request(API + "/auth/token", body))["access_token"]}
    busy0, total0 = cpu()
    started = time.monotonic()
    assets = []
    for path in clips:
        boundary = uuid.uuid4().hex
        data = open(path, "rb").read()
        payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n"
                   f"Content-Type: video/mp4\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        headers = dict(bearer, **{"Content-Type": "multipart/form-data; boundary=" + boundary})
        assets.append(call(urllib.request.Request(API + "/assets", payload, headers))["id"])
    pending = set(assets)
    while pending:
        time.sleep(1)
        for asset in list(pending):
            status = call(urllib.request.Request(API + "/assets/" + asset, headers=bearer))["status"]
            if status == "FAILED":
                raise SystemExit(f"asset {asset} failed")
            if status == "READY":
                pending.discard(asset)
    wall = time.monotonic() - started
    busy1, total1 = cpu()
    ran_on = collections.Counter(
        call(urllib.request.Request(API + "/jobs?assetId=" + asset, headers=bearer))["items"][0]["node"]
        for asset in assets)
    spread = ",".join(f"{node}={count}" for node, count in sorted(ran_on.items()))
    print(f"{nodes}\t{len(assets) * 3600 / wall:.1f} {(busy1 - busy0) / max(total1 - total0, 1):.3f} {spread}")


if __name__ == "__main__":
    main()
