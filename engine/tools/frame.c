/* SPDX-License-Identifier: Apache-2.0 */
/*
 * frame.c -- the record stream's framer: input bytes in, records out (a
 * JSON Lines line, one whole-input complaint, or a CSV row made into a
 * complaint by csv.c), with line and row numbers.  Looks at the start of
 * each input first and recognises the usual mistakes (pretty-printed JSON
 * or a JSON array as JSON Lines, CSV or YAML as JSON, JSON as CSV, UTF-16
 * text): such an input becomes one unreadable record saying what it looks
 * like and what is expected, instead of an error per line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "frame.h"
#include "ruleset.h"

#define MAX_RECORD ((size_t)REMIT_MAX_COMPLAINT_BYTES)

void frame_init(frame *f, const remit_ruleset *rs, remit_stream_format fmt)
{
    memset(f, 0, sizeof *f);
    f->rs = rs;
    f->fmt = fmt;
    buf_init(&f->text, &rs->mem);
}

void frame_free(frame *f)
{
    csv_layout_free(f->rs, f->csv);
    f->csv = NULL;
    buf_free(&f->text);
}

/* ---- Made records ------------------------------------------------------- */

static void set_text(frame *f, const char *fmt, ...) REMIT_PRINTF(2, 3);

static void set_text(frame *f, const char *fmt, ...)
{
    f->text.len = 0;
    f->text.oom = false;
    va_list ap;
    va_start(ap, fmt);
    char t[1024];
    int n = vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof t) n = (int)sizeof t - 1;
    buf_add(&f->text, t, (size_t)n);
}

/* Gives f->text as an unreadable record. */
static remit_status unreadable(frame *f, remit_record *rec, const char *code,
                               unsigned long long line)
{
    if (f->text.oom) return REMIT_ENOMEM;
    rec->text = f->text.p ? f->text.p : "";
    rec->len = f->text.len;
    rec->line = line;
    rec->unreadable = true;
    rec->code = code;
    return REMIT_OK;
}

static remit_status too_large(frame *f, remit_record *rec)
{
    set_text(f, "record too large (%llu bytes; the limit is %zu)", f->skip_size,
             MAX_RECORD);
    f->skip = SKIP_NONE;
    return unreadable(f, rec, "too-large", f->skip_line);
}

/* The record just read (line f->line), whole and n bytes long, is over the
 * limit: its error record. */
static remit_status whole_too_large(frame *f, size_t n, remit_record *rec)
{
    f->skip_line = f->line;
    f->skip_size = n;
    return too_large(f, rec);
}

/* The record starting the input left, not yet whole, is already over the
 * limit with its `avail` bytes: the next record, read on to its end
 * (skip_long) and counted, not kept.  `quoted`: a CSV record ends inside a
 * quoted field. */
static void start_skip(frame *f, size_t avail, bool quoted)
{
    f->skip = SKIP_LONG;
    f->skip_quoted = quoted;
    f->skip_line = ++f->line;
    f->skip_size = avail;
}

/* ---- Looking at the start of an input --------------------------------------- */

static bool is_blank(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r') return false;
    return true;
}

/* A line of the input's start: where it is and its text. */
typedef struct line_at {
    const char *p;
    size_t len;
    unsigned long long number;
    bool found;
} line_at;

/* The first non-blank line at or after `from` (a byte offset at a line's
 * start, on line `number`); found false when the input given ends first
 * (the line may not be whole). */
static line_at first_line(const char *data, size_t len, size_t from,
                          unsigned long long number, bool end)
{
    line_at l = {NULL, 0, number, false};
    while (from < len) {
        const char *p = data + from;
        const char *nl = memchr(p, '\n', len - from);
        size_t n = nl ? (size_t)(nl - p) : len - from;
        if (!nl && !end) return l;
        if (!is_blank(p, n)) {
            l.p = p;
            l.len = n;
            l.found = true;
            return l;
        }
        from += n + 1;
        l.number++;
    }
    return l;
}

