/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_stream.c -- the record stream API (remit_stream_*, remit.h only):
 * pushed in pieces of every size the output is the same; count in = count
 * out with bad lines salted in; each line is the verdict remit_evaluate
 * gives; CSV rows (several heads, spreadsheet values, errors by row and
 * column); the recognised mistakes (one error record for the input); a
 * record too large; the fan-out calls, with records cut by one stream and
 * evaluated by eight threads, each with its own stream, put back in order
 * (the same bytes as one stream); bad arguments.
 *
 *   test_stream RULES_DIR EXAMPLES_DIR
 */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remit.h"
#include "../unit/testutil.h"

static remit_ruleset *rules;
static tbuf jsonl;          /* every example, one per line, bad lines salted in */
static size_t nrecords;     /* records in jsonl */
static size_t nbad;         /* of which bad */
static const remit_eval_options day = {2026, 11, 22, 0, NULL};

static size_t count_lines(const char *p, size_t n)
{
    size_t c = 0;
    for (size_t k = 0; k < n; k++) c += p[k] == '\n';
    return c;
}

/* The examples as JSON Lines (each made one line by dropping its line
 * breaks, which JSON allows between tokens), with a bad line after every
 * fifth and a blank line here and there. */
static void build_jsonl(const char *dir)
{
    char *names[512];
    size_t n;
    if (!json_names(dir, names, 512, &n)) {
        fprintf(stderr, "cannot open %s\n", dir);
        exit(2);
    }
    for (size_t k = 0; k < n; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        tbuf t = tbuf_read_file(path);
        for (size_t i = 0; i < t.len; i++)
            if (t.p[i] == '\n' || t.p[i] == '\r') t.p[i] = ' ';
        tbuf_add(&jsonl, t.p, t.len);
        tbuf_puts(&jsonl, "\n");
        nrecords++;
        if (k % 5 == 4) {
            tbuf_puts(&jsonl, k % 10 == 4 ? "{\"nation\": \"england\", \"heads\": [}\n"
                                     : "\n{\"nation\": 3}\n");
            nrecords++;
            nbad++;
        }
        free(t.p);
        free(names[k]);
    }
    CHECK(nrecords > 20, "only %zu examples", nrecords);
}

/* Runs a whole input through one pushed stream, in pieces of `piece`
 * bytes (0: at once). */
static tbuf push(const remit_stream_options *o, const char *in, size_t len,
                 size_t piece, remit_stream_counts *counts)
{
    tbuf out = {NULL, 0, 0};
    remit_stream *s = NULL;
    CHECK(remit_stream_new(rules, o, &s) == REMIT_OK, "stream_new");
    if (!s) return out;
    size_t pos = 0;
    while (pos < len) {
        size_t n = piece && len - pos > piece ? piece : len - pos;
        CHECK(remit_stream_feed(s, in + pos, n) == REMIT_OK, "feed");
        pos += n;
        size_t ol;
        const char *p = remit_stream_output(s, &ol);
        tbuf_add(&out, p, ol);
        remit_stream_output_clear(s);
    }
    CHECK(remit_stream_finish(s) == REMIT_OK, "finish");
    size_t ol;
    const char *p = remit_stream_output(s, &ol);
    tbuf_add(&out, p, ol);
    CHECK(remit_stream_feed(s, "x", 1) == REMIT_EINVAL, "feed after finish");
    if (counts) remit_stream_get_counts(s, counts);
    remit_stream_free(s);
    if (!out.p) tbuf_add(&out, "", 0);
    return out;
}

static void stream_should_give_one_line_per_record_whatever_the_pieces(void)
{
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.eval = day;
    o.json_flags = REMIT_JSON_COMPACT;
    remit_stream_counts c;
    tbuf whole = push(&o, jsonl.p, jsonl.len, 0, &c);
    CHECK(count_lines(whole.p, whole.len) == nrecords, "%zu lines for %zu records",
          count_lines(whole.p, whole.len), nrecords);
    CHECK(c.records == nrecords && c.errors == nbad, "counts %llu/%llu, expected %zu/%zu",
          c.records, c.errors, nrecords, nbad);
    static const size_t pieces[] = {1, 2, 7, 100, 4096, 65536};
    for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++) {
        tbuf t = push(&o, jsonl.p, jsonl.len, pieces[k], NULL);
        CHECK(t.len == whole.len && memcmp(t.p, whole.p, t.len) == 0,
              "pieces of %zu bytes give other output", pieces[k]);
        free(t.p);
    }
    /* Without a line break at the end, the last line is still a record. */
    tbuf t = push(&o, jsonl.p, jsonl.len - 1, 3, NULL);
    CHECK(t.len == whole.len && memcmp(t.p, whole.p, t.len) == 0,
          "a last line without a line break");
    free(t.p);
    free(whole.p);
}

