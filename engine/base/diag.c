/* SPDX-License-Identifier: Apache-2.0 */
/*
 * diag.c -- collects diagnostics (code, severity, position, message) into a
 * caller-owned list, and formats them as "file:line:col: error: message"
 * with the source line and a caret.  Consumes problems found by every
 * stage; produces the remit_diagnostics list the caller owns.
 */
#include "diag.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Makes s (n bytes, in place) safe to print: a byte that does not start a
 * valid UTF-8 sequence, and a control character but tab (C0, DEL, C1),
 * becomes '?'.  Messages quote complaint and rule text, and a source line is
 * the rule file's or complaint's own bytes: neither may send a terminal an
 * escape sequence or break its UTF-8.  One '?' per character keeps a caret
 * under the right column.
 */
static void make_printable(char *s, size_t n)
{
    unsigned char *p = (unsigned char *)s, *e = p + n;
    while (p < e) {
        unsigned char c = *p;
        size_t k = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2
                 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        bool ok = k > 0 && (size_t)(e - p) >= k;
        for (size_t m = 1; ok && m < k; m++) ok = (p[m] & 0xc0) == 0x80;
        if (ok && k == 3) {
            unsigned cp = (c & 0x0fu) << 12 | (p[1] & 0x3fu) << 6;
            ok = cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff);
        }
        if (ok && k == 4) {
            unsigned cp = (c & 0x07u) << 18 | (p[1] & 0x3fu) << 12;
            ok = cp >= 0x10000 && cp <= 0x10ffff;
        }
        if (ok && k == 1 && ((c < 0x20 && c != '\t') || c == 0x7f)) ok = false;
        if (ok && k == 2 && c == 0xc2 && p[1] <= 0x9f) { /* C1 */
            p[0] = '?';
            memmove(p + 1, p + 2, (size_t)(e - p - 2));
            e--;
            *e = '\0';
            p++;
            continue;
        }
        if (!ok) {
            *p++ = '?';
            continue;
        }
        p += k;
    }
}

remit_diagnostics *diag_new(remit_alloc_fn fn, void *ctx)
{
    arena tmp;
    arena_init(&tmp, fn, ctx);
    remit_diagnostics *d = arena_raw_alloc(&tmp, sizeof *d);
    if (!d) return NULL;
    memset(d, 0, sizeof *d);
    d->mem = tmp;
    return d;
}

size_t diag_errors(const remit_diagnostics *d)
{
    return d ? d->errors : 0;
}

void diag_add(remit_diagnostics *d, remit_status status, remit_severity sev,
              const char *code, const diag_pos *pos, const char *fmt, ...)
{
    if (!d) return;
    if (sev == REMIT_SEVERITY_ERROR) d->errors++;
    if (d->count >= REMIT_MAX_DIAGNOSTICS) {
        d->capped = true;
        return;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        remit_diagnostic *n =
            arena_raw_realloc(&d->mem, d->items, cap * sizeof *n);
        if (!n) {
            d->oom = true;
            return;
        }
        d->items = n;
        d->cap = cap;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* The same problem at the same place is reported once (two checks, such
     * as lint's shape checker and the loader, may both find it). */
    if (pos && pos->line) {
        for (size_t i = 0; i < d->count; i++) {
            const remit_diagnostic *o = &d->items[i];
            if (o->line == pos->line && o->column == pos->column &&
                strcmp(o->code, code) == 0 && strcmp(o->message, msg) == 0 &&
                o->file && pos->file && strcmp(o->file, pos->file) == 0) {
                if (sev == REMIT_SEVERITY_ERROR) d->errors--;
                return;
            }
        }
    }

    make_printable(msg, strlen(msg));
    remit_diagnostic *x = &d->items[d->count];
    memset(x, 0, sizeof *x);
    x->status = status;
    x->severity = sev;
    x->code = arena_strdup(&d->mem, code);
    x->message = arena_strdup(&d->mem, msg);
    if (pos) {
        x->file = arena_strdup(&d->mem, pos->file);
        x->line = pos->line;
        x->column = pos->column;
        x->pointer = arena_strdup(&d->mem, pos->pointer);
        if (pos->source_line) {
            size_t n = strcspn(pos->source_line, "\r\n");
            if (n > 300) n = 300;
            char *sl = arena_strndup(&d->mem, pos->source_line, n);
            if (sl) make_printable(sl, n);
            x->source_line = sl;
        }
    }
    if (!x->code || !x->message ||
        (pos && ((pos->file && !x->file) || (pos->pointer && !x->pointer) ||
                 (pos->source_line && !x->source_line)))) {
        d->oom = true;
        return;
    }
    d->count++;
}

/* ---- Sorting by position ---------------------------------------------- */

/* A diagnostic's place in the sort: its position, then the order found. */
typedef struct order {
    unsigned line, column;
    size_t i;
} order;

static int cmp_order(const void *a, const void *b)
{
    const order *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->column != y->column) return x->column < y->column ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

remit_status diag_append_sorted(remit_diagnostics *to,
                                const remit_diagnostics *from)
{
    size_t n = from->count;
    order *o = arena_raw_alloc(&to->mem, (n + 1) * sizeof *o);
    if (!o) return REMIT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        /* Whole-file diagnostics (line 0) come after the others. */
        o[i].line = from->items[i].line ? from->items[i].line : UINT_MAX;
        o[i].column = from->items[i].column;
        o[i].i = i;
    }
    qsort(o, n, sizeof *o, cmp_order);
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *x = &from->items[o[i].i];
        diag_pos pos = {x->file, x->line, x->column, x->pointer, x->source_line};
        diag_add(to, x->status, x->severity, x->code, &pos, "%s", x->message);
    }
    arena_raw_free(&to->mem, o);
    return REMIT_OK;
}