/* The depth of {} and [] nesting at the end of a line, strings skipped. */
static int depth_after(const char *p, size_t n)
{
    int depth = 0;
    bool str = false;
    for (size_t k = 0; k < n; k++) {
        char c = p[k];
        if (str) {
            if (c == '\\') k++;
            else if (c == '"') str = false;
        } else if (c == '"') {
            str = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return depth;
}

static char first_char(const char *p, size_t n)
{
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3;
        n -= 3;
    }
    for (size_t k = 0; k < n; k++)
        if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r') return p[k];
    return '\0';
}

/* The line's text for a message: at most 60 bytes, cut on a character
 * boundary, what is not clean UTF-8 as '?', '"' as '\''. */
static const char *quoted_line(const char *p, size_t n, char out[64])
{
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3;
        n -= 3;
    }
    while (n && (*p == ' ' || *p == '\t')) p++, n--;
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ')) n--;
    csv_quote(p, n, out, 64);
    for (char *x = out; *x; x++)
        if (*x == '"') *x = '\'';
    return out;
}

/* A YAML mapping line ("nation: england"), a document start ("---") or a
 * directive ("%YAML"). */
static bool looks_yaml(const char *p, size_t n)
{
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3;
        n -= 3;
    }
    while (n && (*p == ' ' || *p == '\t')) p++, n--;
    if ((n >= 3 && memcmp(p, "---", 3) == 0) || (n >= 5 && memcmp(p, "%YAML", 5) == 0))
        return true;
    if (n >= 2 && p[0] == '-' && p[1] == ' ') return true; /* a list item */
    size_t k = 0;
    while (k < n && (p[k] == '_' || p[k] == '-' || p[k] == '.' ||
                     (p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
                     (p[k] >= '0' && p[k] <= '9')))
        k++;
    return k > 0 && k < n && p[k] == ':' && (k + 1 == n || p[k + 1] == ' ' ||
                                            p[k + 1] == '\r');
}

/* A row of cells: some delimiter (comma, semicolon, tab) outside quotes. */
static bool looks_csv(const char *p, size_t n)
{
    bool q = false;
    for (size_t k = 0; k < n; k++) {
        if (p[k] == '"') q = !q;
        else if (!q && (p[k] == ',' || p[k] == ';' || p[k] == '\t')) return true;
    }
    return false;
}

/* UTF-16 (or UTF-32): a byte order mark, or zero bytes at every other
 * position in the first bytes, as ASCII text in UTF-16 has. */
static bool looks_utf16(const char *data, size_t len, bool *bom)
{
    const unsigned char *u = (const unsigned char *)data;
    *bom = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    if (*bom) return true;
    size_t n = len < 64 ? len : 64, zeros[2] = {0, 0};
    for (size_t k = 0; k < n; k++)
        if (!u[k]) zeros[k & 1]++;
    return n >= 4 && (zeros[0] * 2 >= n / 2 || zeros[1] * 2 >= n / 2) &&
           (zeros[0] == 0 || zeros[1] == 0 || zeros[0] + zeros[1] >= n / 2);
}

enum { SNIFF_MORE, SNIFF_FINE, SNIFF_MISTAKE };

/*
 * Looks at the start of the input for a usual mistake.  SNIFF_MORE: more
 * input is needed to tell; SNIFF_MISTAKE: f->text says what the input
 * looks like and what is expected, *code and *line are set.
 */
