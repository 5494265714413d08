/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_oom.c -- out of memory, everywhere it can happen.  Each test counts
 * the allocations of one piece of work, then reruns it once per allocation
 * with that allocation failing, and checks every run ends cleanly:
 * REMIT_ENOMEM (never a crash, never another status such as a syntax
 * error), out parameters NULL, and every block given back (the counting
 * allocator's balance, and ASan/valgrind over the whole program).
 *
 * test_api.c sweeps one load of tests/data/mini.yaml and one evaluation.
 * These add: the shipped rules and a real complaint with the text and JSON
 * renderings; a directory load (file reading); loads and evaluations that
 * fail with diagnostics (the error paths); and that an evaluation makes no
 * allocation through cJSON's global hooks (the complaint's tree is remit's,
 * in an arena, so the sweeps fail its allocations).  libyaml's allocations, inside
 * libcyaml and the position walk, call malloc directly and cannot be
 * failed from here (README, "Hardening").
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "remit.h"
#include "testutil.h"

#ifndef REMIT_EXAMPLES
#error "REMIT_EXAMPLES must name examples/complaints"
#endif

/* cJSON's hooks, counted the same way (malloc and free only). */
static counting cj;

static void *cj_malloc(size_t size)
{
    return counting_alloc(&cj, NULL, size);
}

static void cj_free(void *p)
{
    counting_alloc(&cj, p, 0);
}

/* Records a bad run in report (at most a few) and counts it. */
static void note(char *report, size_t size, int *bad, size_t n,
                 const char *what)
{
    size_t at = strlen(report);
    if (at + 100 < size)
        snprintf(report + at, size - at, " [allocation %zu: %s]", n, what);
    (*bad)++;
}

/* Everything a caller reads from a result; false when out of memory. */
static bool use_result(remit_result *r)
{
    if (!remit_result_json(r, REMIT_JSON_PRETTY)) return false;
    if (!remit_result_json(r, REMIT_JSON_COMPACT)) return false;
    if (!remit_result_text(r, 72, REMIT_TEXT_EXPLAIN | REMIT_TEXT_COLOR))
        return false;
    for (size_t i = 0; i < remit_result_question_count(r); i++) {
        remit_question q;
        if (remit_result_get_question(r, i, &q) != REMIT_OK) return false;
    }
    return true;
}

/* ====================================================================== */

/*
 * Evaluates `json` against `rs` with allocation n failing (the ruleset was
 * loaded with c as its allocator), and says what went wrong, or NULL.
 * `want` is the status when nothing fails.
 */
static const char *evaluate_failing(const remit_ruleset *rs, counting *c,
                                    const char *json, remit_status want)
{
    remit_eval_options o = {2026, 11, 22, REMIT_EVAL_TRACE, "c.json"};
    remit_result *r = NULL;
    remit_diagnostics *d = NULL;
    long live = c->live;
    remit_status st = remit_evaluate(rs, json, strlen(json), &o, &r, &d);
    bool dangling = st != REMIT_OK && r != NULL;
    if (st == REMIT_OK && !use_result(r)) st = REMIT_ENOMEM;
    if (st == REMIT_OK || st == want) {
        /* Formatting diagnostics allocates nothing; do it anyway. */
        char line[512];
        for (size_t i = 0; i < remit_diagnostics_count(d); i++)
            remit_diagnostics_format(d, i, line, sizeof line);
    }
    remit_result_free(r);
    remit_diagnostics_free(d);
    if (dangling) return "result not NULL on failure";
    if (c->failed && st != REMIT_ENOMEM) return remit_status_str(st);
    if (!c->failed && st != want) return remit_status_str(st);
    if (c->live != live) return "leak";
    return NULL;
}

static void sweep_evaluation(const char *rules, const char *json,
                             remit_status want, size_t min_allocs)
{
    counting c = COUNTING_INIT;
    remit_config cfg = {counting_alloc, &c, 0};
    remit_ruleset *rs = NULL;
    ck_assert_int_eq(remit_ruleset_load(rules, &cfg, &rs, NULL), REMIT_OK);
    char report[1024] = "";
    int bad = 0;
    size_t n;
    for (n = 1;; n++) {
        counting_fail_at(&c, n);
        const char *what = evaluate_failing(rs, &c, json, want);
        if (what) note(report, sizeof report, &bad, n, what);
        if (!c.failed) break;
    }
    c.fail_at = 0;
    remit_ruleset_free(rs);
    printf("evaluation against %s: %zu allocations, each failed in turn\n",
           rules, n - 1);
    ck_assert_msg(c.live == 0, "evaluation against %s: %ld blocks still allocated once the "
                  "ruleset is freed",
                  rules, c.live);
    ck_assert_msg(n >= min_allocs, "evaluation against %s: the sweep ended after %zu "
                  "allocations, expected at least %zu: is it failing the evaluation's "
                  "allocations?", rules, n - 1, min_allocs);
    ck_assert_msg(bad == 0, "evaluation against %s: %d of %zu runs went wrong:%s", rules,
                  bad, n, report);
}

