/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stream.c -- the record stream: an input of many complaints (JSON Lines,
 * a CSV export of intake forms, or one JSON complaint) in, one line per
 * record out, in order: the verdict, or an error record in its place.
 * Consumes input bytes (remit_stream_feed, or remit_stream_next for callers
 * that fan records out); produces JSON Lines or CSV rows through
 * remit_evaluator_run and remit_result_json.  CSV rows become JSON
 * complaints in csv.c.  Used by `remit batch` and `remit serve`.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "date.h"
#include "ruleset.h"
#include "stream.h"

/* ---- Output helpers ---------------------------------------------------- */

static void put_u64(buf *b, unsigned long long v)
{
    char t[24];
    size_t n = 0;
    do {
        t[sizeof t - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf_add(b, t + sizeof t - n, n);
}

/* s (n bytes) as a JSON string, quotes included. */
static void put_json_str(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t run = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_add(b, s + run, k - run);
        run = k + 1;
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        if (c == '"' || c == '\\') {
            e[1] = (char)c;
            buf_add(b, e, 2);
        } else if (c == '\n') {
            buf_add(b, "\\n", 2);
        } else if (c == '\t') {
            buf_add(b, "\\t", 2);
        } else if (c == '\r') {
            buf_add(b, "\\r", 2);
        } else {
            buf_add(b, e, 6);
        }
    }
    buf_add(b, s + run, n - run);
    buf_putc(b, '"');
}

static void put_json_cstr(buf *b, const char *s)
{
    if (s) put_json_str(b, s, strlen(s));
    else buf_add(b, "null", 4);
}

/*
 * A CSV field (RFC 4180): quoted when it holds a comma, a quote, a line
 * break or leading/trailing space, with quotes doubled.  With `guard`, a
 * field that a spreadsheet would read as a formula (= + - @ first) gets a
 * leading apostrophe, the usual guard against CSV formula injection.
 */
static void put_csv(buf *b, const char *s, size_t n, bool guard)
{
    bool formula = guard && n && strchr("=+-@", s[0]);
    bool quote = formula || (n && (s[0] == ' ' || s[n - 1] == ' '));
    for (size_t k = 0; k < n && !quote; k++)
        if (s[k] == ',' || s[k] == '"' || s[k] == '\n' || s[k] == '\r') quote = true;
    if (!quote) {
        buf_add(b, s, n);
        return;
    }
    buf_putc(b, '"');
    if (formula) buf_putc(b, '\'');
    size_t run = 0;
    for (size_t k = 0; k < n; k++)
        if (s[k] == '"') {
            buf_add(b, s + run, k + 1 - run);
            buf_putc(b, '"');
            run = k + 1;
        }
    buf_add(b, s + run, n - run);
    buf_putc(b, '"');
}

static void put_csv_cstr(buf *b, const char *s)
{
    if (s) put_csv(b, s, strlen(s), false);
}

/* ---- Making and freeing ------------------------------------------------- */

static const char csv_out_header[] =
    "line,file,id,verdict,provisional_verdict,discretionary,heads,"
    "head_verdicts,deciding_rules,questions,error\r\n";

remit_status remit_stream_new(const remit_ruleset *rs,
                              const remit_stream_options *options,
                              remit_stream **stream_out)
{
    if (!stream_out) return REMIT_EINVAL;
    *stream_out = NULL;
    if (!rs || rs->nfiles == 0) return REMIT_EINVAL;
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    if (options) o = *options;
    if ((unsigned)o.input >= REMIT_STREAM_FORMAT_COUNT ||
        (o.output != REMIT_STREAM_JSONL && o.output != REMIT_STREAM_CSV))
        return REMIT_EINVAL;
    remit_eval_options *e = &o.eval;
    if (e->today_year || e->today_month || e->today_day) {
        if (!date_valid(e->today_year, e->today_month, e->today_day))
            return REMIT_EINVAL;
    } else {
        /* Read once, so that a run across midnight does not mix dates. */
        remit_today(&e->today_year, &e->today_month, &e->today_day);
    }
    remit_stream *s = arena_raw_alloc(&rs->mem, sizeof *s);
    if (!s) return REMIT_ENOMEM;
    memset(s, 0, sizeof *s);
    s->rs = rs;
    s->opt = o;
    buf_init(&s->out, &rs->mem);
    buf_init(&s->in, &rs->mem);
    buf_init(&s->tmp, &rs->mem);
    frame_init(&s->fr, rs, o.input);
    if (e->input_name) {
        size_t n = strlen(e->input_name);
        s->name = arena_raw_alloc(&rs->mem, n + 1);
        if (!s->name) {
            remit_stream_free(s);
            return REMIT_ENOMEM;
        }
        memcpy(s->name, e->input_name, n + 1);
        s->opt.eval.input_name = s->name;
        s->fr.name = s->name;
    }
    if (o.output == REMIT_STREAM_CSV && !(o.flags & REMIT_STREAM_NO_HEADER))
        buf_add(&s->out, csv_out_header, sizeof csv_out_header - 1);
    buf_add(&s->out, "", 0);
    if (s->out.oom) {
        remit_stream_free(s);
        return REMIT_ENOMEM;
    }
    *stream_out = s;
    return REMIT_OK;
}

void remit_stream_free(remit_stream *s)
{
    if (!s) return;
    const arena *a = &s->rs->mem;
    remit_evaluator_free(s->ev);
    frame_free(&s->fr);
    buf_free(&s->out);
    buf_free(&s->in);
    buf_free(&s->tmp);
    arena_raw_free(a, s->name);
    arena_raw_free(a, s);
}

const char *remit_stream_output(const remit_stream *s, size_t *len_out)
{
    if (len_out) *len_out = s ? s->out.len : 0;
    if (!s) return NULL;
    return s->out.p ? s->out.p : "";
}

void remit_stream_output_clear(remit_stream *s)
{
    if (!s) return;
    s->out.len = 0;
    if (s->out.p) s->out.p[0] = '\0';
}

void remit_stream_get_counts(const remit_stream *s, remit_stream_counts *c)
{
    if (!c) return;
    c->records = s ? s->records : 0;
    c->errors = s ? s->errors : 0;
}

/* ---- Framing ----------------------------------------------------------------- */

remit_status remit_stream_next(remit_stream *s, const char *data, size_t len,
                               bool end, size_t *used_out, remit_record *rec)
{
    if (used_out) *used_out = 0;
    if (rec) memset(rec, 0, sizeof *rec);
    if (!s || !used_out || !rec || (!data && len)) return REMIT_EINVAL;
    remit_status st = frame_next(&s->fr, data ? data : "", len, end, used_out, rec);
    if (rec->text) {
        rec->from = s->opt.input;
        if (s->opt.flags & REMIT_STREAM_NAME_RECORDS) rec->file = s->name;
    }
    return st;
}

/* ---- One record's line --------------------------------------------------------- */

/*
 * The raw JSON text of the complaint's top-level string "id" member
 * (quotes included), for an error record: found by a small scan, since the
 * engine gives no result for an invalid complaint.  False when there is no
 * string id or the text is not JSON enough to tell.
 */
static const char *skip_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static const char *skip_string(const char *p, const char *e)
{
    for (p++; p < e; p++) {
        if (*p == '\\') p++;
        else if (*p == '"') return p + 1;
        else if ((unsigned char)*p < 0x20) return NULL;
    }
    return NULL;
}

static const char *skip_value(const char *p, const char *e)
{
    if (p >= e) return NULL;
    if (*p == '"') return skip_string(p, e);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; p < e; p++) {
            if (*p == '"') {
                p = skip_string(p, e);
                if (!p) return NULL;
                p--;
            } else if (*p == '{' || *p == '[') {
                depth++;
            } else if (*p == '}' || *p == ']') {
                if (--depth == 0) return p + 1;
            }
        }
        return NULL;
    }
    while (p < e && *p != ',' && *p != '}' && *p != ']' && *p != ' ' &&
           *p != '\n' && *p != '\r' && *p != '\t')
        p++;
    return p;
}