static int sniff(frame *f, const char *data, size_t len, bool end,
                 const char **code, unsigned long long *line)
{
    const char *file = f->name && strcmp(f->name, "-") != 0 ? f->name : "FILE";
    /* The first 64 bytes, or up to the first line break: the same bytes
     * however the input is cut into pieces. */
    const char *nl = memchr(data, '\n', len < 64 ? len : 64);
    if (!nl && len < 64 && !end) return SNIFF_MORE;
    size_t probe = nl ? (size_t)(nl - data) + 1 : (len < 64 ? len : 64);
    bool bom;
    *line = 1;
    if (looks_utf16(data, probe, &bom)) {
        *code = "input-utf16";
        set_text(f, "this input is UTF-16 text (%s), but remit reads UTF-8. "
                    "Save or export it as UTF-8 (in Excel: \"CSV UTF-8\"; or "
                    "convert it: iconv -f UTF-16 -t UTF-8)",
                 bom ? "it begins with a UTF-16 byte order mark"
                     : "every other byte is zero");
        return SNIFF_MISTAKE;
    }
    line_at l = first_line(data, len, 0, 1, end);
    if (!l.found) {
        /* A first line longer than any record: let framing say so. */
        return len > MAX_RECORD || end ? SNIFF_FINE : SNIFF_MORE;
    }
    *line = l.number;
    char c = first_char(l.p, l.len), q[64];
    if (f->fmt == REMIT_STREAM_CSV) {
        if (c == '{' || c == '[') {
            *code = "input-json";
            set_text(f, "this looks like JSON (line %llu begins with '%c'), but it "
                        "is being read as CSV. Read it as JSON Lines instead "
                        "(remit batch: a .jsonl file name, or --input-format jsonl)",
                     l.number, c);
            return SNIFF_MISTAKE;
        }
        if (!looks_csv(l.p, l.len) && looks_yaml(l.p, l.len)) {
            *code = "input-yaml";
            set_text(f, "this looks like YAML (line %llu: \"%s\"), but it is being "
                        "read as CSV, a header row and one complaint per row",
                     l.number, quoted_line(l.p, l.len, q));
            return SNIFF_MISTAKE;
        }
        return SNIFF_FINE;
    }
    bool lines = f->fmt == REMIT_STREAM_JSONL;
    if (c == '[') {
        *code = "input-json-array";
        if (lines)
            set_text(f, "this is a JSON array (line %llu begins with '['), but JSON "
                        "Lines holds one complaint object per line, not an array. "
                        "Convert it: jq -c '.[]' %s",
                     l.number, file);
        else
            set_text(f, "this is a JSON array (line %llu begins with '['), but a "
                        "JSON input holds one complaint object. For many "
                        "complaints use JSON Lines, one per line: jq -c '.[]' %s",
                     l.number, file);
        return SNIFF_MISTAKE;
    }
    if (c == '{') {
        int depth = depth_after(l.p, l.len);
        /* A whole first line (JSON Lines) or a pretty-printed complaint (a
         * JSON input) is what is expected: no need to wait for more. */
        if (lines ? depth <= 0 : depth > 0) return SNIFF_FINE;
        size_t next_from = (size_t)(l.p - data) + l.len + 1;
        line_at n2 = first_line(data, len, next_from, l.number + 1, end);
        if (!n2.found) {
            if (end || len > MAX_RECORD) return SNIFF_FINE;
            return SNIFF_MORE;
        }
        char c2 = first_char(n2.p, n2.len);
        if (lines && depth > 0 && c2 != '{') {
            *code = "input-pretty-json";
            set_text(f, "this looks like pretty-printed JSON: the complaint that "
                        "begins on line %llu goes on over the next lines, but JSON "
                        "Lines holds each complaint on one line. Put each complaint "
                        "on one line (jq -c . %s), or give each its own .json file",
                     l.number, file);
            return SNIFF_MISTAKE;
        }
        if (!lines && depth == 0 && c2 == '{') {
            *code = "input-json-lines";
            set_text(f, "this looks like JSON Lines (a complaint on line %llu and "
                        "another on line %llu), but a JSON input holds one "
                        "complaint. Read it as JSON Lines (remit batch: a .jsonl "
                        "file name, or --input-format jsonl)",
                     l.number, n2.number);
            return SNIFF_MISTAKE;
        }
        return SNIFF_FINE;
    }
    if (looks_yaml(l.p, l.len)) {
        *code = "input-yaml";
        set_text(f, "this looks like YAML (line %llu: \"%s\"), but remit reads "
                    "complaints as JSON%s. Convert it to JSON first",
                 l.number, quoted_line(l.p, l.len, q),
                 lines ? " objects, one per line (JSON Lines)" : "");
        return SNIFF_MISTAKE;
    }
    if (looks_csv(l.p, l.len)) {
        *code = "input-csv";
        set_text(f, "this looks like CSV (line %llu: \"%s\"), but it is being read "
                    "as JSON. Read it as CSV instead (remit batch: a .csv file "
                    "name, or --input-format csv)",
                 l.number, quoted_line(l.p, l.len, q));
        return SNIFF_MISTAKE;
    }
    return SNIFF_FINE;
}

/* Several complaints where one is expected: the first top-level value
 * ends and another object begins after it.  Sets *first_end and *next to
 * their lines. */