START_TEST(evaluating_a_shipped_example_should_fail_cleanly_at_every_allocation)
{
    size_t len;
    char *json = read_whole(REMIT_EXAMPLES "/england-partly-in-scope.json", &len);
    sweep_evaluation(REMIT_RULES_DIR, json, REMIT_OK, 50);
    free(json);
    json = read_whole(REMIT_EXAMPLES "/england-missing-facts.json", &len);
    sweep_evaluation(REMIT_RULES_DIR, json, REMIT_OK, 50);
    free(json);
}
END_TEST

START_TEST(evaluating_an_invalid_complaint_should_fail_cleanly_at_every_allocation)
{
    /* Errors and warnings: diagnostics are allocated on the way. */
    const char *json =
        "{\"nation\": \"england\", \"colour\": \"red\", \"heads\": ["
        "{\"actor\": \"polise\", \"first_aware_date\": \"2023-02-30\"},"
        "{\"subject\": 5, \"summary\": \"x\", \"size\": 3}]}";
    sweep_evaluation(REMIT_RULES_DIR, json, REMIT_EINPUT, 5);
    /* A syntax error: the message and the source line. */
    sweep_evaluation(REMIT_TEST_DATA "/mini.yaml",
                     "{\"nation\": \"england\",\n \"heads\": [{],}", REMIT_EINPUT,
                     3);
}
END_TEST

/* Loads `path` (a file or directory) with allocation n failing. */
static void sweep_load(const char *path, remit_status want, size_t min_allocs)
{
    counting c = COUNTING_INIT;
    remit_config cfg = {counting_alloc, &c, 0};
    char report[1024] = "";
    int bad = 0;
    size_t n;
    for (n = 1;; n++) {
        counting_fail_at(&c, n);
        remit_ruleset *rs = NULL;
        remit_diagnostics *d = NULL;
        remit_status st = remit_ruleset_load(path, &cfg, &rs, &d);
        const char *what = NULL;
        if (st != REMIT_OK && rs) what = "ruleset not NULL on failure";
        else if (c.failed && st != REMIT_ENOMEM) what = remit_status_str(st);
        else if (!c.failed && st != want) what = remit_status_str(st);
        remit_diagnostics_free(d);
        remit_ruleset_free(rs);
        if (!what && c.live != 0) what = "leak";
        if (what) note(report, sizeof report, &bad, n, what);
        c.live = 0;
        if (!c.failed) break;
    }
    printf("load of %s: %zu allocations, each failed in turn\n", path, n - 1);
    ck_assert_msg(n >= min_allocs, "load of %s: the sweep ended after %zu allocations, "
                  "expected at least %zu: is it failing the load's allocations?", path,
                  n - 1, min_allocs);
    ck_assert_msg(bad == 0, "%s: %d of %zu runs went wrong:%s", path, bad, n,
                  report);
}

