#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The HTTP API of `remit serve` over a real loopback socket.

Every endpoint and every kind of error (bad JSON, wrong type, unknown
value, oversized with and without Content-Length, slow client, wrong
method, unknown path, bad query, wrong media type, headers too large),
asserting status, headers and body; /v1/check gives the bytes of `remit
check --json` for every example; /v1/batch keeps count in = count out with
bad lines salted in; /v1/next drives an English and a Welsh interview to
the verdict of `remit check`, offering only the applying ruleset's values
(and "split" only for a head's subject and actor);
the OpenAPI document names every endpoint the server answers; the log has
one line per request and never a body; CORS only for --allow-origin; a
non-loopback --listen needs --public; SIGTERM drains and exits 0.

usage: tests/serve/test_api.py REMIT REPO
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testutil import examples, lookup  # noqa: E402

TODAY = "2026-11-22"
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL", what)


SECURITY = {
    "content-security-policy": None,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def security_headers(h, what):
    for k, v in SECURITY.items():
        check(k in h, f"{what}: header {k} missing")
        if v and k in h:
            check(h[k] == v, f"{what}: {k} is {h[k]!r}")
    csp = h.get("content-security-policy", "")
    check("frame-ancestors 'none'" in csp, f"{what}: CSP without frame-ancestors 'none'")
    check("'unsafe-inline'" not in csp and "script-src 'self'" in csp,
          f"{what}: CSP allows inline script or lacks script-src 'self'")
    check("access-control-allow-origin" not in h, f"{what}: CORS header without --allow-origin")


def problem(status, h, body, want_status, what, pointer=None, detail=None):
    check(status == want_status, f"{what}: status {status}, wanted {want_status}")
    check(h.get("content-type") == "application/problem+json",
          f"{what}: content-type {h.get('content-type')}")
    security_headers(h, what)
    try:
        p = json.loads(body)
    except ValueError:
        check(False, f"{what}: body is not JSON: {body[:200]!r}")
        return None
    for k in ("type", "title", "status", "detail"):
        check(k in p, f"{what}: problem without {k}")
    check(p.get("status") == want_status, f"{what}: problem status {p.get('status')}")
    if pointer is not None:
        ptrs = [e.get("pointer") for e in p.get("errors", [])]
        check(pointer in ptrs, f"{what}: pointer {pointer} not in {ptrs}")
    if detail is not None:
        check(detail in p.get("detail", ""), f"{what}: detail {p.get('detail')!r} lacks {detail!r}")
    return p


def run(remit, *args, stdin=None):
    return subprocess.run([remit, *args], input=stdin, capture_output=True)


def test_get_endpoints(s, remit, repo):
    rules = os.path.join(repo, "rules")
    st, h, b = s.request("GET", "/healthz")
    check(st == 200 and json.loads(b)["status"] == "ok", f"healthz {st} {b!r}")
    security_headers(h, "healthz")
    st, h, b = s.request("GET", "/v1/facts")
    check(st == 200 and h["content-type"] == "application/json", f"facts {st}")
    check(b == run(remit, "facts", "--json", "--rules", rules).stdout, "facts differ from remit facts --json")
    st, h, b = s.request("GET", "/v1/schema")
    check(st == 200 and h["content-type"] == "application/schema+json", f"schema {st} {h.get('content-type')}")
    check(b == run(remit, "schema", "--rules", rules).stdout, "schema differs from remit schema")
    st, h, b = s.request("GET", "/v1/rulesets")
    check(st == 200, f"rulesets {st}")
    rs = json.loads(b)
    facts = json.loads(run(remit, "facts", "--json", "--rules", rules).stdout)
    check([r["id"] for r in rs["rulesets"]] == [r["id"] for r in facts["rulesets"]],
          "rulesets ids differ from remit facts")
    for r in rs["rulesets"]:
        for k in ("id", "version", "digest", "law_checked", "title", "jurisdiction"):
            check(r.get(k), f"rulesets: {k} missing")
        check(r["digest"].startswith("sha256:"), "rulesets: digest")
    st, h, b = s.request("HEAD", "/healthz")
    check(st == 200 and b == b"", f"HEAD healthz {st}")
    for path, ctype in (("/", "text/html"), ("/app.js", "text/javascript"),
                        ("/app.css", "text/css")):
        st, h, b = s.request("GET", path)
        check(st == 200 and h.get("content-type", "").startswith(ctype), f"GET {path}: {st} {h.get('content-type')}")
        security_headers(h, f"GET {path}")
    st, h, b = s.request("GET", "/index.html")
    check(st == 200, "index.html by name")
    # Nothing from disk: a path that would traverse is simply unknown.
    for path in ("/../README.md", "/%2e%2e/README.md", "/engine/web/app.js", "/etc/passwd"):
        st, h, b = s.request("GET", path)
        check(st == 404, f"GET {path}: {st}")


def test_openapi(s):
    st, h, b = s.request("GET", "/v1/openapi.json")
    check(st == 200 and h["content-type"] == "application/json", f"openapi {st}")
    doc = json.loads(b)
    check(str(doc.get("openapi", "")).startswith("3."), "openapi version")
    for k in ("info", "paths", "components"):
        check(k in doc, f"openapi: no {k}")
    want = {"/v1/check": "post", "/v1/batch": "post", "/v1/next": "post",
            "/v1/facts": "get", "/v1/schema": "get", "/v1/rulesets": "get",
            "/healthz": "get", "/v1/openapi.json": "get", "/": "get"}
    for path, method in want.items():
        check(method in doc["paths"].get(path, {}), f"openapi: {method} {path} missing")
    for path, item in doc["paths"].items():
        for method, op in item.items():
            check("responses" in op and "200" in op["responses"], f"openapi: {method} {path} without 200")
            for code, resp in op["responses"].items():
                for ct, media in resp.get("content", {}).items():
                    ref = media.get("schema", {}).get("$ref", "")
                    if ref.startswith("#/components/schemas/"):
                        name = ref.rsplit("/", 1)[1]
                        check(name in doc["components"]["schemas"], f"openapi: dangling {ref}")
            # Every documented operation answers (not 404).
            if method == "get":
                st, _, _ = s.request("GET", path)
                check(st == 200, f"openapi: GET {path} gives {st}")
            else:
                st, _, _ = s.request("POST", path + "?today=" + TODAY, body=b"{}")
                check(st != 404 and st != 405, f"openapi: POST {path} gives {st}")


def test_check(s, remit, repo):
    n = 0
    for ex in examples(repo):
        body = open(ex, "rb").read()
        cli = run(remit, "check", "--json", "--today", TODAY, "--rules",
                  os.path.join(repo, "rules"), ex).stdout
        st, h, b = s.request("POST", "/v1/check?today=" + TODAY, body=body)
        check(st == 200, f"check {os.path.basename(ex)}: {st} {b[:200]!r}")
        check(b == cli, f"check {os.path.basename(ex)}: bytes differ from remit check --json")
        n += 1
    ex = examples(repo)[0]
    cli = run(remit, "check", "--json", "--pretty", "--compact", "--today", TODAY, "--rules",
              os.path.join(repo, "rules"), ex).stdout
    st, h, b = s.request("POST", f"/v1/check?today={TODAY}&pretty=true&compact=true",
                         body=open(ex, "rb").read())
    check(b == cli, "check pretty+compact differs from the CLI")
    security_headers(h, "check")
    print(f"check: {n} examples give the bytes of remit check --json")


def raw_request(s, method, path, body):
    """Sends a request whose body the server may refuse before reading it
    (the send may then fail), and reads the answer."""
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=30)
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    sock.sendall(head.encode())
    try:
        sock.sendall(body)
    except OSError:
        pass
    r = http.client.HTTPResponse(sock)
    r.begin()
    data = r.read()
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    sock.close()
    return r.status, hdrs, data


def test_errors(s, repo):
    q = "/v1/check?today=" + TODAY
    st, h, b = s.request("POST", q, body=b'{"heads": [ {"actor": }]}')
    p = problem(st, h, b, 400, "bad JSON", detail="line 1, column")
    check(p and p["errors"][0]["line"] == 1 and p["errors"][0]["column"], "bad JSON: position")
    st, h, b = s.request("POST", q, body=b'[1, 2]')
    problem(st, h, b, 400, "not an object")
    st, h, b = s.request("POST", q, body=b'{"nation": "england", "heads": [{"actor": 3}]}')
    problem(st, h, b, 422, "wrong type", pointer="/heads/0/actor")
    st, h, b = s.request("POST", q, body=b'{"nation": "england", "heads": [{"actor": "martian"}]}')
    problem(st, h, b, 422, "unknown value", pointer="/heads/0/actor", detail="martian")
    st, h, b = s.request("POST", q, body=b'{"nation": "england", "heads": [{"event_date": "2026-02-31"}]}')
    problem(st, h, b, 422, "bad date", pointer="/heads/0/event_date")
    st, h, b = s.request("POST", q, body=b'')
    problem(st, h, b, 400, "empty body")
    st, h, b = s.request("POST", "/v1/check?today=2026-13-01", body=b'{}')
    problem(st, h, b, 400, "bad today", detail="today")
    st, h, b = s.request("POST", "/v1/check?todya=2026-01-01", body=b'{}')
    problem(st, h, b, 400, "unknown query parameter", detail="todya")
    st, h, b = s.request("POST", q, body=b'a=b', headers={"Content-Type": "application/x-www-form-urlencoded"})
    problem(st, h, b, 415, "form body")
    st, h, b = s.request("GET", "/v1/check")
    problem(st, h, b, 405, "GET /v1/check")
    check(h.get("allow") == "POST", f"405 Allow: {h.get('allow')}")
    st, h, b = s.request("PUT", "/v1/facts", body=b'{}')
    problem(st, h, b, 405, "PUT /v1/facts")
    check("GET" in h.get("allow", ""), f"405 Allow: {h.get('allow')}")
    st, h, b = s.request("DELETE", "/")
    problem(st, h, b, 405, "DELETE /")
    st, h, b = s.request("GET", "/v2/check")
    problem(st, h, b, 404, "unknown path")
    st, h, b = s.request("POST", "/nowhere", body=b'{}')
    problem(st, h, b, 404, "POST unknown path")
    # Oversized, with Content-Length: refused before the body is read.
    big = b'{"heads": [{}], "pad": "' + b'x' * (1100 * 1024) + b'"}'
    st, h, b = raw_request(s, "POST", q, big)
    problem(st, h, b, 413, "oversized (Content-Length)")
    # Oversized, chunked: refused at its end.
    c = s.conn()
    c.putrequest("POST", q)
    c.putheader("Content-Type", "application/json")
    c.putheader("Transfer-Encoding", "chunked")
    c.endheaders()
    piece = b'x' * 65536
    try:
        for _ in range(20):
            c.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        c.send(b"0\r\n\r\n")
        r = c.getresponse()
        st, body = r.status, r.read()
        check(st == 413, f"oversized chunked: {st}")
    except OSError as e:
        check(False, f"oversized chunked: connection error {e}")
    c.close()
    # Headers too large.
    st, h, b = s.request("GET", "/healthz", headers={"X-Big": "y" * 100000})
    check(st == 431 or st == 413, f"huge header: {st}")
    # Too deep, too many heads: the engine's own limits.
    st, h, b = s.request("POST", q, body=b'{"heads":[{}], "x":' + b'[' * 5000 + b']' * 5000 + b'}')
    problem(st, h, b, 400, "nesting over the limit")
    st, h, b = s.request("POST", q, body=json.dumps({"nation": "england", "heads": [{}] * 1001}).encode())
    problem(st, h, b, 422, "too many heads")
    # The server is still up.
    st, _, _ = s.request("GET", "/healthz")
    check(st == 200, "healthz after bad requests")


def test_slow_client(s):
    # A client that sends half a request and waits is cut off at --timeout
    # (2 s here), and meanwhile others are answered.
    slow = socket.create_connection(("127.0.0.1", s.port))
    slow.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"he")
    t0 = time.time()
    st, _, _ = s.request("GET", "/healthz")
    check(st == 200, "healthz while a client is slow")
    slow.settimeout(10)
    try:
        data = slow.recv(100)
    except OSError:
        data = b""
    took = time.time() - t0
    check(data == b"" or data.startswith(b"HTTP/1.1 4"), f"slow client got {data[:60]!r}")
    check(took < 8, f"slow client held for {took:.1f} s")
    slow.close()
    # A client that never finishes its headers.
    slow = socket.create_connection(("127.0.0.1", s.port))
    slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    slow.settimeout(10)
    try:
        data = slow.recv(100)
    except OSError:
        data = b""
    check(data == b"" or data.startswith(b"HTTP/1.1 4"), f"headers never finished: {data[:60]!r}")
    slow.close()


