/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_lint.c -- remit lint and remit test below the CLI: the shape
 * checker against the loader's schema (the shipped rulesets pass both),
 * the repair and its position mapping, the quote normalisation, the public
 * remit_lint / remit_tests_run calls, and both under every failed
 * allocation.  The exact messages of every kind of problem are asserted by
 * the golden cases lint-* and test-* (tests/lint/README.md).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "remit.h"
#include "rulefile.h"
#include "shape.h"
#include "testutil.h"

#define MINI REMIT_TEST_DATA "/mini.yaml"
#define LINT_DATA REMIT_TEST_DATA "/../lint"

/* The first diagnostic with `code`, or NULL. */
static const remit_diagnostic *find_code(const remit_diagnostics *d,
                                         const char *code)
{
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (strcmp(x->code, code) == 0) return x;
    }
    return NULL;
}

/* ---- The shape checker ---------------------------------------------------- */

static void assert_shape_clean(const char *path)
{
    size_t len;
    char *text = read_whole(path, &len);
    arena a;
    arena_init(&a, NULL, NULL);
    remit_diagnostics *d = diag_new(NULL, NULL);
    shape_counts sc;
    ck_assert_int_eq(shape_check(&a, path, text, len, d, &sc, NULL), REMIT_OK);
    ck_assert_msg(sc.structural == 0 && sc.bools == 0,
                  "%s: the shape checker finds %zu problems in a file the "
                  "loader accepts", path, remit_diagnostics_count(d));
    remit_diagnostics_free(d);
    free(text);
}

START_TEST(shape_should_accept_every_file_the_loader_accepts)
{
    /* Both read rulefile.h's one schema; this checks that the shape
     * checker's walk and libcyaml read real files alike (booleans, lists,
     * nesting, the legacy list libcyaml skips). */
    assert_shape_clean(REMIT_RULES_DIR "/england-lgsco.yaml");
    assert_shape_clean(REMIT_RULES_DIR "/wales-psow.yaml");
    assert_shape_clean(MINI);
}
END_TEST

/* Every key of rulefile.h's schema, with the mapping it belongs to. */
#define KEY_OF(map, kind, key, req, sub, min, max, ph) {#map, #key},
static const struct {
    const char *map, *key;
} schema_keys[] = {
    RF_VALUE(KEY_OF) RF_FACT(KEY_OF) RF_SOURCE(KEY_OF) RF_CONTACT(KEY_OF)
    RF_OUTCOME(KEY_OF) RF_STEP(KEY_OF) RF_FACTOR(KEY_OF) RF_RULE(KEY_OF)
    RF_LEGACY(KEY_OF) RF_HEADER(KEY_OF) RF_FILE(KEY_OF)};

START_TEST(every_key_of_the_schema_should_be_documented_in_rules_readme)
{
    /* The shape checker's "unknown key" message sends the author to
     * rules/README.md: each key the one schema declares is there, written
     * `key` or as `key:` in an example. */
    size_t len;
    char *doc = read_whole(REMIT_RULES_DIR "/README.md", &len);
    for (size_t k = 0; k < sizeof schema_keys / sizeof schema_keys[0]; k++) {
        char quoted[64], colon[64];
        snprintf(quoted, sizeof quoted, "`%s`", schema_keys[k].key);
        snprintf(colon, sizeof colon, " %s:", schema_keys[k].key);
        ck_assert_msg(strstr(doc, quoted) || strstr(doc, colon),
                      "key '%s' of %s (engine/load/rulefile.h) is not in "
                      "rules/README.md", schema_keys[k].key, schema_keys[k].map);
    }
    free(doc);
}
END_TEST