/*
 * Appends to t the value of the id whose JSON text, between its quotes, is
 * s[0..n) (valid UTF-8 with no control character: csv_clean), decoding its
 * escapes as the engine would.  False (t then holds part of it) where the
 * engine would refuse the id itself: an escape JSON does not have (the
 * record may be invalid for that very reason), half a surrogate pair, or a
 * control character but tab and line ends.
 */
static bool decode_id(buf *t, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t k = 0; k < n;) {
        if (s[k] != '\\') {
            k++;
            continue;
        }
        buf_add(t, s + run, k - run);
        if (k + 1 >= n) return false;
        char e = s[k + 1];
        k += 2;
        long cp;
        switch (e) {
        case '"': case '\\': case '/': cp = e; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            cp = k + 4 <= n ? hex4_value(s + k) : -1;
            k += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) { /* its second half must follow */
                long lo = k + 6 <= n && s[k] == '\\' && s[k + 1] == 'u' ? hex4_value(s + k + 2) : -1;
                if (lo < 0xdc00 || lo > 0xdfff) return false;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                k += 6;
            } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                return false;
            }
            break;
        default: return false; /* \b and \f are control characters too */
        }
        if (cp < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
            (cp >= 0x7f && cp < 0xa0))
            return false;
        char u[4];
        buf_add(t, u, (size_t)(utf8_put(u, (unsigned long)cp) - u));
        run = k;
    }
    buf_add(t, s + run, n - run);
    return !t->oom;
}

