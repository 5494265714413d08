#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Load benchmark of `remit serve` (not a unit test: run by hand or by
.ci/run, bounded, loopback only).

Posts the example complaints to /v1/check with 1, 8 and 64 concurrent
clients (keep-alive connections, one thread each) and reports requests/s
and p50/p99 latency, next to a baseline measured in the same run: `remit
batch` on the same complaints, in records/s.  Then a long run (100,000
requests by default, 8 clients) samples the server's resident memory every
10 % and fails if it grows by more than 10 MiB after the first tenth
(memory flat).

usage: tests/serve/bench.py REMIT REPO [--requests N] [--long N] [--threads T]
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server  # noqa: E402

TODAY = "2026-11-22"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def load(s, bodies, clients, total, lat=None, on_progress=None):
    """total requests over `clients` connections; returns (seconds, errors)."""
    per = total // clients
    errors = [0]
    done = [0]
    lock = threading.Lock()

    def run(k):
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
        mine = []
        for i in range(per):
            b = bodies[(k * 7 + i) % len(bodies)]
            t0 = time.perf_counter()
            c.request("POST", "/v1/check?today=" + TODAY, body=b,
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            mine.append(time.perf_counter() - t0)
            if r.status != 200:
                with lock:
                    errors[0] += 1
            if on_progress and i % 500 == 499:
                with lock:
                    done[0] += 500
                    on_progress(done[0])
        c.close()
        if lat is not None:
            with lock:
                lat.extend(mine)

    ts = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.perf_counter() - t0, errors[0], per * clients


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] * 1000 if xs else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("remit")
    ap.add_argument("repo")
    ap.add_argument("--requests", type=int, default=int(os.environ.get("REQUESTS", 6400)))
    ap.add_argument("--long", type=int, default=int(os.environ.get("LONG", 100000)))
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    d = os.path.join(a.repo, "examples", "complaints")
    bodies = [json.dumps(json.load(open(os.path.join(d, f)))).encode()
              for f in sorted(os.listdir(d)) if f.endswith(".json")]

    # Baseline: remit batch on the same complaints, one process, as records/s.
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
        n = 0
        while n < a.requests:
            for b in bodies:
                f.write(b + b"\n")
                n += 1
        path = f.name
    t0 = time.perf_counter()
    subprocess.run([a.remit, "batch", "--jobs", "1", "--today", TODAY, "--rules",
                    os.path.join(a.repo, "rules"), path], stdout=subprocess.DEVNULL, check=True)
    tb = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([a.remit, "batch", "--today", TODAY, "--rules",
                    os.path.join(a.repo, "rules"), path], stdout=subprocess.DEVNULL, check=True)
    tbj = time.perf_counter() - t0
    os.unlink(path)
    print(f"baseline: remit batch --jobs 1: {n / tb:,.0f} records/s; default jobs: {n / tbj:,.0f} records/s "
          f"({n} records)")

    args = ["--threads", str(a.threads)] if a.threads else []
    s = Server(a.remit, a.repo, *args, "--max-connections", "512")
    bad = 0
    try:
        print(f"{'clients':>8} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} errors")
        for clients in (1, 8, 64):
            lat = []
            secs, errors, total = load(s, bodies, clients, a.requests, lat)
            bad += errors
            print(f"{clients:>8} {total:>9} {total / secs:>9,.0f} {pct(lat, 0.5):>8.2f} "
                  f"{pct(lat, 0.99):>8.2f} {errors}")
        # Memory over a long run.
        samples = []
        step = max(1, a.long // 10)

        def progress(done):
            if done // step > len(samples) - 1:
                samples.append((done, rss_kib(s.proc.pid)))
        samples.append((0, rss_kib(s.proc.pid)))
        secs, errors, total = load(s, bodies, 8, a.long, None, progress)
        samples.append((total, rss_kib(s.proc.pid)))
        bad += errors
        print(f"long run: {total} requests in {secs:.1f} s ({total / secs:,.0f} req/s), {errors} errors")
        print("  RSS KiB: " + ", ".join(f"{d}:{r}" for d, r in samples))
        after_warm = [r for d, r in samples if d >= step]
        growth = (max(after_warm) - min(after_warm)) if after_warm else 0
        flat = growth <= 10 * 1024
        print(f"  memory {'flat' if flat else 'GROWS'}: {growth} KiB between the first tenth and the end")
        if not flat:
            bad += 1
    finally:
        rc = s.stop()
    if rc != 0:
        bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
