/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yfast.c -- reads the plain YAML of rule files into a ynode tree, in one
 * pass over the bytes, for the happy path of loading (yfast.h gives the
 * subset).  Consumes a rule file's text; produces ynodes in the caller's
 * arena, or "not in the subset" at the first thing it does not read
 * exactly as libyaml would, so that libyaml reads it (and reports any
 * error) instead.  Line by line: a block collection is the lines at its
 * indentation, a value on a line ends with the line.
 */
#include "yfast.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define YF_MAX_DEPTH 32
#define YF_MAX_KEY 1000 /* libyaml's simple keys end at 1024 characters */

typedef struct yf {
    const char *s;
    size_t len;
    arena *a;
    size_t p;      /* the next byte */
    size_t ls;     /* the start of p's line */
    unsigned line; /* p's line, 1-based */
    int depth;
    bool oom;
    /* The kids of the open collections, innermost last. */
    ynode **stk;
    size_t nstk, capstk;
} yf;

/* ---- The bytes ---------------------------------------------------------- */

/* Printable UTF-8 and line feeds only, as libyaml reads them but without
 * what it treats specially: tab, carriage return, NEL, U+2028, U+2029 and
 * the byte order mark. */
static bool text_ok(const unsigned char *s, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    for (size_t i = 0; i < len;) {
        /* Eight bytes at a time while none is a line feed, another
         * control character, DEL or past ASCII (any byte < n: the "has
         * less" test of Bit Twiddling Hacks; == 0x7F: has zero after xor). */
        while (len - i >= 8) {
            uint64_t w, d;
            memcpy(&w, s + i, sizeof w);
            d = w ^ (0x7F * ones);
            if (((w & highs) | ((w - 0x20 * ones) & ~w & highs) |
                 ((d - ones) & ~d & highs)) != 0)
                break;
            i += 8;
        }
        if (i >= len) break;
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
            i++;
            continue;
        }
        unsigned cp, need;
        if (c >= 0xC2 && c <= 0xDF) cp = c & 0x1F, need = 1;
        else if (c >= 0xE0 && c <= 0xEF) cp = c & 0x0F, need = 2;
        else if (c >= 0xF0 && c <= 0xF4) cp = c & 0x07, need = 3;
        else return false;
        if (len - i <= need) return false;
        for (unsigned k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if ((need == 1 && cp < 0xA0) || (need == 2 && cp < 0x800) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFEFF || cp == 0xFFFE ||
            cp == 0xFFFF || cp == 0x2028 || cp == 0x2029)
            return false;
        i += need + 1;
    }
    return true;
}

static char at(const yf *y, size_t i) { return i < y->len ? y->s[i] : '\0'; }

/* A blank or the end of the line or text. */
static bool blankz(const yf *y, size_t i)
{
    char ch = at(y, i);
    return ch == ' ' || ch == '\n' || ch == '\0';
}

static bool flow_ind(char ch)
{
    return ch == ',' || ch == '[' || ch == ']' || ch == '{' || ch == '}';
}

/* Moves past the line feed at p (or to the end) to the next line. */
static void newline(yf *y)
{
    if (y->p < y->len) {
        y->p++;
        y->line++;
    }
    y->ls = y->p;
}

/* The rest of the line after a value: spaces and a comment only. */
static bool end_line(yf *y)
{
    size_t p = y->p;
    while (at(y, p) == ' ') p++;
    if (at(y, p) == '#' && (p == y->ls || y->s[p - 1] == ' ')) {
        const char *nl = memchr(y->s + p, '\n', y->len - p);
        p = nl ? (size_t)(nl - y->s) : y->len;
    }
    if (at(y, p) != '\n' && p < y->len) return false;
    y->p = p;
    newline(y);
    return true;
}

/*
 * From the start of a line: past blank and comment-only lines to the next
 * line with content; p at its first non-space.  Its indentation, or -1 at
 * the end of the text or (with *bad set) at a document marker or
 * directive.
 */
static long next_content(yf *y, bool *bad)
{
    for (;;) {
        if (y->p >= y->len) return -1;
        size_t p = y->p;
        while (at(y, p) == ' ') p++;
        char ch = at(y, p);
        if (ch == '\n' || ch == '#' || p >= y->len) {
            const char *nl = memchr(y->s + p, '\n', y->len - p);
            y->p = nl ? (size_t)(nl - y->s) : y->len;
            newline(y);
            continue;
        }
        if (p == y->ls &&
            (ch == '%' ||
             ((ch == '-' || ch == '.') && at(y, p + 1) == ch &&
              at(y, p + 2) == ch && blankz(y, p + 3)))) {
            *bad = true;
            return -1;
        }
        y->p = p;
        return (long)(p - y->ls);
    }
}