static bool find_id(const char *p, size_t n, const char **id, size_t *len)
{
    const char *e = p + n;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    p = skip_ws(p, e);
    if (p >= e || *p != '{') return false;
    p = skip_ws(p + 1, e);
    while (p < e && *p == '"') {
        const char *k = p;
        p = skip_string(p, e);
        if (!p) return false;
        bool is_id = p - k == 4 && memcmp(k, "\"id\"", 4) == 0;
        p = skip_ws(p, e);
        if (p >= e || *p != ':') return false;
        p = skip_ws(p + 1, e);
        const char *v = p;
        p = skip_value(p, e);
        if (!p) return false;
        if (is_id) {
            if (*v != '"') return false;
            *id = v;
            *len = (size_t)(p - v);
            return true;
        }
        p = skip_ws(p, e);
        if (p >= e || *p != ',') return false;
        p = skip_ws(p + 1, e);
    }
    return false;
}

/* "file" and "line" (or "row") of the record, as the first members. */
static void json_position(buf *b, const remit_record *r)
{
    buf_putc(b, '{');
    if (r->file) {
        buf_add(b, "\"file\":", 7);
        put_json_cstr(b, r->file);
        buf_putc(b, ',');
    }
    if (r->line) {
        if (r->from == REMIT_STREAM_CSV) buf_add(b, "\"row\":", 6);
        else buf_add(b, "\"line\":", 7);
        put_u64(b, r->line);
        buf_putc(b, ',');
    }
}

static void csv_position(buf *b, const remit_record *r)
{
    if (r->line) put_u64(b, r->line);
    buf_putc(b, ',');
    put_csv_cstr(b, r->file);
    buf_putc(b, ',');
}

/* The line of the input a diagnostic points at: a JSON Lines record is one
 * line; a whole-input record counts its own lines; a CSV row has none. */
static unsigned long long diag_line(const remit_record *r,
                                    const remit_diagnostic *x)
{
    if (!x->line || r->from == REMIT_STREAM_CSV) return 0;
    return r->line ? r->line : x->line;
}

static const char *sev_name(remit_severity s)
{
    return s == REMIT_SEVERITY_ERROR ? "error"
         : s == REMIT_SEVERITY_WARNING ? "warning" : "note";
}

static const remit_diagnostic *first_error(const remit_diagnostics *d)
{
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (x->severity == REMIT_SEVERITY_ERROR) return x;
    }
    return NULL;
}

/* The "error" text of a record: where (the JSON pointer; for a CSV row,
 * its row and the column the pointer names) and the first error. */
static void error_text(buf *t, const remit_record *r, const remit_diagnostic *x)
{
    if (r->from == REMIT_STREAM_CSV) {
        buf_add(t, "row ", 4);
        put_u64(t, r->line);
        if (x && x->pointer && strcmp(x->pointer, "/heads") == 0) {
            buf_puts(t, ", the heads.1 columns"); /* no head filled in */
        } else if (x && x->pointer && x->pointer[0]) {
            buf_add(t, ", column ", 9);
            csv_column_of_pointer(t, x->pointer);
        }
        buf_add(t, ": ", 2);
        buf_puts(t, x ? x->message : "invalid complaint");
        return;
    }
    if (!x) {
        buf_puts(t, "invalid complaint");
    } else if (x->pointer) {
        buf_puts(t, x->pointer[0] ? x->pointer : "(the whole complaint)");
        buf_add(t, ": ", 2);
        buf_puts(t, x->message);
    } else if (x->column) {
        buf_add(t, "line ", 5);
        put_u64(t, diag_line(r, x));
        buf_add(t, ", column ", 9);
        put_u64(t, x->column);
        buf_add(t, ": ", 2);
        buf_puts(t, x->message);
    } else {
        buf_puts(t, x->message);
    }
}

/*
 * Appends r's error record: its position, id, the first error and every
 * diagnostic.  `message` (with `code`) stands for a record that has no
 * diagnostics (unreadable, out of memory).
 */
