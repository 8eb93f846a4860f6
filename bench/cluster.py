#!/usr/bin/env python3
"""One half of bench/cluster.bench: uploads every clip through the API of the stack that is up,
waits until all are READY and prints "<nodes>\t<jobs per hour> <CPU busy share> <node>=<jobs>,...":
the jobs per hour from the first upload to the last READY, how busy the machine's CPUs were
meanwhile (/proc/stat, all cores), which bounds what another node on the same machine can add,
and how many of the jobs each node ran (the jobs API's node).
Usage: cluster.py NODES CREDENTIALS_FILE CLIP...
"""
import collections
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from upload import Api  # noqa: E402


def cpu():
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def main():
    nodes, credentials, clips = sys.argv[1], sys.argv[2], sys.argv[3:]
    api = Api(credentials)
    busy0, total0 = cpu()
    started = time.monotonic()
    assets = []
    for path in clips:
        code, _, asset = api.upload(path)
        if code >= 300 or asset is None:
            raise SystemExit(f"upload of {path}: HTTP {code}")
        assets.append(asset)
    pending = set(assets)
    while pending:
        time.sleep(1)
        for asset in list(pending):
            _, body = api.call("GET", "/assets/" + asset)
            if body["status"] == "FAILED":
                raise SystemExit(f"asset {asset} failed")
            if body["status"] == "READY":
                pending.discard(asset)
    wall = time.monotonic() - started
    busy1, total1 = cpu()
    ran_on = collections.Counter(api.call("GET", "/jobs?assetId=" + asset)[1]["items"][0]["node"] for asset in assets)
    spread = ",".join(f"{node}={count}" for node, count in sorted(ran_on.items()))
    print(f"{nodes}\t{len(assets) * 3600 / wall:.1f} {(busy1 - busy0) / max(total1 - total0, 1):.3f} {spread}")


if __name__ == "__main__":
    main()
