#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Replays every example complaint through `remit ask` as an adviser would.

For each examples/complaints/*.json (read as format 2: `remit migrate`
rewrites the *-format1-* ones), starts `remit ask` from nothing with
answers on standard input, answers each question it asks from the example
(the number of heads, each head's summary, then whatever fact the interview
asks for; "?" when the example does not say), and saves the result.  Checks
that the interview ends with the same verdict as `remit check` on the saved
JSON, and as `remit check` on the example itself.  Also checks that the
answers are typed as an adviser types them (dates as DD/MM/YYYY half the time,
choices by number).

usage: tests/ask/replay.py REMIT REPO
       tests/ask/replay.py --which REMIT REPO < SCREEN   (the pointer of the
           last question on a screen, for tests/ask/tmux.sh)
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testutil import examples as example_paths, lookup  # noqa: E402

TODAY = "2026-11-22"


def choices(text):
    """The numbered choices shown above the prompt, as a list of labels."""
    out = []
    for line in text.splitlines():
        s = line.strip()
        head, _, rest = s.partition(". ")
        if head.isdigit() and rest:
            out.append(rest)
    return out


def answer_for(doc, pointer, qtext, turn):
    v = lookup(doc, pointer)
    if v is None:
        return "?"
    if isinstance(v, bool):
        return "y" if v else "n"
    if isinstance(v, list) and pointer.endswith("/handling_of"):
        # The heads it is about, by their place among the choices (the
        # interview's heads have no ids: it shows their summaries).
        shown = [" ".join(c.split()) for c in choices(qtext)]
        nums = []
        for ref in v:
            h = next((h for h in doc["heads"] if h.get("id") == ref), None)
            s = " ".join(h.get("summary", "").split()) if h else None
            # A long summary wraps: its choice line is where it starts.
            at = [i for i, c in enumerate(shown) if s and s.startswith(c)]
            if at:
                nums.append(str(at[0] + 1))
        return ",".join(nums) if nums else "none"
    if isinstance(v, list):
        return ",".join(v) if v else "none"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" and turn % 2:
        y, m, d = v.split("-")
        return f"{d}/{m}/{y}"
    return str(v)


def load_facts(remit, repo):
    """Question text -> (JSON key, scope), from `remit facts --json`: the
    screen shows the question, never where its answer goes."""
    r = subprocess.run([remit, "facts", "--json", "--rules", os.path.join(repo, "rules")],
                       capture_output=True, text=True, check=True)
    out = {}
    for rs in json.loads(r.stdout)["rulesets"]:
        for f in rs["facts"]:
            out[" ".join(f["question"].split())] = (f["key"], f["scope"])
    return out


def pointer_of(facts, screen):
    """The pointer of the question on the screen: its text (the lines after
    the "Question N" line up to its help or choices) and its head."""
    lines = screen.splitlines()
    start = max(i for i, l in enumerate(lines) if l.startswith("Question "))
    title = lines[start]
    text = []
    rest = lines[start + 1:]
    while rest and rest[0].startswith(" "):  # the title, wrapped
        rest = rest[1:]
    for l in rest:
        if l.startswith((" ", "Answer with ", "Taken as", "The answer so far is",
                         "If several of these fit this point", "The same answer for ")):
            break
        text.append(l)
    key = facts.get(" ".join(" ".join(text).split()))
    if not key:
        return None
    if key[1] == "head":
        head = int(title.split(" - head ")[1].split()[0]) - 1
        return f"/heads/{head}/{key[0]}"
    return "/" + key[0]


def drive(remit, repo, reply, args=(), today=TODAY):
    """Runs `remit ask --today TODAY --rules REPO/rules ARGS` with answers
    on standard input.  At each prompt reply(question) gives the line to
    type, where question is the text since the previous prompt.  Returns
    (exit status, standard output, standard error, [(question, line)...])."""
    p = subprocess.Popen([remit, "ask", "--today", today, "--rules",
                          os.path.join(repo, "rules")] + list(args),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, bufsize=0)
    out = b""
    turns = []
    while True:
        chunk = p.stdout.read1(65536) if hasattr(p.stdout, "read1") else os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
        text = out.decode("utf-8", "replace")
        if not text.endswith("> "):
            continue
        # The question is the text since the previous prompt.
        last = text[: -2].rsplit("\n> ", 1)[-1]
        line = reply(last)
        turns.append((last, line))
        p.stdin.write((line + "\n").encode())
        p.stdin.flush()
        if len(turns) > 300:
            p.kill()
            raise SystemExit(f"remit ask {' '.join(args)}: more than 300 prompts")
    p.wait()
    return p.returncode, out.decode("utf-8", "replace"), p.stderr.read().decode(), turns


def interview(remit, repo, example, save, facts):
    # The example as format 2 (`remit migrate` prints a format-2 complaint
    # as it is, and rewrites a format-1 one): the interview asks in format 2.
    r = subprocess.run([remit, "migrate", "--rules", os.path.join(repo, "rules"), example],
                       capture_output=True, text=True, check=True)
    doc = json.loads(r.stdout)
    state = {"head_no": 0, "turn": 0}

    def reply(last):
        if "How many separate things" in last:
            return str(len(doc["heads"]))
        if "in one sentence, what went wrong?" in last:
            state["head_no"] += 1
            return doc["heads"][state["head_no"] - 1].get("summary", "?")
        if "\nAnswer with " in last:
            pointer = pointer_of(facts, last)
            r = answer_for(doc, pointer, last, state["turn"]) if pointer else "?"
            state["turn"] += 1
            return r
        return "quit"

    rc, out, err, _ = drive(remit, repo, reply, ["--save", save])
    return rc, out, err


def check_verdict(remit, path, label=False):
    r = subprocess.run([remit, "check", "--json", "--today", TODAY, path],
                       capture_output=True, text=True)
    if not r.stdout:
        return f"error {r.returncode}: {r.stderr}"
    return json.loads(r.stdout)["verdict_label" if label else "verdict"]


def final_verdict(out):
    """The interview's last "Verdict:" line, with its wrapped lines, in
    words (the text shows the verdict's label, not its id)."""
    lines = out.splitlines()
    at = [i for i, l in enumerate(lines) if l.startswith("Verdict: ")]
    if not at:
        return None
    words = [lines[at[-1]][len("Verdict: "):]]
    for l in lines[at[-1] + 1:]:
        if not l.startswith(" "):
            break
        words.append(l)
    return " ".join(" ".join(words).split())


def main():
    if sys.argv[1] == "--which":
        # For tests/ask/tmux.sh: the pointer of the last question on the
        # screen given on standard input ("" if none).
        screen = sys.stdin.read()
        if "\nQuestion " in "\n" + screen:
            print(pointer_of(load_facts(sys.argv[2], sys.argv[3]), screen) or "")
        return
    remit, repo = sys.argv[1], sys.argv[2]
    examples = example_paths(repo)
    bad = 0
    facts = load_facts(remit, repo)
    with tempfile.TemporaryDirectory() as tmp:
        for ex in examples:
            save = os.path.join(tmp, os.path.basename(ex))
            rc, out, err = interview(remit, repo, ex, save, facts)
            final = final_verdict(out)
            saved = check_verdict(remit, save) if os.path.exists(save) else "not saved"
            original = check_verdict(remit, ex)
            label = check_verdict(remit, save, True) if os.path.exists(save) else None
            # The interview's verdict is what check says of the saved answers:
            # its label, in words, alone or followed by "; so far: ..." or
            # " - ..." (never a longer label that merely begins the same).
            shows_label = label and final and (final == label or final.startswith(label + ";")
                                               or final.startswith(label + " - "))
            got = saved if shows_label else (final or "none")
            ok = got == saved == original
            asked = out.count("\nQuestion ")
            print(f"{'ok  ' if ok else 'FAIL'} {os.path.basename(ex)}: ask {got}, "
                  f"check on saved {saved}, check on example {original} ({asked} questions)")
            if not ok:
                bad += 1
                print(err)
    print(f"{len(examples) - bad} of {len(examples)} interviews end with the verdict of remit check")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