START_TEST(shape_should_report_every_problem_and_repair_a_copy)
{
    size_t len;
    char *orig = read_whole(MINI, &len);
    /* An unknown key, and a rule without its explanation further down. */
    const char *a1 = "  version: 0.1.0\n", *b1 = "  version: 0.1.0\n  colour: red\n";
    const char *a2 = "    explanation: The Ombudsman cannot look at what the police did.\n";
    char *p1 = strstr(orig, a1), *p2 = strstr(orig, a2);
    ck_assert_ptr_nonnull(p1);
    ck_assert_ptr_nonnull(p2);
    char *text = malloc(len + 64);
    size_t at = 0;
    memcpy(text + at, orig, (size_t)(p1 - orig));
    at += (size_t)(p1 - orig);
    memcpy(text + at, b1, strlen(b1));
    at += strlen(b1);
    memcpy(text + at, p1 + strlen(a1), (size_t)(p2 - p1 - (ptrdiff_t)strlen(a1)));
    at += (size_t)(p2 - p1) - strlen(a1);
    size_t rest = len - (size_t)(p2 - orig) - strlen(a2);
    memcpy(text + at, p2 + strlen(a2), rest);
    at += rest;
    text[at] = '\0';

    arena a;
    arena_init(&a, NULL, NULL);
    remit_diagnostics *d = diag_new(NULL, NULL);
    shape_counts sc;
    shape_fix fix;
    ck_assert_int_eq(shape_check(&a, "t.yaml", text, at, d, &sc, &fix), REMIT_OK);
    ck_assert_uint_eq(sc.structural, 2);
    ck_assert_uint_eq(remit_diagnostics_count(d), 2);
    ck_assert_str_eq(remit_diagnostics_get(d, 0)->message,
                     "unknown key 'colour' in ruleset (see rules/README.md for "
                     "the keys allowed here)");
    ck_assert_uint_eq(remit_diagnostics_get(d, 0)->line, 11);
    ck_assert_str_eq(remit_diagnostics_get(d, 1)->message,
                     "missing required key 'explanation' in rules/2");

    /* The repaired copy loads, and its lines map back. */
    ck_assert_ptr_nonnull(fix.text);
    ck_assert_uint_eq(fix.nins, 1);
    remit_ruleset *rs = NULL;
    remit_diagnostics *ld = NULL;
    ck_assert_int_eq(remit_ruleset_load_memory("t.yaml", fix.text, fix.len, NULL,
                                               &rs, &ld),
                     REMIT_OK);
    unsigned line = 200, col = 5; /* below the inserted line */
    ck_assert(shape_fix_map(&fix, text, at, &line, &col));
    ck_assert_uint_eq(line, 199);
    ck_assert_uint_eq(col, 5);
    remit_ruleset_free(rs);
    remit_diagnostics_free(ld);
    shape_fix_free(&a, &fix);
    remit_diagnostics_free(d);
    free(text);
    free(orig);
}
END_TEST

/* ---- Quotes ------------------------------------------------------------ */

START_TEST(normalise_should_fold_typographic_quotes_and_spaces)
{
    const char *in = "  We can\xe2\x80\x99t\n look at \xe2\x80\x9c" "court\xe2\x80\x9d"
                     "\xc2\xa0reports\t\t ";
    char out[64];
    size_t n = lint_normalise(in, strlen(in), out, sizeof out);
    ck_assert_str_eq(out, "We can't look at \"court\" reports");
    ck_assert_uint_eq(n, strlen(out));
    /* Cut short to fit, never past the buffer. */
    char small[8];
    lint_normalise(in, strlen(in), small, sizeof small);
    ck_assert_str_eq(small, "We can'");
}
END_TEST

START_TEST(normalise_should_fold_dashes_into_one_hyphen)
{
    /* en dash, em dash, minus sign, non-breaking hyphen */
    const char *in = "s26B(1) \xe2\x80\x93 12 months \xe2\x80\x94 a\xe2\x88\x92"
                     "b c\xe2\x80\x91" "d";
    char out[64];
    lint_normalise(in, strlen(in), out, sizeof out);
    ck_assert_str_eq(out, "s26B(1) - 12 months - a-b c-d");
}
END_TEST

/* ---- The public calls ----------------------------------------------------- */

START_TEST(lint_should_find_nothing_in_the_shipped_rulesets)
{
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_lint(REMIT_RULES_DIR, NULL, 0, &d), REMIT_OK);
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        char msg[2048];
        remit_diagnostics_format(d, i, msg, sizeof msg);
        ck_abort_msg("unexpected: %s", msg);
    }
    remit_diagnostics_free(d);
}
END_TEST

