#!/usr/bin/env python3
"""The catalogue of bad inputs (tests/bad/README.md): every case is run
through the remit CLI and its exit status and standard error compared, byte
for byte, with the case's .out file.

usage: run.py REMIT REPO [--regen | --table]

A case is a file in complaints/ or rules/ and a NAME.out beside it:

  complaints/NAME.json  a complaint: remit check --rules tests/data/mini.yaml
                        --today 2026-11-22 complaints/NAME.json
  complaints/NAME.gen   a Python expression giving the complaint's bytes
                        (large inputs are made, not stored; REPO names the
                        repository); fed on stdin
  rules/NAME.yaml       a rule file: remit facts --rules rules/NAME.yaml
  rules/NAME.gen        a Python expression giving the rule file's bytes,
                        written to a temporary NAME.yaml and loaded from there
  NAME.args             optional: the arguments instead of the default ones
                        ({} stands for the input's path, - for stdin)
  NAME.out              "exit N", then the exact standard error

Commands run in REPO (generated rule files in their temporary directory)
with NO_COLOR=1 and LC_ALL=C.  With --regen the .out files are rewritten
from what remit does now: review the diff before committing it.  With
--table the catalogue table of README.md is printed; the check fails when
README.md does not hold that table.
"""
import os
import shlex
import subprocess
import sys
import tempfile

remit, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
regen = len(sys.argv) > 3 and sys.argv[3] == "--regen"
here = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ, NO_COLOR="1", LC_ALL="C")
env.pop("REMIT_RULES", None)
env.pop("COLUMNS", None)

DEFAULTS = {
    "complaints": "check --rules tests/data/mini.yaml --today 2026-11-22 {}",
    "rules": "facts --rules {}",
}

def run_case(kind, name, ext, tmp):
    base = os.path.join(here, kind, name)
    args_file = base + ".args"
    args = DEFAULTS[kind]
    if os.path.exists(args_file):
        args = open(args_file).read().strip()
    stdin = subprocess.DEVNULL
    cwd = repo
    if ext == ".gen":
        data = eval(open(base + ".gen").read(),
                    {"__builtins__": __builtins__, "REPO": repo})
        if isinstance(data, str):
            data = data.encode("utf-8")
        if kind == "complaints":
            path = "-"
            stdin = data
        else:
            cwd = tmp
            path = name + ".yaml"
            with open(os.path.join(tmp, path), "wb") as f:
                f.write(data)
    else:
        path = os.path.relpath(base + ext, repo)
    argv = [remit] + [path if w == "{}" else w for w in shlex.split(args)]
    p = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=600,
                       input=stdin if isinstance(stdin, bytes) else None,
                       stdin=None if isinstance(stdin, bytes) else stdin)
    return b"exit %d\n" % p.returncode + p.stderr

def cases():
    """Each case of the catalogue, in order: (kind, its folder, name,
    extension)."""
    for kind in ("complaints", "rules"):
        d = os.path.join(here, kind)
        for fn in sorted(os.listdir(d)):
            name, ext = os.path.splitext(fn)
            if ext in (".json", ".yaml", ".gen"):
                yield kind, d, name, ext

def table():
    """The catalogue as the Markdown table of README.md: each case, its
    exit status and the first line of what remit says."""
    rows = ["| case | exit | remit says (first line, shortened) |",
            "|---|---|---|"]
    for kind, d, name, ext in cases():
        out = open(os.path.join(d, name + ".out"), "rb").read()
        lines = out.decode("utf-8", "replace").split("\n")
        status = lines[0].replace("exit ", "")
        said = lines[1] if len(lines) > 1 else ""
        said = said.split(": ", 1)[1] if ": " in said else said
        for prefix in ("/", "(the whole complaint): "):
            if said.startswith(prefix):
                said = said.split(": ", 1)[1] if ": " in said else said
        said = said.replace("|", "\\|")
        if len(said) > 100:
            said = said[:97] + "..."
        rows.append("| %s/%s%s | %s | %s |" % (kind, name, ext, status,
                                               said or "(nothing)"))
    return "\n".join(rows) + "\n"

def readme_in_step():
    """README.md holds the table between its markers, as table() makes it."""
    text = open(os.path.join(here, "README.md"), encoding="utf-8").read()
    start = text.index("<!-- catalogue -->\n") + len("<!-- catalogue -->\n")
    end = text.index("<!-- /catalogue -->")
    return text[start:end] == table()

def main():
    if len(sys.argv) > 3 and sys.argv[3] == "--table":
        sys.stdout.write(table())
        return 0
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for kind, d, name, ext in cases():
            got = run_case(kind, name, ext, tmp)
            out = os.path.join(d, name + ".out")
            if regen:
                with open(out, "wb") as f:
                    f.write(got)
                continue
            want = open(out, "rb").read() if os.path.exists(out) else b""
            if got == want:
                passed += 1
            else:
                failed += 1
                print("FAIL %s/%s%s" % (kind, name, ext))
                print("  expected: %r" % want[:600])
                print("  got:      %r" % got[:600])
    if regen:
        print("bad inputs: .out files rewritten")
        return 0
    if not readme_in_step():
        failed += 1
        print("FAIL tests/bad/README.md: the catalogue table is not the one "
              "the cases give (run.py REMIT REPO --table)")
    print("bad inputs: %d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0

sys.exit(main())