def test_batch(s, remit, repo):
    lines = []
    for ex in examples(repo):
        lines.append(json.dumps(json.load(open(ex))))
    lines.insert(3, '{"heads": [')
    lines.insert(7, '')
    lines.insert(9, '{"nation": "england", "heads": [{"actor": "martian"}]}')
    lines.insert(12, '[]')
    body = ("\n".join(lines) + "\n").encode()
    st, h, b = s.request("POST", "/v1/batch?today=" + TODAY, body=body,
                         headers={"Content-Type": "application/x-ndjson"})
    check(st == 200 and h.get("content-type") == "application/x-ndjson", f"batch {st}")
    check(h.get("transfer-encoding") == "chunked", "batch is not streamed (chunked)")
    security_headers(h, "batch")
    out = [json.loads(l) for l in b.decode().splitlines()]
    nonblank = [i + 1 for i, l in enumerate(lines) if l.strip()]
    check(len(out) == len(nonblank), f"batch: {len(nonblank)} records in, {len(out)} out")
    check([r["line"] for r in out] == nonblank, "batch: line numbers")
    errors = [r for r in out if "error" in r]
    check(len(errors) == 3, f"batch: {len(errors)} error records, wanted 3")
    for r in errors:
        check(r["diagnostics"] and r["error"], "batch: error record without its error")
    cli = run(remit, "batch", "--today", TODAY, "--rules", os.path.join(repo, "rules"),
              stdin=body).stdout.decode().splitlines()
    cli = [json.loads(l) for l in cli]
    check([r.get("verdict") for r in cli] == [r.get("verdict") for r in out],
          "batch: verdicts differ from remit batch")
    check([r["line"] for r in cli] == [r["line"] for r in out], "batch: lines differ from remit batch")
    same = sum(1 for a, b2 in zip(cli, out) if a == b2)
    check(same == len(out) == len(cli), f"batch: {len(out) - same} records differ from remit batch's")
    print(f"batch: {len(out)} records, {len(errors)} errors, {same} identical to remit batch's")
    csv = os.path.join(repo, "examples", "intake-forms.csv")
    if os.path.exists(csv):
        st, h, b = s.request("POST", "/v1/batch?today=" + TODAY, body=open(csv, "rb").read(),
                             headers={"Content-Type": "text/csv"})
        want = run(remit, "batch", "--today", TODAY, "--rules", os.path.join(repo, "rules"),
                   "--input-format", "csv", stdin=open(csv, "rb").read()).stdout
        check(st == 200 and b == want, f"batch CSV: {st}, differs from remit batch --input-format csv")
    st, h, b = s.request("POST", "/v1/batch", body=b"", headers={"Content-Type": "application/x-ndjson"})
    check(st == 200 and b == b"", f"empty batch: {st} {b[:80]!r}")


