/*
 * suite.h -- remit test: the test files that live next to the rules, run
 * against a loaded ruleset.  A test gives a complaint (inline or a JSON
 * file), an evaluation date and what is expected: the verdict, each head's
 * verdict, the rules that fire and the rules that do not.  The outcome
 * (remit_tests) is what failed, with expected and actual side by side, and
 * the coverage of every rule: in how many heads it fired and did not.
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

/**
 * Runs the test file or directory of test files (*.yaml) at `path` against
 * rs, filling t (initialised by the caller, allocating in t->mem).
 * Problems with the test files go to diags as errors; no test is run from a
 * file with errors.  Returns REMIT_OK (the tests ran, passed or not),
 * REMIT_EINPUT (a test file is invalid), REMIT_EIO or REMIT_ENOMEM.
 */
REMIT_HIDDEN remit_status suite_run(const remit_ruleset *rs, const char *path,
                                    remit_tests *t, remit_diagnostics *diags);

#endif
