#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Map `remit batch` output to the benchmark's verdict lines (WORKLOAD.md 3).

    python3 to_workload.py --input DATA.jsonl --rules KIT/rules.yaml \
        [--cites tests/bench/triage.yaml] < remit.jsonl

remit writes one verdict per record (rules/verdict.schema.json, with
"line"); the workload's checker wants {"id", "verdict", "heads": [{"id",
"outcome", "reasons": [{"reason", "cites"}]}]}.  Per head: the outcome is
remit's head verdict; the reasons are the head's reasons whose outcome is
that verdict, in remit's order (rule order within an outcome), each with its
citation ids.  Full output carries them in each reason; compact output
(--compact: per head only the verdict, the deciding rule and the ids of
the rules that gave the verdict) does not, so each rule's `cite:` list is
read from remit's own ruleset (--cites).

Two things remit's verdict does not carry are joined in from elsewhere:
  - the head ids ("H1"...): remit numbers heads by position (a head's "id"
    member is not a fact), so they are read from the input record on the
    same line (--input; blank lines skipped, as remit batch does);
  - the reason id of each rule ("within_remit"...): read from the
    workload's own rules.yaml (--rules), by rule id (R01..R16 in both).
An error record (no verdict) is written as {"id", "error"}: it can never
match the oracle, so the check fails, as it should.

Standard library only; no code from the benchmark kit.
"""
import argparse
import json
import re
import sys


def per_rule(path, pattern):
    """rule id -> the first group of `pattern` on a line of that rule: a
    plain scan of the file's `- id: Rnn` lines and the lines after each (no
    YAML library needed)."""
    out, rule = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*-\s+id:\s*(\S+)\s*$", line)
            if m:
                rule = m.group(1)
                continue
            m = re.match(pattern, line)
            if m and rule:
                out[rule] = m.group(1)
    return out


def reason_ids(path):
    """rule id -> reason id, from the workload's rules.yaml (its `reason: x`
    lines)."""
    out = per_rule(path, r"\s+reason:\s*(\S+)\s*$")
    if not out:
        sys.exit("to_workload.py: no rules with reasons in %s" % path)
    return out


def rule_cites(path):
    """rule id -> its citation ids, from remit's ruleset (triage.yaml): the
    `cite: [A, B]` lines of its rules."""
    return {rule: [c.strip() for c in cites.split(",") if c.strip()]
            for rule, cites in per_rule(path, r"\s+cite:\s*\[(.*)\]\s*$").items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", required=True, help="the JSON Lines file remit read")
    ap.add_argument("--rules", required=True, help="the workload's rules.yaml")
    ap.add_argument("--cites", help="remit's ruleset, for compact output's rule ids")
    a = ap.parse_args()
    reasons = reason_ids(a.rules)
    cites = rule_cites(a.cites) if a.cites else {}
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    out = sys.stdout
    with open(a.input, encoding="utf-8") as src:
        records = (line for line in src if line.strip())
        buf = []
        for n, line in enumerate(sys.stdin, 1):
            v = json.loads(line)
            rec = next(records, None)
            if rec is None:
                sys.exit("to_workload.py: more verdicts than input records (line %d)" % n)
            if "error" in v:
                buf.append(dumps({"id": v.get("id"), "error": v["error"]}))
            else:
                head_ids = [h.get("id") for h in json.loads(rec)["heads"]]
                heads = []
                for i, h in enumerate(v["heads"]):
                    outcome = h["verdict"]
                    if "rules" in h:    # compact
                        rs = [{"reason": reasons[r], "cites": cites[r]} for r in h["rules"]]
                    else:
                        rs = [{"reason": reasons[r["rule"]],
                               "cites": [c["id"] for c in r["citations"]]}
                              for r in h["reasons"] if r["outcome"] == outcome]
                    heads.append({"id": head_ids[i], "outcome": outcome, "reasons": rs})
                buf.append(dumps({"id": v["id"], "verdict": v["verdict"], "heads": heads}))
            if len(buf) >= 4096:
                out.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            out.write("\n".join(buf) + "\n")
        if next(records, None) is not None:
            sys.exit("to_workload.py: fewer verdicts than input records")


if __name__ == "__main__":
    main()