def put(doc, pointer, value):
    toks = pointer.strip("/").split("/")
    node = doc
    for tok in toks[:-1]:
        node = node[int(tok)] if isinstance(node, list) else node.setdefault(tok, {})
    node[toks[-1]] = value


def interview(s, example, facts_by_ruleset):
    """Answers /v1/next's questions from an example until it settles;
    returns (complaint, final step, questions asked)."""
    full = json.load(open(example))
    doc = {"heads": [{"summary": h.get("summary", "")} for h in full["heads"]]}
    dont_know = []
    asked = 0
    while True:
        qs = urllib.parse.urlencode([("today", TODAY)] + [("dont_know", p) for p in dont_know])
        st, h, b = s.request("POST", "/v1/next?" + qs, body=json.dumps(doc).encode())
        check(st == 200, f"next {os.path.basename(example)}: {st} {b[:300]!r}")
        if st != 200:
            return doc, None, asked
        step = json.loads(b)
        q = step["question"]
        if q is None:
            return doc, step, asked
        asked += 1
        rid = step["verdict"]["ruleset"]["id"]
        fact = facts_by_ruleset[rid].get(q["fact"])
        check(fact is not None, f"next: fact {q['fact']} not in ruleset {rid}")
        if fact:
            allowed = {v["value"] for v in fact["values"]}
            offered = {v["value"] for v in q["values"]}
            check(offered == allowed, f"next ({rid}): {q['fact']} offers {sorted(offered - allowed)} "
                  f"not declared by the ruleset, or leaves out {sorted(allowed - offered)}")
        for k in ("text", "help", "type", "split", "pointer", "values", "dont_know"):
            check(k in q, f"next: question without {k}")
        # A head's subject or actor may be split into one head per matter;
        # no other question may.
        want_split = q["fact"] in ("subject", "actor") and q["head"] is not None
        check(q.get("split") is want_split, f"next: {q['fact']} has split {q.get('split')}")
        v = lookup(full, q["pointer"])
        if v is None or step["step"] == "confirm":
            dont_know.append(q["pointer"])
        else:
            put(doc, q["pointer"], v)
        if asked > 150:
            check(False, f"next {example}: more than 150 questions")
            return doc, step, asked