/* Each verdict line is {"line":N, then remit_evaluate's JSON. */
static void stream_lines_should_be_the_verdicts_of_remit_evaluate(void)
{
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.eval = day;
    tbuf out = push(&o, jsonl.p, jsonl.len, 0, NULL);
    const char *in = jsonl.p, *line = out.p;
    unsigned long long n = 0;
    size_t checked = 0;
    while (*in) {
        const char *nl = strchr(in, '\n');
        n++;
        if (nl == in) {
            in = nl + 1;
            continue;
        }
        const char *ol = strchr(line, '\n');
        if (!ol) break;
        remit_result *r = NULL;
        if (remit_evaluate(rules, in, (size_t)(nl - in), &day, &r, NULL) == REMIT_OK) {
            const char *json = remit_result_json(r, 0);
            char head[64];
            int hl = snprintf(head, sizeof head, "{\"line\":%llu,", n);
            CHECK(strncmp(line, head, (size_t)hl) == 0, "line %llu: position", n);
            CHECK((size_t)(ol - line) == (size_t)hl + strlen(json + 1) &&
                      memcmp(line + hl, json + 1, strlen(json + 1)) == 0,
                  "line %llu: not remit_evaluate's verdict", n);
            checked++;
        } else {
            CHECK(strstr(line, "\"error\":") && line < ol, "line %llu: no error record", n);
        }
        remit_result_free(r);
        line = ol + 1;
        in = nl + 1;
    }
    CHECK(checked == nrecords - nbad, "%zu verdicts checked", checked);
    free(out.p);
}

static tbuf run_text(remit_stream_format in, remit_stream_format out,
                     const char *s, const char *name)
{
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.eval = day;
    o.eval.input_name = name;
    o.input = in;
    o.output = out;
    o.json_flags = REMIT_JSON_COMPACT;
    return push(&o, s, strlen(s), 5, NULL);
}

static const char forms_csv[] =
    "id,nation,complainant_role,local_stage,court_proceedings,heads.1.summary,"
    "heads.1.actor,heads.1.subject,heads.1.raised_with_council,"
    "heads.1.first_aware_date,heads.2.actor,heads.2.subject,"
    "heads.2.raised_with_council,heads.2.first_aware_date\r\n"
    "form-1,England,parent_with_pr,final_response,none,\"Mr X says, \"\"nobody\r\n"
    "called\"\"\",council_employee,s47_enquiry,yes,03/02/2026,,,,\r\n"
    "form-2,england,A parent with parental responsibility,final_response,none,,"
    "council_employee,s47_enquiry,Yes,2026-02-03,council_employee,"
    "complaint_handling,no,2026-03-01\r\n"
    ",,,,,,,,,,,,,\r\n"
    "form-3,england,parent_with_pr,final_response,none,,council_employee,"
    "s47_enquiry,maybe,2026-02-03,,,,\r\n"
    "form-4,england,parent_with_pr,final_response,none,,,,,,council_employee,"
    "s47_enquiry,yes,2026-01-01\r\n"
    "form-5,england,parent_with_pr,final_response,none,,council_employee,"
    "s47_enquiry,no,2026-02-31,,,,,surplus\r\n";

