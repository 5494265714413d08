#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The command line's conventions (issue 14), one check per behaviour:

- a failed write (/dev/full) is an error with a message and exit status 5,
  for check (text and JSON), facts, schema, --version and help;
- `remit check --json` on bad input writes a JSON error object on stdout
  (status, exit_status, message, pointer or line and column) as well as
  the text on stderr;
- `--` ends the options;
- a misspelt command suggests the nearest one;
- TERM=dumb (or NO_COLOR) means no colour, in a real terminal (a pty);
- text wraps by display width: a head's summary of wide (CJK) words fits
  the width in columns, and words are not split.

usage: cli_conventions.py REMIT REPO
"""
import json
import os
import pty
import subprocess
import sys
import tempfile

remit, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLE = os.path.join(repo, "examples", "complaints", "england-police.json")
MINI = os.path.join(repo, "tests", "data", "mini.yaml")
failures = []


def env(**extra):
    e = dict(os.environ)
    for k in ("REMIT_RULES", "NO_COLOR", "COLUMNS"):
        e.pop(k, None)
    e.update(extra)
    return e


def run(args, stdin=b"", stdout=subprocess.PIPE, cwd=None, **extra):
    return subprocess.run([remit] + args, input=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, cwd=cwd, env=env(**extra))


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


# --- failed writes -------------------------------------------------------
for args in (["check", "--today", "2026-11-22", EXAMPLE],
             ["check", "--json", "--today", "2026-11-22", EXAMPLE],
             ["facts"], ["facts", "--json"], ["schema"], ["--version"],
             ["help"], ["help", "check"]):
    with open("/dev/full", "wb") as full:
        p = run(args, stdout=full)
    err = p.stderr.decode()
    check(p.returncode == 5,
          "remit %s > /dev/full: exit %d, not 5" % (" ".join(args), p.returncode))
    check("remit: cannot write the output: No space left on device" in err,
          "remit %s > /dev/full: no message (%r)" % (" ".join(args), err))
    check(err.count("cannot write") == 1,
          "remit %s > /dev/full: the failure reported more than once" % " ".join(args))

# --- check --json on bad input -------------------------------------------
def json_error(args, stdin=b""):
    p = run(args, stdin=stdin)
    try:
        obj = json.loads(p.stdout.decode())
    except ValueError:
        check(False, "check --json %s: stdout is not JSON: %r" % (args, p.stdout))
        return p, {}
    check(p.stderr.strip() != b"", "check --json %s: nothing on stderr" % args)
    check(obj.get("exit_status") == p.returncode,
          "check --json %s: exit_status %r, exit %d" % (args, obj.get("exit_status"),
                                                        p.returncode))
    for key in ("status", "message", "file", "pointer", "line", "column",
                "diagnostics"):
        check(key in obj, "check --json %s: no %r member" % (args, key))
    return p, obj


base = ["check", "--json", "--today", "2026-11-22"]
p, o = json_error(base + ["--rules", MINI, "-"],
                  b'{"nation": "england",\n "heads": [{"actor": "council_employee",}]}')
check(p.returncode == 3 and o.get("status") == "invalid_complaint", "bad JSON: status")
check((o.get("line"), o.get("column")) == (2, 41), "bad JSON: line and column %r" %
      ((o.get("line"), o.get("column")),))
check(o.get("pointer") is None and "unexpected" in o.get("message", ""), "bad JSON: message")

p, o = json_error(base + ["--rules", MINI, "-"],
                  b'{"nation": "england", "children_count": "two", "heads": [{}]}')
check(o.get("pointer") == "/children_count", "wrong type: pointer %r" % o.get("pointer"))
check(o.get("diagnostics") and o["diagnostics"][0]["code"], "wrong type: diagnostics")

# Inputs plainly in another format (issue 14): said what they look like and
# what remit expects, as batch does, with a stable code.
for what, data, code, line in (
        ("YAML", b"nation: england\nheads:\n  - summary: x\n", "input-yaml", 1),
        ("CSV", b"id,nation,heads.1.summary\nx,england,y\n", "input-csv", 1),
        ("UTF-16", '{"nation": "england", "heads": [{}]}'.encode("utf-16"), "input-utf16", 1),
        ("two pretty complaints", b'{\n "nation": "england",\n "heads": [{}]\n}\n'
         b'{\n "nation": "wales",\n "heads": [{}]\n}\n', "input-several-complaints", 5),
        ("JSON Lines", b'{"nation": "england", "heads": [{}]}\n{"nation": "wales", "heads": [{}]}\n',
         "input-json-lines", 1),
        ("a JSON array", b'[{"nation": "england", "heads": [{}]}]\n', "input-json-array", 1)):
    p, o = json_error(base + ["--rules", MINI, "-"], data)
    d = o.get("diagnostics") or [{}]
    check(p.returncode == 3 and o.get("status") == "invalid_complaint" and
          d[0].get("code") == code and o.get("line") == line,
          "%s: %r %r line %r" % (what, o.get("status"), d[0].get("code"), o.get("line")))
    check("unexpected" not in o.get("message", "") and "NUL" not in o.get("message", "") and
          ("JSON" in o.get("message", "") or "UTF-8" in o.get("message", "")),
          "%s: message %r" % (what, o.get("message")))
    check(o.get("message", "").encode() in p.stderr, "%s: the same message on stderr" % what)

p, o = json_error(base + ["--rules", MINI, "-"], b'{"nation": "wales", "heads": [{}]}')
check(p.returncode == 3 and o.get("status") == "no_ruleset", "no ruleset: %r" % o.get("status"))

p, o = json_error(base + [os.path.join(repo, "no-such-complaint.json")])
check(p.returncode == 3 and "No such file" in o.get("message", ""),
      "missing file: %r" % o.get("message"))

p, o = json_error(base + ["--rules", os.path.join(repo, "tests", "data", "bad",
                                                   "unknown-fact.yaml"), EXAMPLE])
check(p.returncode == 4 and o.get("status") == "invalid_rules", "bad rules: status")
check(o.get("line") and o.get("file", "").endswith("unknown-fact.yaml"),
      "bad rules: position %r %r" % (o.get("file"), o.get("line")))

p, o = json_error(base + ["--width", "5", EXAMPLE])
check(p.returncode == 2 and o.get("status") == "usage_error" and "--width" in o.get("message", ""),
      "usage error: %r" % o)

p = run(base + [EXAMPLE])
check(p.returncode == 0 and "verdict" in json.loads(p.stdout.decode()),
      "a good complaint still gives the verdict JSON")

# --- '--' ends the options -----------------------------------------------
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "-x.json"), "wb") as f, open(EXAMPLE, "rb") as g:
        f.write(g.read())
    p = run(["check", "--today", "2026-11-22", "-x.json"], cwd=tmp)
    check(p.returncode == 2 and b"unknown option '-x.json'" in p.stderr,
          "without --, -x.json is an option")
    p = run(["check", "--today", "2026-11-22", "--", "-x.json"], cwd=tmp)
    check(p.returncode == 0 and p.stdout.startswith(b"Verdict: "),
          "after --, -x.json is a file: %r" % p.stderr)
    p = run(["check", "--", "--today", "2026-11-22"], cwd=tmp)
    check(p.returncode == 2 and b"only one complaint" in p.stderr,
          "after --, --today is not an option: %r" % p.stderr)
    p = run(["check", "--today", "2026-11-22", "--", "-"], stdin=open(EXAMPLE, "rb").read(),
            cwd=tmp)
    check(p.returncode == 0, "after --, '-' is still standard input")

# --- a misspelt command ----------------------------------------------------
for wrong, right in (("chekc", "check"), ("shcema", "schema"), ("bach", "batch"),
                     ("tset", "test"), ("facst", "facts")):
    p = run([wrong])
    check(p.returncode == 2 and ("did you mean '%s'?" % right).encode() in p.stderr,
          "%s: %r" % (wrong, p.stderr))
p = run(["frobnicate"])
check(p.returncode == 2 and b"did you mean" not in p.stderr, "frobnicate: no suggestion")
p = run(["help", "chek"])
check(p.returncode == 2 and b"did you mean 'check'?" in p.stderr, "help chek")


# --- colour: TERM=dumb and NO_COLOR in a real terminal -------------------
def in_pty(args, **extra):
    pid, fd = pty.fork()
    if pid == 0:
        e = env(**extra)
        os.execve(remit, [remit] + args, e)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out


args = ["check", "--today", "2026-11-22", EXAMPLE]
check(b"\x1b[" in in_pty(args, TERM="xterm"), "a terminal gets colour")
check(b"\x1b[" not in in_pty(args, TERM="dumb"), "TERM=dumb: no colour")
check(b"\x1b[" not in in_pty(args, TERM="xterm", NO_COLOR="1"), "NO_COLOR: no colour")
check(b"\x1b[" in in_pty(args + ["--color", "always"], TERM="dumb"),
      "--color always wins over TERM=dumb")

# --- wrapping counts display width ----------------------------------------
import unicodedata


def columns(line):
    n = 0
    for ch in line:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


complaint = json.load(open(EXAMPLE))
word = "\u5150\u7ae5\u4fdd\u8b77"  # four wide characters: eight columns
complaint["heads"][0]["summary"] = " ".join([word] * 12) + " cafe\u0301 caf\u00e9"
for width in (40, 57):
    p = run(["check", "--today", "2026-11-22", "--width", str(width), "-"],
            stdin=json.dumps(complaint).encode())
    out = p.stdout.decode()
    lines = [l for l in out.split("\n") if word in l or "caf" in l]
    check(p.returncode == 0 and len(lines) >= 2, "wide summary: %r" % out[:300])
    for l in lines:
        check(columns(l) <= width, "width %d: a line of %d columns: %r" % (width, columns(l), l))
    joined = " ".join(l.strip() for l in lines)
    check(joined.count(word) == 12, "width %d: a wide word was split" % width)
    # Filled, not just short: each line but the last could not take a word more.
    for l in lines[:-1]:
        check(columns(l) + 1 + 8 > width, "width %d: a line not filled: %r" % (width, l))

if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
print("cli conventions: all good")
