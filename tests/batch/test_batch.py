#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of `remit batch` (README, "Batch").

    python3 tests/batch/test_batch.py REMIT REPO [--sanitized]

Every test runs the real binary.  The data are the example complaints
(examples/complaints/*.json) and the benchmark ruleset's record shape
(tests/bench/triage.yaml), written here; bad records are salted in by hand.
--sanitized skips the memory ceiling (ASan's own memory is not remit's).
"""
import hashlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testutil  # noqa: E402

REMIT, REPO = sys.argv[1], sys.argv[2]
# Under a sanitizer or valgrind (tests/valgrind.sh sets REMIT_VALGRIND),
# memory is the tool's, not remit's: skip measuring it.
SANITIZED = "--sanitized" in sys.argv[3:] or bool(os.environ.get("REMIT_VALGRIND"))
TODAY = "2026-11-22"
EXAMPLES = os.path.join(REPO, "examples", "complaints")
BENCH_RULES = os.path.join(REPO, "tests", "bench", "triage.yaml")
CHECKS = testutil.Checks()
check = CHECKS.check


def run(args, **kw):
    """Runs remit (testutil.run_remit); returns (status, stdout, stderr)."""
    return testutil.run_remit(REMIT, REPO, args, **kw)


def example_lines():
    """The example complaints, one compact JSON line each, in name order."""
    names = sorted(n for n in os.listdir(EXAMPLES) if n.endswith(".json"))
    return [json.dumps(json.load(open(os.path.join(EXAMPLES, n), encoding="utf-8")),
                       ensure_ascii=False) for n in names], names


def bench_record(i, heads=1):
    """A record of the benchmark's shape (WORKLOAD.md), with payload members."""
    return json.dumps({
        "id": "CMP-%08d" % i, "received": "2025-03-0%d" % (1 + i % 9),
        "jurisdiction": "england" if i % 5 else "wales", "channel": "web",
        "complainant": {"relationship": ["self", "councillor", "public_body"][i % 3],
                        "name": "Pat Example"},
        "aware_date": "2024-0%d-15" % (1 + i % 9),
        "local_complaint": {"stage": ["none", "stage1", "stage2", "complete"][i % 4],
                            "council_delaying": i % 7 == 0, "council_ref": "X/1"},
        "court": {"proceedings": "none", "same_matters": False},
        "heads": [{"id": "H%d" % (h + 1), "body": ["council", "police", "school"][(i + h) % 3],
                   "kind": ["highways", "officer_conduct", "curriculum"][(i + h) % 3],
                   "summary": "point %d" % h} for h in range(heads)],
        "summary": "payload text, no rule reads it"})


def test_examples_equal_check():
    """A directory of complaints: one line per file, in name order, each the
    verdict `remit check --json` gives, plus "file"."""
    st, out, err = run(["batch", "--jobs", "1", "--today", TODAY, "examples/complaints"])
    lines, names = out.splitlines(), sorted(n for n in os.listdir(EXAMPLES) if n.endswith(".json"))
    check("examples: one line per file", len(lines) == len(names), "%d != %d" % (len(lines), len(names)))
    check("examples: status 0 (no error record)", st == 0, "status %d: %s" % (st, err[:300]))
    for line, name in zip(lines, names):
        v = json.loads(line)
        check("examples: file member " + name, v.pop("file", None) == "examples/complaints/" + name)
        s2, single, _ = run(["check", "--json", "--today", TODAY, "examples/complaints/" + name])
        check("examples: same verdict as check " + name, v == json.loads(single))
    check("examples: warnings not printed by default", "warning" not in err, err[:300])


def test_salted_bad_lines():
    """Bad records become error records in place; count in = count out;
    blank lines are not records; status 3."""
    good, _ = example_lines()
    bad = [
        ('{"nation": "england", "heads": [{"actor": "police",}]}', "json-syntax", None),
        ('not json at all', "json-syntax", None),
        ('{"id": "bad-date", "nation": "england", "heads": [{"first_aware_date": "2023-02-30"}]}',
         "bad-date", "/heads/0/first_aware_date"),
        ('{"id": "wrong-type", "nation": "england", "heads": [{"raised_with_council": "yes"}]}',
         "bad-type", "/heads/0/raised_with_council"),
        ('[1, 2, 3]', "json-type", ""),
        ('{"id": "no-heads", "nation": "england"}', "missing-heads", "/heads"),
    ]
    text, expect = [], []   # expect: (line number, None for a verdict or (code, pointer, id))
    lineno = 0
    for i, g in enumerate(good[:30]):
        text.append(g)
        lineno += 1
        expect.append((lineno, None))
        if i % 5 == 2:
            b = bad[(i // 5) % len(bad)]
            text.append(b[0])
            lineno += 1
            rid = json.loads(b[0]).get("id") if b[0].startswith("{") and b[1] != "json-syntax" else None
            expect.append((lineno, (b[1], b[2], rid)))
        if i % 7 == 6:
            text.append("   ")   # blank: skipped, but counted as a line
            lineno += 1
    data = ("\n".join(text) + "\n").encode()
    for jobs in ("1", "2"):
        st, out, err = run(["batch", "--jobs", jobs, "--today", TODAY, "-"], stdin=data)
        lines = out.splitlines()
        check("salted: count in = count out (jobs %s)" % jobs, len(lines) == len(expect),
              "%d out for %d in" % (len(lines), len(expect)))
        check("salted: status 3 (jobs %s)" % jobs, st == 3, "status %d" % st)
        for line, (n, e) in zip(lines, expect):
            v = json.loads(line)
            check("salted: line number %d" % n, v.get("line") == n, line[:120])
            if e is None:
                check("salted: verdict at line %d" % n, "verdict" in v and "error" not in v, line[:200])
                continue
            code, pointer, rid = e
            check("salted: error record at line %d" % n, "error" in v and "verdict" not in v, line[:200])
            d = v.get("diagnostics") or [{}]
            check("salted: code %s at line %d" % (code, n), d[0].get("code") == code, line[:300])
            if pointer is not None:
                check("salted: pointer at line %d" % n, d[0].get("pointer") == pointer, line[:300])
            check("salted: id kept at line %d" % n, v.get("id") == rid, line[:200])
            if code == "json-syntax":
                check("salted: syntax error carries its line %d" % n, d[0].get("line") == n and d[0].get("column"), line[:300])
    st, out, err = run(["batch", "--jobs", "1", "--today", TODAY, "--summary", "-"], stdin=data)
    nbad = sum(1 for _, e in expect if e)
    check("salted: summary counts error records",
          "error records %d)" % nbad in err and "records in: %d;" % len(expect) in err, err[:400])


def test_order_with_jobs():
    """Output order is input order whatever the number of processes; many
    chunks (records of several heads, more than a chunk's worth)."""
    data = ("\n".join(bench_record(i, 1 + i % 4) for i in range(6000)) + "\n").encode()
    outs = {}
    for jobs in ("1", "2", "3", "7"):
        st, out, err = run(["batch", "--jobs", jobs, "--rules", BENCH_RULES, "--today", TODAY,
                            "--compact", "-"], stdin=data)
        check("order: status 0 with --jobs %s" % jobs, st == 0, err[:300])
        outs[jobs] = out
    lines = outs["1"].splitlines()
    check("order: 6000 lines", len(lines) == 6000, str(len(lines)))
    check("order: ids in input order",
          [json.loads(l)["id"] for l in lines] == ["CMP-%08d" % i for i in range(6000)])
    for jobs in ("2", "3", "7"):
        check("order: --jobs %s output identical to --jobs 1" % jobs, outs[jobs] == outs["1"])
    csv = {}
    for jobs in ("1", "2"):
        st, csv[jobs], err = run(["batch", "--format", "csv", "--jobs", jobs, "--rules", BENCH_RULES,
                                  "--today", TODAY, "-"], stdin=data)
    check("order: CSV with --jobs 2 identical to --jobs 1", csv["1"] == csv["2"] and csv["1"].count("\r\n") == 6001)


def test_csv():
    """CSV: a header, one row per record, RFC 4180 quoting, CRLF, formula guard."""
    recs = [
        {"id": 'comma, and "quotes"', "nation": "england",
         "heads": [{"actor": "police"}, {"actor": "council_employee"}]},
        {"id": "=HYPERLINK(\"x\")", "nation": "england", "heads": [{"actor": "police"}]},
        {"id": "line\nbreak", "nation": "england", "heads": [{"actor": "police"}]},
    ]
    data = "\n".join(json.dumps(r) for r in recs) + "\n{broken\n"
    st, out, err = run(["batch", "--format", "csv", "--jobs", "1", "--today", TODAY, "-"],
                       stdin=data.encode())
    check("csv: status 3 (one error row)", st == 3, "status %d" % st)
    check("csv: rows end in CRLF", out.count("\r\n") == 5 and out.endswith("\r\n"), repr(out[:200]))
    import csv
    import io
    rows = list(csv.reader(io.StringIO(out, newline="")))
    check("csv: header + 4 rows", len(rows) == 5, repr(rows))
    header = rows[0]
    check("csv: header", header == ["line", "file", "id", "verdict", "provisional_verdict",
                                    "discretionary", "heads", "head_verdicts",
                                    "deciding_rules", "questions", "error"], repr(header))
    check("csv: every row has every column", all(len(r) == len(header) for r in rows), repr(rows))
    if len(rows) == 5:
        r1, r2, r3, r4 = rows[1:]
        check("csv: quoted id kept", r1[2] == 'comma, and "quotes"', repr(r1))
        check("csv: heads column", r1[6] == "2", repr(r1))
        check("csv: head verdicts in head order", r1[7].count(";") == 1, repr(r1))
        check("csv: formula guarded", r2[2] == "'=HYPERLINK(\"x\")", repr(r2))
        check("csv: line break inside a quoted field", r3[2] == "line\nbreak", repr(r3))
        check("csv: error row", r4[0] == "4" and r4[3] == "error" and r4[10].startswith("line 4, column"),
              repr(r4))


def test_directory_and_several_inputs():
    """A directory: *.json files in name order (others ignored), a bad file is
    an error record naming it; several inputs: every line says its file."""
    good, _ = example_lines()
    with tempfile.TemporaryDirectory() as d:
        for n, text in (("b.json", good[0]), ("a.json", good[1]), ("c.json", '{"nation": '),
                        ("notes.txt", "not a complaint"), ("d.json", json.dumps(json.loads(good[2]), indent=2))):
            with open(os.path.join(d, n), "w", encoding="utf-8") as f:
                f.write(text)
        st, out, err = run(["batch", "--jobs", "2", "--today", TODAY, d])
        lines = [json.loads(l) for l in out.splitlines()]
        check("dir: one record per .json file", len(lines) == 4, out[:300])
        check("dir: name order", [l.get("file") for l in lines] ==
              [os.path.join(d, n) for n in ("a.json", "b.json", "c.json", "d.json")], repr([l.get("file") for l in lines]))
        check("dir: no line member for whole-file records", all("line" not in l for l in lines))
        check("dir: bad file is an error record", "error" in lines[2] and "verdict" not in lines[2], repr(lines[2])[:300])
        check("dir: pretty-printed file read whole", "verdict" in lines[3], repr(lines[3])[:200])
        check("dir: status 3", st == 3, "status %d" % st)
        jl = os.path.join(d, "more.jsonl")
        with open(jl, "w", encoding="utf-8") as f:
            f.write(good[3] + "\n" + good[4] + "\n")
        st, out, err = run(["batch", "--jobs", "1", "--today", TODAY, jl, os.path.join(d, "a.json")])
        lines = [json.loads(l) for l in out.splitlines()]
        check("several: file and line", [(l.get("file"), l.get("line")) for l in lines] ==
              [(jl, 1), (jl, 2), (os.path.join(d, "a.json"), None)], repr([(l.get("file"), l.get("line")) for l in lines]))


def test_exit_status():
    good, _ = example_lines()
    st, out, err = run(["batch", "--jobs", "1", "--today", TODAY, "-"], stdin=(good[0] + "\n").encode())
    check("status: 0 when every record has a verdict", st == 0, err)
    st, out, err = run(["batch", "--today", TODAY, "no/such/file.jsonl"])
    check("status: 3 and nothing written when an input is missing", st == 3 and out == "" and "no/such/file.jsonl" in err, err)
    st, out, err = run(["batch", "--jobs", "0", "-"], stdin=b"")
    check("status: 2 for a usage error", st == 2 and "--jobs" in err, err)
    st, out, err = run(["batch", "--format", "xml", "-"], stdin=b"")
    check("status: 2 for a bad format", st == 2, err)
    st, out, err = run(["batch", "--today", "2023-02-30", "-"], stdin=b"")
    check("status: 2 for an evaluation date that is not real", st == 2, err)
    st, out, err = run(["batch", "--rules", "tests/data/bad", "-"], stdin=b"")
    check("status: 4 for invalid rules", st == 4, err[:200])
    st, out, err = run(["batch", "--today", TODAY, "-"], stdin=b"")
    check("status: 0 and no output for an empty input", st == 0 and out == "", err)
    st, out, err = run(["help", "batch"])
    check("help batch documents the exit status", st == 0 and "Exit status" in out)


def test_summary_and_warnings():
    data = ("\n".join(bench_record(i, 2) for i in range(50)) + "\n").encode()
    st, out, err = run(["batch", "--jobs", "2", "--rules", BENCH_RULES, "--today", TODAY,
                        "--summary", "-"], stdin=data)
    verdicts = [json.loads(l) for l in out.splitlines()]
    check("summary: status 0", st == 0, err[:300])
    check("summary: records in and out", "records in: 50; out: 50 (verdicts 50, error records 0)" in err, err[:500])
    check("summary: heads", "heads: 100;" in err, err[:500])
    counts = {}
    for v in verdicts:
        counts[v["verdict"]] = counts.get(v["verdict"], 0) + 1
    for k, n in counts.items():
        check("summary: verdict count %s" % k,
              any(l.split()[:2] == [k, str(n)] for l in err.splitlines()), err)
    check("summary: head outcomes and deciding rules", "head outcome" in err and "deciding rule" in err, err)
    check("summary: throughput", "records/s" in err and "us/record" in err, err[:300])
    # Members no rule reads: channel, complainant/name, local_complaint/
    # council_ref and the top-level summary (a head fact there): 4 a record,
    # counted, not printed.  (A head's "id" is the engine's: README, "The
    # complaint".)
    check("summary: unknown members counted, not printed",
          "warnings: 200 in 50 records" in err and "warning:" not in err, err[:600])
    st, out, err = run(["batch", "--jobs", "1", "--rules", BENCH_RULES, "--today", TODAY,
                        "--warnings", "-"], stdin=data)
    check("--warnings prints each, with its line", err.count("warning:") == 200 and "-:1: /channel: warning:" in err,
          err[:300])
    st, out, err = run(["batch", "--jobs", "1", "--rules", BENCH_RULES, "--today", TODAY,
                        "--strict", "-"], stdin=data)
    lines = [json.loads(l) for l in out.splitlines()]
    check("--strict: unknown members make error records", st == 3 and len(lines) == 50 and
          all("error" in l and l["id"] == "CMP-%08d" % i for i, l in enumerate(lines)), out[:300])


def test_progress():
    data = ("\n".join(bench_record(i) for i in range(100)) + "\n").encode()
    st, out, err = run(["batch", "--rules", BENCH_RULES, "--today", TODAY, "-"], stdin=data)
    check("progress: silent when stderr is not a terminal", err == "", err[:200])
    st, out, err = run(["batch", "--rules", BENCH_RULES, "--today", TODAY, "--progress", "always", "-"],
                       stdin=data)
    check("progress: --progress always shows records and rate", "100 records" in err and "records/s" in err,
          repr(err[:200]))


def test_large_record():
    """A line longer than the record limit is one error record; the next line
    is still read."""
    good, _ = example_lines()
    big = '{"id": "big", "x": "' + "a" * (17 * 1024 * 1024) + '"}'
    data = (good[0] + "\n" + big + "\n" + good[1] + "\n").encode()
    for jobs in ("1", "2"):
        st, out, err = run(["batch", "--jobs", jobs, "--today", TODAY, "-"], stdin=data)
        lines = [json.loads(l) for l in out.splitlines()]
        check("large: three records out (jobs %s)" % jobs, len(lines) == 3, out[:200])
        if len(lines) == 3:
            check("large: error record in place (jobs %s)" % jobs,
                  lines[1].get("line") == 2 and "too large" in lines[1].get("error", ""), repr(lines[1])[:300])
            check("large: next record read (jobs %s)" % jobs, lines[2].get("line") == 3 and "verdict" in lines[2])


def test_memory_flat():
    """Streaming: the peak resident memory stays small on a long input read
    from a pipe (VmHWM, read once every verdict is out, before the input
    ends)."""
    if SANITIZED:
        print("skip memory_flat: sanitizer build")
        return
    import threading
    rec = bench_record(1, 3).encode() + b"\n"
    n = 60000
    p = subprocess.Popen([REMIT, "batch", "--jobs", "1", "--rules", BENCH_RULES, "--today", TODAY,
                          "--compact", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, cwd=REPO)

    def feed():
        for _ in range(n // 1000):
            p.stdin.write(rec * 1000)
        p.stdin.flush()
    t = threading.Thread(target=feed)
    t.start()
    got = 0
    while got < n:
        line = p.stdout.readline()
        if not line:
            break
        got += 1
    t.join()
    hwm = 0
    with open("/proc/%d/status" % p.pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    p.stdin.close()
    p.stdout.read()
    st = p.wait()
    check("memory: %d records streamed, status 0" % n, got == n and st == 0, "%d lines, status %d" % (got, st))
    check("memory: peak RSS under 16 MB (%.1f MB)" % (hwm / 1024), 0 < hwm < 16 * 1024)


# ---- the fan-out: chunks go to whichever worker is free ----------------------------

# How long a run may take before a test calls it stuck: generous, since
# valgrind and the sanitizers are slow and the machine may be busy.  Only a
# hang reaches it; nothing here is a timing assertion.
STUCK = 300 if SANITIZED else 120


def batch_proc(args):
    """remit batch with args, reading a pipe, as run() would run it."""
    env = dict(os.environ, NO_COLOR="1", LC_ALL="C")
    env.pop("REMIT_RULES", None)
    return subprocess.Popen([REMIT, "batch"] + args, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=REPO, env=env)


def children(pid, n):
    """The pids of pid's n child processes (its workers), once they exist."""
    deadline = time.monotonic() + STUCK
    while time.monotonic() < deadline:
        kids = []
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % d) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
        if len(kids) >= n:
            return sorted(kids)
        time.sleep(0.01)
    return []


def signal_and_wait(pid, sig, states):
    """Sends sig to pid and waits until its state (/proc) is one of
    `states`: a worker woken from its wait by the signal could otherwise
    still take an order that came meanwhile before it stops."""
    os.kill(pid, sig)
    deadline = time.monotonic() + STUCK
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/stat" % pid) as f:
                if f.read().rsplit(")", 1)[1].split()[0] in states:
                    return True
        except OSError:
            return "X" in states
        time.sleep(0.01)
    return False


def read_lines(f, n, seconds):
    """Up to n lines from pipe f, waiting at most `seconds` in all."""
    fd = f.fileno()
    got = b""
    deadline = time.monotonic() + seconds
    while got.count(b"\n") < n:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        part = os.read(fd, 1 << 16)
        if not part:
            break
        got += part
    return got.decode("utf-8").splitlines()


def feed(p, data):
    """Writes data to p's input and closes it, from a thread."""
    def go():
        try:
            p.stdin.write(data)
            p.stdin.close()
        except BrokenPipeError:
            pass
    t = threading.Thread(target=go)
    t.start()
    return t


def test_jobs_chunk_to_free_worker():
    """With --jobs 2, a worker stopped (SIGSTOP) before the input comes
    takes no chunk, and the other worker evaluates every record: all the
    output is written, in order, while the first is still stopped; --summary
    counts each worker's records.  (Under the old hand-out, chunk k to worker
    k mod 2, the output stopped at the stopped worker's first chunk.)"""
    n = 6000  # about 13 chunks of 256 KiB: more than the 8 slots
    data = b"".join(bench_record(i).encode() + b"\n" for i in range(n))
    p = batch_proc(["--jobs", "2", "--rules", BENCH_RULES, "--today", TODAY, "--compact",
                    "--summary", "--progress", "never", "-"])
    kids = children(p.pid, 2)
    check("free worker: two worker processes", len(kids) == 2, repr(kids))
    if kids:
        check("free worker: stopped", signal_and_wait(kids[0], signal.SIGSTOP, "Tt"))
    t = feed(p, data)
    lines = read_lines(p.stdout, n, STUCK)
    if kids:
        os.kill(kids[0], signal.SIGCONT)
    rest = p.stdout.read().decode("utf-8").splitlines()
    t.join()
    err = p.stderr.read().decode("utf-8")
    st = p.wait()
    check("free worker: every record out while one worker was stopped, in order",
          len(lines) == n and all(json.loads(l)["line"] == k + 1 for k, l in enumerate(lines)),
          "%d lines of %d before the stopped worker went on" % (len(lines), n))
    check("free worker: nothing more after", rest == [], "%d more lines" % len(rest))
    check("free worker: status 0", st == 0, err[-400:])
    m = re.search(r"records evaluated by each worker process: ([0-9, ]+)\n", err)
    counts = sorted(int(x.replace(",", "")) for x in m.group(1).split(", ")) if m else []
    check("free worker: --summary shows the stopped worker took nothing", counts == [0, n],
          m.group(0) if m else err[-400:])


def test_jobs_verdict_at_once():
    """A slow writer sees each verdict at once, with worker processes too:
    one record is written, and its verdict comes before the next record is."""
    for jobs in ("1", "2"):
        p = batch_proc(["--jobs", jobs, "--rules", BENCH_RULES, "--today", TODAY, "--compact",
                        "--progress", "never", "-"])
        got = []
        for i in range(3):
            p.stdin.write(bench_record(i).encode() + b"\n")
            p.stdin.flush()
            got += read_lines(p.stdout, 1, STUCK)
        p.stdin.close()
        rest = p.stdout.read().decode("utf-8").splitlines()
        p.stderr.read()
        st = p.wait()
        check("at once (jobs %s): each verdict before the next record" % jobs,
              len(got) == 3 and all(json.loads(l)["line"] == k + 1 for k, l in enumerate(got)),
              repr(got)[:300])
        check("at once (jobs %s): status 0, nothing more" % jobs, st == 0 and rest == [], repr(rest)[:200])


def test_jobs_worker_lost():
    """A worker process that dies (SIGKILL) is an internal error, said on
    stderr: status 5, never a silent end."""
    data = b"".join(bench_record(i).encode() + b"\n" for i in range(3000))
    p = batch_proc(["--jobs", "2", "--rules", BENCH_RULES, "--today", TODAY, "--compact",
                    "--progress", "never", "-"])
    kids = children(p.pid, 2)
    check("worker lost: two worker processes", len(kids) == 2, repr(kids))
    if kids:
        check("worker lost: killed", signal_and_wait(kids[0], signal.SIGKILL, "ZX"))
    t = feed(p, data)
    p.stdout.read()
    err = p.stderr.read().decode("utf-8")
    st = p.wait()
    t.join()
    check("worker lost: status 5 and a message", st == 5 and
          "a worker process stopped unexpectedly" in err, "status %d: %s" % (st, err[-300:]))


def test_jobs_output_in_parts():
    """A chunk whose verdicts overflow a slot's 32 MiB output area is
    handed back in parts, each part a new order for whichever worker is
    free: the output is still the bytes of --jobs 1.  (1,000 heads make a
    20 MB verdict from 29 KB: four records are one chunk of four parts.)
    Skipped under a sanitizer or valgrind: 80 MB of output."""
    if SANITIZED:
        print("skip jobs_output_in_parts: sanitizer build")
        return
    rec = json.dumps({"nation": "england", "heads": [{"actor": "council_employee"}] * 1000},
                     separators=(",", ":"))
    data = ((rec + "\n") * 4).encode()
    outs = {}
    for jobs in ("1", "2"):
        p = batch_proc(["--jobs", jobs, "--today", TODAY, "--progress", "never", "-"])
        t = feed(p, data)
        h, lines = hashlib.sha256(), 0
        for part in iter(lambda: p.stdout.read(1 << 20), b""):
            h.update(part)
            lines += part.count(b"\n")
        t.join()
        p.stderr.read()
        outs[jobs] = (p.wait(), lines, h.hexdigest())
    check("output in parts: 4 records out, status 0, --jobs 2 the bytes of --jobs 1",
          outs["1"][:2] == (0, 4) and outs["2"] == outs["1"], repr(outs))

def main():
    return CHECKS.run(globals(), 'batch')


if __name__ == "__main__":
    sys.exit(main())
