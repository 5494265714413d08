#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/run.sh -- remit side by side with the peers and baselines of the
# shared benchmark kit, on one core, and the targets of the batch issue.
#
#   tests/bench/run.sh [KIT]
#
# KIT is the benchmark kit (WORKLOAD.md, run.sh, peers/, baseline/); default
# ../shared/bench beside the repository, or $BENCH_KIT.  Nothing is written
# into the kit: it is copied into a work folder ($WORK, default build-bench/
# in the repository, ignored by git), where its data, oracle, peers
# (npm install) and C programs are built once and kept between runs.
#
# In one run it:
#   1. builds remit (RelWithDebInfo, as a user would) into $WORK/remit-build;
#   2. adds two rows to the kit's engines - remit-compact (batch --compact)
#      and remit-full (batch, full reasons) - both `remit batch --jobs 1` on
#      tests/bench/triage.yaml, checked against the oracle verdict for
#      verdict through tests/bench/to_workload.py (untimed);
#   3. runs the kit's run.sh for each size (pinned to one core, RUNS runs,
#      medians, /usr/bin/time -v for peak RSS); at the larger size, engines
#      whose speed at the smaller predicts more than MAX_RUN_S s are skipped,
#      as run.sh itself does;
#   4. times --jobs 1 against --jobs 2 (not pinned: both cores) and, for
#      the machine's free capacity at that moment, two --jobs 1 runs at
#      once; the load of the shipped rulesets; and count in = count out on
#      a file salted with bad lines;
#   5. prints the kit's table for every size and tests/bench/targets.py's
#      table of ratios and targets;
#   6. runs tests/bench/sidebyside.py: remit --compact and full reasons
#      against c-hardcoded interleaved run by run on one core, --jobs 2
#      against --jobs 1, memory, callgrind instruction counts beside the
#      times, the load of the shipped rules and remit check end to end,
#      each as a ratio to a baseline of the same run.  SIZES= (empty) with
#      REUSE_RUNS unset skips the peers and runs only this part;
#   7. runs tests/bench/load.py: the load of rules/ and remit check end to
#      end, next to LOAD_BASELINE (another remit program) when given.
#
# Environment: SIZES ("100000 1000000"), RUNS (3), SEED (42), WORK, PIN
# ("taskset -c 0"), MAX_RUN_S (150), ENGINES (comma list: only these kit
# engines besides remit and cjson-parse/c-hardcoded; default all), REMIT (a
# remit binary to use instead of building one), REUSE_RUNS (raw-run files of
# an earlier run, out/runs-*.tsv in the work kit: step 3 is skipped and
# they are reported instead), LOAD_BASELINE and LOAD_ROUNDS (21) for step 7.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
kit_src=${1:-${BENCH_KIT:-$repo/../shared/bench}}
[ -f "$kit_src/run.sh" ] || { echo "no benchmark kit at $kit_src (give its path)" >&2; exit 2; }
kit_src=$(cd "$kit_src" && pwd)
work=${WORK:-$repo/build-bench}
SIZES=${SIZES-"100000 1000000"}
RUNS=${RUNS:-3}
SEED=${SEED:-42}
PIN=${PIN:-"taskset -c 0"}
MAX_RUN_S=${MAX_RUN_S:-150}
mkdir -p "$work"
work=$(cd "$work" && pwd)
kit=$work/kit
log() { echo "bench: $*" >&2; }

# ---- 1. the kit, copied; its programs and peers set up once ----------------
mkdir -p "$kit"
tar -C "$kit_src" --exclude=./data --exclude=./out --exclude=./build \
    --exclude=./peers/node_modules -cf - . | tar -C "$kit" -xf -
chmod -R u+w "$kit"
if ! make -s -C "$kit/baseline" >/dev/null 2>&1; then
    log "could not build every C program of the kit (CLIPS missing?); building the baselines"
    make -s -C "$kit/baseline" ../build/limit ../build/hardcoded >/dev/null
fi
if [ ! -d "$kit/peers/node_modules" ] && command -v npm >/dev/null; then
    log "installing the JavaScript peers (npm, versions pinned by the kit)"
    (cd "$kit/peers" && npm install --no-audit --no-fund >/dev/null 2>&1) ||
        log "npm install failed: the JavaScript peers will be missing"
fi
mkdir -p "$kit/peers/node_modules"  # run.sh insists on the folder

# ---- 2. remit, and its rows -------------------------------------------------
if [ -z "${REMIT:-}" ]; then
    log "building remit"
    cmake -S "$repo" -B "$work/remit-build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DREMIT_TESTS=OFF >/dev/null
    cmake --build "$work/remit-build" -j2 >/dev/null
    REMIT=$work/remit-build/remit
