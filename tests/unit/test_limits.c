/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_limits.c -- every limit of engine/base/remit_int.h, just under (accepted)
 * and just over (the exact error, naming the limit and its value).  The
 * inputs are built from the constants, so a changed limit is still tested
 * at its edge.  README, "Limits", lists them; tests/bad has the catalogue of
 * bad inputs of every other kind.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remit_int.h"
#include "testutil.h"

/* ---- building inputs ---------------------------------------------------- */

/*
 * A small valid ruleset.  `extra_facts` lines are added to facts:, `when`
 * is the condition of the one rule, `values` the value list of the enum
 * `kind`, and `extra_rules` further rules.
 */
static void ruleset(tbuf *b, const char *id, const char *extra_facts,
                    const char *values, const char *when,
                    const char *extra_rules)
{
    tbuf_printf(b,
              "ruleset:\n  id: %s\n  title: Limits\n  jurisdiction: E\n"
              "  version: '1'\n  law_checked: 2026-01-01\n"
              "  applies_when: nation == \"england\"\n"
              "sources: [{id: s, title: T, section: S, quote: Q}]\n"
              "facts:\n"
              "  - {name: nation, scope: complaint, type: enum, values: "
              "[{value: england}], question: Where?}\n"
              "  - {name: kind, scope: head, type: enum, values: [%s], "
              "question: What?}\n",
              id, values ? values : "{value: a}, {value: b}");
    if (extra_facts) tbuf_puts(b, extra_facts);
    tbuf_printf(b,
              "outcomes: [{id: out, label: Out, in_scope: false}, "
              "{id: in, label: In, in_scope: true}]\n"
              "default_outcome: in\n"
              "rules:\n  - id: R1\n    title: T\n    scope: head\n"
              "    when: %s\n    outcome: out\n    explanation: E\n"
              "    cite: [s]\n",
              when ? when : "kind == \"a\"");
    if (extra_rules) tbuf_puts(b, extra_rules);
}

/* Loads text; checks the status and, if want_msg, the first diagnostic. */
static remit_ruleset *load(const char *text, size_t len, remit_status want,
                           const char *want_msg)
{
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load_memory("limits.yaml", text, len, NULL,
                                                &rs, &d);
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    ck_assert_msg(st == want, "status %s, expected %s; first diagnostic: %s",
                  remit_status_str(st), remit_status_str(want),
                  x ? x->message : "(none)");
    if (want_msg) {
        ck_assert_ptr_nonnull(x);
        ck_assert_str_eq(x->message, want_msg);
    }
    remit_diagnostics_free(d);
    return rs;
}

static char msg[512];

/* ---- rule files --------------------------------------------------------- */

START_TEST(a_rule_file_of_the_limit_loads_and_one_byte_more_does_not)
{
    tbuf b = {0};
    ruleset(&b, "big", NULL, NULL, NULL, NULL);
    tbuf_puts(&b, "# ");
    tbuf_repeat(&b, 'x', REMIT_MAX_RULES_FILE_BYTES - b.len - 1);
    tbuf_puts(&b, "\n");
    ck_assert_uint_eq(b.len, REMIT_MAX_RULES_FILE_BYTES);
    remit_ruleset_free(load(b.p, b.len, REMIT_OK, NULL));
    tbuf_puts(&b, "\n");
    snprintf(msg, sizeof msg, "rule file too large (%u bytes; the limit is %u)",
             REMIT_MAX_RULES_FILE_BYTES + 1, REMIT_MAX_RULES_FILE_BYTES);
    load(b.p, b.len, REMIT_ERULES, msg);
    /* The same from a file: the size is checked before reading. */
    char path[] = "/tmp/remit-limits-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, b.p, b.len), (int)b.len);
    close(fd);
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load(path, NULL, &rs, &d), REMIT_ERULES);
    ck_assert_str_eq(remit_diagnostics_get(d, 0)->message, msg);
    remit_diagnostics_free(d);
    unlink(path);
    free(b.p);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