static void error_record(remit_stream *s, const remit_record *r,
                         const remit_diagnostics *d, const char *code,
                         const char *message, size_t mlen)
{
    buf *o = &s->out;
    buf *t = &s->tmp;
    t->len = 0;
    t->oom = false;
    /* The id, decoded, then the error text, both in t.  An id is echoed
     * only when it is clean text: an invalid record's bytes are not (the
     * record may be invalid for that very reason). */
    const char *raw;
    size_t rawlen;
    bool has_id;
    if (r->unreadable) {
        has_id = r->id && csv_clean(r->id, r->id_len); /* text */
        if (has_id) buf_add(t, r->id, r->id_len);
    } else {
        has_id = r->text && find_id(r->text, r->len, &raw, &rawlen) &&
                 csv_clean(raw, rawlen) && decode_id(t, raw + 1, rawlen - 2);
    }
    if (!has_id) t->len = 0;
    size_t idlen = t->len;
    if (message) buf_add(t, message, mlen);
    else error_text(t, r, first_error(d));
    if (t->oom) {
        o->oom = true;
        return;
    }
    const char *text = t->p + idlen;
    size_t tlen = t->len - idlen;
    if (s->opt.output == REMIT_STREAM_CSV) {
        csv_position(o, r);
        if (has_id) put_csv(o, t->p, idlen, true);
        buf_puts(o, ",error,,,,,,,"); /* the columns up to "error" */
        put_csv(o, text, tlen, false);
        buf_add(o, "\r\n", 2);
        return;
    }
    json_position(o, r);
    buf_add(o, "\"id\":", 5);
    if (has_id) put_json_str(o, t->p, idlen);
    else buf_add(o, "null", 4);
    buf_puts(o, ",\"error\":");
    put_json_str(o, text, tlen);
    buf_puts(o, ",\"diagnostics\":[");
    size_t n = remit_diagnostics_count(d);
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (i) buf_putc(o, ',');
        buf_puts(o, "{\"severity\":\"");
        buf_puts(o, sev_name(x->severity));
        buf_puts(o, "\",\"code\":");
        put_json_cstr(o, x->code);
        buf_puts(o, ",\"pointer\":");
        put_json_cstr(o, x->pointer);
        buf_puts(o, ",\"line\":");
        unsigned long long line = diag_line(r, x);
        if (line) put_u64(o, line);
        else buf_add(o, "null", 4);
        buf_puts(o, ",\"column\":");
        if (x->column && r->from != REMIT_STREAM_CSV) put_u64(o, x->column);
        else buf_add(o, "null", 4);
        buf_puts(o, ",\"message\":");
        put_json_cstr(o, x->message);
        buf_putc(o, '}');
    }
    if (message && n == 0) {
        buf_puts(o, "{\"severity\":\"error\",\"code\":");
        put_json_cstr(o, code);
        buf_puts(o, ",\"pointer\":\"\",\"line\":");
        if (r->line && r->from != REMIT_STREAM_CSV) put_u64(o, r->line);
        else buf_add(o, "null", 4);
        buf_puts(o, ",\"column\":null,\"message\":");
        put_json_str(o, message, mlen);
        buf_putc(o, '}');
    }
    buf_puts(o, "]}\n");
}

static void csv_verdict(remit_stream *s, const remit_record *r, remit_result *res)
{
    buf *o = &s->out;
    const char *id = remit_result_id(res);
    if (id) put_csv(o, id, strlen(id), true);
    buf_putc(o, ',');
    put_csv_cstr(o, remit_result_verdict(res));
    buf_putc(o, ',');
    put_csv_cstr(o, remit_result_provisional(res));
    buf_putc(o, ',');
    buf_puts(o, remit_result_discretionary(res) ? "true" : "false");
    buf_putc(o, ',');
    size_t nh = remit_result_head_count(res);
    put_u64(o, nh);
    buf_putc(o, ',');
    /* head verdicts, then deciding rules, "; "-separated in head order */
    buf *cell = &s->tmp;
    for (int pass = 0; pass < 2; pass++) {
        cell->len = 0;
        for (size_t h = 0; h < nh; h++) {
            const char *v = pass == 0 ? remit_result_head_verdict(res, h)
                                      : remit_result_head_rule(res, h);
            if (h) buf_add(cell, "; ", 2);
            buf_puts(cell, v ? v : "-");
        }
        put_csv(o, cell->p ? cell->p : "", cell->len, false);
        buf_putc(o, ',');
    }
    cell->len = 0;
    for (size_t q = 0; q < remit_result_question_count(res); q++) {
        remit_question qq;
        if (remit_result_get_question(res, q, &qq) != REMIT_OK) continue;
        if (cell->len) buf_add(cell, "; ", 2);
        /* A CSV row's questions name its columns. */
        if (r->from == REMIT_STREAM_CSV) csv_column_of_pointer(cell, qq.pointer);
        else buf_puts(cell, qq.pointer);
    }
    put_csv(o, cell->p ? cell->p : "", cell->len, false);
    if (cell->oom) o->oom = true;
    cell->oom = false;
    buf_add(o, ",\r\n", 3);
}