static bool several_objects(const char *p, size_t n, unsigned long long *first_end,
                            unsigned long long *next)
{
    int depth = 0;
    bool str = false, started = false;
    unsigned long long line = 1;
    for (size_t k = 0; k < n; k++) {
        char c = p[k];
        if (c == '\n') line++;
        if (str) {
            if (c == '\\') {
                if (k + 1 < n && p[k + 1] == '\n') line++;
                k++;
            } else if (c == '"') {
                str = false;
            }
            continue;
        }
        if (c == '"') {
            str = true;
        } else if (c == '{' || c == '[') {
            if (!started && c != '{') return false;
            started = true;
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth < 0) return false;
            if (depth == 0 && started) {
                *first_end = line;
                for (size_t j = k + 1; j < n; j++) {
                    if (p[j] == '\n') line++;
                    else if (p[j] == '{') {
                        *next = line;
                        return true;
                    } else if (p[j] != ' ' && p[j] != '\t' && p[j] != '\r' &&
                               p[j] != ',') {
                        return false;
                    }
                }
                return false;
            }
        } else if (!started && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            if (!(k < 3 && (unsigned char)c >= 0x80)) return false; /* a BOM */
        }
    }
    return false;
}

/* f->text for several complaints in one JSON input; returns the code. */
static const char *several_text(frame *f, unsigned long long first_end,
                                unsigned long long next)
{
    const char *file = f->name && strcmp(f->name, "-") != 0 ? f->name : "FILE";
    set_text(f, "this holds several complaints (the first ends on line %llu, "
                "another begins on line %llu), but a JSON input holds one "
                "complaint. Check them all as JSON Lines, one per line (jq -c "
                ". %s > complaints.jsonl), or give each its own .json file",
             first_end, next, file);
    return "input-several-complaints";
}

bool remit_input_recognise(const char *data, size_t len,
                           remit_stream_format format, const char *name,
                           char *message, size_t size, const char **code_out,
                           unsigned long long *line_out)
{
    if (!data || !message || !size || !code_out || !line_out ||
        format >= REMIT_STREAM_FORMAT_COUNT)
        return false;
    /* A framer without a ruleset: its text on the default allocator. */
    arena a;
    arena_init(&a, arena_default_alloc, NULL);
    frame f;
    memset(&f, 0, sizeof f);
    f.fmt = format;
    f.name = name;
    buf_init(&f.text, &a);
    const char *code = NULL;
    unsigned long long line = 0;
    bool found = sniff(&f, data, len, true, &code, &line) == SNIFF_MISTAKE;
    unsigned long long first_end = 0, next = 0;
    if (!found && format == REMIT_STREAM_JSON &&
        several_objects(data, len, &first_end, &next)) {
        code = several_text(&f, first_end, next);
        line = next;
        found = true;
    }
    if (found) {
        if (f.text.oom || !f.text.p) {
            found = false;
        } else {
            snprintf(message, size, "%s", f.text.p);
            *code_out = code;
            *line_out = line;
        }
    }
    buf_free(&f.text);
    return found;
}

/* ---- JSON Lines and one complaint ---------------------------------------------- */

static remit_status next_line(frame *f, const char *data, size_t len, bool end,
                              size_t *used, remit_record *rec)
{
    size_t pos = 0;
    for (;;) {
        const char *p = data + pos;
        size_t avail = len - pos, n, consumed;
        const char *nl = memchr(p, '\n', avail);
        if (nl) {
            n = (size_t)(nl - p);
            consumed = n + 1;
        } else if (!end) {
            if (avail > MAX_RECORD) {
                /* Too long to be a record: counted, read on to its end. */
                start_skip(f, avail, false);
                *used = len;
                return REMIT_OK;
            }
            *used = pos;
            return REMIT_OK;
        } else if (avail == 0) {
            *used = pos;
            return REMIT_OK;
        } else {
            n = consumed = avail;
        }
        pos += consumed;
        f->line++;
        *used = pos;
        if (n > MAX_RECORD) return whole_too_large(f, n, rec);
        if (is_blank(p, n)) continue;
        rec->text = p;
        rec->len = n;
        rec->line = f->line;
        return REMIT_OK;
    }
}

static remit_status whole(frame *f, const char *data, size_t len, bool end,
                          size_t *used, remit_record *rec)
{
    if (!end) {
        if (len > MAX_RECORD) {
            f->skip = SKIP_LONG;
            f->skip_line = 0;
            f->skip_size = len;
            *used = len;
        }
        return REMIT_OK;
    }
    *used = len;
    f->skip = SKIP_REST;
    unsigned long long first_end, next;
    if (several_objects(data, len, &first_end, &next)) {
        const char *code = several_text(f, first_end, next);
        return unreadable(f, rec, code, next);
    }
    rec->text = data;
    rec->len = len;
    rec->line = 0;
    return REMIT_OK;
}

