/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arena.h -- bump allocation in chunks taken from the configured allocator.
 * A ruleset owns one arena (everything loaded lives there); each result owns
 * one.  Freeing the arena frees everything allocated from it.
 */
#ifndef ARENA_H
#define ARENA_H

#include "remit_int.h"

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    remit_alloc_fn alloc;
    void *ctx;
    arena_chunk *head;
    size_t chunk_size;
} arena;

/** The allocator used when the config gives none (realloc/free). */
REMIT_HIDDEN void *arena_default_alloc(void *ctx, void *ptr, size_t size);

REMIT_HIDDEN void arena_init(arena *a, remit_alloc_fn fn, void *ctx);
/** Zeroed, 16-byte aligned memory; NULL when out of memory. */
REMIT_HIDDEN void *arena_alloc(arena *a, size_t size);
REMIT_HIDDEN char *arena_strndup(arena *a, const char *s, size_t n);
REMIT_HIDDEN char *arena_strdup(arena *a, const char *s);
REMIT_HIDDEN void arena_free_all(arena *a);
/** Empties the arena for reuse, keeping its newest (largest) chunk when it
 *  is at most `keep` bytes, so that a run of similar evaluations allocates
 *  nothing once the chunk is big enough. */
REMIT_HIDDEN void arena_reset(arena *a, size_t keep);

/* Raw allocation through the arena's allocator (not bump-allocated). */
REMIT_HIDDEN void *arena_raw_alloc(const arena *a, size_t size);
REMIT_HIDDEN void *arena_raw_realloc(const arena *a, void *p, size_t size);
REMIT_HIDDEN void arena_raw_free(const arena *a, void *p);

#endif
