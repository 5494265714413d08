/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yamlpos.h -- positions in a YAML text, found on the error path only.
 * libcyaml's loaded data keeps no positions, so when a value loaded fine but
 * is wrong (an unknown fact in a condition, a duplicate id), a libyaml event
 * walk finds where that value is and maps offsets inside it to line:column.
 */
#ifndef YAMLPOS_H
#define YAMLPOS_H

#include "remit_int.h"

typedef struct yaml_where {
    bool found;
    unsigned line, column; /* 1-based position of the node (or key) */
    size_t start, end;     /* byte offsets of the node in the text */
    int style;             /* libyaml scalar style of a scalar node */
    int kind;              /* 0 scalar or alias, 1 sequence, 2 mapping */
} yaml_where;

/**
 * Finds the node at `path`, a '/'-separated list of mapping keys and
 * sequence indexes ("rules/3/when").  With `want_key` true, the position of
 * the mapping key itself (for an unknown or duplicate key).
 */
REMIT_HIDDEN yaml_where yamlpos_find(const char *text, size_t len,
                                     const char *path, bool want_key);

/** The position of the last key at `path` (the repeat of a duplicate key). */
REMIT_HIDDEN yaml_where yamlpos_find_last_key(const char *text, size_t len,
                                             const char *path);

/**
 * Maps byte `offset` within the *value* of the scalar at `w` (as loaded:
 * quotes removed, folded lines joined) to a 1-based line and column in the
 * text, by aligning the value with the source.
 */
REMIT_HIDDEN void yamlpos_offset(const char *text, size_t len,
                                 const yaml_where *w, const char *scalar,
                                 size_t offset, unsigned *line,
                                 unsigned *column);

/** Runs libyaml over the text and describes its first syntax error (the
 *  problem and where), for rule files libcyaml could not parse. */
REMIT_HIDDEN void yamlpos_syntax(const char *text, size_t len, char *msg,
                                 size_t size, unsigned *line, unsigned *column);

/**
 * False when no escape in the text could make a control character: no
 * backslash followed by 0 a b v f r e x u U or N (the YAML escapes of NUL,
 * C0 but tab and line feed, and C1; \t \n \" \\ \/ and the others make
 * none).  True when one may (then yamlpos_control looks, with the parser:
 * a backslash means an escape only in a double-quoted scalar).  A cheap
 * scan of the bytes, so that the happy path parses a rule file once.
 */
REMIT_HIDDEN bool yamlpos_may_have_control(const char *text, size_t len);

/**
 * Finds the first scalar whose value holds a control character other than
 * tab and line feed - a NUL, an escape character, a carriage return, C1 -
 * which only an escape in a double-quoted scalar ("\e", "\0", "\x9b") can
 * put there.  True if found: its line, column and the character.
 */
REMIT_HIDDEN bool yamlpos_control(const char *text, size_t len, unsigned *line,
                                  unsigned *column, long *cp);

/** Pointer to the start of 1-based `line` in text (for caret display). */
REMIT_HIDDEN const char *yamlpos_line(const char *text, size_t len,
                                      unsigned line);

#endif
