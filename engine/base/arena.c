/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arena.c -- bump allocator over chunks from the configured allocator.
 * Consumes a remit_alloc_fn; produces zeroed, aligned blocks that live until
 * arena_free_all.
 */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    arena_chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

void *arena_default_alloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

void arena_init(arena *a, remit_alloc_fn fn, void *ctx)
{
    a->alloc = fn ? fn : arena_default_alloc;
    a->ctx = ctx;
    a->head = NULL;
    a->chunk_size = 4096;
}

void *arena_raw_alloc(const arena *a, size_t size)
{
    return a->alloc(a->ctx, NULL, size ? size : 1);
}

void *arena_raw_realloc(const arena *a, void *p, size_t size)
{
    return a->alloc(a->ctx, p, size ? size : 1);
}

void arena_raw_free(const arena *a, void *p)
{
    if (p) a->alloc(a->ctx, p, 0);
}

void *arena_alloc(arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    if (size == 0) size = 16;
    arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = a->chunk_size;
        if (want < size) want = size;
        if (size > SIZE_MAX - sizeof *c) return NULL;
        c = arena_raw_alloc(a, sizeof *c + want);
        if (!c) return NULL;
        c->size = want;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        if (a->chunk_size < 256u * 1024u) a->chunk_size *= 2;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void arena_reset(arena *a, size_t keep)
{
    arena_chunk *c = a->head;
    if (!c) return;
    bool kept = c->size <= keep;
    arena_chunk *n = kept ? c->next : c;
    while (n) {
        arena_chunk *next = n->next;
        arena_raw_free(a, n);
        n = next;
    }
    a->head = kept ? c : NULL;
    if (kept) {
        c->next = NULL;
        c->used = 0;
    }
}

void arena_free_all(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *n = c->next;
        arena_raw_free(a, c);
        c = n;
    }
    a->head = NULL;
}