/* ---- Nodes -------------------------------------------------------------- */

static ynode *node(yf *y, ynode_kind kind, size_t start)
{
    ynode *n = arena_alloc(y->a, sizeof *n);
    if (!n) {
        y->oom = true;
        return NULL;
    }
    n->kind = kind;
    n->start = start;
    n->line = y->line;
    unsigned col = 1;
    for (size_t k = y->ls; k < start; k++)
        if (((unsigned char)y->s[k] & 0xC0u) != 0x80u) col++;
    n->column = col;
    return n;
}

static bool push(yf *y, ynode *n)
{
    if (y->nstk == y->capstk) {
        size_t cap = y->capstk ? y->capstk * 2 : 64;
        ynode **k = arena_raw_realloc(y->a, y->stk, cap * sizeof *k);
        if (!k) {
            y->oom = true;
            return false;
        }
        y->stk = k;
        y->capstk = cap;
    }
    y->stk[y->nstk++] = n;
    return true;
}

/* Closes collection n, whose kids are the stack's from `base` on. */
static bool close_kids(yf *y, ynode *n, size_t base)
{
    n->nkids = y->nstk - base;
    if (n->nkids) {
        n->kids = arena_alloc(y->a, n->nkids * sizeof *n->kids);
        if (!n->kids) {
            y->oom = true;
            return false;
        }
        memcpy(n->kids, y->stk + base, n->nkids * sizeof *n->kids);
    }
    y->nstk = base;
    return true;
}

static ynode *scalar(yf *y, size_t start, const char *v, size_t n, bool plain)
{
    ynode *s = node(y, YN_SCALAR, start);
    if (!s) return NULL;
    s->value = arena_strndup(y->a, v, n);
    if (!s->value) {
        y->oom = true;
        return NULL;
    }
    s->len = n;
    s->plain = plain;
    return s;
}

/* ---- Scalars on one line ------------------------------------------------ */

enum ctx { BLOCK, FLOW_KEY, FLOW_VALUE };

/* The bytes a plain scalar may stop at: 1 in any context, 2 in a flow
 * collection only. */
static const unsigned char stops[256] = {
    ['\n'] = 1, [':'] = 1, ['#'] = 1,
    [','] = 2, ['['] = 2, [']'] = 2, ['{'] = 2, ['}'] = 2,
};

/* A plain scalar at p, to the end of the line, a ": ", a " #" or (in a
 * flow collection) a flow indicator; trailing spaces are not its own. */
static ynode *plain(yf *y, enum ctx cx)
{
    size_t b = y->p;
    char c0 = at(y, b);
    if (strchr(",[]{}#&*!|>'\"%@`?:", c0) || c0 == '\0' || c0 == ' ' ||
        (c0 == '-' && (cx != BLOCK || blankz(y, b + 1))))
        return NULL;
    size_t e = b;
    const unsigned char mask = cx == BLOCK ? 1 : 3;
    for (;;) {
        while (e < y->len && !(stops[(unsigned char)y->s[e]] & mask)) e++;
        char ch = at(y, e);
        if (ch == '\n' || e >= y->len) break;
        if (ch == ':') {
            if (blankz(y, e + 1)) {
                if (cx == FLOW_VALUE) return NULL;
                break;
            }
            if (cx != BLOCK) return NULL;
        }
        if (ch == '#' && y->s[e - 1] == ' ') {
            if (cx != BLOCK) return NULL;
            break;
        }
        if (cx != BLOCK && flow_ind(ch)) break;
        e++;
    }
    y->p = e;
    while (e > b && y->s[e - 1] == ' ') e--;
    return scalar(y, b, y->s + b, e - b, true);
}

/* A quoted scalar at p, closed on the same line. */
static ynode *quoted(yf *y)
{
    size_t b = y->p;
    char q = y->s[b];
    size_t e = b + 1;
    bool simple = true;
    for (;; e++) {
        char ch = at(y, e);
        if (ch == '\n' || e >= y->len) return NULL;
        if (ch == q) {
            if (q == '\'' && at(y, e + 1) == '\'') {
                simple = false;
                e++;
                continue;
            }
            break;
        }
        if (q == '"' && ch == '\\') {
            char x = at(y, e + 1);
            if (x != '"' && x != '\\' && x != '/' && x != 't' && x != 'n')
                return NULL;
            simple = false;
            e++;
        }
    }
    y->p = e + 1;
    if (simple) return scalar(y, b, y->s + b + 1, e - b - 1, false);
    char *v = arena_alloc(y->a, e - b);
    if (!v) {
        y->oom = true;
        return NULL;
    }
    size_t n = 0;
    for (size_t k = b + 1; k < e; k++) {
        char ch = y->s[k];
        if (q == '\'' && ch == '\'') k++;
        else if (q == '"' && ch == '\\') {
            ch = y->s[++k];
            ch = ch == 't' ? '\t' : ch == 'n' ? '\n' : ch;
        }
        v[n++] = ch;
    }
    ynode *s = node(y, YN_SCALAR, b);
    if (!s) return NULL;
    s->value = v;
    s->len = n;
    return s;
}

