#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of what `remit batch` reads (README, "Batch" and "CSV in").

    python3 tests/batch/test_inputs.py REMIT REPO [--sanitized]

The folder case (extensions in any case, skipped files named, nothing read
is an error), the recognised mistakes (one error record and the message
for each), the memory-limit fallback to fewer worker processes, and CSV in
(rows, several heads, spreadsheet values, errors by row and column, count
in = count out, `remit schema --csv`, and examples/intake-forms.csv).
Every test runs the real binary.  --sanitized skips the memory-limit test
(a sanitizer's shadow memory does not fit under an address-space limit).
"""
import csv
import io
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testutil  # noqa: E402

REMIT, REPO = sys.argv[1], sys.argv[2]
SANITIZED = "--sanitized" in sys.argv[3:] or bool(os.environ.get("REMIT_VALGRIND"))
TODAY = "2026-11-22"
EXAMPLES = os.path.join(REPO, "examples", "complaints")
CHECKS = testutil.Checks()
check = CHECKS.check


def run(args, **kw):
    """Runs remit (testutil.run_remit); returns (status, stdout, stderr)."""
    return testutil.run_remit(REMIT, REPO, args, **kw)


def example(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        return json.load(f)


def test_example_csv():
    """examples/intake-forms.csv: one verdict per form, no error record, the
    same verdicts as the forms written as JSON would get."""
    st, out, err = run(["batch", "--today", TODAY, "--strict", "--compact",
                        "examples/intake-forms.csv"])
    lines = [json.loads(l) for l in out.splitlines()]
    with open(os.path.join(REPO, "examples", "intake-forms.csv"), newline="",
              encoding="utf-8") as f:
        rows = list(csv.reader(f))
    check("example csv: status 0, no warning", st == 0 and err == "", "%d %s" % (st, err[:300]))
    check("example csv: one line per form", len(lines) == len(rows) - 1 >= 5,
          "%d lines, %d rows" % (len(lines), len(rows)))
    check("example csv: rows numbered 2...",
          [l.get("row") for l in lines] == list(range(2, len(rows) + 1)))
    check("example csv: ids kept", [l["id"] for l in lines] == [r[0] for r in rows[1:]])
    check("example csv: several heads read",
          max(len(l["heads"]) for l in lines) >= 3)
    # The first form is examples/complaints/england-partly-in-scope.json,
    # written in a spreadsheet's way (labels, UK dates, yes/no).
    first = lines[0]
    s2, single, _ = run(["check", "--json", "--compact", "--today", TODAY,
                         "examples/complaints/england-partly-in-scope.json"])
    ref = json.loads(single)
    check("example csv: form 1 gets the verdict of the same complaint in JSON",
          first["verdict"] == ref["verdict"] == "partly_in_scope" and
          [h["verdict"] for h in first["heads"]] == [h["verdict"] for h in ref["heads"]],
          "%s vs %s" % (first["verdict"], ref["verdict"]))
    st, out, err = run(["batch", "--today", TODAY, "--format", "csv",
                        "examples/intake-forms.csv"])
    rows_out = list(csv.reader(io.StringIO(out)))
    check("example csv: CSV out, header and a row per form",
          len(rows_out) == len(rows) and rows_out[1][2] == rows[1][0], repr(rows_out[:2]))
    check("example csv: questions named by column",
          any("heads.1." in r[9] for r in rows_out[1:]) and
          not any("/heads/" in r[9] for r in rows_out[1:]), repr([r[9] for r in rows_out]))


def compact_line(name):
    return json.dumps(example(name), ensure_ascii=False)


def test_folder():
    """A folder of .jsonl and .JSON files is read (extensions in any case),
    the other entries are named with why they were skipped, and a folder of
    which nothing is read is an error, not an empty run."""
    names = sorted(n for n in os.listdir(EXAMPLES) if n.endswith(".json"))[:4]
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "a.jsonl"), "w") as f:
            f.write(compact_line(names[0]) + "\n" + compact_line(names[1]) + "\n")
        with open(os.path.join(d, "b.JSONL"), "w") as f:
            f.write(compact_line(names[2]) + "\n")
        shutil.copy(os.path.join(EXAMPLES, names[3]), os.path.join(d, "c.JSON"))
        with open(os.path.join(d, "d.csv"), "w") as f:
            f.write("id,nation,heads.1.actor\nrow-1,england,council_employee\n")
        with open(os.path.join(d, "notes.txt"), "w") as f:
            f.write("not a complaint\n")
        with open(os.path.join(d, ".~lock.d.csv#"), "w") as f:
            f.write("x")
        os.mkdir(os.path.join(d, "old"))
        st, out, err = run(["batch", "--today", TODAY, "--compact", d])
        lines = [json.loads(l) for l in out.splitlines()]
        check("folder: every .jsonl, .JSONL, .JSON and .csv record read",
              len(lines) == 5 and [l.get("id") for l in lines] ==
              [example(n)["id"] for n in names] + ["row-1"],
              "%d lines: %s %s" % (len(lines), [l.get("id") for l in lines], err))
        check("folder: one complaint per .JSON file, JSON Lines per .JSONL",
              lines[3].get("file", "").endswith("c.JSON") and "line" not in lines[3] and
              lines[2].get("line") == 1 and lines[4].get("row") == 2, repr(lines[2:])[:300])
        check("folder: status 0", st == 0, "%d %s" % (st, err))
        check("folder: skipped files named, with why",
              "skipped %s/notes.txt: not a .json, .jsonl, .ndjson or .csv file" % d in err and
              "skipped %s/old: a folder" % d in err and
              "skipped %s/.~lock.d.csv#: a hidden file" % d in err, err)
    with tempfile.TemporaryDirectory() as d:
        for n in ("forms.txt", "forms.jsonl.bak", "README"):
            with open(os.path.join(d, n), "w") as f:
                f.write(compact_line(names[0]) + "\n")
        st, out, err = run(["batch", "--today", TODAY, d])
        check("folder: nothing read from a non-empty folder is an error (status 3, no output)",
              st == 3 and out == "" and "none of its 3 files is read" in err and
              "skipped %s/forms.txt" % d in err, "%d %r %s" % (st, out[:100], err))
    with tempfile.TemporaryDirectory() as d:
        st, out, err = run(["batch", "--today", TODAY, d])
        check("folder: an empty folder is said, not an error",
              st == 0 and out == "" and "the folder is empty" in err, "%d %s" % (st, err))
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "ONE.JSON")
        shutil.copy(os.path.join(EXAMPLES, names[0]), path)
        st, out, err = run(["batch", "--today", TODAY, path])
        check("a named .JSON file is one complaint", st == 0 and len(out.splitlines()) == 1,
              "%d %s" % (st, err))


def test_mistakes():
    """Each usual mistake is one error record (with what the file looks like
    and what remit expects, on stderr too), not an error per line."""
    e1, e2 = (json.dumps(example(n), indent=2) for n in
              sorted(n for n in os.listdir(EXAMPLES) if n.endswith(".json"))[:2])
    one_line = compact_line(sorted(n for n in os.listdir(EXAMPLES) if n.endswith(".json"))[0])
    cases = [
        ("pretty.jsonl", (e1 + "\n" + e2 + "\n").encode(), [], "input-pretty-json",
         "this looks like pretty-printed JSON: the complaint that begins on line 1 goes on "
         "over the next lines, but JSON Lines holds each complaint on one line. Put each "
         "complaint on one line (jq -c . {path}), or give each its own .json file"),
        ("array.jsonl", ("[" + e1 + ",\n" + e2 + "]\n").encode(), [], "input-json-array",
         "this is a JSON array (line 1 begins with '['), but JSON Lines holds one complaint "
         "object per line, not an array. Convert it: jq -c '.[]' {path}"),
        ("forms.jsonl", b"id,nation,heads.1.actor\nx,england,police\ny,wales,police\n", [],
         "input-csv",
         "this looks like CSV (line 1: \"id,nation,heads.1.actor\"), but it is being read as "
         "JSON. Read it as CSV instead (remit batch: a .csv file name, or --input-format csv)"),
        ("utf16.jsonl", (one_line + "\n" + one_line + "\n").encode("utf-16"), [], "input-utf16",
         "this input is UTF-16 text (it begins with a UTF-16 byte order mark), but remit "
         "reads UTF-8. Save or export it as UTF-8 (in Excel: \"CSV UTF-8\"; or convert it: "
         "iconv -f UTF-16 -t UTF-8)"),
        ("utf16le.jsonl", (one_line + "\n").encode("utf-16-le"), [], "input-utf16",
         "this input is UTF-16 text (every other byte is zero), but remit reads UTF-8."),
        ("complaint.yaml", b"nation: england\nheads:\n  - actor: police\n", [], "input-yaml",
         "this looks like YAML (line 1: \"nation: england\"), but remit reads complaints as "
         "JSON objects, one per line (JSON Lines). Convert it to JSON first"),
        ("lines.json", (one_line + "\n" + one_line + "\n").encode(), [], "input-json-lines",
         "this looks like JSON Lines (a complaint on line 1 and another on line 2), but a "
         "JSON input holds one complaint. Read it as JSON Lines (remit batch: a .jsonl file "
         "name, or --input-format jsonl)"),
        ("two.json", (e1 + "\n" + e2 + "\n").encode(), [], "input-several-complaints",
         "this holds several complaints (the first ends on line %d, another begins on line "
         "%d), but a JSON input holds one complaint. Check them all as JSON Lines, one per "
         "line (jq -c . {path} > complaints.jsonl), or give each its own .json file"
         % (e1.count("\n") + 1, e1.count("\n") + 2)),
        ("export.jsonl", (one_line + "\n").encode(), ["--input-format", "csv"], "input-json",
         "this looks like JSON (line 1 begins with '{'), but it is being read as CSV. Read it "
         "as JSON Lines instead (remit batch: a .jsonl file name, or --input-format jsonl)"),
    ]
    with tempfile.TemporaryDirectory() as d:
        for name, data, opts, code, says in cases:
            path = os.path.join(d, name)
            with open(path, "wb") as f:
                f.write(data)
            says = says.replace("{path}", path)
            st, out, err = run(["batch", "--today", TODAY] + opts + [path])
            lines = out.splitlines()
            rec = json.loads(lines[0]) if lines else {}
            check("mistake %s: one error record" % name, len(lines) == 1 and st == 3,
                  "%d lines, status %d" % (len(lines), st))
            check("mistake %s: its code and message" % name,
                  rec.get("diagnostics", [{}])[0].get("code") == code and
                  rec.get("error", "").startswith(says), repr(rec)[:400])
            check("mistake %s: said on stderr" % name, "%s: %s" % (path, says[:60]) in err, err)
        # A good file beside a bad one is still read, in its place.
        good = os.path.join(d, "good.jsonl")
        with open(good, "w") as f:
            f.write(one_line + "\n")
        st, out, err = run(["batch", "--today", TODAY, os.path.join(d, "pretty.jsonl"), good])
        lines = [json.loads(l) for l in out.splitlines()]
        check("mistake beside a good file: both in order",
              len(lines) == 2 and "error" in lines[0] and lines[1].get("verdict"), out[:300])


def test_memory_limit():
    """Under a 400 MB address-space limit the worker processes that fit
    are started (or one process), with a warning, and the output is the same."""
    if SANITIZED:
        print("skip memory limit (sanitized)")
        return
    lines = [compact_line(n) for n in sorted(os.listdir(EXAMPLES)) if n.endswith(".json")]
    data = ("\n".join(lines * 20) + "\n").encode()
    st1, ref, _ = run(["batch", "--jobs", "1", "--today", TODAY, "--compact", "-"], stdin=data)
    for limit, jobs in ((400_000_000, 2), (400_000_000, 8), (150_000_000, 8)):
        st, out, err = run(["batch", "--jobs", str(jobs), "--today", TODAY, "--compact", "-"],
                           stdin=data, limit_as=limit)
        check("memory limit %d MB, --jobs %d: status 0, same output" % (limit // 10**6, jobs),
              st == 0 and out == ref, "%d %s" % (st, err[:300]))
        check("memory limit %d MB, --jobs %d: no failure message" % (limit // 10**6, jobs),
              "cannot start" not in err, err)
        if jobs == 8:
            check("memory limit %d MB, --jobs 8: a warning names the fallback" % (limit // 10**6),
                  "warning: the memory limit (ulimit -v) leaves" in err and
                  ("going on with" in err or "going on in one process" in err), err)


CSV_HEADER = ("id,nation,complainant,parental_responsibility,local_stage,court_proceedings,remedy_sought,"
              "heads.1.actor,heads.1.subject,heads.1.raised_with_council,"
              "heads.1.first_aware_date,heads.2.actor,heads.2.subject,"
              "heads.2.raised_with_council,heads.2.first_aware_date,Timestamp\r\n")


def test_csv_in():
    """CSV rows: count in = count out, several heads, spreadsheet values,
    errors naming row and column, order kept with --jobs."""
    rows = [
        "f-1,England,A parent of the child,Yes,final_response,none,"
        "apology; explanation,council_employee,s47_enquiry,Yes,03/02/2026,"
        "police,strategy_meeting,no,2026-02-04,01/03/2026 10:00\r\n",
        "f-2,england,parent,yes,final_response,none,,council_employee,s47_enquiry,"
        "maybe,2026-02-03,,,,,x\r\n",
        ",,,,,,,,,,,,,,,\r\n",
        "f-3,england,parent,yes,final_response,none,,council_employee,"
        "\"S47 Enquiry\",y,2026-13-01,,,,,x\r\n",
        "f-4,wales,parent,yes,stage2_done,none,,council_employee,s47_enquiry,true,"
        "2026-06-01,council_employee,complaint_handling,true,2026-09-01,x\r\n",
    ]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "forms.csv")
        with open(path, "w", newline="") as f:
            f.write("\ufeff" + CSV_HEADER + "".join(rows))
        st, out, err = run(["batch", "--today", TODAY, "--compact", path])
        lines = [json.loads(l) for l in out.splitlines()]
        check("csv in: one record per filled row (count in = count out)",
              len(lines) == 4 and [l.get("row") for l in lines] == [2, 3, 5, 6],
              "%s %s" % ([l.get("row") for l in lines], err))
        check("csv in: status 3 with error records", st == 3, str(st))
        first = lines[0]
        check("csv in: several heads", len(first.get("heads", [])) == 2 and
              first.get("verdict") == "partly_in_scope", repr(first)[:300])
        check("csv in: row 3's bad yes/no named by row and column",
              lines[1].get("id") == "f-2" and lines[1].get("error", "").startswith(
                  "row 3, column heads.1.raised_with_council: "), repr(lines[1])[:300])
        check("csv in: a label in any case is the option, a bad date named",
              lines[2].get("error", "").startswith("row 5, column heads.1.first_aware_date: "),
              repr(lines[2])[:300])
        check("csv in: a Welsh row", lines[3].get("id") == "f-4" and "verdict" in lines[3],
              repr(lines[3])[:300])
        check("csv in: unknown columns counted, not printed", "Timestamp" not in err, err)
        st, out, err = run(["batch", "--today", TODAY, "--warnings", path])
        check("csv in: --warnings names the unknown column", "/Timestamp" in err, err[:300])
        # --input-format csv for a file without the extension, and stdin
        with open(path, "rb") as f:
            data = f.read()
        st2, out2, _ = run(["batch", "--today", TODAY, "--compact", "--input-format", "csv", "-"],
                           stdin=data)
        check("csv in: --input-format csv on standard input",
              [json.loads(l).get("row") for l in out2.splitlines()] == [2, 3, 5, 6])
        # the same records with --jobs 2, CSV out
        big = os.path.join(d, "big.csv")
        with open(big, "w", newline="") as f:
            f.write(CSV_HEADER + "".join(rows * 500))
        o1 = run(["batch", "--jobs", "1", "--today", TODAY, "--format", "csv", big])[1]
        o2 = run(["batch", "--jobs", "2", "--today", TODAY, "--format", "csv", big])[1]
        n_in = sum(1 for r in rows if r.strip(",\r\n")) * 500
        check("csv in: count in = count out on 2,500 rows, --jobs 2 the same bytes",
              o1 == o2 and o1.count("\r\n") == n_in + 1, "%d" % o1.count("\r\n"))
        gap = os.path.join(d, "gap.csv")
        with open(gap, "w") as f:
            f.write(CSV_HEADER + "g-1,england,,,,,,,,,,police,s47_enquiry,no,2026-01-02,x\r\n")
        st, out, err = run(["batch", "--today", TODAY, "--format", "csv", gap])
        check("csv in: a row that cannot be read keeps its id",
              out.splitlines()[1].startswith("2,,g-1,error,") and
              "row 2: head 1 is empty, but head 2 is filled in" in out, out)
        check("csv in: error rows name their row in the line column",
              ",row 3, column heads.1.raised_with_council" not in o1 and
              "\r\n3,,f-2,error," in o1, o1[:400])
        # a quote inside an unquoted cell is a character (RFC 4180): it
        # does not swallow the rows after it
        q = os.path.join(d, "quotes.csv")
        with open(q, "w") as f:
            f.write('id,nation,heads.1.summary,heads.1.actor\n'
                    'q-1,england,Mr X said "no" twice,council_employee\n'
                    'q-2,england,"quoted, with ""inner"" quotes\nand a line break",police\n'
                    'q-3,england,plain,police\n')
        st, out, err = run(["batch", "--today", TODAY, "--compact", q])
        check("csv in: a stray quote keeps the rows after it",
              [(json.loads(l)["row"], json.loads(l)["id"]) for l in out.splitlines()] ==
              [(2, "q-1"), (3, "q-2"), (4, "q-3")], out[:300])
        # header mistakes: one error record
        bad = os.path.join(d, "bad.csv")
        with open(bad, "w") as f:
            f.write("id,subject,nation\nx,s47_enquiry,england\ny,s47_enquiry,england\n")
        st, out, err = run(["batch", "--today", TODAY, bad])
        check("csv in: a head fact without heads.N. is one error for the header",
              st == 3 and len(out.splitlines()) == 1 and
              "column B (subject): subject is a fact of a head; name the column "
              "heads.1.subject" in out and "column B (subject)" in err, out + err)
        # a semicolon-separated export
        semi = os.path.join(d, "semi.csv")
        with open(semi, "w") as f:
            f.write("id;nation;heads.1.actor;heads.1.subject\ns-1;england;police;s47_enquiry\n")
        st, out, err = run(["batch", "--today", TODAY, semi])
        check("csv in: a ;-separated export", st == 0 and json.loads(out)["id"] == "s-1",
              out[:200] + err)
        # a header with no row: nothing lost, but said
        empty = os.path.join(d, "empty.csv")
        with open(empty, "w") as f:
            f.write(CSV_HEADER)
        st, out, err = run(["batch", "--today", TODAY, empty])
        check("csv in: a header and no row is said", st == 0 and out == "" and
              "holds no complaint" in err, err)


def test_schema_csv():
    """remit schema --csv: the header row, from the ruleset's facts, that
    batch reads back without a warning."""
    st, out, err = run(["schema", "--csv"])
    cols = out.rstrip("\r\n").split(",")
    check("schema --csv: status 0, one CRLF line", st == 0 and out.endswith("\r\n") and
          out.count("\n") == 1, err)
    check("schema --csv: id, complaint facts, 3 heads",
          cols[0] == "id" and "nation" in cols and "heads.1.subject" in cols and
          "heads.3.subject" in cols and not any(c.startswith("heads.4.") for c in cols), out[:200])
    st, out2, _ = run(["schema", "--csv", "--heads", "1"])
    check("schema --csv --heads 1", "heads.1.subject" in out2 and "heads.2." not in out2)
    st, _, err = run(["schema", "--csv", "--heads", "0"])
    check("schema --csv --heads 0 is a usage error", st == 2, err)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "start.csv")
        with open(path, "w") as f:
            f.write(out + "new-1,england" + "," * (len(cols) - 2) + "\r\n")
        st, res, err = run(["batch", "--today", TODAY, "--strict", path])
        rec = json.loads(res)
        check("schema --csv: read back, every column known (--strict)",
              rec.get("id") == "new-1" and not any(
                  d.get("code") == "unknown-member" for d in rec.get("diagnostics", [])),
              res[:300])


def main():
    return CHECKS.run(globals(), 'batch inputs')


if __name__ == "__main__":
    sys.exit(main())