fi
rules=$repo/tests/bench/triage.yaml
adapter=$repo/tests/bench/to_workload.py
batch="$REMIT batch --jobs 1 --progress never --rules $rules"

# The engines of the kit that exist here (a missing peer is left out).
available() {
    local name=$1
    case $name in
    clips-6.30) [ -x "$kit/build/clips-triage" ] ;;
    node-parse|json-logic-js|zen-engine|json-rules-engine)
        command -v node >/dev/null && [ -n "$(ls -A "$kit/peers/node_modules")" ] ;;
    jq-1.6) command -v jq >/dev/null ;;
    python-yaml-interp) python3 -c 'import yaml' 2>/dev/null ;;
    *) true ;;
    esac
}
kit_engines=$(sed -n 's/^engine \([^ ]*\) .*/\1/p' "$kit_src/engines.sh")

# Writes the kit's engines.sh with the remit rows for size $1 (the check's
# adapter reads the records of that size for the head ids).
write_engines() {
    local n=$1 data="data/c$1-s$SEED.jsonl"
    local post="python3 $adapter --input $data --rules rules.yaml --cites $rules"
    cp "$kit_src/engines.sh" "$kit/engines.sh"
    chmod u+w "$kit/engines.sh"
    {
        echo
        echo "# --- remit (added by tests/bench/run.sh) ---"
        printf 'engine remit-compact check %q %q %q\n' "$batch --compact \"\$IN\"" "" "$post"
        printf 'engine remit-full check %q %q %q\n' "$batch \"\$IN\"" "" "$post"
    } >>"$kit/engines.sh"
}

# ---- 3. the kit's run.sh, size by size --------------------------------------
tsvs=()
prev_tsv=
for t in ${REUSE_RUNS:-}; do tsvs+=("$t"); done
[ -z "${REUSE_RUNS:-}" ] || SIZES_RUN= 
for n in ${SIZES_RUN-$SIZES}; do
    only=cjson-parse,c-hardcoded,remit-compact,remit-full
    for e in $kit_engines; do
        if [ -n "${ENGINES:-}" ] && [[ ",$ENGINES," != *",$e,"* ]]; then continue; fi
        available "$e" || { log "$e is not set up here: left out"; continue; }
        [[ ",$only," == *",$e,"* ]] || only=$only,$e
    done
    if [ -n "$prev_tsv" ] && [ "$MAX_RUN_S" != 0 ]; then
        only=$(python3 - "$prev_tsv" "$n" "$MAX_RUN_S" "$only" <<'PY'
import csv, statistics, sys
tsv, n, limit, only = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4].split(",")
rows = [r for r in csv.DictReader(open(tsv), delimiter="\t") if r["wall_s"] != "NA"]
keep = []
for e in only:
    w = [float(r["wall_s"]) / int(r["size"]) for r in rows if r["engine"] == e]
    if w and statistics.median(w) * n > limit:
        print("skip %s at %d (est. %.0f s/run > MAX_RUN_S)" % (e, n, statistics.median(w) * n), file=sys.stderr)
        continue
    keep.append(e)
print(",".join(keep))
PY
)
    fi
    write_engines "$n"
    log "size $n: $only"
    (cd "$kit" && SIZES=$n RUNS=$RUNS SEED=$SEED PIN=$PIN ONLY=$only MAX_RUN_S=0 ./run.sh) \
        >"$work/run-$n.out"
    cat "$work/run-$n.out" >&2
    tsv=$kit/$(sed -n 's/^# raw runs: //p' "$work/run-$n.out")
    tsvs+=("$tsv")
    prev_tsv=$tsv
done

