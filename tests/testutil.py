# SPDX-License-Identifier: Apache-2.0
"""What the Python tests share: running the remit binary, the example
complaints, looking up a JSON pointer, and a runner for test_* functions
that count failed checks.  A test script imports it with

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import testutil
"""
import os
import resource
import subprocess


def run_remit(remit, repo, args, stdin=None, env=None, cwd=None, limit_as=None):
    """Runs remit with args in repo (or cwd), without colour, in the C
    locale and with no REMIT_RULES from the caller's environment; env adds
    variables, limit_as caps its address space (bytes).  Returns (status,
    stdout text, stderr text)."""
    e = dict(os.environ, NO_COLOR="1", LC_ALL="C")
    e.pop("REMIT_RULES", None)
    if env:
        e.update(env)

    def pre():
        resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    p = subprocess.run([remit] + args, input=stdin, capture_output=True,
                       env=e, cwd=cwd or repo, preexec_fn=pre if limit_as else None)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def examples(repo):
    """The paths of the example complaints (examples/complaints/*.json), in
    name order."""
    d = os.path.join(repo, "examples", "complaints")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".json"))


def lookup(doc, pointer):
    """The value at a JSON pointer of doc (no ~ escapes), or None."""
    node = doc
    for tok in pointer.strip("/").split("/"):
        if isinstance(node, list):
            i = int(tok)
            if i >= len(node):
                return None
            node = node[i]
        elif isinstance(node, dict):
            if tok not in node:
                return None
            node = node[tok]
        else:
            return None
    return node


class Checks:
    """Failed checks, counted: check() records one and says so; run() calls
    every test_* function of a script in name order and gives its exit
    status."""

    def __init__(self):
        self.failed = []

    def check(self, name, cond, detail=""):
        if not cond:
            self.failed.append(name)
            print("FAIL %s %s" % (name, detail))

    def run(self, scope, what):
        for name, fn in sorted(scope.items()):
            if name.startswith("test_") and callable(fn):
                before = len(self.failed)
                fn()
                print("%s %s" % ("ok  " if len(self.failed) == before else "FAIL", name))
        if self.failed:
            print("%d checks failed" % len(self.failed))
            return 1
        print("%s: all tests passed" % what)
        return 0