def test_next(s, remit, repo):
    facts = json.loads(s.request("GET", "/v1/facts")[2])
    by = {r["id"]: {f["name"]: f for f in r["facts"]} for r in facts["rulesets"]}
    done = 0
    for name in ("england-partly-in-scope.json", "wales-stage1-only.json",
                 "england-late.json", "wales-school.json"):
        ex = os.path.join(repo, "examples", "complaints", name)
        if not os.path.exists(ex):
            continue
        doc, step, asked = interview(s, ex, by)
        if not step:
            continue
        st, _, b = s.request("POST", "/v1/check?today=" + TODAY, body=open(ex, "rb").read())
        want = json.loads(b)["verdict"]
        got = step["verdict"]["verdict"]
        check(got == want, f"next {name}: interview ends {got}, remit check says {want}")
        check(step["step"] in ("settled", "stuck"), f"next {name}: last step {step['step']}")
        done += 1
        print(f"next: {name}: {asked} questions, {got}")
    check(done >= 2, "next: fewer than two interviews ran")
    # ask= gives that question, whatever the verdict.
    body = json.dumps({"nation": "wales", "heads": [{"summary": "x"}]}).encode()
    st, h, b = s.request("POST", "/v1/next?ask=%2Fnation&today=" + TODAY, body=body)
    step = json.loads(b)
    check(st == 200 and step["step"] == "edit" and step["question"]["pointer"] == "/nation",
          f"next ask=/nation: {st} {b[:200]!r}")
    st, h, b = s.request("POST", "/v1/next?ask=%2Fnope&today=" + TODAY, body=body)
    problem(st, h, b, 400, "next ask= unknown pointer")
    # dont_know: the first question passed over is not asked again.
    st, h, b = s.request("POST", "/v1/next?today=" + TODAY, body=body)
    first = json.loads(b)["question"]["pointer"]
    st, h, b = s.request("POST", "/v1/next?today=" + TODAY + "&dont_know=" + urllib.parse.quote(first, safe=""), body=body)
    check(json.loads(b)["question"]["pointer"] != first, "next: dont_know asked again")
    st, h, b = s.request("POST", "/v1/next", body=b'{"heads": [{"actor": 1}]}')
    problem(st, h, b, 422, "next wrong type", pointer="/heads/0/actor")
    # The same call as remit ask: the first question of an empty head is
    # the first question ask puts.
    st, h, b = s.request("POST", "/v1/next", body=b'{"heads": [{}]}')
    check(json.loads(b)["question"]["pointer"] == "/nation", "next: first question")


