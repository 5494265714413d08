#!/bin/sh
# England/Wales side-by-side tests: each test named pair-TOPIC-england in
# rules/tests/england-lgsco.yaml has a test pair-TOPIC-wales in
# rules/tests/wales-psow.yaml with the same complaint apart from "nation" and
# "id" (and the other way round).
#
# usage: tests/lint/pairs.sh REPO
# Exit status: 0 the pairs match, 1 they do not, 77 python3 or its yaml
# module is missing (ctest reports the test as skipped).
set -u
repo=${1:-.}
command -v python3 >/dev/null 2>&1 || { echo "pairs.sh: python3 not found"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "pairs.sh: python3 yaml not found"; exit 77; }
exec python3 - "$repo" <<'PY'
import re, sys, yaml

repo = sys.argv[1]


def pairs(fn, nation):
    doc = yaml.load(open(f"{repo}/rules/tests/{fn}", encoding="utf-8"),
                    Loader=yaml.BaseLoader)  # every scalar a string
    out = {}
    for t in doc["tests"]:
        m = re.fullmatch(r"pair-(.+)-" + nation + r"( on .*)?", t.get("name", ""))
        if m:
            c = dict(t["complaint"])
            c.pop("id", None)
            c.pop("nation", None)
            out[m.group(1) + (m.group(2) or "")] = c
    return out


e = pairs("england-lgsco.yaml", "england")
w = pairs("wales-psow.yaml", "wales")
bad = 0
for topic in sorted(set(e) | set(w)):
    if topic not in w:
        print(f"pair-{topic}: no Wales test")
    elif topic not in e:
        print(f"pair-{topic}: no England test")
    elif e[topic] != w[topic]:
        print(f"pair-{topic}: the complaints differ in more than nation and id")
    else:
        continue
    bad += 1
print(f"England/Wales pairs: {len(set(e) & set(w))}, mismatched: {bad}")
sys.exit(1 if bad or not e else 0)
PY
