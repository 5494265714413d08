#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""remit next to its baselines, interleaved run by run, with instruction counts.

    python3 tests/bench/sidebyside.py --remit BUILD/remit --hardcoded KIT/build/hardcoded \\
        --data DATA.jsonl [--rounds 7] [--callgrind-records 10000] [--repo .]

The targets of the shape-and-speed issue, each as a ratio to a baseline
measured in the same run, never against a number from elsewhere:

  - `remit batch --jobs 1 --compact` and full reasons against the kit's
    c-hardcoded (the same 16 rules written by hand in C on cJSON), all
    pinned to one core (taskset -c 0) and run in turn within every round
    (the order rotates from round to round), so that a machine whose load
    drifts slows every row alike instead of whichever ran last;
  - `--jobs 2` against `--jobs 1` (both cores, interleaved the same way),
    next to the machine's free capacity at that moment: two `--jobs 1`
    runs at once against one alone (2.0 on an idle 2-core machine);
  - peak RSS of every run (memory flat: the same at every size);
  - instructions (callgrind, whole runs on the first N records, start-up
    included) beside the times: the noise-free check on a shared machine;
  - loading the shipped rules (the fastest of the rounds, from batch's
    --summary) and `remit check` on one complaint end to end (start, load,
    evaluate, print), each against `remit --version` (start-up alone).

Prints one table per part and the targets.  Standard library only.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PIN = ["taskset", "-c", "0"]


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
RSS_FILE = os.path.join(tempfile.gettempdir(), "remit-bench-rss.%d" % os.getpid())


def run(cmd, stdin=None, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall s, CPU s, peak RSS KiB, stderr text).  The
    peak RSS is /usr/bin/time's (the program's own): the rusage of a child
    forked from Python counts Python's pages from before the exec."""
    if TIME:
        cmd = [TIME, "-f", "%M", "-o", RSS_FILE] + cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1):
        sys.exit("sidebyside: %s exited %d: %s" % (" ".join(cmd), p.returncode, err[:400]))
    rss = ru.ru_maxrss
    if TIME:
        with open(RSS_FILE) as f:
            rss = int(f.read().split()[-1])
    return wall, ru.ru_utime + ru.ru_stime, rss, err


def timed(cmd, data):
    with open(data, "rb") as f:
        return run(cmd, stdin=f)


def instructions(cmd, data, n, work):
    """Instructions of a whole run of cmd on the first n records (callgrind)."""
    if not shutil.which("valgrind"):
        return None
    part = os.path.join(work, "first-%d.jsonl" % n) if n else os.devnull
    if n and not os.path.exists(part):
        with open(data, "rb") as src, open(part, "wb") as out:
            for k, line in enumerate(src):
                if k == n:
                    break
                out.write(line)
    out = os.path.join(work, "cg.out")
    with open(part, "rb") as f:
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + cmd,
                           stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.unlink(out)
    m = re.search(r"Collected : (\d+)", r.stderr.decode())
    return int(m.group(1)) if m else None


def main_process_share(cmd, data):
    """The share of a run's CPU time spent in its main process (not in the
    worker processes it forks and waits for): its own time, read from
    /proc every 10 ms until it has exited (a process not yet reaped still
    shows its times), against the whole run's.  None where there is no
    /proc."""
    if not os.path.exists("/proc/self/stat"):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    own = 0.0
    with open(data, "rb") as f:
        p = subprocess.Popen(cmd, stdin=f, stdout=subprocess.DEVNULL)
        while True:
            try:
                with open("/proc/%d/stat" % p.pid) as st:
                    fields = st.read().rsplit(")", 1)[1].split()
                own = (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.01)
    p.returncode = os.waitstatus_to_exitcode(status)
    whole = ru.ru_utime + ru.ru_stime
    return own / whole if whole else None


