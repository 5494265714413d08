/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_stream.c -- libFuzzer target: the record stream (remit_stream_*) on
 * any input, against the shipped rules (rules/).  The first byte chooses
 * the input's format ('c' CSV, 'o' one JSON complaint, anything else JSON
 * Lines) and, with the last, the size of the pieces it is pushed in.
 * Checks that the stream never crashes, leaks or hangs; that the output is
 * the same bytes whatever the pieces; that every line is clean JSON; that
 * the count of lines is the count of records the stream reports; and that
 * cutting the input with remit_stream_next gives as many records.
 * tests/fuzz/README.md has the commands.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "remit.h"

static remit_ruleset *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rules = fuzz_load_rules("fuzz_stream");
    return 0;
}

typedef struct out {
    char *p;
    size_t len;
} out;

static void take(remit_stream *s, out *o)
{
    size_t n;
    const char *p = remit_stream_output(s, &n);
    FUZZ_CHECK(p != NULL && strlen(p) == n, "output length");
    char *q = realloc(o->p, o->len + n + 1);
    FUZZ_CHECK(q != NULL, "out of memory in the target");
    memcpy(q + o->len, p, n + 1);
    o->p = q;
    o->len += n;
    remit_stream_output_clear(s);
}

/* Pushes data in pieces of `piece` bytes (0: at once). */
static out push(const remit_stream_options *so, const char *data, size_t size,
                size_t piece, remit_stream_counts *counts)
{
    out o = {NULL, 0};
    remit_stream *s = NULL;
    FUZZ_CHECK(remit_stream_new(rules, so, &s) == REMIT_OK, "stream_new");
    for (size_t pos = 0; pos < size;) {
        size_t n = piece && size - pos > piece ? piece : size - pos;
        FUZZ_CHECK(remit_stream_feed(s, data + pos, n) == REMIT_OK, "feed");
        take(s, &o);
        pos += n;
    }
    FUZZ_CHECK(remit_stream_finish(s) == REMIT_OK, "finish");
    take(s, &o);
    remit_stream_get_counts(s, counts);
    remit_stream_free(s);
    if (!o.p) o.p = calloc(1, 1);
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    remit_stream_options so;
    memset(&so, 0, sizeof so);
    so.eval.today_year = 2026;
    so.eval.today_month = 11;
    so.eval.today_day = 22;
    so.eval.input_name = "fuzz";
    so.input = data[0] == 'c' ? REMIT_STREAM_CSV
             : data[0] == 'o' ? REMIT_STREAM_JSON : REMIT_STREAM_JSONL;
    so.json_flags = REMIT_JSON_COMPACT;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    remit_stream_counts c1, c2;
    out whole = push(&so, text, len, 0, &c1);
    out parts = push(&so, text, len, 1 + data[size - 1] % 13, &c2);
    FUZZ_CHECK(whole.len == parts.len && memcmp(whole.p, parts.p, whole.len) == 0,
               "the pieces change the output");
    FUZZ_CHECK(c1.records == c2.records && c1.errors == c2.errors, "the pieces change the counts");
    FUZZ_CHECK(whole.len == 0 || whole.p[whole.len - 1] == '\n', "whole lines");
    unsigned long long lines = 0;
    for (char *p = whole.p, *nl; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
        *nl = '\0';
        fuzz_check_json(p);
        lines++;
    }
    FUZZ_CHECK(lines == c1.records, "one line per record");
    /* Cut with remit_stream_next: as many records. */
    remit_stream *s = NULL;
    FUZZ_CHECK(remit_stream_new(rules, &so, &s) == REMIT_OK, "stream_new");
    unsigned long long n = 0;
    for (size_t pos = 0;;) {
        size_t used = 0;
        remit_record r;
        FUZZ_CHECK(remit_stream_next(s, text + pos, len - pos, true, &used, &r) == REMIT_OK,
                   "next");
        FUZZ_CHECK(used <= len - pos, "used past the end");
        pos += used;
        if (!r.text) {
            FUZZ_CHECK(pos == len, "input left over at the end");
            break;
        }
        n++;
    }
    remit_stream_free(s);
    FUZZ_CHECK(n == c1.records, "remit_stream_next and the push differ");
    free(whole.p);
    free(parts.p);
    return 0;
}