START_TEST(loading_a_directory_should_fail_cleanly_at_every_allocation)
{
    /* A directory of one rule file (mini.yaml) and a file that is not one:
     * the listing, the file reading and the load. */
    char dir[] = "/tmp/remit-oom-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256], other[256];
    snprintf(path, sizeof path, "%s/mini.yaml", dir);
    snprintf(other, sizeof other, "%s/notes.txt", dir);
    size_t len;
    char *text = read_whole(REMIT_TEST_DATA "/mini.yaml", &len);
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
    fclose(fp);
    free(text);
    fp = fopen(other, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs("not rules\n", fp);
    fclose(fp);
    /* libcyaml's data comes from a scratch arena (loader.c), so the load
     * itself makes a few chunk allocations, not one per string. */
    sweep_load(dir, REMIT_OK, 10);
    remove(path);
    remove(other);
    rmdir(dir);
}
END_TEST

START_TEST(a_load_with_errors_should_fail_cleanly_at_every_allocation)
{
    /* Many errors: the diagnostics, the position walk of the error path. */
    sweep_load(REMIT_TEST_DATA "/bad/many-errors.yaml", REMIT_ERULES, 10);
    sweep_load(REMIT_TEST_DATA "/bad/yaml-syntax.yaml", REMIT_ERULES, 5);
    sweep_load(REMIT_TEST_DATA "/bad/type-mismatch.yaml", REMIT_ERULES, 10);
}
END_TEST

START_TEST(the_shipped_rules_facts_and_schema_should_fail_cleanly_at_every_allocation)
{
    counting c = COUNTING_INIT;
    remit_config cfg = {counting_alloc, &c, 0};
    remit_ruleset *rs = NULL;
    ck_assert_int_eq(remit_ruleset_load(REMIT_RULES_DIR, &cfg, &rs, NULL), REMIT_OK);
    int bad = 0;
    char report[1024] = "";
    for (int which = 0; which < 2; which++) {
        size_t n;
        for (n = 1;; n++) {
            counting_fail_at(&c, n);
            long live = c.live;
            char *s = (char *)&s;
            remit_status st = which ? remit_ruleset_schema_json(rs, &s)
                                    : remit_ruleset_facts_json(rs, &s);
            const char *what = NULL;
            if (c.failed && (st != REMIT_ENOMEM || s)) what = "not ENOMEM";
            if (!c.failed && (st != REMIT_OK || !s)) what = "failed";
            remit_string_free(rs, s);
            if (!what && c.live != live) what = "leak";
            if (what) note(report, sizeof report, &bad, n, what);
            if (!c.failed) break;
        }
        ck_assert_uint_ge(n, 2);
    }
    c.fail_at = 0;
    remit_ruleset_free(rs);
    ck_assert_int_eq(c.live, 0);
    ck_assert_msg(bad == 0, "%d runs went wrong:%s", bad, report);
}
END_TEST

START_TEST(an_evaluation_should_allocate_nothing_through_cjson)
{
    /* The complaint's tree is built by complaint.c in an arena through the
     * caller's allocator (so the sweeps above fail its allocations too);
     * cJSON's parser, which allocates with its global hooks, is not used.
     * Earlier, a failed allocation inside cJSON's parse came back as
     * "invalid JSON: unexpected ..." at a position with nothing wrong. */
    remit_ruleset *rs = NULL;
    ck_assert_int_eq(remit_ruleset_load(REMIT_RULES_DIR, NULL, &rs, NULL), REMIT_OK);
    size_t len;
    char *json = read_whole(REMIT_EXAMPLES "/england-partly-in-scope.json", &len);
    cJSON_Hooks hooks = {cj_malloc, cj_free};
    cJSON_InitHooks(&hooks);
    cj.allocs = 0;
    cj.fail_at = 0;
    cj.failed = false;
    cj.live = 0;
    const char *bad = "{\"heads\": [{\"summary\": 1}], \"x\": [1, 2.5e3, \"\\u00e9\"]}";
    const char *texts[] = {json, bad, "{\"heads\": [", "[1, 2]"};
    for (size_t k = 0; k < 4; k++) {
        remit_eval_options o = {2026, 11, 22, 0, "c.json"};
        remit_result *r = NULL;
        remit_diagnostics *d = NULL;
        remit_status st = remit_evaluate(rs, texts[k], k ? strlen(texts[k]) : len,
                                         &o, &r, &d);
        ck_assert_int_eq(st, k == 0 ? REMIT_OK : REMIT_EINPUT);
        remit_result_free(r);
        remit_diagnostics_free(d);
    }
    cJSON_InitHooks(NULL);
    ck_assert_uint_eq(cj.allocs, 0);
    free(json);
    remit_ruleset_free(rs);
}
END_TEST

static Suite *oom_suite(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("sweeps");
    tcase_set_timeout(tc, 1200);
    tcase_add_test(tc, evaluating_a_shipped_example_should_fail_cleanly_at_every_allocation);
    tcase_add_test(tc, evaluating_an_invalid_complaint_should_fail_cleanly_at_every_allocation);
    tcase_add_test(tc, loading_a_directory_should_fail_cleanly_at_every_allocation);
    tcase_add_test(tc, a_load_with_errors_should_fail_cleanly_at_every_allocation);
    tcase_add_test(tc, the_shipped_rules_facts_and_schema_should_fail_cleanly_at_every_allocation);
    tcase_add_test(tc, an_evaluation_should_allocate_nothing_through_cjson);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(oom_suite());
}