START_TEST(lint_should_give_each_warning_its_code_and_position)
{
    size_t len;
    char *text = read_whole(LINT_DATA "/shadowed.yaml", &len);
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_lint_memory("shadowed.yaml", text, len, NULL, 0, &d),
                     REMIT_OK);
    ck_assert_uint_eq(remit_diagnostics_count_severity(d, REMIT_SEVERITY_ERROR), 0);
    ck_assert_uint_eq(remit_diagnostics_count_severity(d, REMIT_SEVERITY_WARNING), 2);
    const remit_diagnostic *x = find_code(d, "dead-rule");
    ck_assert_ptr_nonnull(x);
    ck_assert_uint_eq(x->line, 40);
    ck_assert_uint_eq(x->column, 9);
    ck_assert_int_eq(x->severity, REMIT_SEVERITY_WARNING);
    x = find_code(d, "shadowed-rule");
    ck_assert_ptr_nonnull(x);
    ck_assert_uint_eq(x->line, 47);
    remit_diagnostics_free(d);
    free(text);
}
END_TEST

START_TEST(lint_should_report_a_path_it_cannot_read)
{
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_lint(LINT_DATA "/no-such-file.yaml", NULL, 0, &d),
                     REMIT_EIO);
    ck_assert_ptr_nonnull(find_code(d, "io"));
    remit_diagnostics_free(d);
    ck_assert_int_eq(remit_lint(NULL, NULL, 0, &d), REMIT_EINVAL);
    ck_assert_ptr_null(d);
}
END_TEST

START_TEST(tests_run_should_report_mismatches_and_coverage)
{
    remit_ruleset *rs = NULL;
    ck_assert_int_eq(remit_ruleset_load(MINI, NULL, &rs, NULL), REMIT_OK);
    remit_tests *t = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_tests_run(rs, LINT_DATA "/tests/mini-fail.yaml", NULL,
                                     &t, &d),
                     REMIT_OK);
    ck_assert_uint_eq(remit_diagnostics_count(d), 0);
    ck_assert_uint_eq(remit_tests_count(t), 7);
    ck_assert_uint_eq(remit_tests_failed(t), 6);
    remit_test_info info;
    ck_assert_int_eq(remit_tests_get(t, 1, &info), REMIT_OK);
    ck_assert(!info.passed);
    ck_assert_uint_eq(info.line, 10);
    ck_assert_uint_eq(info.mismatch_count, 3);
    remit_test_mismatch m;
    ck_assert_int_eq(remit_tests_get_mismatch(t, 1, 0, &m), REMIT_OK);
    ck_assert_str_eq(m.what, "verdict");
    ck_assert_str_eq(m.expected, "in_scope");
    ck_assert_str_eq(m.actual, "out_of_jurisdiction");
    ck_assert_int_eq(remit_tests_get_mismatch(t, 1, 3, &m), REMIT_EINVAL);
    ck_assert_uint_eq(remit_tests_rule_count(t), 9);
    remit_rule_coverage c;
    ck_assert_int_eq(remit_tests_get_rule(t, 2, &c), REMIT_OK);
    ck_assert_str_eq(c.rule, "M-POLICE");
    ck_assert_uint_gt(c.fired, 0);
    remit_tests_free(t);
    remit_diagnostics_free(d);

    /* An invalid test file runs nothing and says why. */
    ck_assert_int_eq(remit_tests_run(rs, LINT_DATA "/tests/mini-invalid.yaml",
                                     NULL, &t, &d),
                     REMIT_EINPUT);
    ck_assert_uint_eq(remit_tests_count(t), 0);
    ck_assert_uint_eq(remit_diagnostics_count(d), 15);
    remit_tests_free(t);
    remit_diagnostics_free(d);
    remit_ruleset_free(rs);
}
END_TEST

/* ---- Every allocation failing ------------------------------------------- */

