/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.c -- growable text buffer with JSON string escaping: the growth path
 * of the inline appends in buf.h, printf, escaping, integers.  Consumes
 * pieces of text, numbers and strings to escape; produces one growing,
 * NUL-terminated text.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void buf_init(buf *b, const arena *a)
{
    b->a = a;
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

void buf_free(buf *b)
{
    arena_raw_free(b->a, b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

bool buf_grow(buf *b, size_t extra)
{
    if (b->oom) return false;
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->oom = true;
            return false;
        }
        cap *= 2;
    }
    char *p = arena_raw_realloc(b->a, b->p, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        buf_add(b, small, (size_t)n);
        return;
    }
    if (!buf_grow(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* 1 for the bytes a JSON string must escape (controls, '"', '\\') and for
 * the terminating NUL, so that one test per byte finds both. */
static const unsigned char stop[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

void buf_json_str(buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (!s) s = "";
    /* Find the first byte to escape, eight at a time, then byte by byte. */
    size_t len = strlen(s), n = 0;
    while (len - n >= 8) {
        uint64_t w;
        memcpy(&w, s + n, 8);
        if (buf_word_lt(w, 0x20) | buf_word_eq(w, '"') | buf_word_eq(w, '\\'))
            break;
        n += 8;
    }
    const unsigned char *p = (const unsigned char *)s + n;
    while (!stop[*p]) p++;
    n = (size_t)(p - (const unsigned char *)s);
    if (*p == '\0') {
        /* Nothing to escape (the usual case): one copy, quotes around. */
        if (b->len + n + 3 > b->cap && !buf_grow(b, n + 2)) return;
        char *d = b->p + b->len;
        d[0] = '"';
        memcpy(d + 1, s, n);
        d[n + 1] = '"';
        d[n + 2] = '\0';
        b->len += n + 2;
        return;
    }
    buf_putc(b, '"');
    const unsigned char *run = (const unsigned char *)s;
    for (;;) {
        while (!stop[*p]) p++;
        unsigned char c = *p;
        buf_add(b, (const char *)run, (size_t)(p - run));
        if (c == '\0') break;
        run = ++p;
        switch (c) {
        case '"': buf_add(b, "\\\"", 2); break;
        case '\\': buf_add(b, "\\\\", 2); break;
        case '\n': buf_add(b, "\\n", 2); break;
        case '\t': buf_add(b, "\\t", 2); break;
        case '\r': buf_add(b, "\\r", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_add(b, u, 6);
        }
        }
    }
    buf_putc(b, '"');
}

void buf_int(buf *b, int64_t v)
{
    char t[24];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        t[sizeof t - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) t[sizeof t - 1 - n++] = '-';
    buf_add(b, t + sizeof t - n, n);
}

const char *buf_cstr(buf *b)
{
    if (b->oom) return NULL;
    if (!b->p && !buf_grow(b, 0)) return NULL;
    b->p[b->len] = '\0';
    return b->p;
}

int hex4_value(const char *s)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

char *utf8_put(char *d, unsigned long cp)
{
    if (cp < 0x80) {
        *d++ = (char)cp;
    } else if (cp < 0x800) {
        *d++ = (char)(0xc0 | (cp >> 6));
        *d++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *d++ = (char)(0xe0 | (cp >> 12));
        *d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *d++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *d++ = (char)(0xf0 | (cp >> 18));
        *d++ = (char)(0x80 | ((cp >> 12) & 0x3f));
        *d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *d++ = (char)(0x80 | (cp & 0x3f));
    }
    return d;
}