def test_log(s):
    secret = "Ms Y told us about the red bicycle"
    s.request("POST", "/v1/check?today=" + TODAY,
              body=json.dumps({"id": "case-77", "nation": "england",
                               "heads": [{"summary": secret, "actor": "police"}]}).encode())
    time.sleep(0.3)
    log = s.log
    check(secret not in log and "red bicycle" not in log, "the log holds a request body")
    lines = [l for l in log.splitlines() if " /v1/check " in l and "case-77" in l]
    check(not any("police" in l for l in lines), "the log holds a fact value")
    check(len(lines) == 1, f"log: {len(lines)} lines for one request")
    if lines:
        parts = lines[0].split()
        check(parts[1] == "POST" and parts[2] == "/v1/check" and parts[3] == "200"
              and parts[4] == "needs_information" and parts[5].endswith("ms") and parts[6] == "case-77",
              f"log line: {lines[0]}")
    # One line per request: count the requests made against the lines.
    n0 = len([l for l in s.log.splitlines() if "/healthz" in l])
    for _ in range(5):
        s.request("GET", "/healthz")
    time.sleep(0.3)
    n1 = len([l for l in s.log.splitlines() if "/healthz" in l])
    check(n1 - n0 == 5, f"log: {n1 - n0} lines for 5 requests")


