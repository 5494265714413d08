/*
 * buf.c -- growable text buffer with JSON string escaping.
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

static bool reserve(buf *b, size_t extra)
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

void buf_add(buf *b, const char *s, size_t n)
{
    if (!reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_putc(buf *b, char c)
{
    buf_add(b, &c, 1);
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
    if (!reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_json_str(buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    if (s) {
        const unsigned char *p = (const unsigned char *)s;
        const unsigned char *run = p;
        for (; *p; p++) {
            unsigned char c = *p;
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            buf_add(b, (const char *)run, (size_t)(p - run));
            run = p + 1;
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
        buf_add(b, (const char *)run, (size_t)(p - run));
    }
    buf_putc(b, '"');
}

const char *buf_cstr(buf *b)
{
    if (b->oom) return NULL;
    if (!b->p && !reserve(b, 0)) return NULL;
    b->p[b->len] = '\0';
    return b->p;
}
