#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The batch issue's targets, from one run of tests/bench/run.sh.

    python3 targets.py --extra EXTRA.tsv RUNS.tsv [RUNS.tsv ...]

RUNS.tsv are the kit's raw runs (size, engine, run, wall_s, user_s, sys_s,
maxrss_kb, check, prep_s); EXTRA.tsv holds what run.sh adds (jobs1/jobs2
runs, load_ms, salted).  Prints remit's rows with their ratios to the C
baselines, then each target: measured, met or missed (and by how much).
"""
import argparse
import csv
import statistics

TARGETS = {"compact": 1.5, "full": 3.0, "rss_mb": 16.0, "scaling": 1.7, "load_ms": 5.0}


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--extra", required=True)
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()
    rows = []
    for p in a.runs:
        rows += [r for r in csv.DictReader(open(p, encoding="utf-8"), delimiter="\t")]
    stats = {}  # (size, engine) -> dict
    for r in rows:
        if r["wall_s"] == "NA":
            continue
        s = stats.setdefault((int(r["size"]), r["engine"]), {"wall": [], "cpu": [], "rss": [], "check": set()})
        s["wall"].append(float(r["wall_s"]))
        s["cpu"].append(float(r["user_s"]) + float(r["sys_s"]))
        s["rss"].append(int(r["maxrss_kb"]) / 1024)
        s["check"].add(r["check"])
    sizes = sorted({k[0] for k in stats})

    print("## remit and the C baselines (one core, medians; ratios of wall time, CPU time in brackets)")
    print()
    print("| records | row | records/s | µs/record | × c-hardcoded | × cjson-parse | peak RSS MiB | check |")
    print("|---:|---|---:|---:|---:|---:|---:|---|")
    ratio = {}
    for n in sizes:
        base = stats.get((n, "c-hardcoded"))
        floor = stats.get((n, "cjson-parse"))
        for e in ("cjson-parse", "c-hardcoded", "remit-compact", "remit-full"):
            s = stats.get((n, e))
            if not s:
                continue
            w, c = med(s["wall"]), med(s["cpu"])
            rh = "%.2f (%.2f)" % (w / med(base["wall"]), c / med(base["cpu"])) if base else "-"
            rf = "%.2f (%.2f)" % (w / med(floor["wall"]), c / med(floor["cpu"])) if floor else "-"
            if base:
                ratio[(n, e)] = (w / med(base["wall"]), c / med(base["cpu"]))
            check = "FAIL" if "FAIL" in s["check"] else "error" if "error" in s["check"] else \
                "ok" if "ok" in s["check"] else "floor"
            print("| %s | %s | %s | %.2f | %s | %s | %.1f | %s |" % (
                format(n, ","), e, format(round(n / w), ","), w * 1e6 / n, rh, rf, med(s["rss"]), check))
    print()

    extra = list(csv.DictReader(open(a.extra, encoding="utf-8"), delimiter="\t"))
    j1 = [float(r["value"]) for r in extra if r["what"] == "jobs1"]
    j2 = [float(r["value"]) for r in extra if r["what"] == "jobs2"]
    cpu = {w: [float(r["detail"].split()[1]) for r in extra if r["what"] == w] for w in ("jobs1", "jobs2")}
    pair = [float(r["value"]) for r in extra if r["what"] == "pair"]
    load = [float(r["value"]) for r in extra if r["what"] == "load_ms" and r["value"]]
    salted = [r for r in extra if r["what"] == "salted"]

    big = max(sizes) if sizes else None
    out = []

    def verdict(ok, gap):
        return "met" if ok else "MISSED (%s)" % gap

    for e, key, what in (("remit-compact", "compact", "remit --compact within %.1f× of c-hardcoded"),
                         ("remit-full", "full", "remit with full reasons within %.1f× of c-hardcoded")):
        for n in sizes:
            if (n, e) in ratio:
                w, c = ratio[(n, e)]
                t = TARGETS[key]
                out.append((what % t + " (%s records)" % format(n, ","),
                            "%.2f× wall, %.2f× CPU" % (w, c),
                            verdict(w <= t, "%.2f× over: %.0f%% more time than allowed" % (w - t, (w / t - 1) * 100))))
    if big and (big, "remit-compact") in stats:
        rss = max(max(stats[(big, e)]["rss"]) for e in ("remit-compact", "remit-full") if (big, e) in stats)
        out.append(("peak RSS under %d MB (%s records, worst remit run)" % (TARGETS["rss_mb"], format(big, ",")),
                    "%.1f MiB" % rss, verdict(rss < TARGETS["rss_mb"], "%.1f MiB over" % (rss - TARGETS["rss_mb"]))))
    if j1 and j2:
        s = med(j1) / med(j2)
        sc = med(cpu["jobs1"]) / med(cpu["jobs2"]) if cpu["jobs2"] else float("nan")
        out.append(("--jobs 2 at least %.1f× the throughput of --jobs 1 (both cores)" % TARGETS["scaling"],
                    "%.2f× (wall %.2f s → %.2f s, medians of %d; CPU %.2f s → %.2f s)" % (
                        s, med(j1), med(j2), len(j1), med(cpu["jobs1"]), med(cpu["jobs2"])),
                    verdict(s >= TARGETS["scaling"], "%.2f× short" % (TARGETS["scaling"] - s))))
        if pair:
            cap = 2 * med(j1) / med(pair)
            out.append(("(the machine's free capacity then: two --jobs 1 runs at once)",
                        "%.2f s for both against %.2f s for one: capacity %.2f× of one core "
                        "(2.0 when idle); --jobs 2 reached %.0f%% of it" % (
                            med(pair), med(j1), cap, 100 * s / cap),
                        "context"))
    if load:
        # Judged on the fastest of the loads: the cost without another
        # process's interference (the median is shown too).
        m = min(load)
        out.append(("loading and compiling the shipped rulesets under %d ms (fastest of %d)" % (
                        TARGETS["load_ms"], len(load)),
                    "%.2f ms (median %.2f, max %.2f)" % (m, med(load), max(load)),
                    verdict(m < TARGETS["load_ms"], "%.2f ms over" % (m - TARGETS["load_ms"]))))
    for r in salted:
        out.append(("count in = count out on a file salted with bad lines", r["detail"],
                    "met" if r["value"] == "ok" else "MISSED"))
    checks = {n: all("ok" in stats[(n, e)]["check"] and "FAIL" not in stats[(n, e)]["check"]
                     for e in ("remit-compact", "remit-full") if (n, e) in stats) for n in sizes}
    out.append(("the oracle's verdict for every record (both remit rows, every size)",
                ", ".join("%s: %s" % (format(n, ","), "ok" if c else "FAIL") for n, c in checks.items()),
                "met" if checks and all(checks.values()) else "MISSED"))

    print("## Targets")
    print()
    print("| target | measured | |")
    print("|---|---|---|")
    for t, m, v in out:
        print("| %s | %s | %s |" % (t, m, v))


if __name__ == "__main__":
    main()
