/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suite.h -- remit test: the test files that live next to the rules, run
 * against a loaded ruleset.  A test gives a complaint (inline or a JSON
 * file), an evaluation date and what is expected: the verdict, each head's
 * verdict, the rules that fire and the rules that do not.  The outcome
 * (remit_tests) is what failed, with expected and actual side by side, and
 * the coverage of every rule: in how many heads it fired and did not.
 * Built on remit.h and the stages below it: the public remit_tests_*
 * functions are defined in suite.c, and nothing in the engine calls up
 * into it.  This header describes the remit_tests they fill.
 */
#ifndef SUITE_H
#define SUITE_H

#include "diag.h"

typedef struct suite_mismatch {
    const char *what, *expected, *actual;
} suite_mismatch;

typedef struct suite_test {
    const char *name, *file;
    unsigned line;
    suite_mismatch *mism;
    size_t nmism, capmism;
} suite_test;

typedef struct suite_cover {
    const char *ruleset, *file, *rule;
    size_t fired, not_fired;
} suite_cover;

struct remit_tests {
    arena mem;
    suite_test *tests;
    size_t ntests, captests;
    size_t failed;
    suite_cover *cover;
    size_t ncover;
};

#endif