static ynode *one_line_scalar(yf *y, enum ctx cx)
{
    char ch = at(y, y->p);
    return ch == '"' || ch == '\'' ? quoted(y) : plain(y, cx);
}

/* Spaces, line breaks and comments between the tokens of a flow
 * collection.  False at a line that starts at column 0 (where libyaml
 * looks for a document marker). */
static bool flow_space(yf *y)
{
    for (;;) {
        char ch = at(y, y->p);
        if (ch == ' ') {
            y->p++;
        } else if (ch == '#' && (y->p == y->ls || y->s[y->p - 1] == ' ')) {
            const char *nl = memchr(y->s + y->p, '\n', y->len - y->p);
            y->p = nl ? (size_t)(nl - y->s) : y->len;
        } else if (ch == '\n') {
            newline(y);
            if (at(y, y->p) != ' ') return false;
        } else {
            return true;
        }
    }
}

static ynode *flow(yf *y);

/* A flow collection's entry (key, or value with cx FLOW_VALUE). */
static ynode *flow_item(yf *y, enum ctx cx)
{
    char ch = at(y, y->p);
    if (ch == '[' || ch == '{') return cx == FLOW_VALUE ? flow(y) : NULL;
    return one_line_scalar(y, cx);
}

/* A flow sequence or mapping at p; its scalars each on one line. */
static ynode *flow(yf *y)
{
    if (++y->depth > YF_MAX_DEPTH) return NULL;
    bool map = y->s[y->p] == '{';
    char close = map ? '}' : ']';
    ynode *n = node(y, map ? YN_MAP : YN_SEQ, y->p);
    if (!n) return NULL;
    n->flow = true;
    size_t base = y->nstk;
    y->p++;
    if (!flow_space(y)) return NULL;
    if (at(y, y->p) != close) {
        for (;;) {
            ynode *k = flow_item(y, map ? FLOW_KEY : FLOW_VALUE);
            if (!k || !push(y, k)) return NULL;
            if (map) {
                if (at(y, y->p) != ':' || !blankz(y, y->p + 1)) return NULL;
                y->p++;
                if (!flow_space(y)) return NULL;
                ynode *v = flow_item(y, FLOW_VALUE);
                if (!v || !push(y, v)) return NULL;
            }
            if (!flow_space(y)) return NULL;
            if (at(y, y->p) == close) break;
            if (at(y, y->p) != ',') return NULL;
            y->p++;
            if (!flow_space(y)) return NULL;
            if (at(y, y->p) == close) return NULL; /* a trailing comma */
        }
    }
    y->p++;
    y->depth--;
    return close_kids(y, n, base) ? n : NULL;
}

/*
 * A folded or literal block scalar whose header is at p, in a collection
 * at indentation `ind`: its lines are those indented more, all at the
 * indentation of the first (which comes right after the header).
 */
