/* SPDX-License-Identifier: Apache-2.0 */
/*
 * remit_int.h -- types shared by the engine's stages, the visibility macro
 * for internal cross-file functions, and every limit as a named constant.
 * Included by every engine file; never installed.
 */
#ifndef REMIT_INT_H
#define REMIT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "remit.h"

/* Internal functions shared between engine files are hidden from the
 * shared library's symbol table; only remit_ functions are exported. */
#if defined(__GNUC__)
#define REMIT_HIDDEN __attribute__((visibility("hidden")))
#define REMIT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define REMIT_HIDDEN
#define REMIT_PRINTF(f, a)
#endif

/* ---- Limits (documented in the README, "Limits") ---------------------- */

/** Largest rule file, in bytes. */
#define REMIT_MAX_RULES_FILE_BYTES (8u * 1024u * 1024u)
/** Most rule files loaded from one directory. */
#define REMIT_MAX_RULE_FILES 64u
/** Most facts one ruleset may declare (the evaluator's bitsets). */
#define REMIT_MAX_FACTS 256u
/** Most values of one enum or set fact (set values are a 64-bit mask). */
#define REMIT_MAX_ENUM_VALUES 64u
/** Longest JSON member name of a fact (its key, dotted, or its name). */
#define REMIT_MAX_KEY_BYTES 255u
/** Most rules in one ruleset. */
#define REMIT_MAX_RULES 4096u
/** Longest condition, in bytes. */
#define REMIT_MAX_EXPR_BYTES 16384u
/** Deepest nesting of a condition (parentheses, not, calls; and each '+'
 *  or '-' of a chain, as date arithmetic groups from the left). */
#define REMIT_MAX_EXPR_DEPTH 64u
/** Deepest tree of a condition (the resolver and the evaluator recurse
 *  over it, with up to about 1 KiB of stack per level).  A long and/or
 *  chain is built balanced, so it adds only about log2 of its length. */
#define REMIT_MAX_EXPR_HEIGHT 256u
/** Largest complaint, in bytes. */
#define REMIT_MAX_COMPLAINT_BYTES (16u * 1024u * 1024u)
/** Deepest JSON nesting in a complaint (cJSON's own limit is 1000). */
#define REMIT_MAX_JSON_DEPTH 64u
/** Longest number in a complaint, in characters (cJSON reads no more). */
#define REMIT_MAX_JSON_NUMBER_BYTES 63u
/** Most heads in one complaint. */
#define REMIT_MAX_HEADS 1000u
/** Approximate dates ("2023-05", "2023"): most combinations of days tried
 *  for one head with several of them (beyond, each date is tried over its
 *  own range with the others at their first and at their last day). */
#define REMIT_MAX_APPROX_COMBINATIONS 20000u
/** Most diagnostics collected before stopping. */
#define REMIT_MAX_DIAGNOSTICS 100u
/** remit lint: most combinations of candidate values searched for one rule
 *  (a rule with more gets a note, and no claim). */
#define REMIT_LINT_MAX_SPACE 4000000u
/** remit lint: most rule evaluations looking for an input on which no
 *  stronger rule fires, per combination of a rule's own facts, and in all
 *  for one rule. */
#define REMIT_LINT_EXTEND_BUDGET 20000u
#define REMIT_LINT_RULE_BUDGET 50000000u
/** remit lint: most candidate values tried for one fact. */
#define REMIT_LINT_MAX_CANDIDATES 160u

/* ---- Fact types -------------------------------------------------------- */

typedef enum fact_type {
    FT_BOOL,
    FT_INT,
    FT_DATE,
    FT_ENUM,
    FT_SET,
    FT_TEXT,
    FT_DURATION, /* only inside conditions: "12 months" */
    FT_STRING,   /* only inside conditions: a string literal not yet typed */
    FT_LIST,     /* only inside conditions: [ ... ] */
    FT_COUNT
} fact_type;

REMIT_HIDDEN const char *fact_type_name(fact_type t);

typedef enum fact_scope { SCOPE_COMPLAINT, SCOPE_HEAD } fact_scope;

/* ---- Values --------------------------------------------------------------
 * A value of a fact or of a sub-expression.  `known` false is the unknown
 * of three-valued logic.  The payload is read according to the static type
 * the resolver gave the expression:
 *   FT_BOOL: i is 0 or 1;  FT_INT: i;  FT_DATE: i = days since 1970-01-01;
 *   FT_ENUM: i = index into the fact's values;  FT_SET: mask, bit k set if
 *   value k is present;  FT_TEXT: text (NUL-terminated, owned elsewhere);
 *   FT_DURATION: i = amount, unit in `unit` ('d' or 'm').
 */
typedef struct value {
    bool known;
    bool presumed; /* absent from the complaint: the fact's presumption */
    char unit;
    int64_t i;
    uint64_t mask;
    const char *text;
    /* FT_DATE given only as a month or a year ("2023-05", "2023"): i is
     * the first day it can mean, last the last (precision DATE_MONTH or
     * DATE_YEAR, date.h); 0 for an exact date. */
    int64_t last;
    int precision;
} value;

/** A bitset over a ruleset's fact slots, for "which unknown facts does this
 *  depend on". */
typedef struct factset {
    uint64_t w[REMIT_MAX_FACTS / 64];
} factset;

static inline void factset_add(factset *s, unsigned k)
{
    s->w[k / 64] |= (uint64_t)1 << (k % 64);
}
static inline bool factset_has(const factset *s, unsigned k)
{
    return (s->w[k / 64] >> (k % 64)) & 1u;
}
static inline void factset_union(factset *d, const factset *s)
{
    for (size_t k = 0; k < REMIT_MAX_FACTS / 64; k++) d->w[k] |= s->w[k];
}

#endif /* REMIT_INT_H */
