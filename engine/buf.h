/*
 * buf.h -- a growable byte buffer for building output text (JSON, the text
 * rendering, messages).  Grows through the arena's raw allocator; a failed
 * growth sets `oom` and later appends do nothing, so callers check once.
 */
#ifndef BUF_H
#define BUF_H

#include "arena.h"

typedef struct buf {
    const arena *a;
    char *p;
    size_t len, cap;
    bool oom;
} buf;

REMIT_HIDDEN void buf_init(buf *b, const arena *a);
REMIT_HIDDEN void buf_free(buf *b);
REMIT_HIDDEN void buf_add(buf *b, const char *s, size_t n);
REMIT_HIDDEN void buf_puts(buf *b, const char *s);
REMIT_HIDDEN void buf_putc(buf *b, char c);
REMIT_HIDDEN void buf_printf(buf *b, const char *fmt, ...) REMIT_PRINTF(2, 3);
/** Appends s as a JSON string literal, quotes included. */
REMIT_HIDDEN void buf_json_str(buf *b, const char *s);
/** The NUL-terminated contents (never NULL unless oom). */
REMIT_HIDDEN const char *buf_cstr(buf *b);

#endif
