#!/bin/sh
# Per-rule tests of the shipped rulesets: checks, for every line of
# tests/rules/expect.tsv, that a rule fired or did not fire on a small
# complaint, and that every rule of every shipped ruleset has at least one
# test where it fires and one where it does not.
#
# usage: tests/rules/run.sh REMIT REPO
#   REMIT  the remit binary
#   REPO   the repository root (rules are read from REPO/rules)
#
# expect.tsv is tab-separated, with a header line; blank lines and lines
# starting with '#' are comments. Each line is one of
#   file  today  RULE-ID        head  fired|not_fired
#   file  today  VERDICT        head  expected verdict
#   file  today  DISCRETIONARY  -     true|false
# `file` is relative to tests/rules; `today` is passed as --today. `head` is
# the head index for a head-scope rule (its state is read from
# heads[head].trace) and `-` for a complaint-scope rule (the top-level
# "trace"). For VERDICT, `-` checks the complaint's verdict and an index the
# head's. DISCRETIONARY checks the complaint's "discretionary".
#
# Files named pair-TOPIC-england.json and pair-TOPIC-wales.json are
# England/Wales side-by-side tests: the runner also checks that the two are
# the same complaint apart from "nation" and "id".
#
# Prints one line per failure, a summary line "N passed, N failed", then for
# each ruleset the rules with no fired test and the rules with no not-fired
# test. Exit status: 0 if every check passed and every rule is covered both
# ways, 1 otherwise, 2 on a usage error.

set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 REMIT REPO" >&2
    exit 2
fi
remit=$1
repo=$2
if [ ! -x "$remit" ]; then
    echo "$0: $remit not found or not executable" >&2
    exit 2
fi
if [ ! -d "$repo/rules" ] || [ ! -f "$repo/tests/rules/expect.tsv" ]; then
    echo "$0: $repo does not look like the remit repository" >&2
    exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "$0: python3 is needed to read remit's JSON traces" >&2
    exit 2
fi

exec python3 - "$remit" "$repo" <<'PY'
import json, os, re, subprocess, sys

remit, repo = sys.argv[1], sys.argv[2]
here = os.path.join(repo, "tests", "rules")
rules_dir = os.path.join(repo, "rules")


