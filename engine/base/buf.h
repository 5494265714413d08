/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.h -- a growable byte buffer for building output text (JSON, the text
 * rendering, messages).  Grows through the arena's raw allocator; a failed
 * growth sets `oom` and later appends do nothing, so callers check once.
 * The appends are inline with an out-of-line growth path: rendering a
 * verdict appends thousands of short pieces.
 */
#ifndef BUF_H
#define BUF_H

#include <string.h>

#include "arena.h"

typedef struct buf {
    const arena *a;
    char *p;
    size_t len, cap;
    bool oom;
} buf;

REMIT_HIDDEN void buf_init(buf *b, const arena *a);
REMIT_HIDDEN void buf_free(buf *b);
/** Makes room for `extra` more bytes and a NUL; false (and oom) if it
 *  cannot.  The slow path of the appends. */
REMIT_HIDDEN bool buf_grow(buf *b, size_t extra);
REMIT_HIDDEN void buf_printf(buf *b, const char *fmt, ...) REMIT_PRINTF(2, 3);
/** Appends s as a JSON string literal, quotes included. */
REMIT_HIDDEN void buf_json_str(buf *b, const char *s);
/** Appends a decimal integer. */
REMIT_HIDDEN void buf_int(buf *b, int64_t v);
/** The NUL-terminated contents (never NULL unless oom). */
REMIT_HIDDEN const char *buf_cstr(buf *b);

/** The value of the four hex digits at s (a JSON \u escape's), or -1. */
REMIT_HIDDEN int hex4_value(const char *s);
/** Writes the UTF-8 form of code point cp (at most 0x10ffff) at d, which has
 *  room for 4 bytes; returns the end. */
REMIT_HIDDEN char *utf8_put(char *d, unsigned long cp);

/* Word-at-a-time byte tests (8 bytes per step) for the scans of strings:
 * nonzero when some byte of w is below n (n <= 128), or equal to c.  Exact
 * as a yes/no answer (a borrow can only follow a byte that matches). */
#define BUF_ONES 0x0101010101010101ull
static inline uint64_t buf_word_lt(uint64_t w, unsigned n)
{
    return (w - BUF_ONES * n) & ~w & (BUF_ONES << 7);
}
static inline uint64_t buf_word_eq(uint64_t w, unsigned c)
{
    return buf_word_lt(w ^ (BUF_ONES * c), 1);
}

static inline void buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap && !buf_grow(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static inline void buf_puts(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static inline void buf_putc(buf *b, char c)
{
    if (b->len + 2 > b->cap && !buf_grow(b, 1)) return;
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

#endif