/* Reads on to the end of a record too large to keep. */
static remit_status skip_long(frame *f, const char *data, size_t len, bool end,
                              size_t *used, remit_record *rec)
{
    size_t n = len, consumed = len;
    bool done = end;
    if (f->fmt == REMIT_STREAM_JSONL) {
        const char *nl = memchr(data, '\n', len);
        if (nl) {
            n = (size_t)(nl - data);
            consumed = n + 1;
            done = true;
        }
    } else if (f->fmt == REMIT_STREAM_CSV) {
        size_t rl, u;
        if (csv_record_end(data, len, end, csv_delim(f->csv), &f->skip_quoted, &rl, &u)) {
            n = rl;
            consumed = u;
            done = true;
        }
        /* Not whole: the quote state is carried to the next call. */
    }
    f->skip_size += n;
    *used = consumed;
    if (!done) return REMIT_OK;
    if (f->fmt == REMIT_STREAM_JSON) {
        remit_status st = too_large(f, rec);
        f->skip = SKIP_REST;
        return st;
    }
    return too_large(f, rec);
}

/* ---- CSV -------------------------------------------------------------------------- */

static remit_status next_row(frame *f, const char *data, size_t len, bool end,
                             size_t *used, remit_record *rec)
{
    size_t pos = 0;
    for (;;) {
        const char *p = data + pos;
        size_t avail = len - pos, n, consumed;
        bool quoted = false;
        if (avail == 0 ||
            !csv_record_end(p, avail, end, csv_delim(f->csv), &quoted, &n, &consumed)) {
            if (!end && avail > MAX_RECORD) {
                start_skip(f, avail, quoted);
                *used = len;
                return REMIT_OK;
            }
            *used = pos;
            return REMIT_OK;
        }
        /* Out of memory leaves the record unread, for a later call. */
        size_t pos_before = pos;
        unsigned long long line_before = f->line;
        pos += consumed;
        f->line++;
        *used = pos;
        if (n > MAX_RECORD) return whole_too_large(f, n, rec);
        if (!f->csv) {
            remit_status st = csv_header(f->rs, &f->csv, &f->text, p, n);
            if (st == REMIT_ENOMEM) {
                csv_layout_free(f->rs, f->csv);
                f->csv = NULL;
                f->line = line_before;
                *used = pos_before;
                return st;
            }
            if (st != REMIT_OK) {
                f->skip = SKIP_REST;
                *used = len;
                return unreadable(f, rec, "csv-header", f->line);
            }
            continue;
        }
        bool blank = false;
        const char *id;
        size_t id_len;
        remit_status st = csv_row(f->csv, &f->text, f->line, p, n, &blank, &id, &id_len);
        if (st == REMIT_ENOMEM) {
            f->line = line_before;
            *used = pos_before;
            return st;
        }
        if (blank) continue;
        if (st != REMIT_OK) {
            rec->id = id;
            rec->id_len = id_len;
            return unreadable(f, rec, "csv-row", f->line);
        }
        if (f->text.len > MAX_RECORD) return whole_too_large(f, f->text.len, rec);
        rec->text = f->text.p;
        rec->len = f->text.len;
        rec->line = f->line;
        return REMIT_OK;
    }
}

/* ---- The framer ---------------------------------------------------------------------- */

remit_status frame_next(frame *f, const char *data, size_t len, bool end,
                        size_t *used, remit_record *rec)
{
    if (f->skip == SKIP_REST) {
        *used = len;
        return REMIT_OK;
    }
    if (f->skip == SKIP_LONG) return skip_long(f, data, len, end, used, rec);
    if (!f->sniffed) {
        const char *code = NULL;
        unsigned long long line = 0;
        int s = sniff(f, data, len, end, &code, &line);
        if (s == SNIFF_MORE) return REMIT_OK;
        f->sniffed = true;
        if (s == SNIFF_MISTAKE) {
            f->skip = SKIP_REST;
            *used = len;
            return unreadable(f, rec, code, line);
        }
    }
    switch (f->fmt) {
    case REMIT_STREAM_JSONL:
        return next_line(f, data, len, end, used, rec);
    case REMIT_STREAM_CSV:
        return next_row(f, data, len, end, used, rec);
    default:
        return whole(f, data, len, end, used, rec);
    }
}
