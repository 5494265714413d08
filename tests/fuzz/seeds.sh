#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
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
# OUTDIR/stream    a format byte, then the CSV example or the examples
# OUTDIR/serve     requests: an endpoint byte (0 1 2: /v1/check, /v1/next,
#                  /v1/batch; fuzz_serve.c), the query, the body: each
#                  example complaint to each
#
# Each corpus also gets the inputs of past findings, tests/fuzz/regressions/.
set -eu
repo=$1
out=$2
mkdir -p "$out/evaluate" "$out/load" "$out/expr" "$out/stream" "$out/serve"
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
# stream: a format byte ('c' CSV, 'o' one JSON complaint, else JSON Lines)
# then an input: the CSV example, the examples as one complaint and as
# JSON Lines (helper "batch").
prefixed() { # DEST BYTE FILE...: each file with the format byte before it
    dest=$1
    byte=$2
    shift 2
    for f in "$@"; do
        [ -f "$f" ] || continue
        { printf '%s' "$byte"; cat "$f"; } >"$dest/$byte-$(echo "${f#"$repo"/}" | tr '/' '_')"
    done
}
prefixed "$out/stream" c "$repo"/examples/*.csv
prefixed "$out/stream" o "$repo"/examples/complaints/*.json
python3 - "$repo" "$out/stream" <<'PY'
import glob, json, os, sys
repo, out = sys.argv[1], sys.argv[2]
docs = []
for path in sorted(glob.glob(os.path.join(repo, "examples", "complaints", "*.json"))):
    with open(path, encoding="utf-8") as f:
        docs.append(json.load(f))
with open(os.path.join(out, "j-examples.jsonl"), "w", encoding="utf-8") as f:
    f.write("j" + "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs[:8]))
with open(os.path.join(out, "j-pretty.jsonl"), "w", encoding="utf-8") as f:
    f.write("j" + json.dumps(docs[0], indent=2) + "\n" + json.dumps(docs[1], indent=2))
PY
copy "$out/stream" "$repo"/tests/fuzz/regressions/stream/*
for f in "$repo"/examples/complaints/*.json; do
    for k in 0 1 2; do
        { printf "\\$(printf '%03o' "$k")today=2026-11-22\n"; tr -d '\n' <"$f"; } \
            >"$out/serve/$k-$(basename "$f")"
    done
done
copy "$out/serve" "$repo"/tests/fuzz/regressions/serve/*
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
# Dictionaries (libFuzzer -dict=): the words of each input language, and
# the names and values the shipped rules declare.
python3 - "$repo" "$out" <<'PY'
import glob, os, re, sys
repo, out = sys.argv[1], sys.argv[2]
names, values = set(), set()
for path in glob.glob(os.path.join(repo, "rules", "*.yaml")):
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"^\s*- name: ([a-z_][a-z0-9_]*)\s*$", line)
        if m: names.add(m.group(1))
        for v in re.findall(r"\{value: ([a-z0-9_]+)", line): values.add(v)
def esc(w): return w.replace("\\", "\\\\").replace('"', '\\"')
def write(name, words):
    with open(os.path.join(out, name), "w") as f:
        for w in sorted(set(words)):
            f.write('"%s"\n' % esc(w))
json_words = ['{', '}', '[', ']', ':', ',', '"', 'true', 'false', 'null',
              '"heads"', '"id"', '\\u0000', '\\ud800', '\\u001b', '-0',
              '1e999', '"2024-02-29"', '"2023-02-30"']
write("evaluate.dict", json_words + ['"%s"' % n for n in names] +
      ['"%s"' % v for v in values])
expr_words = ['and', 'or', 'not', 'in', 'not in', '==', '!=', '<', '<=', '>',
              '>=', '+', '-', '(', ')', '[', ']', ',', 'true', 'false',
              'today', 'days', 'months', 'years', '12 months', '2024-02-29',
              'known(', 'has(', 'first_known(', 'period_end(',
              'days_between(', 'months_between(', 'working_days_between(',
              'b1', 'b2', 'n', 'd1', 'd2', 'e', 'e3', 's', 't', 'hd', '"a"',
              '"x"', '"p"', '9223372036854775807', '-9223372036854775808']
write("expr.dict", expr_words)
yaml_words = ['ruleset:', 'holidays:', 'sources:', 'contacts:', 'facts:',
              'outcomes:', 'default_outcome:', 'rules:', 'id:', 'title:',
              'jurisdiction:', 'version:', 'law_checked:', 'applies_when:',
              'section:', 'quote:', 'url:', 'document:', 'name:', 'phone:',
              'note:', 'scope:', 'type:', 'values:', 'value:', 'label:',
              'question:', 'help:', 'key:', 'presume:', 'in_scope:', 'when:',
              'outcome:', 'explanation:', 'cite:', 'discretionary:',
              'discretion:', 'next_steps:', 'text:', 'contact:', 'what_if:',
              'complaint', 'head', 'bool', 'enum', 'set', 'date', 'integer',
              '&a', '*a', '<<:', '- ', '---', '...', '>-', '|', '!!str',
              '{', '}', '[', ']', '"', "'", '#'] + expr_words
write("load.dict", yaml_words + list(names))
write("stream.dict", json_words + [';', '""', 'heads.1.', 'heads.2.', 'id,',
      'yes', 'no', '14/03/2024', '---', 'nation: '] + list(names) + list(values))
with open(os.path.join(out, "stream.dict"), "a") as f:  # bytes, as escapes
    f.write('"\\x0d\\x0a"\n"\\x0a"\n"\\x09"\n"\\xef\\xbb\\xbf"\n"\\xff\\xfe"\n')
PY
for t in evaluate load expr stream serve; do
    echo "$t: $(ls "$out/$t" | wc -l) seeds"
done