static void stream_should_read_csv_rows_as_complaints(void)
{
    tbuf out = run_text(REMIT_STREAM_CSV, REMIT_STREAM_JSONL, forms_csv, "forms.csv");
    /* rows 2 (a quoted line break), 3, 5, 6, 7; row 4 is blank */
    CHECK(count_lines(out.p, out.len) == 5, "%zu lines for 5 rows:\n%s",
          count_lines(out.p, out.len), out.p);
    CHECK(strstr(out.p, "{\"row\":2,") && strstr(out.p, "\"id\":\"form-1\""),
          "row 2: %s", out.p);
    const char *r3 = strstr(out.p, "{\"row\":3,");
    const char *r3end = r3 ? strchr(r3, '\n') : NULL;
    char *l3 = r3 && r3end ? strndup(r3, (size_t)(r3end - r3)) : NULL;
    CHECK(l3 && strstr(l3, "\"verdict\":") && !strstr(l3, "\"error\":"), "row 3 a verdict");
    free(l3);
    CHECK(r3 && strstr(r3, "\"heads\":[{") , "row 3 heads");
    CHECK(strstr(out.p, "{\"row\":5,\"id\":\"form-3\",\"error\":\"row 5, column "
                        "heads.1.raised_with_council: "),
          "row 5: a bad yes/no named by row and column:\n%s", out.p);
    CHECK(strstr(out.p, "{\"row\":6,\"id\":\"form-4\",\"error\":\"row 6: head 1 is "
                        "empty, but head 2 is filled in"),
          "row 6: a gap in the heads, with the row's id");
    CHECK(strstr(out.p, "\"error\":\"row 7, column O: the row has 15 cells, but the "
                        "header row names only 14 columns"),
          "row 7: a cell too many");
    /* Both heads of row 3 are evaluated. */
    tbuf csv = run_text(REMIT_STREAM_CSV, REMIT_STREAM_CSV, forms_csv, "forms.csv");
    CHECK(strncmp(csv.p, "line,file,id,verdict,", 21) == 0, "CSV header: %s", csv.p);
    CHECK(count_lines(csv.p, csv.len) == 6, "CSV out: header and 5 rows");
    CHECK(strstr(csv.p, "\r\n3,,form-2,") && strstr(csv.p, ",2,"), "row 3 has 2 heads:\n%s",
          csv.p);
    free(csv.p);
    free(out.p);

    /* The header row's mistakes, all in one error record. */
    tbuf h = run_text(REMIT_STREAM_CSV, REMIT_STREAM_JSONL,
                      "id,subject,heads.0.actor,nation,Nation\nx,a,b,c,d\ny,a,b,c,d\n",
                      "h.csv");
    CHECK(count_lines(h.p, h.len) == 1, "one record for a bad header: %s", h.p);
    CHECK(strstr(h.p, "column B (subject): subject is a fact of a head; name the column "
                      "heads.1.subject") &&
              strstr(h.p, "column C (heads.0.actor) is not heads.N.name") &&
              strstr(h.p, "columns D and E are both Nation") &&
              strstr(h.p, "\"code\":\"csv-header\""),
          "header problems: %s", h.p);
    free(h.p);
    char *hdr = NULL;
    CHECK(remit_ruleset_csv_header(rules, 2, &hdr) == REMIT_OK && hdr &&
              strncmp(hdr, "id,nation,", 10) == 0 && strstr(hdr, ",heads.1.subject,") &&
              strstr(hdr, ",heads.2.subject,") && !strstr(hdr, "heads.3.") &&
              strcmp(hdr + strlen(hdr) - 2, "\r\n") == 0,
          "csv header: %s", hdr ? hdr : "(none)");
    /* The header row read back: every column known, no warning. */
    if (hdr) {
        tbuf in = {NULL, 0, 0};
        tbuf_puts(&in, hdr);
        tbuf_puts(&in, "z,england\r\n");
        tbuf o = run_text(REMIT_STREAM_CSV, REMIT_STREAM_JSONL, in.p, NULL);
        CHECK(strstr(o.p, "{\"row\":2,\"id\":\"z\",\"error\":\"row 2, the heads.1 "
                          "columns: missing: a complaint needs"),
              "no head: %s", o.p);
        free(o.p);
        free(in.p);
    }
    remit_string_free(rules, hdr);
    char *none = (char *)"x";
    CHECK(remit_ruleset_csv_header(rules, 0, &none) == REMIT_EINVAL && !none, "0 heads");
}

