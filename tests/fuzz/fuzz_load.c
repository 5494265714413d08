/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_load.c -- libFuzzer target: the input is a rule file (YAML text),
 * loaded from memory.  Checks that loading never crashes, leaks or hangs
 * (YAML aliases, deep nesting, huge scalars), that a status agrees with its
 * outputs, and that every diagnostic is clean UTF-8.  A ruleset that loads
 * is then used: its facts and schema JSON must parse, and two complaints are
 * evaluated against it, so fuzzed rules also drive the evaluator.  And the
 * loader's happy path agrees with libyaml and libcyaml: whatever yfast
 * reads it reads as libyaml does, and the structs filled from its tree are
 * the ones libcyaml fills (yfast.h, loader.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "remit.h"
#include "ruleset.h"
#include "yfast.h"

static const char *const complaints[] = {
    "{\"nation\": \"england\", \"heads\": [{}]}",
    "{\"nation\": \"wales\", \"local_stage\": \"final_response\", "
    "\"ombudsman_complaint_date\": \"2026-11-01\", \"heads\": [{\"actor\": "
    "\"council_employee\", \"first_aware_date\": \"2025-01-31\", "
    "\"raised_with_council\": true}, {\"actor\": \"police\"}]}",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[1024] = "";
    FUZZ_CHECK(yfast_check((const char *)data, size, why, sizeof why) != 0, why);
    FUZZ_CHECK(loader_fast_agrees((const char *)data, size) != 0,
               "the happy path filled other structs than libcyaml");
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load_memory("fuzz.yaml", (const char *)data,
                                                size, NULL, &rs, &d);
    FUZZ_CHECK((st == REMIT_OK) == (rs != NULL), "ruleset exactly on success");
    if (st == REMIT_ERULES)
        FUZZ_CHECK(remit_diagnostics_count_severity(d, REMIT_SEVERITY_ERROR) > 0,
                   "ERULES without an error");
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        char line[4096];
        remit_diagnostics_format(d, i, line, sizeof line);
        FUZZ_CHECK(fuzz_clean_text(line, 0), "diagnostic not clean UTF-8");
    }
    remit_diagnostics_free(d);
    if (!rs) return 0;
    char *s = NULL;
    FUZZ_CHECK(remit_ruleset_facts_json(rs, &s) == REMIT_OK, "facts JSON");
    fuzz_check_json(s);
    remit_string_free(rs, s);
    FUZZ_CHECK(remit_ruleset_schema_json(rs, &s) == REMIT_OK, "schema JSON");
    fuzz_check_json(s);
    remit_string_free(rs, s);
    for (size_t k = 0; k < sizeof complaints / sizeof *complaints; k++) {
        remit_eval_options o = {2026, 11, 22, REMIT_EVAL_TRACE, "c.json"};
        remit_result *r = NULL;
        st = remit_evaluate(rs, complaints[k], strlen(complaints[k]), &o, &r, &d);
        FUZZ_CHECK((st == REMIT_OK) == (r != NULL), "result exactly on success");
        if (r) {
            fuzz_check_json(remit_result_json(r, REMIT_JSON_PRETTY));
            const char *t = remit_result_text(r, 0, REMIT_TEXT_EXPLAIN);
            FUZZ_CHECK(t && fuzz_clean_text(t, 0), "text not clean UTF-8");
        }
        remit_result_free(r);
        remit_diagnostics_free(d);
    }
    remit_ruleset_free(rs);
    return 0;
}