/* Undoes a line left half-written by a failed allocation, and writes an
 * "out of memory" error record in its place where that fits. */
static remit_status out_of_memory(remit_stream *s, const remit_record *r,
                                  size_t mark)
{
    static const char msg[] = "out of memory";
    s->out.oom = false;
    s->out.len = mark;
    if (s->out.p) s->out.p[mark] = '\0';
    error_record(s, r, NULL, "out-of-memory", msg, sizeof msg - 1);
    if (s->out.oom) {
        s->out.oom = false;
        s->out.len = mark;
        if (s->out.p) s->out.p[mark] = '\0';
    } else {
        s->records++;
        s->errors++;
    }
    return REMIT_ENOMEM;
}

remit_status remit_stream_eval(remit_stream *s, const remit_record *r,
                               remit_result **result_out,
                               const remit_diagnostics **diags_out)
{
    if (result_out) *result_out = NULL;
    if (diags_out) *diags_out = NULL;
    if (!s || !r || (!r->text && r->len)) return REMIT_EINVAL;
    size_t mark = s->out.len;
    if (r->unreadable) {
        error_record(s, r, NULL, r->code ? r->code : "unreadable",
                     r->text ? r->text : "", r->text ? r->len : 0);
        if (s->out.oom) return out_of_memory(s, r, mark);
        s->records++;
        s->errors++;
        return REMIT_EINPUT;
    }
    if (!s->ev && remit_evaluator_new(s->rs, &s->ev) != REMIT_OK)
        return out_of_memory(s, r, mark);
    remit_result *res = NULL;
    const remit_diagnostics *d = NULL;
    remit_status st = remit_evaluator_run(s->ev, r->text ? r->text : "", r->len,
                                          &s->opt.eval, &res, &d);
    if (diags_out) *diags_out = d;
    if (st == REMIT_ENOMEM) return out_of_memory(s, r, mark);
    if (st != REMIT_OK) {
        error_record(s, r, d, NULL, NULL, 0);
        if (s->out.oom) return out_of_memory(s, r, mark);
        s->records++;
        s->errors++;
        return st;
    }
    if (s->opt.output == REMIT_STREAM_CSV) {
        csv_position(&s->out, r);
        csv_verdict(s, r, res);
    } else {
        const char *json = remit_result_json(res, s->opt.json_flags);
        if (!json) return out_of_memory(s, r, mark);
        json_position(&s->out, r);
        buf_puts(&s->out, json + 1);
        buf_putc(&s->out, '\n');
    }
    if (s->out.oom) return out_of_memory(s, r, mark);
    s->records++;
    if (result_out) *result_out = res;
    return REMIT_OK;
}

/* ---- Push ------------------------------------------------------------------------ */

/* Cuts and evaluates every whole record buffered in s->in. */
static remit_status drain(remit_stream *s, bool end)
{
    remit_status worst = REMIT_OK;
    size_t pos = 0;
    for (;;) {
        size_t used = 0;
        remit_record r;
        remit_status st = remit_stream_next(s, s->in.p ? s->in.p + pos : "",
                                            s->in.len - pos, end, &used, &r);
        pos += used;
        if (st != REMIT_OK) {
            worst = st;
            break;
        }
        if (!r.text) break;
        if (remit_stream_eval(s, &r, NULL, NULL) == REMIT_ENOMEM) worst = REMIT_ENOMEM;
    }
    if (pos) {
        memmove(s->in.p, s->in.p + pos, s->in.len - pos);
        s->in.len -= pos;
    }
    return worst;
}

remit_status remit_stream_feed(remit_stream *s, const char *data, size_t len)
{
    if (!s || s->finished || (!data && len)) return REMIT_EINVAL;
    if (!len) return REMIT_OK;
    buf_add(&s->in, data, len);
    if (s->in.oom) {
        s->in.oom = false;
        return REMIT_ENOMEM;
    }
    return drain(s, false);
}

remit_status remit_stream_finish(remit_stream *s)
{
    if (!s || s->finished) return REMIT_EINVAL;
    s->finished = true;
    remit_status st = drain(s, true);
    buf_free(&s->in);
    return st;
}