def test_cors(remit, repo):
    s = Server(remit, repo, "--allow-origin", "https://intake.example.org")
    try:
        st, h, b = s.request("POST", "/v1/check?today=" + TODAY, body=b'{"heads":[{}]}',
                             headers={"Origin": "https://intake.example.org"})
        check(h.get("access-control-allow-origin") == "https://intake.example.org",
              f"CORS: allowed origin got {h.get('access-control-allow-origin')}")
        st, h, b = s.request("POST", "/v1/check?today=" + TODAY, body=b'{"heads":[{}]}',
                             headers={"Origin": "https://evil.example.net"})
        check("access-control-allow-origin" not in h, "CORS: another origin allowed")
        st, h, b = s.request("OPTIONS", "/v1/check", headers={
            "Origin": "https://intake.example.org", "Access-Control-Request-Method": "POST"})
        check(st == 204 and "POST" in h.get("access-control-allow-methods", ""), f"preflight {st}")
    finally:
        check(s.stop() == 0, "CORS server exit")


def test_listen(remit, repo):
    r = run(remit, "serve", "--listen", "0.0.0.0:0", "--rules", os.path.join(repo, "rules"))
    check(r.returncode == 2 and b"--public" in r.stderr, f"non-loopback without --public: {r.returncode} {r.stderr!r}")
    r = run(remit, "serve", "--listen", "nonsense")
    check(r.returncode == 2, f"bad --listen: {r.returncode}")
    r = run(remit, "serve", "--threads", "0")
    check(r.returncode == 2, f"--threads 0: {r.returncode}")
    r = run(remit, "serve", "--help")
    check(r.returncode == 0 and b"--allow-origin" in r.stdout, "serve --help")


def test_drain(remit, repo):
    # A large batch is in flight when SIGTERM comes: it is finished, then
    # the server exits 0; new connections are refused meanwhile.
    s = Server(remit, repo, "--threads", "2")
    line = json.dumps(json.load(open(examples(repo)[0]))) + "\n"
    n = 300 if os.environ.get("REMIT_VALGRIND") else 3000
    body = (line * n).encode()
    result = {}

    def post():
        try:
            st, h, b = s.request("POST", "/v1/batch?today=" + TODAY, body=body,
                                 headers={"Content-Type": "application/x-ndjson"})
            result["st"], result["n"] = st, len(b.splitlines())
        except OSError as e:
            result["err"] = str(e)

    t = threading.Thread(target=post)
    t.start()
    time.sleep(0.15)
    rc = s.stop()
    t.join(30)
    check(rc == 0, f"SIGTERM: exit {rc}")
    check(result.get("st") == 200 and result.get("n") == n,
          f"SIGTERM: the request in flight got {result}")
    check("finishing" in s.log and "stopped" in s.log, "SIGTERM: not logged")


def main():
    remit, repo = sys.argv[1], sys.argv[2]
    s = Server(remit, repo, "--threads", "4", "--timeout", "2")
    try:
        test_get_endpoints(s, remit, repo)
        test_openapi(s)
        test_check(s, remit, repo)
        test_errors(s, repo)
        test_slow_client(s)
        test_batch(s, remit, repo)
        test_next(s, remit, repo)
        test_log(s)
    finally:
        rc = s.stop()
    check(rc == 0, f"exit status {rc} after SIGTERM")
    test_cors(remit, repo)
    test_listen(remit, repo)
    test_drain(remit, repo)
    if FAILS:
        print(f"{len(FAILS)} failures")
        sys.exit(1)
    print("serve API ok")


if __name__ == "__main__":
    main()
