/* SPDX-License-Identifier: Apache-2.0 */
/*
 * diag.h -- the diagnostics list returned to callers (remit_diagnostics).
 * Stages append problems with their position; the list owns every string.
 */
#ifndef DIAG_H
#define DIAG_H

#include "arena.h"

struct remit_diagnostics {
    arena mem;               /* strings */
    remit_diagnostic *items; /* raw-allocated array */
    size_t count, cap;
    size_t errors;
    bool oom;      /* an append failed for lack of memory */
    bool capped;   /* REMIT_MAX_DIAGNOSTICS reached; later ones dropped */
};

/** A new empty list; NULL when out of memory. */
REMIT_HIDDEN remit_diagnostics *diag_new(remit_alloc_fn fn, void *ctx);

/** Position of a diagnostic; zero/NULL fields are unknown. */
typedef struct diag_pos {
    const char *file;
    unsigned line, column;
    const char *pointer;
    const char *source_line; /* copied up to the end of the line */
} diag_pos;

/** Appends a diagnostic.  `d` may be NULL (then nothing is recorded). */
REMIT_HIDDEN void diag_add(remit_diagnostics *d, remit_status status,
                           remit_severity sev, const char *code,
                           const diag_pos *pos, const char *fmt, ...)
    REMIT_PRINTF(6, 7);

/** Appends the diagnostics of `from` to `to`, sorted by line and column
 *  (in the order found on a tie; whole-file ones, line 0, last).  REMIT_OK
 *  or REMIT_ENOMEM. */
REMIT_HIDDEN remit_status diag_append_sorted(remit_diagnostics *to,
                                             const remit_diagnostics *from);

/** Number of errors (not warnings) recorded so far. */
REMIT_HIDDEN size_t diag_errors(const remit_diagnostics *d);

#endif
