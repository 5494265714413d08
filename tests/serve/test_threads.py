#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Many requests at once against one `remit serve` with 16 threads: 32
clients post every example to /v1/check and /v1/next and small batches to
/v1/batch, each answer compared with the one given alone.  In the
ThreadSanitizer build (.ci/run) the server dies at the first data race
(TSAN_OPTIONS=halt_on_error=1), and its report fails this test.

usage: tests/serve/test_threads.py REMIT REPO
"""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server  # noqa: E402

TODAY = "2026-11-22"


def main():
    remit, repo = sys.argv[1], sys.argv[2]
    d = os.path.join(repo, "examples", "complaints")
    bodies = [open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d)) if f.endswith(".json")]
    s = Server(remit, repo, "--threads", "16", "--max-connections", "512")
    fails = []
    try:
        want = {}
        for i, b in enumerate(bodies):
            want[("check", i)] = s.request("POST", "/v1/check?today=" + TODAY, body=b)[2]
            want[("next", i)] = s.request("POST", "/v1/next?today=" + TODAY, body=b)[2]
        batch = b"".join(json.dumps(json.loads(b)).encode() + b"\n" for b in bodies[:10])
        want["batch"] = s.request("POST", "/v1/batch?today=" + TODAY, body=batch,
                                  headers={"Content-Type": "application/x-ndjson"})[2]

        def client(k):
            try:
                for r in range(3):
                    for i in range(k % 7, len(bodies), 7):
                        kind = "check" if (i + r) % 2 else "next"
                        st, h, b = s.request("POST", f"/v1/{kind}?today={TODAY}", body=bodies[i])
                        if st != 200 or b != want[(kind, i)]:
                            fails.append(f"client {k}: /v1/{kind} example {i}: {st}")
                    st, h, b = s.request("POST", "/v1/batch?today=" + TODAY, body=batch,
                                         headers={"Content-Type": "application/x-ndjson"})
                    if st != 200 or b != want["batch"]:
                        fails.append(f"client {k}: batch {st}")
                    st, h, b = s.request("POST", "/v1/check", body=b'{"heads": [{"actor": 9}]}')
                    if st != 422:
                        fails.append(f"client {k}: bad complaint {st}")
            except Exception as e:  # a dropped connection is a failure too
                fails.append(f"client {k}: {e!r}")

        ts = [threading.Thread(target=client, args=(k,)) for k in range(32)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    finally:
        rc = s.stop()
    if "ThreadSanitizer" in s.log:
        fails.append("ThreadSanitizer reported:\n" + s.log[s.log.index("WARNING: ThreadSanitizer"):][:3000])
    if rc != 0:
        fails.append(f"server exit {rc}")
    for f in fails[:20]:
        print("FAIL", f)
    print(f"{len(fails)} failures" if fails else "serve threads ok: 32 clients, 16 threads, answers as alone")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
