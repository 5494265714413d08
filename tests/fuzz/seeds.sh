#!/bin/sh
# Builds the seed corpora of the fuzz targets from the repository:
#
#   sh tests/fuzz/seeds.sh REPO OUTDIR
#
# OUTDIR/evaluate  complaints: examples/complaints, tests/cases, rules/tests,
#                  the golden tests' standard inputs, tests/bad/complaints
# OUTDIR/load      rule files: rules/ (and its tests, YAML too), tests/data (mini and the bad rule
#                  files of the golden tests), tests/bad/rules
# OUTDIR/expr      conditions: every `when:` and `applies_when:` of those
#                  rule files (folded blocks joined as the loader reads them)
#                  and every `expr:` of tests/expr/*.test
#
# Each corpus also gets the inputs of past findings, tests/fuzz/regressions/.
set -eu
repo=$1
out=$2
mkdir -p "$out/evaluate" "$out/load" "$out/expr"
copy() { # DEST FILE...: copies each file under a name that keeps its path
    dest=$1
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$dest/$(echo "${f#"$repo"/}" | tr '/' '_')"
    done
}
copy "$out/evaluate" "$repo"/examples/complaints/*.json "$repo"/tests/cases/*.json \
    "$repo"/rules/tests/*.json "$repo"/tests/golden/*/stdin \
    "$repo"/tests/bad/complaints/*.json "$repo"/tests/fuzz/regressions/evaluate/*
copy "$out/load" "$repo"/rules/*.yaml "$repo"/rules/tests/*.yaml "$repo"/tests/data/*.yaml \
    "$repo"/tests/data/bad/*.yaml "$repo"/tests/bad/rules/*.yaml \
    "$repo"/tests/fuzz/regressions/load/*
copy "$out/expr" "$repo"/tests/fuzz/regressions/expr/*
python3 - "$repo" "$out/expr" <<'PY'
import glob, os, re, sys
repo, out = sys.argv[1], sys.argv[2]
seen = set()
def add(text):
    text = text.strip()
    if text and text not in seen:
        seen.add(text)
        with open(os.path.join(out, "cond-%04d" % len(seen)), "w") as f:
            f.write(text)
files = (glob.glob(os.path.join(repo, "rules", "*.yaml")) +
         glob.glob(os.path.join(repo, "tests", "data", "*.yaml")) +
         glob.glob(os.path.join(repo, "tests", "data", "bad", "*.yaml")))
for path in sorted(files):
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)(?:- )?(?:applies_)?when:\s*(.*)$", line)
        if not m:
            continue
        value = m.group(2)
        if value in (">-", ">", "|", "|-"):   # a block: the indented lines after
            block, ind = [], None
            for nxt in lines[i + 1:]:
                if not nxt.strip():
                    break
                cur = len(nxt) - len(nxt.lstrip())
                if ind is None:
                    ind = cur
                if cur < ind:
                    break
                block.append(nxt.strip())
            add(" ".join(block))
        elif len(value) > 1 and value[0] == "'" and value[-1] == "'":
            add(value[1:-1].replace("''", "'"))   # a single-quoted scalar
        else:
            add(value)
for path in sorted(glob.glob(os.path.join(repo, "tests", "expr", "*.test"))):
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("expr:"):
            add(line[5:].rstrip("\n").strip())
PY
for t in evaluate load expr; do
    echo "$t: $(ls "$out/$t" | wc -l) seeds"
done
