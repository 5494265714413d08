#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Calling remit's HTTP API from Python (standard library only).

An intake system posts a complaint to `remit serve` and reads the verdict;
posts a batch as JSON Lines; and walks the interview with /v1/next, as the
web page does, answering from what it already knows and passing over the
rest ("don't know").

    build/remit serve &                       # http://127.0.0.1:8080/
    python3 examples/http_client.py http://127.0.0.1:8080 examples/complaints/england-late.json
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def post(base, path, body, content_type="application/json", **query):
    url = base.rstrip("/") + path
    if query:
        url += "?" + urllib.parse.urlencode(query, doseq=True)
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:  # an RFC 9457 problem
        return e.code, e.read()


def main():
    base, path = sys.argv[1], sys.argv[2]
    today = sys.argv[3] if len(sys.argv) > 3 else None
    when = {"today": today} if today else {}
    complaint = json.load(open(path))

    # 1. One complaint: the verdict JSON of `remit check --json`.
    status, body = post(base, "/v1/check", json.dumps(complaint).encode(), **when)
    verdict = json.loads(body)
    print(f"check: {status} {verdict['verdict']} ({verdict['verdict_label']})")
    for h in verdict["heads"]:
        print(f"  head {h['index'] + 1}: {h['verdict']} ({h['deciding_rule']})")

    # 2. A bad complaint: a problem with the CLI's message and JSON pointer.
    status, body = post(base, "/v1/check", b'{"heads": [{"actor": 7}]}', **when)
    problem = json.loads(body)
    print(f"bad: {status} {problem['errors'][0]['pointer']}: {problem['errors'][0]['message'][:60]}")

    # 3. A batch: one line out per line in, in order.
    lines = (json.dumps(complaint) + "\n") * 3 + "{not json\n"
    status, body = post(base, "/v1/batch", lines.encode(), "application/x-ndjson", **when)
    records = [json.loads(l) for l in body.decode().splitlines()]
    print(f"batch: {status} {len(records)} records, "
          f"{sum('error' in r for r in records)} error record(s)")

    # 4. The interview: the next question until the verdict settles,
    # answered from the complaint; what it does not say is "don't know".
    partial = {"heads": [{"summary": h.get("summary", "")} for h in complaint["heads"]]}
    dont_know = []
    asked = 0
    while True:
        status, body = post(base, "/v1/next", json.dumps(partial).encode(),
                            dont_know=dont_know, **when)
        step = json.loads(body)
        q = step["question"]
        if q is None:
            break
        asked += 1
        node, toks = complaint, q["pointer"].strip("/").split("/")
        for t in toks:
            node = node[int(t)] if isinstance(node, list) else node.get(t) if isinstance(node, dict) else None
            if node is None:
                break
        if node is None or step["step"] == "confirm":
            dont_know.append(q["pointer"])
            continue
        target = partial
        for t in toks[:-1]:
            target = target[int(t)] if isinstance(target, list) else target.setdefault(t, {})
        target[toks[-1]] = node
    print(f"next: {asked} questions, {step['step']}: {step['verdict']['verdict']}")
    return 0 if step["verdict"]["verdict"] == verdict["verdict"] else 1


if __name__ == "__main__":
    sys.exit(main())
