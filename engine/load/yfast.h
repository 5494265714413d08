/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yfast.h -- a fast reader of the plain YAML rule files are written in, for
 * the happy path of loading.  Consumes a rule file's text; produces the
 * same ynode tree (ytree.h) libyaml's events give, or says the text is not
 * in its subset, and then the caller reads it with libyaml (libcyaml and
 * ytree_parse), as before.  It reports no errors of its own: every problem
 * of a rule file is found and reported by the libyaml path.
 *
 * The subset: one document of block mappings and block sequences (a
 * sequence may sit at its key's indentation, a mapping may start on a
 * "- " line); keys that are plain or quoted scalars on one line; values
 * that are plain scalars on one line, single- or double-quoted scalars on
 * one line (double-quoted escapes \" \\ \/ \t \n only), folded or literal
 * block scalars (> >- | |-, indentation found from the first line, which
 * follows the header), and flow sequences and mappings (nested, over
 * several lines) of such scalars; comments and blank lines between.
 * Printable UTF-8 and line feeds only: no tab, carriage return, byte
 * order mark, NEL or Unicode line separator; no anchor, alias, tag,
 * directive or document marker, no empty value.  Anything else is left to
 * libyaml.
 *
 * tests/unit/test_yfast.c checks, over every YAML file of the repository
 * and thousands of mutations of them, that whatever this reads it reads
 * exactly as libyaml does (kinds, styles, values, lines and columns).
 */
#ifndef YFAST_H
#define YFAST_H

#include "arena.h"
#include "ytree.h"

/**
 * Reads `text` (len bytes) into ynodes allocated in `a`.  REMIT_OK with
 * *root_out the document's root; REMIT_ERULES when the text is outside
 * the subset (not necessarily wrong: read it with libyaml); REMIT_ENOMEM.
 * Nodes carry kind, flow, plain, value, len, line, column and start as
 * ytree_parse sets them; `end` is not set (0).  What was allocated before
 * a failure stays in `a` until the arena is freed.
 */
REMIT_HIDDEN remit_status yfast_parse(arena *a, const char *text, size_t len,
                                      const ynode **root_out);

/**
 * For tests (tests/unit/test_yfast.c, tests/fuzz/fuzz_load.c): reads the
 * text with yfast and with libyaml (ytree_parse) and compares the trees.
 * 1 when yfast read it as libyaml does, -1 when yfast declined it, -2 out
 * of memory, 0 when they differ: then `why` (size bytes) says where.
 */
REMIT_HIDDEN int yfast_check(const char *text, size_t len, char *why,
                             size_t size);

#endif
