/* SPDX-License-Identifier: Apache-2.0 */
/*
 * shape.h -- the shape of a rule file (which keys, which kinds of value),
 * checked over the whole file with libyaml.  libcyaml (loader.c) stops at
 * the first shape problem; this reports every one, with its position, and
 * can repair a copy of the text so the loader can look for the other
 * problems in the same run (remit lint).
 */
#ifndef SHAPE_H
#define SHAPE_H

#include "arena.h"
#include "diag.h"

/* One insertion made by the repair, in the original text's offsets. */
typedef struct shape_insert {
    size_t at;  /* byte offset in the original text */
    size_t len; /* bytes inserted there */
} shape_insert;

/*
 * A repaired copy of a rule file: keys that do not belong are blanked out
 * (replaced by spaces, so nothing else moves) and required keys that are
 * missing are inserted with placeholder values.  Positions in the repaired
 * text map back to the original with shape_fix_map.
 */
typedef struct shape_fix {
    char *text; /* NULL when the file cannot be repaired */
    size_t len;
    shape_insert *ins; /* sorted by `at` */
    size_t nins;
} shape_fix;

/** The counts shape_check found. */
typedef struct shape_counts {
    size_t structural; /* problems that stop libcyaml loading the file */
    size_t bools;      /* true/false values libcyaml would misread */
} shape_counts;

/**
 * Checks `text` (len bytes, named `name` in messages) against the schema
 * of a rule file (rules/README.md, the same schema as loader.c's) and adds
 * every problem to diags, at its line and column.  Returns REMIT_OK (counts
 * filled), REMIT_ERULES if the text is not well-formed YAML (nothing is
 * reported: the loader reports YAML syntax errors) or REMIT_ENOMEM.
 *
 * With `fix` not NULL and structural problems found, fix receives a
 * repaired copy (allocated through `a`'s allocator; free with
 * shape_fix_free).
 */
REMIT_HIDDEN remit_status shape_check(const arena *a, const char *name,
                                      const char *text, size_t len,
                                      remit_diagnostics *diags,
                                      shape_counts *counts, shape_fix *fix);

REMIT_HIDDEN void shape_fix_free(const arena *a, shape_fix *fix);

/**
 * Maps a 1-based line and column of the repaired text to the original
 * text.  False when the position falls inside inserted text (a problem of
 * a placeholder, not of the file).
 */
REMIT_HIDDEN bool shape_fix_map(const shape_fix *fix, const char *orig,
                                size_t orig_len, unsigned *line,
                                unsigned *column);

/** True for the diagnostic codes shape_check reports. */
REMIT_HIDDEN bool shape_is_code(const char *code);

#endif