def med(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--remit", required=True)
    ap.add_argument("--hardcoded", required=True, help="the kit's c-hardcoded program")
    ap.add_argument("--data", required=True, help="JSON Lines records (the kit's gen.py)")
    ap.add_argument("--rules", help="the ruleset of the records (default tests/bench/triage.yaml)")
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--callgrind-records", type=int, default=10000)
    a = ap.parse_args()
    repo = os.path.abspath(a.repo)
    rules = a.rules or os.path.join(repo, "tests", "bench", "triage.yaml")
    nrec = sum(1 for line in open(a.data, "rb") if line.strip())
    batch = [a.remit, "batch", "--progress", "never", "--rules", rules]
    rows = {
        "c-hardcoded": [a.hardcoded],
        "remit --compact": batch + ["--jobs", "1", "--compact", "-"],
        "remit (full reasons)": batch + ["--jobs", "1", "-"],
    }
    work = tempfile.mkdtemp(prefix="remit-bench-")
    try:
        # ---- one core, interleaved ---------------------------------------
        res = {k: [] for k in rows}
        names = list(rows)
        for r in range(a.rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            for k in order:
                res[k].append(timed(PIN + rows[k], a.data))
        base = "c-hardcoded"
        bw = med([x[0] for x in res[base]])
        bc = med([x[1] for x in res[base]])
        print("## One core, interleaved (%d records, %d rounds, medians)" % (nrec, a.rounds))
        print()
        print("| row | µs/record | CPU µs/record | × c-hardcoded (wall) | × (CPU) | best round × | peak RSS MiB | instructions/record | × c-hardcoded |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        ins = {}
        for k in names:
            ins[k] = instructions(rows[k], a.data, min(a.callgrind_records, nrec), work)
        ratios = {}
        for k in names:
            w = med([x[0] for x in res[k]])
            c = med([x[1] for x in res[k]])
            best = min(x[0] / y[0] for x, y in zip(res[k], res[base]))
            rss = max(x[2] for x in res[k]) / 1024
            i = ins[k]
            n_i = min(a.callgrind_records, nrec)
            ratios[k] = (w / bw, c / bc, (i / ins[base]) if i and ins[base] else None)
            print("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %s | %s |" % (
                k, w / nrec * 1e6, c / nrec * 1e6, w / bw, c / bc, best, rss,
                "{:,}".format(round(i / n_i)) if i else "-",
                "%.2f" % (i / ins[base]) if i and ins[base] else "-"))
        print()

        # ---- memory flat: the same peak at a tenth of the records -----------
        tenth = os.path.join(work, "tenth.jsonl")
        with open(a.data, "rb") as src, open(tenth, "wb") as out:
            for k, line in enumerate(src):
                if k == nrec // 10:
                    break
                out.write(line)
        small = max(timed(PIN + rows["remit --compact"], tenth)[2] for _ in range(3)) / 1024
        big = max(x[2] for x in res["remit --compact"]) / 1024
        print("Memory: peak RSS of `--compact` %.1f MiB on %d records, %.1f MiB on %d." % (
            small, nrec // 10, big, nrec))
        print()

        # ---- --jobs 2 against --jobs 1, both cores ------------------------
        j = {1: [], 2: [], "pair": []}
        cpu = {1: [], 2: []}
        j1 = batch + ["--jobs", "1", "--compact", "-"]
        j2 = batch + ["--jobs", "2", "--compact", "-"]
        for r in range(a.rounds):
            for k in ((1, 2) if r % 2 == 0 else (2, 1)):
                wall, c, _, _ = timed(j1 if k == 1 else j2, a.data)
                j[k].append(wall)
                cpu[k].append(c)
            # Two --jobs 1 at once: the machine's free capacity now.
            t0 = time.perf_counter()
            with open(a.data, "rb") as f1, open(a.data, "rb") as f2:
                p1 = subprocess.Popen(j1, stdin=f1, stdout=subprocess.DEVNULL)
                p2 = subprocess.Popen(j1, stdin=f2, stdout=subprocess.DEVNULL)
                p1.wait()
                p2.wait()
            j["pair"].append(time.perf_counter() - t0)
        s1, s2, pair = med(j[1]), med(j[2]), med(j["pair"])
        scaling = s1 / s2
        best_scaling = max(x / y for x, y in zip(j[1], j[2]))
        capacity = 2 * s1 / pair
        # What the fan-out costs, whatever the machine's load: the CPU of
        # a --jobs 2 run (main process and workers) against --jobs 1's
        # bounds the scaling two free cores could give; and the main
        # process's own part (reading, cutting into records, handing over,
        # writing), which no worker can take over.
        ceiling = 2 * med(cpu[1]) / med(cpu[2])
        main_share = main_process_share(j2, a.data)
        print("## --jobs 2 against --jobs 1 (both cores, interleaved, medians of %d)" % a.rounds)
        print()
        print("| --jobs 1 s | --jobs 2 s | scaling | best round | capacity (two --jobs 1 at once) "
              "| ceiling (2 × CPU of --jobs 1 / CPU of --jobs 2) | main process's share of the CPU |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        print("| %.3f | %.3f | %.2f× | %.2f× | %.2f cores | %.2f× | %s |" % (
            s1, s2, scaling, best_scaling, capacity, ceiling,
            "%.1f %%" % (100 * main_share) if main_share is not None else "-"))
        print()

        # ---- loading the shipped rules; remit check end to end ----------------
        shipped = os.path.join(repo, "rules")
        example = os.path.join(repo, "examples", "complaints", "england-partly-in-scope.json")
        load, check, start = [], [], []
        for r in range(max(a.rounds, 21)):
            _, _, _, err = run([a.remit, "batch", "--rules", shipped, "--summary",
                                "--progress", "never"], stdin=subprocess.DEVNULL)
            m = re.search(r"rules loaded in ([0-9.]+) ms", err)
            if m:
                load.append(float(m.group(1)))
            start.append(run(PIN + [a.remit, "--version"])[0])
            check.append(run(PIN + [a.remit, "check", "--rules", shipped, "--today",
                                    "2026-11-22", example])[0])
        # Instructions of each, whole processes (callgrind), and what they
        # come to at c-hardcoded's measured rate (its CPU time per
        # instruction in this run): the estimate a noisy machine allows.
        def cg(cmd):
            return instructions(cmd, os.devnull, 0, work) if shutil.which("valgrind") else None
        i_start = cg([a.remit, "--version"])
        i_load = cg([a.remit, "batch", "--rules", shipped, "--progress", "never"])
        i_check = cg([a.remit, "check", "--rules", shipped, "--today", "2026-11-22", example])
        rate = None
        if ins.get(base):
            n_i = min(a.callgrind_records, nrec)
            rate = bc / nrec / (ins[base] / n_i)  # CPU s per instruction
        def est(i):
            return "%.1f" % (i * rate * 1e3) if i and rate else "-"
        def fmt(i):
            return "{:,}".format(i) if i else "-"
        print("## Start-up costs (fastest and median of %d; instructions by callgrind)" % len(check))
        print()
        print("| what | fastest ms | median ms | instructions | ms at c-hardcoded's rate |")
        print("|---|---:|---:|---:|---:|")
        st = min(start) * 1e3
        print("| remit --version (start-up alone) | %.2f | %.2f | %s | %s |" % (
            st, med(start) * 1e3, fmt(i_start), est(i_start)))
        if load:
            il = i_load - i_start if i_load and i_start else None
            print("| loading the shipped rules (in-process; instructions: the run less start-up) | %.2f | %.2f | %s | %s |" % (
                min(load), med(load), fmt(il), est(il)))
        print("| remit check, one complaint, end to end | %.2f | %.2f | %s | %s |" % (
            min(check) * 1e3, med(check) * 1e3, fmt(i_check), est(i_check)))
        print()

        # ---- the targets ---------------------------------------------------
        def verdict(ok):
            return "met" if ok else "**missed**"
        c = ratios["remit --compact"]
        f = ratios["remit (full reasons)"]
        print("## Targets")
        print()
        print("| target | measured (wall, CPU, instructions) | |")
        print("|---|---|---|")
        print("| `--compact` ≤ 1.5× c-hardcoded | %.2f×, %.2f×, %s | %s |" % (
            c[0], c[1], "%.2f×" % c[2] if c[2] else "-", verdict(c[1] <= 1.5)))
        print("| full reasons ≤ 2× c-hardcoded | %.2f×, %.2f×, %s | %s |" % (
            f[0], f[1], "%.2f×" % f[2] if f[2] else "-", verdict(f[1] <= 2.0)))
        print("| `--jobs 2` ≥ 1.7× `--jobs 1` | %.2f× (best round %.2f×) with %.2f cores free; ceiling %.2f× | %s |" % (
            scaling, best_scaling, capacity, ceiling,
            verdict(scaling >= 1.7) if capacity >= 1.9
            else "not shown: the machine had no free core (ceiling %s)" % verdict(ceiling >= 1.7)))
        print("| memory flat | %.1f MiB at %d records, %.1f MiB at %d | %s |" % (
            small, nrec // 10, big, nrec, verdict(big <= small * 1.1 + 0.5)))
        if load:
            print("| loading the shipped rules < 5 ms | %.2f ms fastest, %.2f ms median; %s ms at c-hardcoded's rate | %s |" % (
                min(load), med(load), est(i_load - i_start if i_load and i_start else None),
                verdict(min(load) < 5)))
        print("| `remit check` end to end < 10 ms | %.2f ms fastest, %.2f ms median; %s ms at c-hardcoded's rate | %s |" % (
            min(check) * 1e3, med(check) * 1e3, est(i_check), verdict(min(check) * 1e3 < 10)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