size_t remit_diagnostics_count(const remit_diagnostics *diags)
{
    return diags ? diags->count : 0;
}

size_t remit_diagnostics_count_severity(const remit_diagnostics *diags,
                                        remit_severity severity)
{
    size_t n = 0;
    for (size_t i = 0; i < remit_diagnostics_count(diags); i++)
        if (diags->items[i].severity == severity) n++;
    return n;
}

const remit_diagnostic *remit_diagnostics_get(const remit_diagnostics *diags,
                                              size_t i)
{
    if (!diags || i >= diags->count) return NULL;
    return &diags->items[i];
}

static const char *sev_name(remit_severity s)
{
    switch (s) {
    case REMIT_SEVERITY_ERROR: return "error";
    case REMIT_SEVERITY_WARNING: return "warning";
    default: return "note";
    }
}

/* snprintf-style appending: writes what fits, counts everything. */
typedef struct sink {
    char *out;
    size_t size, len;
} sink;

REMIT_PRINTF(2, 3)
static void put(sink *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *at = k->len < k->size ? k->out + k->len : NULL;
    size_t room = k->len < k->size ? k->size - k->len : 0;
    int n = vsnprintf(at, room, fmt, ap);
    va_end(ap);
    if (n > 0) k->len += (size_t)n;
}

size_t remit_diagnostics_format(const remit_diagnostics *diags, size_t i,
                                char *out, size_t size)
{
    sink k = {out, size, 0};
    if (size) out[0] = '\0';
    const remit_diagnostic *x = remit_diagnostics_get(diags, i);
    if (!x) return 0;
    if (x->file) {
        if (x->line && x->column) put(&k, "%s:%u:%u: ", x->file, x->line, x->column);
        else if (x->line) put(&k, "%s:%u: ", x->file, x->line);
        else put(&k, "%s: ", x->file);
    }
    if (x->pointer)
        put(&k, "%s: ", x->pointer[0] ? x->pointer : "(the whole complaint)");
    put(&k, "%s: %s", sev_name(x->severity), x->message);
    if (x->source_line && x->column) {
        /* The source line, then a caret under the column.  Columns count
         * characters, not bytes: one space per UTF-8 character before it
         * (tabs kept, so the caret lines up). */
        put(&k, "\n %s\n ", x->source_line);
        const unsigned char *p = (const unsigned char *)x->source_line;
        for (unsigned c = 1; c < x->column && *p; c++) {
            put(&k, "%c", *p == '\t' ? '\t' : ' ');
            p++;
            while ((*p & 0xc0) == 0x80) p++;
        }
        put(&k, "^");
    }
    return k.len;
}

void remit_diagnostics_free(remit_diagnostics *diags)
{
    if (!diags) return;
    arena mem = diags->mem;
    arena_raw_free(&mem, diags->items);
    arena_free_all(&mem);
    arena_raw_free(&mem, diags);
}