START_TEST(lint_should_fail_cleanly_when_any_allocation_fails)
{
    /* Lint a file with errors and one with warnings, failing each
     * allocation in turn: REMIT_ENOMEM and nothing leaked, or (once no
     * allocation fails) the same diagnostics as without failures. */
    static const char *const files[] = {LINT_DATA "/shape.yaml",
                                        LINT_DATA "/shadowed.yaml",
                                        LINT_DATA "/quotes/quotes.yaml"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        remit_diagnostics *want = NULL;
        ck_assert_int_eq(remit_lint(files[f], NULL, 0, &want), REMIT_OK);
        long n;
        int bad = 0;
        for (n = 1;; n++) {
            counting c = COUNTING_INIT;
            c.fail_at = (size_t)n;
            remit_config cfg = {counting_alloc, &c, 0};
            remit_diagnostics *d = NULL;
            remit_status st = remit_lint(files[f], &cfg, 0, &d);
            if (c.failed && (st != REMIT_ENOMEM || d)) bad++;
            if (!c.failed)
                ck_assert_uint_eq(remit_diagnostics_count(d),
                                  remit_diagnostics_count(want));
            remit_diagnostics_free(d);
            ck_assert_msg(c.live == 0, "%s: allocation %ld failed: %ld blocks leaked",
                          files[f], n, c.live);
            if (!c.failed) break;
        }
        ck_assert_msg(bad == 0, "%s: %d of %ld runs did not report out of memory",
                      files[f], bad, n - 1);
        ck_assert_int_gt(n, 20);
        remit_diagnostics_free(want);
    }
}
END_TEST

START_TEST(tests_run_should_fail_cleanly_when_any_allocation_fails)
{
    long n;
    int bad = 0;
    for (n = 1;; n++) {
        counting c = COUNTING_INIT;
        c.fail_at = (size_t)n;
        remit_config cfg = {counting_alloc, &c, 0};
        remit_ruleset *rs = NULL;
        remit_tests *t = NULL;
        remit_diagnostics *d = NULL;
        remit_status st = remit_ruleset_load(MINI, &cfg, &rs, NULL);
        if (st == REMIT_OK)
            st = remit_tests_run(rs, LINT_DATA "/tests/mini-fail.yaml", &cfg, &t, &d);
        if (c.failed && (st != REMIT_ENOMEM || t)) bad++;
        if (!c.failed) {
            ck_assert_int_eq(st, REMIT_OK);
            ck_assert_uint_eq(remit_tests_failed(t), 6);
        }
        remit_tests_free(t);
        remit_diagnostics_free(d);
        remit_ruleset_free(rs);
        ck_assert_msg(c.live == 0, "allocation %ld failed: %ld blocks leaked", n,
                      c.live);
        if (!c.failed) break;
    }
    ck_assert_msg(bad == 0, "%d of %ld runs did not report out of memory", bad,
                  n - 1);
    ck_assert_int_gt(n, 20);
}
END_TEST

static Suite *lint_suite(void)
{
    Suite *s = suite_create("lint");
    TCase *tc = tcase_create("shape");
    tcase_add_test(tc, shape_should_accept_every_file_the_loader_accepts);
    tcase_add_test(tc, every_key_of_the_schema_should_be_documented_in_rules_readme);
    tcase_add_test(tc, shape_should_report_every_problem_and_repair_a_copy);
    tcase_add_test(tc, normalise_should_fold_typographic_quotes_and_spaces);
    tcase_add_test(tc, normalise_should_fold_dashes_into_one_hyphen);
    suite_add_tcase(s, tc);
    tc = tcase_create("api");
    tcase_add_test(tc, lint_should_find_nothing_in_the_shipped_rulesets);
    tcase_add_test(tc, lint_should_give_each_warning_its_code_and_position);
    tcase_add_test(tc, lint_should_report_a_path_it_cannot_read);
    tcase_add_test(tc, tests_run_should_report_mismatches_and_coverage);
    suite_add_tcase(s, tc);
    tc = tcase_create("oom");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, lint_should_fail_cleanly_when_any_allocation_fails);
    tcase_add_test(tc, tests_run_should_fail_cleanly_when_any_allocation_fails);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(lint_suite());
}
