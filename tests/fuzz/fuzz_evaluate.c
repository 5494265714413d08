/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_evaluate.c -- libFuzzer target: the input is a complaint (JSON
 * text), evaluated against the shipped rules (rules/).  Checks that
 * evaluation never crashes, leaks or hangs, that a status agrees with its
 * outputs (a result exactly on success, an error diagnostic exactly on an
 * input error), and that every output - diagnostics, JSON, text - is clean
 * UTF-8 and the JSON parses.  tests/fuzz/README.md has the commands.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "remit.h"

static remit_ruleset *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rules = fuzz_load_rules("fuzz_evaluate");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The last byte of the input, if any, also chooses the flags, so the
     * strict and quiet paths are fuzzed from the same corpus. */
    unsigned flags = REMIT_EVAL_TRACE;
    if (size && (data[size - 1] & 1)) flags |= REMIT_EVAL_STRICT;
    remit_eval_options o = {2026, 11, 22, flags, "fuzz.json"};
    remit_result *r = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(rules, (const char *)data, size, &o, &r, &d);
    FUZZ_CHECK((st == REMIT_OK) == (r != NULL), "result exactly on success");
    size_t errors = remit_diagnostics_count_severity(d, REMIT_SEVERITY_ERROR);
    if (st == REMIT_EINPUT) FUZZ_CHECK(errors > 0, "EINPUT without an error");
    if (st == REMIT_OK) FUZZ_CHECK(errors == 0, "OK with an error");
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        char line[4096];
        size_t n = remit_diagnostics_format(d, i, line, sizeof line);
        FUZZ_CHECK(n > 0, "an empty diagnostic");
        FUZZ_CHECK(fuzz_clean_text(line, 0), "diagnostic not clean UTF-8");
    }
    if (r) {
        FUZZ_CHECK(remit_result_verdict(r) != NULL, "no verdict");
        fuzz_check_json(remit_result_json(r, 0));
        fuzz_check_json(remit_result_json(r, REMIT_JSON_PRETTY | REMIT_JSON_COMPACT));
        const char *t = remit_result_text(r, 0, REMIT_TEXT_EXPLAIN);
        FUZZ_CHECK(t && fuzz_clean_text(t, 0), "text not clean UTF-8");
        t = remit_result_text(r, 20, REMIT_TEXT_COLOR);
        FUZZ_CHECK(t && fuzz_clean_text(t, 1), "colour text not clean UTF-8");
        for (size_t i = 0; i < remit_result_question_count(r); i++) {
            remit_question q;
            FUZZ_CHECK(remit_result_get_question(r, i, &q) == REMIT_OK,
                       "question accessor");
        }
        for (size_t i = 0; i < remit_result_head_count(r); i++)
            FUZZ_CHECK(remit_result_head_verdict(r, i) != NULL, "head verdict");
    }
    remit_result_free(r);
    remit_diagnostics_free(d);
    return 0;
}
