#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The Python examples run: examples/http_client.py against a running
`remit serve`, and examples/ctypes_client.py against the shared library;
each gives the verdict of `remit check`.

usage: tests/serve/test_examples.py REMIT LIBREMIT_SO|- REPO
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server  # noqa: E402

TODAY = "2026-11-22"


def main():
    remit, lib, repo = sys.argv[1], sys.argv[2], sys.argv[3]
    bad = 0
    s = Server(remit, repo)
    try:
        for name in ("england-late.json", "england-partly-in-scope.json", "wales-stage1-only.json"):
            ex = os.path.join(repo, "examples", "complaints", name)
            want = json.loads(subprocess.run([remit, "check", "--json", "--today", TODAY, "--rules",
                                              os.path.join(repo, "rules"), ex],
                                             capture_output=True, text=True).stdout)["verdict"]
            r = subprocess.run([sys.executable, os.path.join(repo, "examples", "http_client.py"),
                                f"http://127.0.0.1:{s.port}", ex, TODAY], capture_output=True, text=True)
            print(r.stdout, end="")
            ok = r.returncode == 0 and f"check: 200 {want} " in r.stdout and \
                "bad: 422 /heads/0/actor" in r.stdout and "batch: 200 4 records, 1 error record(s)" in r.stdout \
                and f": {want}\n" in r.stdout.split("next: ")[-1]
            if not ok:
                bad += 1
                print(f"FAIL http_client.py on {name} (want {want}): {r.stderr}")
            if lib == "-":
                print("ctypes_client.py: not run (a sanitizer build's library cannot be loaded "
                      "into an uninstrumented python)")
                continue
            r = subprocess.run([sys.executable, os.path.join(repo, "examples", "ctypes_client.py"),
                                lib, os.path.join(repo, "rules"), ex, TODAY], capture_output=True, text=True)
            print(r.stdout, end="")
            if r.returncode != 0 or f"verdict: {want} " not in r.stdout or "next question (question): " not in r.stdout:
                bad += 1
                print(f"FAIL ctypes_client.py on {name} (want {want}): {r.stderr}")
    finally:
        rc = s.stop()
    if rc != 0:
        bad += 1
        print(f"FAIL server exit {rc}")
    print("examples ok" if not bad else f"{bad} failures")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