static ynode *block_scalar(yf *y, long ind)
{
    size_t b = y->p;
    bool folded = y->s[b] == '>';
    ynode *n = node(y, YN_SCALAR, b);
    if (!n) return NULL;
    size_t p = b + 1;
    bool strip = at(y, p) == '-';
    if (strip) p++;
    y->p = p;
    if (!blankz(y, p) || !end_line(y)) return NULL; /* + or an indent digit */

    /* The content's indentation, from its first line. */
    size_t q = y->p;
    while (at(y, q) == ' ') q++;
    long m = (long)(q - y->p);
    if (q >= y->len || at(y, q) == '\n' || m <= ind) return NULL;
    /* Where it ends: the first line with content indented less. */
    size_t end = y->p;
    while (end < y->len) {
        size_t r = end;
        while (at(y, r) == ' ') r++;
        if (r < y->len && at(y, r) != '\n' && (long)(r - end) < m) break;
        const char *nl = memchr(y->s + r, '\n', y->len - r);
        end = nl ? (size_t)(nl - y->s) + 1 : y->len;
    }
    /* The value is at most its lines' bytes, plus a line feed. */
    char *v = arena_alloc(y->a, end - y->p + 2);
    if (!v) {
        y->oom = true;
        return NULL;
    }
    size_t nv = 0;
    size_t breaks = 0;      /* empty lines since the last content line */
    bool ended_nl = false;  /* the last content line ended with a line feed */
    bool prev_blank = false; /* it started with a space past the indentation */
    bool any = false;
    while (y->p < end) {
        size_t r = y->p;
        while (at(y, r) == ' ') r++;
        long sp = (long)(r - y->p);
        if ((at(y, r) == '\n' || r >= y->len) && sp <= m) {
            breaks++;
            y->p = r;
            newline(y);
            continue;
        }
        /* A content line (spaces past the indentation are content). */
        r = y->p + (size_t)m;
        bool blank = at(y, r) == ' ';
        const char *nl = memchr(y->s + r, '\n', y->len - r);
        size_t e = nl ? (size_t)(nl - y->s) : y->len;
        if (any) {
            /* libyaml's folding: a line break between two lines that
             * start with no space becomes a space, unless empty lines
             * stand between them (then those are the breaks). */
            if (folded && !prev_blank && !blank) {
                if (breaks == 0) v[nv++] = ' ';
            } else {
                v[nv++] = '\n';
            }
            for (size_t k = 0; k < breaks; k++) v[nv++] = '\n';
        }
        memcpy(v + nv, y->s + r, e - r);
        nv += e - r;
        any = true;
        prev_blank = blank;
        breaks = 0;
        ended_nl = e < y->len;
        y->p = e;
        newline(y);
    }
    if (!any) return NULL;
    if (!strip && ended_nl) v[nv++] = '\n';
    v[nv] = '\0';
    n->value = v;
    n->len = nv;
    /* p is at the start of the line that ended the scalar. */
    return n;
}

/* ---- Block collections --------------------------------------------------- */

static ynode *block_node(yf *y, long ind);
static ynode *block_seq(yf *y, long ind);

/*
 * A value after "key:" or "- " on the same line, in a collection at
 * indentation `ind`; p moves to the start of the next line.
 */
static ynode *inline_value(yf *y, long ind)
{
    char ch = at(y, y->p);
    if (ch == '|' || ch == '>') return block_scalar(y, ind);
    ynode *n = ch == '[' || ch == '{' ? flow(y) : one_line_scalar(y, BLOCK);
    if (!n || !end_line(y)) return NULL;
    return n;
}

/* A key at p: a scalar on one line followed by ':' and a blank.  NULL
 * (without moving p) when there is none. */
static ynode *key(yf *y)
{
    size_t b = y->p;
    ynode *k = one_line_scalar(y, BLOCK);
    if (k && at(y, y->p) == ':' && blankz(y, y->p + 1) &&
        y->p - b <= YF_MAX_KEY) {
        y->p++;
        return k;
    }
    y->p = b;
    return NULL;
}

/* The value of a key whose line ends after the ':'. */
static ynode *value_below(yf *y, long ind)
{
    bool bad = false;
    if (!end_line(y)) return NULL;
    long i = next_content(y, &bad);
    if (bad || i < 0) return NULL;
    if (i > ind) return block_node(y, i);
    if (i == ind && at(y, y->p) == '-' && blankz(y, y->p + 1))
        return block_seq(y, ind);
    return NULL; /* an empty value */
}

/* A block mapping at indentation `ind` whose first key k was just read. */
static ynode *block_map(yf *y, long ind, ynode *k)
{
    ynode *n = node(y, YN_MAP, k->start);
    if (!n) return NULL;
    n->line = k->line;
    n->column = k->column;
    size_t base = y->nstk;
    bool bad = false;
    for (;;) {
        if (!push(y, k)) return NULL;
        while (at(y, y->p) == ' ') y->p++;
        ynode *v;
        char ch = at(y, y->p);
        if (ch == '\n' || ch == '\0' || ch == '#' || y->p >= y->len)
            v = value_below(y, ind);
        else
            v = inline_value(y, ind);
        if (!v || !push(y, v)) return NULL;
        long i = next_content(y, &bad);
        if (bad) return NULL;
        if (i < ind) break;
        if (i > ind) return NULL;
        if (at(y, y->p) == '-' && blankz(y, y->p + 1)) break;
        k = key(y);
        if (!k) return NULL;
    }
    return close_kids(y, n, base) ? n : NULL;
}