def ruleset_rules(path):
    """(ruleset id, {rule id: scope}) of one rules file, read from its text."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^ruleset:\n(?:  .*\n)*?  id: (\S+)", text, re.M)
    if not m or "\nrules:" not in text:
        return None, {}
    body = text[text.index("\nrules:"):]
    rules = {}
    for rid, scope in re.findall(r"^  - id: (\S+)\n(?:    .*\n)*?    scope: (\w+)", body, re.M):
        rules[rid] = scope
    return m.group(1), rules


rulesets = {}
for name in sorted(os.listdir(rules_dir)):
    if name.endswith(".yaml"):
        rs_id, rules = ruleset_rules(os.path.join(rules_dir, name))
        if rs_id:
            rulesets[rs_id] = (name, rules)

passed = failed = 0
failures = []


def fail(msg):
    global failed
    failed += 1
    failures.append(msg)


cache = {}


def run(file, today):
    key = (file, today)
    if key not in cache:
        p = subprocess.run([remit, "check", "--json", "--explain", "--rules", rules_dir,
                            "--today", today, os.path.join(here, file)],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True)
        out = None
        if p.returncode in (0, 1):
            try:
                out = json.loads(p.stdout)
            except ValueError:
                out = None
        cache[key] = (out, p.returncode, p.stderr.strip())
    return cache[key]


covered = {}   # (ruleset id, rule id) -> set of states seen in passing checks
lines = open(os.path.join(here, "expect.tsv"), encoding="utf-8").read().splitlines()
header = True
for lineno, line in enumerate(lines, 1):
    if not line.strip() or line.startswith("#"):
        continue
    if header:
        header = False
        if line.split("\t")[:5] != ["file", "today", "rule", "head", "state"]:
            fail(f"expect.tsv:{lineno}: the header must be file, today, rule, head, state")
        continue
    cols = line.split("\t")
    where = f"expect.tsv:{lineno}"
    if len(cols) != 5:
        fail(f"{where}: expected 5 tab-separated columns, found {len(cols)}")
        continue
    file, today, rule, head, want = cols
    out, rc, err = run(file, today)
    if out is None:
        fail(f"{where}: {file} --today {today}: no verdict (exit {rc}) {err}")
        continue
    rs_id = out.get("ruleset", {}).get("id")
    if rule in ("VERDICT", "DISCRETIONARY"):
        if rule == "VERDICT":
            if head == "-":
                got = out.get("verdict")
            else:
                try:
                    got = out["heads"][int(head)]["verdict"]
                except (ValueError, IndexError, KeyError):
                    fail(f"{where}: {file}: no head {head}")
                    continue
        else:
            got = "true" if out.get("discretionary") else "false"
        if got == want:
            passed += 1
        else:
            fail(f"{where}: {file} --today {today}: {rule} {'' if head == '-' else 'of head ' + head + ' '}is {got}, expected {want}")
        continue
    if want not in ("fired", "not_fired"):
        fail(f"{where}: state must be fired or not_fired, not {want!r}")
        continue
    scope = rulesets.get(rs_id, (None, {}))[1].get(rule)
    if scope is None:
        fail(f"{where}: {rule} is not a rule of the ruleset that applies to {file} ({rs_id})")
        continue
    if (scope == "complaint") != (head == "-"):
        fail(f"{where}: {rule} is a {scope}-scope rule: use {'-' if scope == 'complaint' else 'a head index'} in the head column")
        continue
    if head == "-":
        trace = out.get("trace", [])
    else:
        try:
            trace = out["heads"][int(head)]["trace"]
        except (ValueError, IndexError, KeyError):
            fail(f"{where}: {file}: no head {head}")
            continue
    states = [t.get("state") for t in trace if t.get("rule") == rule]
    if not states:
        fail(f"{where}: {file} --today {today}: {rule} is not in the trace")
        continue
    got = states[0]
    if got == want:
        passed += 1
        covered.setdefault((rs_id, rule), set()).add(got)
    else:
        facts = next(t.get("facts") for t in trace if t.get("rule") == rule)
        fail(f"{where}: {file} --today {today}: {rule}{'' if head == '-' else ' (head ' + head + ')'} is {got}, expected {want}; facts {json.dumps(facts, sort_keys=True)}")

# England/Wales pairs: the same complaint apart from nation and id.
pairs = 0
names = set(os.listdir(here))
for name in sorted(names):
    m = re.fullmatch(r"pair-(.+)-england\.json", name)
    if not m:
        continue
    other = f"pair-{m.group(1)}-wales.json"
    if other not in names:
        fail(f"{name}: no Wales counterpart {other}")
        continue
    a = json.load(open(os.path.join(here, name), encoding="utf-8"))
    b = json.load(open(os.path.join(here, other), encoding="utf-8"))
    for d in (a, b):
        d.pop("id", None)
        d.pop("nation", None)
    if a != b:
        fail(f"{name} and {other} differ in more than nation and id")
    else:
        pairs += 1
        passed += 1
for name in sorted(names):
    m = re.fullmatch(r"pair-(.+)-wales\.json", name)
    if m and f"pair-{m.group(1)}-england.json" not in names:
        fail(f"{name}: no England counterpart")

for f in failures:
    print("FAIL " + f)
print(f"{passed} passed, {failed} failed")

uncovered = 0
for rs_id, (fname, rules) in sorted(rulesets.items(), key=lambda x: x[1][0]):
    no_fired = [r for r in rules if "fired" not in covered.get((rs_id, r), set())]
    no_not = [r for r in rules if "not_fired" not in covered.get((rs_id, r), set())]
    uncovered += len(no_fired) + len(no_not)
    print(f"{fname} ({rs_id}): {len(rules)} rules; "
          f"no fired test: {', '.join(no_fired) if no_fired else 'none'}; "
          f"no not-fired test: {', '.join(no_not) if no_not else 'none'}")
print(f"England/Wales side-by-side pairs: {pairs}")
sys.exit(1 if failed or uncovered else 0)
PY