static void stream_should_recognise_an_input_in_the_wrong_format(void)
{
    static const struct {
        remit_stream_format fmt;
        const char *in, *code, *says;
    } cases[] = {
        {REMIT_STREAM_JSONL, "{\n  \"nation\": \"england\",\n  \"heads\": []\n}\n{\n}\n",
         "input-pretty-json", "pretty-printed JSON: the complaint that begins on line 1"},
        {REMIT_STREAM_JSONL, "\n[{\"nation\": \"england\"},\n {\"nation\": \"wales\"}]\n",
         "input-json-array", "jq -c '.[]' in.jsonl"},
        {REMIT_STREAM_JSONL, "id,nation,heads.1.subject\nx,england,s47_enquiry\n",
         "input-csv", "looks like CSV (line 1: \\\"id,nation,heads.1.subject\\\")"},
        {REMIT_STREAM_JSONL, "nation: england\nheads:\n  - subject: s47_enquiry\n",
         "input-yaml", "looks like YAML (line 1: \\\"nation: england\\\")"},
        {REMIT_STREAM_JSONL, "\xff\xfe{\0\"\0n\0\"\0:\0", "input-utf16",
         "byte order mark"},
        {REMIT_STREAM_CSV, "{\"nation\": \"england\"}\n", "input-json",
         "being read as CSV"},
        {REMIT_STREAM_JSON, "{\"nation\": \"england\"}\n{\"nation\": \"wales\"}\n",
         "input-json-lines", "holds one complaint"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        remit_stream_options o;
        memset(&o, 0, sizeof o);
        o.eval = day;
        o.eval.input_name = "in.jsonl";
        o.input = cases[k].fmt;
        size_t len = cases[k].code[6] == 'u' ? 12 : strlen(cases[k].in); /* UTF-16: NULs */
        remit_stream_counts c;
        tbuf t = push(&o, cases[k].in, len, 3, &c);
        char code[80];
        snprintf(code, sizeof code, "\"code\":\"%s\"", cases[k].code);
        CHECK(c.records == 1 && c.errors == 1, "case %zu: %llu records", k, c.records);
        CHECK(strstr(t.p, code) && strstr(t.p, cases[k].says), "case %zu: %s", k, t.p);
        free(t.p);
    }
    /* Pretty-printed JSON is what a JSON input may hold. */
    tbuf t = run_text(REMIT_STREAM_JSON, REMIT_STREAM_JSONL,
                      "{\n  \"nation\": \"england\",\n  \"heads\": [\n    {\"actor\": "
                      "\"council_employee\"}\n  ]\n}\n",
                      "one.json");
    CHECK(t.p[0] == '{' && strstr(t.p, "\"verdict\":") && !strstr(t.p, "\"error\":"),
          "a pretty .json: %s", t.p);
    free(t.p);
}

static void stream_should_make_a_record_too_large_one_error_record(void)
{
    size_t big = 17u * 1024 * 1024;
    char *in = malloc(big + 64);
    memset(in, ' ', big);
    in[0] = '{';
    strcpy(in + big, "}\n{\"nation\": 7}\n");
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.eval = day;
    remit_stream_counts c;
    tbuf t = push(&o, in, strlen(in), 1u << 20, &c);
    CHECK(c.records == 2 && c.errors == 2, "%llu records", c.records);
    CHECK(strstr(t.p, "{\"line\":1,\"id\":null,\"error\":\"record too large (17825793 "
                      "bytes; the limit is 16777216)\""),
          "too large: %.300s", t.p);
    CHECK(strstr(t.p, "{\"line\":2,"), "the line after it");
    free(t.p);
    free(in);
}

/* An invalid record's id is echoed decoded and encoded again, as a valid
 * record's would be; an id the engine would refuse (an escape JSON does
 * not have, half a surrogate pair, a control character) is null. */
static void stream_should_echo_an_invalid_records_id_decoded(void)
{
    static const char in[] =
        "{\"id\": \"b\\u00e9\\t\\ud83d\\ude00\\\"\\/\", \"nation\": \"england\", \"heads\": [}\n"
        "{\"id\": \"c\\e\", \"nation\": 3}\n"
        "{\"id\": \"d\\ud83d\", \"nation\": 3}\n"
        "{\"id\": \"e\\u0085\", \"nation\": 3}\n"
        "{\"id\": \"f\\u00e9\", \"nation\": 3}\n";
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.eval = day;
    tbuf t = push(&o, in, sizeof in - 1, 0, NULL);
    CHECK(strstr(t.p, "{\"line\":1,\"id\":\"b\xc3\xa9\\t\xf0\x9f\x98\x80\\\"/\","),
          "escapes decoded: %.300s", t.p);
    CHECK(strstr(t.p, "{\"line\":2,\"id\":null,"), "\\e: %.300s", t.p);
    CHECK(strstr(t.p, "{\"line\":3,\"id\":null,"), "half a pair: %.300s", t.p);
    CHECK(strstr(t.p, "{\"line\":4,\"id\":null,"), "a C1 control: %.300s", t.p);
    CHECK(strstr(t.p, "{\"line\":5,\"id\":\"f\xc3\xa9\","), "\\u00e9: %.300s", t.p);
    free(t.p);
    o.output = REMIT_STREAM_CSV;
    t = push(&o, in, sizeof in - 1, 0, NULL);
    CHECK(strstr(t.p, "\r\n1,,\"b\xc3\xa9\t\xf0\x9f\x98\x80\"\"/\",error,"), "CSV: %.300s", t.p);
    CHECK(strstr(t.p, "\r\n5,,f\xc3\xa9,error,"), "CSV \\u00e9: %.300s", t.p);
    free(t.p);
}

/* ---- Fan-out: one stream cuts, eight threads evaluate ------------------- */

typedef struct job {
    remit_record *recs;
    size_t nrec, first, step;
    tbuf *lines; /* one per record */
} job;

static void *evaluate_some(void *arg)
{
    job *j = arg;
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.eval = day;
    o.json_flags = REMIT_JSON_COMPACT;
    remit_stream *s = NULL;
    if (remit_stream_new(rules, &o, &s) != REMIT_OK) return NULL;
    for (size_t k = j->first; k < j->nrec; k += j->step) {
        remit_stream_eval(s, &j->recs[k], NULL, NULL);
        size_t n;
        const char *p = remit_stream_output(s, &n);
        tbuf_add(&j->lines[k], p, n);
        remit_stream_output_clear(s);
    }
    remit_stream_free(s);
    return NULL;
}

static void stream_fan_out_should_give_the_bytes_of_one_stream(void)
{
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.eval = day;
    o.json_flags = REMIT_JSON_COMPACT;
    tbuf whole = push(&o, jsonl.p, jsonl.len, 0, NULL);

    remit_stream *cut = NULL;
    CHECK(remit_stream_new(rules, &o, &cut) == REMIT_OK, "new");
    remit_record *recs = calloc(nrecords + 1, sizeof *recs);
    size_t n = 0, pos = 0;
    for (;;) {
        size_t used;
        remit_record r;
        CHECK(remit_stream_next(cut, jsonl.p + pos, jsonl.len - pos, true, &used, &r) ==
                  REMIT_OK,
              "next");
        pos += used;
        if (!r.text) break;
        if (n <= nrecords) recs[n++] = r; /* points into jsonl: stays valid */
    }
    CHECK(n == nrecords && pos == jsonl.len, "%zu records cut", n);
    tbuf *lines = calloc(n, sizeof *lines);
    enum { THREADS = 8 };
    pthread_t th[THREADS];
    job jobs[THREADS];
    for (size_t k = 0; k < THREADS; k++) {
        jobs[k] = (job){recs, n, k, THREADS, lines};
        pthread_create(&th[k], NULL, evaluate_some, &jobs[k]);
    }
    for (size_t k = 0; k < THREADS; k++) pthread_join(th[k], NULL);
    tbuf all = {NULL, 0, 0};
    for (size_t k = 0; k < n; k++) {
        if (lines[k].p) tbuf_add(&all, lines[k].p, lines[k].len);
        free(lines[k].p);
    }
    CHECK(all.len == whole.len && memcmp(all.p, whole.p, all.len) == 0,
          "threads in order differ from one stream");
    free(all.p);
    free(lines);
    free(recs);
    free(whole.p);
    remit_stream_free(cut);
}

/* ---- Out of memory: every allocation of a stream's run failed in turn -- */

/* A run over JSON Lines and CSV; returns the worst status seen. */
static remit_status oom_run(const remit_ruleset *rs, remit_stream_format fmt,
                            const char *in)
{
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.eval = day;
    o.eval.input_name = "oom";
    o.input = fmt;
    o.output = fmt == REMIT_STREAM_CSV ? REMIT_STREAM_CSV : REMIT_STREAM_JSONL;
    remit_stream *s = NULL;
    remit_status st = remit_stream_new(rs, &o, &s);
    if (st != REMIT_OK) {
        CHECK(st == REMIT_ENOMEM && !s, "stream_new: %d", st);
        return st;
    }
    remit_status worst = remit_stream_feed(s, in, strlen(in) / 2);
    remit_status st2 = remit_stream_feed(s, in + strlen(in) / 2, strlen(in) - strlen(in) / 2);
    if (st2 != REMIT_OK) worst = st2;
    st2 = remit_stream_finish(s);
    if (st2 != REMIT_OK) worst = st2;
    size_t n;
    const char *out = remit_stream_output(s, &n);
    remit_stream_counts c;
    remit_stream_get_counts(s, &c);
    CHECK(out && strlen(out) == n, "output length");
    if (worst == REMIT_OK) {
        size_t lines = count_lines(out, n);
        CHECK(lines == c.records + (fmt == REMIT_STREAM_CSV ? 1u : 0u) ||
                  fmt == REMIT_STREAM_CSV, /* CSV cells may hold line breaks */
              "lines %zu, records %llu", lines, c.records);
    }
    remit_stream_free(s);
    return worst;
}

static void stream_should_survive_every_failed_allocation(const char *rules_dir)
{
    static const char *const inputs[2] = {
        "{\"id\": \"a\", \"nation\": \"england\", \"heads\": [{\"actor\": \"police\"}]}\n"
        "{\"nation\": 3}\n{\"id\": \"b\", \"nation\": \"wales\", \"heads\": [{}]}\n",
        "id,nation,heads.1.actor,heads.1.subject\r\nc-1,england,police,s47_enquiry\r\n"
        "c-2,wales,,,extra\r\n"};
    static const remit_stream_format fmts[2] = {REMIT_STREAM_JSONL, REMIT_STREAM_CSV};
    for (int k = 0; k < 2; k++) {
        counting c = COUNTING_INIT;
        remit_config cfg = {counting_alloc, &c, 0};
        remit_ruleset *rs = NULL;
        if (remit_ruleset_load(rules_dir, &cfg, &rs, NULL) != REMIT_OK) {
            CHECK(0, "load with the counting allocator");
            return;
        }
        long before = (long)c.allocs;
        CHECK(oom_run(rs, fmts[k], inputs[k]) == REMIT_OK, "the run without failures");
        long total = (long)c.allocs - before;
        CHECK(total > 5, "%ld allocations", total);
        long live = c.live;
        for (long i = 1; i <= total; i++) {
            counting_fail_at(&c, (size_t)i);
            remit_status st = oom_run(rs, fmts[k], inputs[k]);
            CHECK(st == REMIT_OK || st == REMIT_ENOMEM, "allocation %ld: status %d", i, st);
            CHECK(c.live == live, "allocation %ld of %ld: %ld blocks leaked", i, total,
                  c.live - live);
            c.fail_at = 0;
        }
        remit_ruleset_free(rs);
        CHECK(c.live == 0, "%ld blocks left after the ruleset", c.live);
    }
}

static void stream_should_refuse_bad_arguments(void)
{
    remit_stream *s = (remit_stream *)&s;
    CHECK(remit_stream_new(NULL, NULL, &s) == REMIT_EINVAL && !s, "NULL ruleset");
    CHECK(remit_stream_new(rules, NULL, NULL) == REMIT_EINVAL, "NULL out");
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.output = REMIT_STREAM_JSON;
    CHECK(remit_stream_new(rules, &o, &s) == REMIT_EINVAL, "JSON is not an output");
    o.output = REMIT_STREAM_JSONL;
    o.eval.today_year = 2026;
    o.eval.today_month = 13;
    o.eval.today_day = 1;
    CHECK(remit_stream_new(rules, &o, &s) == REMIT_EINVAL, "month 13");
    o.eval.today_month = 2;
    o.eval.today_day = 30;
    CHECK(remit_stream_new(rules, &o, &s) == REMIT_EINVAL, "30 February");
    CHECK(remit_stream_feed(NULL, "x", 1) == REMIT_EINVAL, "feed NULL");
    CHECK(remit_stream_eval(NULL, NULL, NULL, NULL) == REMIT_EINVAL, "eval NULL");
    size_t n = 9;
    CHECK(remit_stream_output(NULL, &n) == NULL && n == 0, "output NULL");
    remit_stream_counts c = {5, 5};
    remit_stream_get_counts(NULL, &c);
    CHECK(c.records == 0 && c.errors == 0, "counts NULL");
    remit_stream_free(NULL);
    remit_stream_output_clear(NULL);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_stream RULES_DIR EXAMPLES_DIR\n");
        return 2;
    }
    if (remit_ruleset_load(argv[1], NULL, &rules, NULL) != REMIT_OK) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
        return 2;
    }
    build_jsonl(argv[2]);
    stream_should_give_one_line_per_record_whatever_the_pieces();
    stream_lines_should_be_the_verdicts_of_remit_evaluate();
    stream_should_read_csv_rows_as_complaints();
    stream_should_recognise_an_input_in_the_wrong_format();
    stream_should_make_a_record_too_large_one_error_record();
    stream_should_echo_an_invalid_records_id_decoded();
    stream_fan_out_should_give_the_bytes_of_one_stream();
    stream_should_refuse_bad_arguments();
    stream_should_survive_every_failed_allocation(argv[1]);
    free(jsonl.p);
    remit_ruleset_free(rules);
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("test_stream: all passed\n");
    return 0;
}