START_TEST(a_directory_of_the_limit_of_rule_files_loads_and_one_more_does_not)
{
    char dir[] = "/tmp/remit-limits-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[300];
    for (unsigned k = 0; k <= REMIT_MAX_RULE_FILES; k++) {
        tbuf b = {0};
        char id[32];
        snprintf(id, sizeof id, "r%03u", k);
        ruleset(&b, id, NULL, NULL, NULL, NULL);
        snprintf(path, sizeof path, "%s/%s.yaml", dir, id);
        if (k < REMIT_MAX_RULE_FILES) write_file(path, b.p);
        free(b.p);
    }
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load(dir, NULL, &rs, &d), REMIT_OK);
    ck_assert_uint_eq(remit_ruleset_count(rs), REMIT_MAX_RULE_FILES);
    remit_ruleset_free(rs);
    remit_diagnostics_free(d);
    /* One more. */
    tbuf b = {0};
    ruleset(&b, "extra", NULL, NULL, NULL, NULL);
    snprintf(path, sizeof path, "%s/zz-extra.yaml", dir);
    write_file(path, b.p);
    free(b.p);
    ck_assert_int_eq(remit_ruleset_load(dir, NULL, &rs, &d), REMIT_ERULES);
    ck_assert_ptr_null(rs);
    snprintf(msg, sizeof msg, "more than %u rule files", REMIT_MAX_RULE_FILES);
    ck_assert_str_eq(remit_diagnostics_get(d, 0)->message, msg);
    remit_diagnostics_free(d);
    for (unsigned k = 0; k < REMIT_MAX_RULE_FILES; k++) {
        snprintf(path, sizeof path, "%s/r%03u.yaml", dir, k);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/zz-extra.yaml", dir);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(the_limit_of_facts_loads_and_one_more_does_not)
{
    /* The base declares 2 facts. */
    tbuf f = {0};
    for (unsigned k = 2; k < REMIT_MAX_FACTS; k++)
        tbuf_printf(&f, "  - {name: f%u, scope: head, type: bool, question: Q?}\n", k);
    tbuf b = {0};
    ruleset(&b, "facts", f.p, NULL, NULL, NULL);
    remit_ruleset *rs = load(b.p, b.len, REMIT_OK, NULL);
    ck_assert_uint_eq(remit_ruleset_fact_count(rs, 0), REMIT_MAX_FACTS);
    remit_ruleset_free(rs);
    tbuf_puts(&f, "  - {name: one_more, scope: head, type: bool, question: Q?}\n");
    b.len = 0;
    ruleset(&b, "facts", f.p, NULL, NULL, NULL);
    snprintf(msg, sizeof msg, "facts has %u entries; the limit is %u",
             REMIT_MAX_FACTS + 1, REMIT_MAX_FACTS);
    load(b.p, b.len, REMIT_ERULES, msg);
    free(f.p);
    free(b.p);
}
END_TEST

START_TEST(the_limit_of_values_of_an_enum_loads_and_one_more_does_not)
{
    tbuf v = {0};
    for (unsigned k = 0; k < REMIT_MAX_ENUM_VALUES; k++)
        tbuf_printf(&v, "%s{value: v%u}", k ? ", " : "", k);
    tbuf b = {0};
    ruleset(&b, "values", NULL, v.p, "kind == \"v63\"", NULL);
    remit_ruleset_free(load(b.p, b.len, REMIT_OK, NULL));
    tbuf_puts(&v, ", {value: one_more}");
    b.len = 0;
    ruleset(&b, "values", NULL, v.p, "kind == \"v63\"", NULL);
    snprintf(msg, sizeof msg, "fact 'kind' has %u values; the limit is %u",
             REMIT_MAX_ENUM_VALUES + 1, REMIT_MAX_ENUM_VALUES);
    load(b.p, b.len, REMIT_ERULES, msg);
    free(v.p);
    free(b.p);
}
END_TEST

START_TEST(a_list_of_the_limit_of_values_in_a_condition_and_one_more)
{
    tbuf v = {0}, w = {0};
    for (unsigned k = 0; k < REMIT_MAX_ENUM_VALUES; k++)
        tbuf_printf(&v, "%s{value: v%u}", k ? ", " : "", k);
    tbuf_puts(&w, "kind in [");
    for (unsigned k = 0; k < REMIT_MAX_ENUM_VALUES; k++)
        tbuf_printf(&w, "%s\"v%u\"", k ? ", " : "", k);
    tbuf_puts(&w, "]");
    tbuf b = {0};
    ruleset(&b, "list", NULL, v.p, w.p, NULL);
    remit_ruleset_free(load(b.p, b.len, REMIT_OK, NULL));
    w.len--; /* the ']' */
    tbuf_puts(&w, ", \"v0\"]");
    b.len = 0;
    ruleset(&b, "list", NULL, v.p, w.p, NULL);
    snprintf(msg, sizeof msg, "a list may hold at most %u values",
             REMIT_MAX_ENUM_VALUES);
    load(b.p, b.len, REMIT_ERULES, msg);
    free(v.p);
    free(w.p);
    free(b.p);
}
END_TEST

START_TEST(the_limit_of_rules_loads_and_one_more_does_not)
{
    tbuf r = {0};
    for (unsigned k = 1; k < REMIT_MAX_RULES; k++)
        tbuf_printf(&r, "  - {id: G%u, title: T, scope: head, when: kind == \"b\", "
                      "outcome: out, explanation: E, cite: [s]}\n", k);
    tbuf b = {0};
    ruleset(&b, "rules", NULL, NULL, NULL, r.p);
    remit_ruleset_free(load(b.p, b.len, REMIT_OK, NULL));
    tbuf_puts(&r, "  - {id: ONE-MORE, title: T, scope: head, when: kind == \"b\", "
                "outcome: out, explanation: E, cite: [s]}\n");
    b.len = 0;
    ruleset(&b, "rules", NULL, NULL, NULL, r.p);
    snprintf(msg, sizeof msg, "rules has %u entries; the limit is %u",
             REMIT_MAX_RULES + 1, REMIT_MAX_RULES);
    load(b.p, b.len, REMIT_ERULES, msg);
    free(r.p);
    free(b.p);
}
END_TEST

START_TEST(a_condition_of_the_limit_of_bytes_loads_and_one_byte_more_does_not)
{
    /* "kind == \"a\"" padded with spaces inside the condition. */
    tbuf w = {0};
    tbuf_puts(&w, "'kind == \"a\"");
    tbuf_repeat(&w, ' ', REMIT_MAX_EXPR_BYTES - 11 - 8);
    tbuf_puts(&w, " or true'");
    ck_assert_uint_eq(w.len - 2, REMIT_MAX_EXPR_BYTES);
    tbuf b = {0};
    ruleset(&b, "long", NULL, NULL, w.p, NULL);
    remit_ruleset_free(load(b.p, b.len, REMIT_OK, NULL));
    w.len -= 9;
    w.p[w.len] = '\0';
    tbuf_puts(&w, "  or true'");
    b.len = 0;
    ruleset(&b, "long", NULL, NULL, w.p, NULL);
    snprintf(msg, sizeof msg, "condition too long (%u bytes; the limit is %u)",
             REMIT_MAX_EXPR_BYTES + 1, REMIT_MAX_EXPR_BYTES);
    load(b.p, b.len, REMIT_ERULES, msg);
    free(w.p);
    free(b.p);
}
END_TEST

START_TEST(a_condition_nested_to_the_limit_loads_and_one_level_more_does_not)
{
    /* `not` n times around a comparison: n + 1 levels, the comparison
     * being one (as test_expr's generated cases count them). */
    for (unsigned more = 0; more < 2; more++) {
        tbuf w = {0};
        for (unsigned k = 0; k + 1 < REMIT_MAX_EXPR_DEPTH + more; k++)
            tbuf_puts(&w, "(");
        tbuf_puts(&w, "kind == \"a\"");
        for (unsigned k = 0; k + 1 < REMIT_MAX_EXPR_DEPTH + more; k++)
            tbuf_puts(&w, ")");
        tbuf b = {0};
        ruleset(&b, "deep", NULL, NULL, w.p, NULL);
        snprintf(msg, sizeof msg,
                 "condition nested too deeply (more than %u levels)",
                 REMIT_MAX_EXPR_DEPTH);
        remit_ruleset_free(load(b.p, b.len, more ? REMIT_ERULES : REMIT_OK,
                                more ? msg : NULL));
        free(w.p);
        free(b.p);
    }
}
END_TEST

START_TEST(a_condition_tree_of_the_limit_of_levels_loads_and_one_more_does_not)
{
    /* "(X and b and ... and b)" with 16 operands puts X 15 levels down (up
     * to 16 operands an and-chain groups from the left), so 17 such levels
     * around b make 15 * 17 + 1 levels, the limit; one more and makes one
     * too many.  Balanced long chains and the nesting limit keep ordinary
     * conditions far from it. */
    ck_assert_uint_eq(REMIT_MAX_EXPR_HEIGHT, 15 * 17 + 1);
    tbuf w = {0};
    tbuf_puts(&w, "b");
    for (int k = 0; k < 17; k++) {
        tbuf n = {0};
        tbuf_printf(&n, "(%s", w.p);
        for (int m = 0; m < 15; m++) tbuf_puts(&n, " and b");
        tbuf_puts(&n, ")");
        free(w.p);
        w = n;
    }
    const char *fact = "  - {name: b, scope: head, type: bool, question: B?}\n";
    tbuf b = {0};
    ruleset(&b, "tall", fact, NULL, w.p, NULL);
    remit_ruleset_free(load(b.p, b.len, REMIT_OK, NULL));
    tbuf more = {0};
    tbuf_printf(&more, "(%s and b)", w.p);
    b.len = 0;
    ruleset(&b, "tall", fact, NULL, more.p, NULL);
    snprintf(msg, sizeof msg, "condition too deep (its tree has more than %u "
             "levels)", REMIT_MAX_EXPR_HEIGHT);
    load(b.p, b.len, REMIT_ERULES, msg);
    free(w.p);
    free(more.p);
    free(b.p);
}
END_TEST

START_TEST(a_member_name_of_the_limit_loads_and_one_byte_more_does_not)
{
    /* Found while cataloguing the limits: a fact whose name was longer
     * than the complaint reader looks up loaded, but its value was never
     * read and remit kept asking for it. */
    for (unsigned more = 0; more < 2; more++) {
        tbuf name = {0}, f = {0}, w = {0};
        tbuf_puts(&name, "n");
        tbuf_repeat(&name, 'x', REMIT_MAX_KEY_BYTES - 1 + more);
        tbuf_printf(&f, "  - {name: %s, scope: head, type: bool, question: Q?}\n",
                  name.p);
        tbuf_printf(&w, "%s == true", name.p);
        tbuf b = {0};
        ruleset(&b, "names", f.p, NULL, w.p, NULL);
        snprintf(msg, sizeof msg,
                 "the member name '%.40s...' of fact 3 is %u bytes long; the "
                 "limit is %u", name.p, REMIT_MAX_KEY_BYTES + 1,
                 REMIT_MAX_KEY_BYTES);
        remit_ruleset *rs = load(b.p, b.len, more ? REMIT_ERULES : REMIT_OK,
                                 more ? msg : NULL);
        if (rs) {
            /* At the limit, the complaint's value is read. */
            tbuf c = {0};
            tbuf_printf(&c, "{\"nation\": \"england\", \"heads\": [{\"kind\": "
                          "\"b\", \"%s\": true}]}", name.p);
            remit_eval_options o = {2026, 11, 22, 0, "c.json"};
            remit_result *r = NULL;
            remit_diagnostics *d = NULL;
            ck_assert_int_eq(remit_evaluate(rs, c.p, c.len, &o, &r, &d), REMIT_OK);
            ck_assert_uint_eq(remit_diagnostics_count(d), 0);
            ck_assert_str_eq(remit_result_verdict(r), "out");
            remit_result_free(r);
            remit_diagnostics_free(d);
            free(c.p);
        }
        remit_ruleset_free(rs);
        free(name.p);
        free(f.p);
        free(w.p);
        free(b.p);
    }
}
END_TEST

/* ---- complaints ----------------------------------------------------------- */

static remit_ruleset *mini(void)
{
    return load_path(REMIT_TEST_DATA "/mini.yaml");
}

/* Evaluates against mini; checks the status and the first diagnostic. */
static void evaluate(const remit_ruleset *rs, const char *json, size_t len,
                     remit_status want, const char *want_msg)
{
    remit_eval_options o = {2026, 11, 22, 0, "c.json"};
    remit_result *r = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(rs, json, len, &o, &r, &d);
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    ck_assert_msg(st == want, "status %s, expected %s; first diagnostic: %s",
                  remit_status_str(st), remit_status_str(want),
                  x ? x->message : "(none)");
    if (want_msg) {
        ck_assert_ptr_nonnull(x);
        ck_assert_str_eq(x->message, want_msg);
    }
    remit_result_free(r);
    remit_diagnostics_free(d);
}

START_TEST(a_complaint_of_the_limit_is_read_and_one_byte_more_is_not)
{
    remit_ruleset *rs = mini();
    tbuf b = {0};
    tbuf_puts(&b, "{\"nation\": \"england\", \"heads\": [{\"summary\": \"");
    tbuf_repeat(&b, 'a', REMIT_MAX_COMPLAINT_BYTES - b.len - 4);
    tbuf_puts(&b, "\"}]}");
    ck_assert_uint_eq(b.len, REMIT_MAX_COMPLAINT_BYTES);
    evaluate(rs, b.p, b.len, REMIT_OK, NULL);
    tbuf_puts(&b, " ");
    snprintf(msg, sizeof msg, "complaint too large (%u bytes; the limit is %u)",
             REMIT_MAX_COMPLAINT_BYTES + 1, REMIT_MAX_COMPLAINT_BYTES);
    evaluate(rs, b.p, b.len, REMIT_EINPUT, msg);
    free(b.p);
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(a_complaint_nested_to_the_limit_is_read_and_one_level_more_is_not)
{
    remit_ruleset *rs = mini();
    for (unsigned more = 0; more < 2; more++) {
        /* The complaint object is level 1; "x" holds the rest. */
        tbuf b = {0};
        tbuf_puts(&b, "{\"nation\": \"england\", \"heads\": [{}], \"x\": ");
        tbuf_repeat(&b, '[', REMIT_MAX_JSON_DEPTH - 1 + more);
        tbuf_repeat(&b, ']', REMIT_MAX_JSON_DEPTH - 1 + more);
        tbuf_puts(&b, "}");
        snprintf(msg, sizeof msg, "complaint nested more than %u levels deep",
                 REMIT_MAX_JSON_DEPTH);
        evaluate(rs, b.p, b.len, more ? REMIT_EINPUT : REMIT_OK,
                 more ? msg : "unknown member \"x\" is ignored (not a fact of "
                              "ruleset mini-england; see 'remit facts')");
        free(b.p);
    }
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(a_number_of_the_limit_of_characters_is_read_and_one_more_is_not)
{
    remit_ruleset *rs = mini();
    for (unsigned more = 0; more < 2; more++) {
        tbuf b = {0};
        tbuf_puts(&b, "{\"nation\": \"england\", \"children_count\": 2.");
        tbuf_repeat(&b, '0', REMIT_MAX_JSON_NUMBER_BYTES - 2 + more);
        tbuf_puts(&b, ", \"heads\": [{}]}");
        snprintf(msg, sizeof msg,
                 "number too long (%u characters; the limit is %u)",
                 REMIT_MAX_JSON_NUMBER_BYTES + 1, REMIT_MAX_JSON_NUMBER_BYTES);
        evaluate(rs, b.p, b.len, more ? REMIT_EINPUT : REMIT_OK,
                 more ? msg : NULL);
        free(b.p);
    }
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(the_limit_of_heads_is_read_and_one_more_is_not)
{
    remit_ruleset *rs = mini();
    for (unsigned more = 0; more < 2; more++) {
        tbuf b = {0};
        tbuf_puts(&b, "{\"nation\": \"england\", \"heads\": [");
        for (unsigned k = 0; k < REMIT_MAX_HEADS + more; k++)
            tbuf_puts(&b, k ? ", {\"actor\": \"police\"}" : "{\"actor\": \"police\"}");
        tbuf_puts(&b, "]}");
        snprintf(msg, sizeof msg, "%u heads of complaint; the limit is %u",
                 REMIT_MAX_HEADS + 1, REMIT_MAX_HEADS);
        evaluate(rs, b.p, b.len, more ? REMIT_EINPUT : REMIT_OK,
                 more ? msg : NULL);
        free(b.p);
    }
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(the_limit_of_diagnostics_is_kept_and_more_are_counted_not_kept)
{
    remit_ruleset *rs = mini();
    for (unsigned more = 0; more < 2; more++) {
        tbuf b = {0};
        tbuf_puts(&b, "{\"nation\": \"england\", \"heads\": [");
        for (unsigned k = 0; k < REMIT_MAX_DIAGNOSTICS + more; k++)
            tbuf_puts(&b, k ? ", {\"actor\": \"x\"}" : "{\"actor\": \"x\"}");
        tbuf_puts(&b, "]}");
        remit_eval_options o = {2026, 11, 22, 0, "c.json"};
        remit_result *r = NULL;
        remit_diagnostics *d = NULL;
        ck_assert_int_eq(remit_evaluate(rs, b.p, b.len, &o, &r, &d), REMIT_EINPUT);
        ck_assert_uint_eq(remit_diagnostics_count(d), REMIT_MAX_DIAGNOSTICS);
        snprintf(msg, sizeof msg, "/heads/%u/actor", REMIT_MAX_DIAGNOSTICS - 1);
        ck_assert_str_eq(remit_diagnostics_get(d, REMIT_MAX_DIAGNOSTICS - 1)->pointer,
                         msg);
        remit_diagnostics_free(d);
        free(b.p);
    }
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(objects_of_many_members_are_checked_for_repeats_in_time)
{
    /* Found while cataloguing: repeated member names were found by
     * comparing every pair, so an object of 300000 members (4 MB, well
     * inside the size limit) took two and a half minutes; now sorted. */
    remit_ruleset *rs = mini();
    tbuf b = {0};
    tbuf_puts(&b, "{\"nation\": \"england\", \"x\": {");
    for (unsigned k = 0; k < 300000; k++) tbuf_printf(&b, "%s\"m%u\": 1", k ? ", " : "", k);
    tbuf_puts(&b, ", \"m7\": 2}, \"heads\": [{}]}");
    evaluate(rs, b.p, b.len, REMIT_EINPUT, "member \"m7\" appears more than once");
    free(b.p);
    remit_ruleset_free(rs);
}
END_TEST

static Suite *limits_suite(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, a_rule_file_of_the_limit_loads_and_one_byte_more_does_not);
    tcase_add_test(tc, a_directory_of_the_limit_of_rule_files_loads_and_one_more_does_not);
    tcase_add_test(tc, the_limit_of_facts_loads_and_one_more_does_not);
    tcase_add_test(tc, the_limit_of_values_of_an_enum_loads_and_one_more_does_not);
    tcase_add_test(tc, a_list_of_the_limit_of_values_in_a_condition_and_one_more);
    tcase_add_test(tc, the_limit_of_rules_loads_and_one_more_does_not);
    tcase_add_test(tc, a_condition_of_the_limit_of_bytes_loads_and_one_byte_more_does_not);
    tcase_add_test(tc, a_condition_nested_to_the_limit_loads_and_one_level_more_does_not);
    tcase_add_test(tc, a_condition_tree_of_the_limit_of_levels_loads_and_one_more_does_not);
    tcase_add_test(tc, a_member_name_of_the_limit_loads_and_one_byte_more_does_not);
    suite_add_tcase(s, tc);
    tc = tcase_create("complaints");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, a_complaint_of_the_limit_is_read_and_one_byte_more_is_not);
    tcase_add_test(tc, a_complaint_nested_to_the_limit_is_read_and_one_level_more_is_not);
    tcase_add_test(tc, a_number_of_the_limit_of_characters_is_read_and_one_more_is_not);
    tcase_add_test(tc, the_limit_of_heads_is_read_and_one_more_is_not);
    tcase_add_test(tc, the_limit_of_diagnostics_is_kept_and_more_are_counted_not_kept);
    tcase_add_test(tc, objects_of_many_members_are_checked_for_repeats_in_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(limits_suite());
}
