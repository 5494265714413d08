/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vocabulary.h -- the facts the condition-language cases of this folder
 * (*.test) are written against, for the programs that compile conditions
 * without a rule file: tests/unit/test_expr.c, which runs the cases, and
 * tests/fuzz/fuzz_expr.c, which fuzzes conditions from them.  Complaint
 * facts b1-b3 (bool), n, n2 (integer), d1, d2 (date), e, e2 (a b c), e3
 * (p q r), e4 (a b), s (a set of x y z), t (text); the head fact hd (date).
 */
#ifndef EXPR_VOCABULARY_H
#define EXPR_VOCABULARY_H

#include "ruleset.h"

static const enum_value abc[] = {{"a", ""}, {"b", ""}, {"c", ""}};
static const enum_value pqr[] = {{"p", ""}, {"q", ""}, {"r", ""}};
static const enum_value ab[] = {{"a", ""}, {"b", ""}};
static const enum_value xyz[] = {{"x", ""}, {"y", ""}, {"z", ""}};

#define FACT(nm, sc, ty, vals, nv)                                           \
    {.name = nm, .key = nm, .question = "?", .help = "", .scope = sc,        \
     .type = ty, .values = vals, .nvalues = nv}

static const fact_def facts[] = {
    FACT("b1", SCOPE_COMPLAINT, FT_BOOL, NULL, 0),
    FACT("b2", SCOPE_COMPLAINT, FT_BOOL, NULL, 0),
    FACT("b3", SCOPE_COMPLAINT, FT_BOOL, NULL, 0),
    FACT("n", SCOPE_COMPLAINT, FT_INT, NULL, 0),
    FACT("n2", SCOPE_COMPLAINT, FT_INT, NULL, 0),
    FACT("d1", SCOPE_COMPLAINT, FT_DATE, NULL, 0),
    FACT("d2", SCOPE_COMPLAINT, FT_DATE, NULL, 0),
    FACT("e", SCOPE_COMPLAINT, FT_ENUM, abc, 3),
    FACT("e2", SCOPE_COMPLAINT, FT_ENUM, abc, 3),
    FACT("e3", SCOPE_COMPLAINT, FT_ENUM, pqr, 3),
    FACT("e4", SCOPE_COMPLAINT, FT_ENUM, ab, 2),
    FACT("s", SCOPE_COMPLAINT, FT_SET, xyz, 3),
    FACT("t", SCOPE_COMPLAINT, FT_TEXT, NULL, 0),
    FACT("hd", SCOPE_HEAD, FT_DATE, NULL, 0),
};
#define NFACTS (sizeof facts / sizeof facts[0])

#endif