# ---- 4. what run.sh does not measure ----------------------------------------
if [ -n "$SIZES" ]; then
    largest=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
    data=$kit/data/c$largest-s$SEED.jsonl
    extra=$work/extra-$(date -u +%Y%m%dT%H%M%SZ).tsv
    printf 'what\tvalue\tdetail\n' >"$extra"

    log "scaling: --jobs 1 and --jobs 2 on $largest records, both cores, $RUNS runs each"
    for r in $(seq 1 "$RUNS"); do
        for j in 1 2; do
            t0=$(date +%s%N)
            /usr/bin/time -f '%U %S %M' -o "$work/.time" \
                $REMIT batch --jobs $j --progress never --rules "$rules" --compact "$data" >/dev/null
            t1=$(date +%s%N)
            read -r u s m <"$work/.time"
            printf 'jobs%s\t%s\tcpu %s rss_kb %s\n' "$j" "$(python3 -c "print(($t1-$t0)/1e9)")" \
                "$(python3 -c "print($u+$s)")" "$m" >>"$extra"
        done
    done

    # How much parallel capacity the machine has at the moment: two independent
    # --jobs 1 runs at once.  On an idle 2-core machine each takes as long as
    # one alone (capacity 2); on a busy one, longer.
    log "capacity: two --jobs 1 runs at once, $RUNS times"
    for r in $(seq 1 "$RUNS"); do
        t0=$(date +%s%N)
        $REMIT batch --jobs 1 --progress never --rules "$rules" --compact "$data" >/dev/null &
        pid=$!
        $REMIT batch --jobs 1 --progress never --rules "$rules" --compact "$data" >/dev/null
        wait "$pid"
        t1=$(date +%s%N)
        printf 'pair\t%s\ttwo --jobs 1 runs at once\n' "$(python3 -c "print(($t1-$t0)/1e9)")" >>"$extra"
    done

    log "loading the shipped rulesets (rules/), 21 times"
    for r in $(seq 1 21); do
        ms=$($REMIT batch --rules "$repo/rules" --summary --progress never </dev/null 2>&1 >/dev/null |
            sed -n 's/.*rules loaded in \([0-9.]*\) ms.*/\1/p')
        printf 'load_ms\t%s\t%s\n' "$ms" "$repo/rules" >>"$extra"
    done

    log "count in = count out on the first 100000 records salted with bad lines"
    salted=$work/salted.jsonl
    head -n 100000 "$kit/data/c100000-s$SEED.jsonl" | python3 -c '
import sys
bad = ["{\"id\": \"X\", \"heads\": [", "not json", "{\"id\": \"D\", \"jurisdiction\": \"england\", \"aware_date\": \"2023-02-30\", \"heads\": [{}]}",
       "{\"id\": \"T\", \"jurisdiction\": 7, \"heads\": [{}]}", "[]", "{}"]
n = 0
for i, line in enumerate(sys.stdin):
    sys.stdout.write(line)
    if i % 997 == 0:
        sys.stdout.write(bad[n % len(bad)] + "\n"); n += 1
    ' >"$salted"
    in_n=$(grep -c . "$salted")
    set +e
    $REMIT batch --progress never --rules "$rules" --compact "$salted" >"$work/salted.out"
    status=$?
    set -e
    out_n=$(wc -l <"$work/salted.out")
    err_n=$(grep -c '"error":' "$work/salted.out" || true)
    printf 'salted\t%s\tin %s out %s error_records %s status %s\n' \
        "$([ "$in_n" = "$out_n" ] && echo ok || echo FAIL)" "$in_n" "$out_n" "$err_n" "$status" >>"$extra"
fi

# ---- 5. the tables -------------------------------------------------------------
if [ -n "${tsvs[*]:-}" ]; then
    echo
    echo "## The kit's table (medians of $RUNS runs, pinned: $PIN)"
    (cd "$kit" && python3 report.py "${tsvs[@]}")
    echo
    python3 "$repo/tests/bench/targets.py" --extra "$extra" "${tsvs[@]}"
fi

# ---- 6. side by side, interleaved: the shape-and-speed targets ---------------
# remit against c-hardcoded run by run on one core, --jobs 2 against
# --jobs 1, memory, instruction counts, the load and remit check
# (tests/bench/sidebyside.py).  SIDE_SIZE records (default 100000),
# SIDE_ROUNDS rounds (default RUNS, at least 5).
side_n=${SIDE_SIZE:-100000}
side_data=$kit/data/c$side_n-s$SEED.jsonl
[ -f "$side_data" ] || python3 "$kit/gen.py" -n "$side_n" --seed "$SEED" -o "$side_data"
rounds=${SIDE_ROUNDS:-$RUNS}
[ "$rounds" -ge 5 ] || rounds=5
log "side by side: $side_n records, $rounds rounds"
echo
python3 "$repo/tests/bench/sidebyside.py" --remit "$REMIT" --hardcoded "$kit/build/hardcoded" \
    --data "$side_data" --rules "$rules" --repo "$repo" --rounds "$rounds"

# ---- 7. loading the rules and remit check, against a baseline ----------------
# tests/bench/load.py: the load of rules/ and remit check end to end,
# interleaved with LOAD_BASELINE (another remit program, e.g. a build of an
# older commit; none by default), times and callgrind instructions.
log "load and check: ${LOAD_ROUNDS:-21} rounds"
echo
python3 "$repo/tests/bench/load.py" --remit "$REMIT" --repo "$repo" \
    --rounds "${LOAD_ROUNDS:-21}" ${LOAD_BASELINE:+--baseline "$LOAD_BASELINE"}