/* A block sequence at indentation `ind`, p at its first '-'. */
static ynode *block_seq(yf *y, long ind)
{
    if (++y->depth > YF_MAX_DEPTH) return NULL;
    ynode *n = node(y, YN_SEQ, y->p);
    if (!n) return NULL;
    size_t base = y->nstk;
    bool bad = false;
    for (;;) {
        y->p++; /* the '-' */
        while (at(y, y->p) == ' ') y->p++;
        char ch = at(y, y->p);
        ynode *e;
        if (ch == '\n' || ch == '\0' || ch == '#' || y->p >= y->len) {
            if (!end_line(y)) return NULL;
            long i = next_content(y, &bad);
            if (bad || i <= ind) return NULL;
            e = block_node(y, i);
        } else if (ch == '-' && blankz(y, y->p + 1)) {
            return NULL; /* "- - x" */
        } else {
            ynode *k = key(y);
            if (k) {
                if (++y->depth > YF_MAX_DEPTH) return NULL;
                e = block_map(y, (long)(k->start - y->ls), k);
                y->depth--;
            } else {
                e = inline_value(y, ind);
            }
        }
        if (!e || !push(y, e)) return NULL;
        long i = next_content(y, &bad);
        if (bad) return NULL;
        if (i < ind) break;
        if (i > ind) return NULL;
        if (!(at(y, y->p) == '-' && blankz(y, y->p + 1))) break;
    }
    y->depth--;
    return close_kids(y, n, base) ? n : NULL;
}

/* A block collection whose first line (indentation `ind`) is at p. */
static ynode *block_node(yf *y, long ind)
{
    if (at(y, y->p) == '-' && blankz(y, y->p + 1)) return block_seq(y, ind);
    ynode *k = key(y);
    if (!k) return NULL; /* a scalar on a line of its own */
    if (++y->depth > YF_MAX_DEPTH) return NULL;
    ynode *n = block_map(y, ind, k);
    y->depth--;
    return n;
}

remit_status yfast_parse(arena *a, const char *text, size_t len,
                         const ynode **root_out)
{
    *root_out = NULL;
    if (!text_ok((const unsigned char *)text, len)) return REMIT_ERULES;
    yf y;
    memset(&y, 0, sizeof y);
    y.s = text;
    y.len = len;
    y.a = a;
    y.line = 1;
    bool bad = false;
    ynode *root = NULL;
    long i = next_content(&y, &bad);
    if (!bad && i >= 0) root = block_node(&y, i);
    if (root && (next_content(&y, &bad) >= 0 || bad)) root = NULL;
    arena_raw_free(a, y.stk);
    if (y.oom) return REMIT_ENOMEM;
    if (!root) return REMIT_ERULES;
    *root_out = root;
    return REMIT_OK;
}

/* ---- For tests: against libyaml ------------------------------------------ */

/* Whether a (yfast) and b (libyaml) are the same tree; else why not. */
static bool same_tree(const ynode *a, const ynode *b, char *why, size_t size)
{
    if (a->kind != b->kind || a->flow != b->flow || a->plain != b->plain ||
        a->line != b->line || a->column != b->column || a->start != b->start ||
        a->nkids != b->nkids || a->len != b->len || b->anchor ||
        (a->value && memcmp(a->value, b->value, a->len) != 0)) {
        snprintf(why, size,
                 "yfast: kind %d flow %d plain %d at %u:%u (byte %zu), %zu "
                 "kids, value [%.200s]; libyaml: kind %d flow %d plain %d at "
                 "%u:%u (byte %zu), %zu kids, value [%.200s]",
                 (int)a->kind, a->flow, a->plain, a->line, a->column, a->start,
                 a->nkids, a->value ? a->value : "", (int)b->kind, b->flow,
                 b->plain, b->line, b->column, b->start, b->nkids,
                 b->value ? b->value : "");
        return false;
    }
    for (size_t k = 0; k < a->nkids; k++)
        if (!same_tree(a->kids[k], b->kids[k], why, size)) return false;
    return true;
}

int yfast_check(const char *text, size_t len, char *why, size_t size)
{
    arena a;
    arena_init(&a, NULL, NULL);
    const ynode *fast = NULL;
    remit_status st = yfast_parse(&a, text, len, &fast);
    int r = st == REMIT_ENOMEM ? -2 : -1;
    if (st == REMIT_OK) {
        ytree t;
        st = ytree_parse(&t, NULL, NULL, text, len);
        if (st == REMIT_ENOMEM) {
            r = -2;
        } else if (st != REMIT_OK || !t.root) {
            snprintf(why, size, "yfast read what libyaml refuses (%s at %u:%u)",
                     t.root || st != REMIT_OK ? t.problem : "an empty document",
                     t.line, t.column);
            r = 0;
        } else {
            r = same_tree(fast, t.root, why, size) ? 1 : 0;
        }
        ytree_free(&t);
    }
    arena_free_all(&a);
    return r;
}
