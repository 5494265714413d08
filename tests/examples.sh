#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every shipped ruleset loads without a diagnostic; every example complaint
# evaluates without an input error; every verdict, full and --compact,
# validates against rules/verdict.schema.json (when python3-jsonschema is
# installed) and
# every reason carries at least one citation with a title and a quote; and
# every rule of every ruleset in rules/ fires in at least one example (read
# from the --explain traces, top level and per head).  The examples are in
# complaint format 2, except the *-format1-* ones, kept in format 1 on
# purpose: each must be read with warnings naming the format-2 replacement
# (and nothing else on standard error), and give the same verdicts, overall
# and per head, as its format-2 twin (the same name without "format1-").
# Every example's verdict is the one its row in examples/complaints/README.md
# gives.
set -u
remit=$1
repo=$2
cd "$repo" || exit 2
st=0
out=$("$remit" facts --rules rules 2>&1 >/dev/null)
if [ -n "$out" ]; then
    echo "shipped rules: diagnostics when loading:"
    echo "$out"
    st=1
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for f in examples/complaints/*.json; do
    "$remit" check --json --strict --explain --rules rules --today 2026-11-22 "$f" >"$tmp/$(basename "$f")" 2>"$tmp/err"
    rc=$?
    "$remit" check --json --compact --rules rules --today 2026-11-22 "$f" >"$tmp/$(basename "$f" .json).compact" 2>/dev/null
    case "$f" in
    *-format1-*)
        twin=$(echo "$f" | sed 's/-format1-/-/')
        if [ $rc -gt 1 ] || ! grep -q 'is format 1: read as' "$tmp/err" ||
           grep -v 'is format 1: read as' "$tmp/err" | grep -q .; then
            echo "$f: exit $rc; a format-1 example must be read with format-1 warnings only:"
            cat "$tmp/err"
            st=1
        fi
        if [ ! -f "$twin" ]; then
            echo "$f: no format-2 twin $twin"
            st=1
        else
            # Every "verdict" member: the complaint's, then each head's.
            got=$("$remit" check --json --rules rules --today 2026-11-22 "$f" 2>/dev/null |
                  grep -o '"verdict": *"[a-z_]*"' | tr '\n' ' ')
            want=$("$remit" check --json --rules rules --today 2026-11-22 "$twin" 2>/dev/null |
                   grep -o '"verdict": *"[a-z_]*"' | tr '\n' ' ')
            if [ -z "$want" ] || [ "$got" != "$want" ]; then
                echo "$f: verdicts '$got', its format-2 twin $twin: '$want'"
                st=1
            fi
        fi ;;
    *)
        if [ $rc -gt 1 ] || [ -s "$tmp/err" ]; then
            echo "$f: exit $rc"
            cat "$tmp/err"
            st=1
        fi
        if ! grep -q '"format": *2' "$f"; then
            echo "$f: not in complaint format 2 (only *-format1-* examples may be)"
            st=1
        fi ;;
    esac
done
if command -v python3 >/dev/null 2>&1; then
    python3 - "$tmp" rules/verdict.schema.json rules <<'PY' || st=1
import json, os, re, sys
d, schema_path, rules_dir = sys.argv[1], sys.argv[2], sys.argv[3]
schema = json.load(open(schema_path))
try:
    import jsonschema
    validator = jsonschema.Draft202012Validator(schema)
except ImportError:
    validator = None
    print("note: python3-jsonschema not installed; schema not checked")
bad = 0
for name in sorted(os.listdir(d)):
    if not name.endswith(".json"):
        continue
    v = json.load(open(os.path.join(d, name)))
    if validator:
        for e in validator.iter_errors(v):
            print(f"{name}: schema: {e.message} at {list(e.absolute_path)}")
            bad += 1
    if validator:
        # The compact verdict of the same complaint: #/$defs/compact.
        c = json.load(open(os.path.join(d, name[:-5] + ".compact")))
        for e in validator.evolve(schema=schema["$defs"]["compact"]).iter_errors(c):
            print(f"{name} --compact: schema: {e.message} at {list(e.absolute_path)}")
            bad += 1
    for h in v["heads"]:
        for r in h["reasons"] + h["notes"]:
            if not r["citations"]:
                print(f"{name}: rule {r['rule']} has no citation"); bad += 1
            for c in r["citations"]:
                if not c.get("title") or not c.get("quote"):
                    print(f"{name}: rule {r['rule']} citation without title/quote"); bad += 1

def rule_ids(path):
    """The ids of the entries of the top-level `rules:` list of a ruleset
    (not sources, contacts or outcomes), read with a regex, not a YAML parser."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^rules:[ \t]*(?:#.*)?$", text, re.M)
    if not m:
        return []
    section = text[m.end():]
    end = re.search(r"^[^\s#]", section, re.M)   # the next top-level key
    if end:
        section = section[:end.start()]
    items = re.findall(r"^([ \t]*)-[ \t]+id:[ \t]*['\"]?([^'\"\s#]+)", section, re.M)
    if not items:
        return []
    indent = items[0][0]                          # the rule list's own items
    return [i for ind, i in items if ind == indent]

fired = set()
for name in os.listdir(d):
    if not name.endswith(".json"):
        continue
    v = json.load(open(os.path.join(d, name)))
    for t in [v.get("trace", [])] + [h.get("trace", []) for h in v["heads"]]:
        fired.update(e["rule"] for e in t if e.get("state") == "fired")
nrules = 0
for rf in sorted(os.listdir(rules_dir)):
    if not rf.endswith(".yaml"):
        continue
    ids = rule_ids(os.path.join(rules_dir, rf))
    if not ids:
        print(f"rules/{rf}: no rule ids found under rules:"); bad += 1
    nrules += len(ids)
    for rid in ids:
        if rid not in fired:
            print(f"rules/{rf}: rule {rid} fires in no example"); bad += 1
# Each example's row in examples/complaints/README.md gives its expected
# verdict in the corpus's terms (tests/cases/README.md): the verdict must
# map to it, and every example must have a row.
corpus = {"partly_in_scope": "partly", "invalid": "out_of_jurisdiction",
          "remedy_elsewhere": "out_of_jurisdiction", "refer_other_body": "out_of_jurisdiction"}
rows = {}
for line in open("examples/complaints/README.md", encoding="utf-8"):
    m = re.match(r"\| `([a-z0-9-]+\.json)` \|.*\| `([a-z_]+)`[^|]*\|\s*$", line)
    if m:
        rows[m.group(1)] = m.group(2)
for name in sorted(os.listdir(d)):
    if not name.endswith(".json"):
        continue
    got = json.load(open(os.path.join(d, name)))["verdict"]
    if name not in rows:
        print(f"{name}: no row in examples/complaints/README.md"); bad += 1
    elif corpus.get(got, got) != rows[name] and got != rows[name]:
        print(f"{name}: verdict {got}, README says {rows[name]}"); bad += 1
print(f"examples: {len([n for n in os.listdir(d) if n.endswith('.json')])} checked, {nrules} rules in rules/, {bad} problems")
sys.exit(1 if bad else 0)
PY
fi
exit $st
