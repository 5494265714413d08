/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_verdict.c -- how verdicts are reached (verdict.c; rules/README.md,
 * "How a verdict is reached"), through small inline rulesets whose outcomes
 * are, strongest first: strong (not in scope), mid (not in scope), weak_in
 * (in scope), in (in scope).  Each test declares the few rules it needs.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "remit.h"
#include "testutil.h"

/* ---- Rulesets --------------------------------------------------------- */

static const char header[] =
    "ruleset:\n"
    "  id: v\n"
    "  title: Verdict tests\n"
    "  jurisdiction: Test\n"
    "  version: 0.0.1\n"
    "  law_checked: 2026-01-01\n"
    "  applies_when: known(cflag) or not known(cflag)\n"
    "sources:\n"
    "  - {id: s, title: S, section: S, quote: Q}\n"
    "facts:\n"
    "  - {name: cflag, scope: complaint, type: bool, question: Complaint flag?}\n"
    "  - {name: b, scope: head, type: bool, question: B?}\n"
    "  - {name: a, scope: head, type: bool, question: A?}\n"
    "  - {name: c, scope: head, type: bool, question: C?}\n"
    "  - {name: d, scope: head, type: bool, question: D?}\n"
    "outcomes:\n"
    "  - {id: strong, label: Strong, in_scope: false}\n"
    "  - {id: mid, label: Mid, in_scope: false}\n"
    "  - {id: weak_in, label: Weak in, in_scope: true}\n"
    "  - {id: in, label: In, in_scope: true}\n";

/* One rule in block style. */
#define RULE(id, scope, when, outcome)                                         \
    "  - id: " id "\n"                                                         \
    "    title: " id "\n"                                                      \
    "    scope: " scope "\n"                                                   \
    "    when: " when "\n"                                                     \
    "    outcome: " outcome "\n"                                               \
    "    explanation: " id " fired.\n"                                         \
    "    cite: [s]\n"
#define DISCRETIONARY "    discretionary: true\n    discretion: It may.\n"

static remit_ruleset *rs;

/* Loads the header with these rules and default outcome into rs. */
static void load(const char *default_outcome, const char *rules)
{
    char text[8192];
    int n = snprintf(text, sizeof text, "%sdefault_outcome: %s\nrules:\n%s",
                     header, default_outcome, rules);
    ck_assert_int_lt(n, (int)sizeof text);
    rs = load_text("v.yaml", text, (size_t)n);
}

static void teardown(void)
{
    remit_ruleset_free(rs);
    rs = NULL;
}

static remit_result *eval(const char *json)
{
    remit_eval_options o = {2026, 3, 13, 0, NULL};
    remit_result *r = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(rs, json, strlen(json), &o, &r, &d);
    ck_assert_msg(st == REMIT_OK, "%s: %s", json, remit_status_str(st));
    ck_assert_uint_eq(remit_diagnostics_count(d), 0);
    remit_diagnostics_free(d);
    return r;
}

/* The pointers of the complaint's questions, joined by spaces. */
static void question_pointers(const remit_result *r, char *out, size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < remit_result_question_count(r); i++) {
        remit_question q;
        ck_assert_int_eq(remit_result_get_question(r, i, &q), REMIT_OK);
        at += (size_t)snprintf(out + at, size - at, "%s%s", i ? " " : "",
                               q.pointer);
        ck_assert_uint_lt(at, size);
    }
}

static cJSON *tree(remit_result *r)
{
    cJSON *j = cJSON_Parse(remit_result_json(r, 0));
    ck_assert_ptr_nonnull(j);
    return j;
}

/* The `rule` members of array `name` of head i, joined by spaces. */
static void head_rules(const cJSON *j, int i, const char *name, char *out,
                       size_t size)
{
    const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "heads"), i);
    ck_assert_ptr_nonnull(h);
    const cJSON *e;
    size_t at = 0;
    out[0] = '\0';
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(h, name))
    {
        at += (size_t)snprintf(out + at, size - at, "%s%s", at ? " " : "",
                               cJSON_GetObjectItem(e, "rule")->valuestring);
    }
}

/* ---- One head ---------------------------------------------------------- */

START_TEST(head_should_take_the_default_outcome_with_no_deciding_rule_when_none_fires)
{
    load("in", RULE("R-S", "head", "a == true", "strong"));
    remit_result *r = eval("{\"heads\": [{\"a\": false}]}");
    ck_assert_str_eq(remit_result_verdict(r), "in");
    ck_assert_ptr_null(remit_result_head_rule(r, 0));
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    cJSON *j = tree(r);
    char rules[256];
    head_rules(j, 0, "reasons", rules, sizeof rules);
    ck_assert_str_eq(rules, "");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(head_should_take_the_outcome_listed_first_whatever_the_rule_order)
{
    load("in", RULE("R-M", "head", "a == true", "mid")
                   RULE("R-S", "head", "b == true", "strong"));
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), "strong");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "R-S");
    /* Every fired rule is a reason, the deciding one first. */
    cJSON *j = tree(r);
    char rules[256];
    head_rules(j, 0, "reasons", rules, sizeof rules);
    ck_assert_str_eq(rules, "R-S R-M");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(deciding_rule_should_prefer_a_firm_rule_to_a_discretionary_one)
{
    load("in", RULE("R-D", "head", "a == true", "strong") DISCRETIONARY
                   RULE("R-F", "head", "b == true", "strong"));
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), "strong");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "R-F");
    ck_assert(!remit_result_discretionary(r));
    remit_result_free(r);
    r = eval("{\"heads\": [{\"a\": true, \"b\": false}]}");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "R-D");
    ck_assert(remit_result_discretionary(r));
    remit_result_free(r);
}
END_TEST

START_TEST(head_should_be_settled_when_only_weaker_rules_are_undetermined)
{
    load("in", RULE("R-S", "head", "a == true", "strong")
                   RULE("R-M", "head", "b == true", "mid"));
    remit_result *r = eval("{\"heads\": [{\"a\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), "strong");
    ck_assert_ptr_null(remit_result_provisional(r));
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    remit_result_free(r);
}
END_TEST

START_TEST(head_should_be_settled_when_an_undetermined_rule_has_the_same_outcome)
{
    load("in", RULE("R-M1", "head", "a == true", "mid")
                   RULE("R-M2", "head", "b == true", "mid"));
    remit_result *r = eval("{\"heads\": [{\"a\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), "mid");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "R-M1");
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    remit_result_free(r);
}
END_TEST

START_TEST(head_should_need_information_when_a_stronger_rule_is_undetermined)
{
    load("in", RULE("R-S", "head", "a == true", "strong")
                   RULE("R-M", "head", "b == true", "mid"));
    remit_result *r = eval("{\"heads\": [{\"b\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), REMIT_VERDICT_NEEDS_INFORMATION);
    ck_assert_pstr_eq(remit_result_provisional(r), "mid");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "needs_information");
    char qs[256];
    question_pointers(r, qs, sizeof qs);
    ck_assert_str_eq(qs, "/heads/0/a");
    remit_result_free(r);
}
END_TEST

START_TEST(head_should_be_settled_on_the_default_when_the_undetermined_rule_gives_it_too)
{
    load("in", RULE("R-IN", "head", "a == true", "in"));
    remit_result *r = eval("{\"heads\": [{}]}");
    ck_assert_str_eq(remit_result_verdict(r), "in");
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    remit_result_free(r);
}
END_TEST

START_TEST(head_should_ask_when_an_undetermined_rule_could_replace_the_default)
{
    /* No rule fired: the default stands only if no rule with another
     * outcome can still fire, even one weaker than the default. */
    load("mid", RULE("R-W", "head", "a == true", "weak_in"));
    remit_result *r = eval("{\"heads\": [{}]}");
    ck_assert_str_eq(remit_result_verdict(r), "needs_information");
    ck_assert_pstr_eq(remit_result_provisional(r), "mid");
    remit_result_free(r);
    r = eval("{\"heads\": [{\"a\": false}]}");
    ck_assert_str_eq(remit_result_verdict(r), "mid");
    remit_result_free(r);
    r = eval("{\"heads\": [{\"a\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), "weak_in");
    remit_result_free(r);
}
END_TEST

START_TEST(note_should_neither_decide_nor_ask)
{
    load("in", RULE("N", "head", "a == true", "note")
                   RULE("R-M", "head", "b == true", "mid"));
    remit_result *r = eval("{\"heads\": [{\"b\": false}]}");
    ck_assert_str_eq(remit_result_verdict(r), "in");
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    remit_result_free(r);
    r = eval("{\"heads\": [{\"a\": true, \"b\": false}]}");
    ck_assert_str_eq(remit_result_verdict(r), "in");
    ck_assert_ptr_null(remit_result_head_rule(r, 0));
    cJSON *j = tree(r);
    char rules[256];
    head_rules(j, 0, "notes", rules, sizeof rules);
    ck_assert_str_eq(rules, "N");
    head_rules(j, 0, "reasons", rules, sizeof rules);
    ck_assert_str_eq(rules, "");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

/* ---- Complaint-scope rules and questions ------------------------------- */

START_TEST(complaint_rule_should_decide_every_head)
{
    load("in", RULE("R-C", "complaint", "cflag == true", "strong")
                   RULE("R-M", "head", "a == true", "mid"));
    remit_result *r = eval("{\"cflag\": true, \"heads\": [{\"a\": true}, {}]}");
    ck_assert_str_eq(remit_result_verdict(r), "strong");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "R-C");
    ck_assert_pstr_eq(remit_result_head_rule(r, 1), "R-C");
    remit_result_free(r);
}
END_TEST

START_TEST(complaint_fact_should_be_asked_once_for_all_heads)
{
    load("in", RULE("R-C", "complaint", "cflag == true", "strong"));
    remit_result *r = eval("{\"heads\": [{}, {}, {}]}");
    ck_assert_str_eq(remit_result_verdict(r), "needs_information");
    char qs[256];
    question_pointers(r, qs, sizeof qs);
    ck_assert_str_eq(qs, "/cflag");
    remit_question q;
    ck_assert_int_eq(remit_result_get_question(r, 0, &q), REMIT_OK);
    ck_assert_str_eq(q.question, "Complaint flag?");
    /* Each head lists it among its own questions too. */
    cJSON *j = tree(r);
    for (int i = 0; i < 3; i++) {
        const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "heads"), i);
        const cJSON *hq = cJSON_GetObjectItem(h, "questions");
        ck_assert_int_eq(cJSON_GetArraySize(hq), 1);
        ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(hq, 0), "head")));
    }
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(questions_should_put_stronger_outcomes_first_then_lone_unknowns)
{
    /* R-AB hangs on two unknowns (a, b), R-C on one (c): c settles a rule on
     * its own, so it is asked first though declared after a and b.  d, behind
     * a weaker outcome, comes last.  Ties keep declaration order (b, a). */
    load("in", RULE("R-AB", "head", "a == true and b == true", "strong")
                   RULE("R-C", "head", "c == true", "strong")
                   RULE("R-D", "head", "d == true", "mid"));
    remit_result *r = eval("{\"heads\": [{}]}");
    char qs[256];
    question_pointers(r, qs, sizeof qs);
    ck_assert_str_eq(qs, "/heads/0/c /heads/0/b /heads/0/a /heads/0/d");
    remit_result_free(r);
}
END_TEST

START_TEST(questions_should_not_ask_a_fact_of_a_branch_already_decided)
{
    /* a == false already makes "a == true and b == true" false. */
    load("in", RULE("R-AB", "head", "a == true and b == true", "strong")
                   RULE("R-C", "head", "c == true", "strong"));
    remit_result *r = eval("{\"heads\": [{\"a\": false}]}");
    char qs[256];
    question_pointers(r, qs, sizeof qs);
    ck_assert_str_eq(qs, "/heads/0/c");
    remit_result_free(r);
}
END_TEST

START_TEST(questions_should_add_the_weight_of_a_complaint_fact_over_heads)
{
    /* Per head, cflag and a share R-CA (half weight each), b is alone in
     * R-B.  With one head b comes first; with three heads cflag's weight,
     * added over the heads, passes b's. */
    load("in", RULE("R-CA", "head", "cflag == true and a == true", "strong")
                   RULE("R-B", "head", "b == true", "strong"));
    remit_result *r = eval("{\"heads\": [{}]}");
    char qs[512];
    question_pointers(r, qs, sizeof qs);
    ck_assert_str_eq(qs, "/heads/0/b /cflag /heads/0/a");
    remit_result_free(r);
    r = eval("{\"heads\": [{}, {}, {}]}");
    question_pointers(r, qs, sizeof qs);
    ck_assert_str_eq(qs, "/cflag /heads/0/b /heads/1/b /heads/2/b /heads/0/a "
                         "/heads/1/a /heads/2/a");
    remit_result_free(r);
}
END_TEST

/* ---- Combining heads ---------------------------------------------------- */

static void load_two_bars(void)
{
    load("in", RULE("R-S", "head", "a == true", "strong")
                   RULE("R-M", "head", "b == true", "mid")
                   RULE("R-W", "head", "c == true", "weak_in"));
}

START_TEST(complaint_should_take_the_strongest_when_every_head_is_in_scope_differently)
{
    load_two_bars();
    remit_result *r = eval("{\"heads\": [{\"a\": false, \"b\": false, \"c\": false}, "
                           "{\"a\": false, \"b\": false, \"c\": true}]}");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "in");
    ck_assert_str_eq(remit_result_head_verdict(r, 1), "weak_in");
    ck_assert_str_eq(remit_result_verdict(r), "weak_in");
    remit_result_free(r);
}
END_TEST

START_TEST(complaint_should_take_the_strongest_when_no_head_is_in_scope)
{
    load_two_bars();
    remit_result *r = eval("{\"heads\": [{\"a\": false, \"b\": true, \"c\": false}, "
                           "{\"a\": true, \"b\": false, \"c\": false}]}");
    ck_assert_str_eq(remit_result_verdict(r), "strong");
    remit_result_free(r);
}
END_TEST

START_TEST(complaint_should_be_partly_in_scope_and_name_the_heads)
{
    load_two_bars();
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": false, \"c\": false}, "
                           "{\"a\": false, \"b\": true, \"c\": false}, "
                           "{\"a\": false, \"b\": false, \"c\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), "partly_in_scope");
    cJSON *j = tree(r);
    char *in = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "in_scope_heads"));
    char *out = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "not_in_scope_heads"));
    ck_assert_str_eq(in, "[2]");
    ck_assert_str_eq(out, "[0,1]");
    ck_assert_str_eq(cJSON_GetObjectItem(j, "verdict_label")->valuestring,
                     "Partly within the Ombudsman's remit");
    cJSON_free(in);
    cJSON_free(out);
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(complaint_provisional_verdict_should_combine_the_provisional_head_outcomes)
{
    load_two_bars();
    /* Head 1 could still be strong; for now it is in, like head 0. */
    remit_result *r = eval("{\"heads\": [{\"a\": false, \"b\": false, \"c\": false}, "
                           "{\"b\": false, \"c\": false}]}");
    ck_assert_str_eq(remit_result_verdict(r), "needs_information");
    ck_assert_pstr_eq(remit_result_provisional(r), "in");
    remit_result_free(r);
    r = eval("{\"heads\": [{\"a\": true}, {\"b\": false, \"c\": false}]}");
    ck_assert_str_eq(remit_result_verdict(r), "needs_information");
    ck_assert_pstr_eq(remit_result_provisional(r), "partly_in_scope");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "strong");
    remit_result_free(r);
}
END_TEST

START_TEST(complaint_should_be_discretionary_when_a_head_sharing_the_verdict_is)
{
    load("in", RULE("R-D", "head", "a == true", "strong") DISCRETIONARY
                   RULE("R-F", "head", "b == true", "strong"));
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": false}, "
                           "{\"a\": false, \"b\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), "strong");
    ck_assert(remit_result_discretionary(r));
    remit_result_free(r);
}
END_TEST

START_TEST(complaint_should_not_be_discretionary_for_a_head_with_another_outcome)
{
    /* rules/README.md, step 6: the verdict is discretionary when the
     * deciding rule of a head *sharing the verdict* is.  Here the verdict is
     * strong, settled by a firm rule; only the mid head is discretionary. */
    load("in", RULE("R-F", "head", "a == true", "strong")
                   RULE("R-D", "head", "b == true", "mid") DISCRETIONARY);
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": false}, "
                           "{\"a\": false, \"b\": true}]}");
    ck_assert_str_eq(remit_result_verdict(r), "strong");
    ck_assert_str_eq(remit_result_head_verdict(r, 1), "mid");
    ck_assert(!remit_result_discretionary(r));
    remit_result_free(r);
}
END_TEST


/* ---- Discretion: factors weighed, legal bar or discretion ---------------- */

/* A discretionary rule giving `mid` when a is true, weighing c (accept) and
 * d (decline); a firm rule giving `strong` when b is true. */
#define WEIGHING_RULES                                                         \
    RULE("FIRM", "head", "b == true", "strong")                              \
    RULE("DISC", "head", "a == true", "mid")                                 \
    DISCRETIONARY                                                              \
    "    weighs:\n"                                                            \
    "      - {leans: accept, when: c == true, says: C holds, cite: [s]}\n"    \
    "      - {leans: decline, when: d == true, says: D holds, cite: [s]}\n"

START_TEST(discretion_should_be_likely_accept_when_only_accepting_factors_apply)
{
    load("in", WEIGHING_RULES);
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": false, "
                           "\"c\": true, \"d\": false}]}");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "mid");
    ck_assert_pstr_eq(remit_result_head_discretion(r, 0), "likely_accept");
    ck_assert_pstr_eq(remit_result_head_basis(r, 0), "discretion");
    cJSON *j = tree(r);
    const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "heads"), 0);
    const cJSON *dj = cJSON_GetObjectItem(h, "discretion");
    ck_assert_str_eq(cJSON_GetObjectItem(dj, "assessment")->valuestring,
                     "likely_accept");
    const cJSON *f0 = cJSON_GetArrayItem(cJSON_GetObjectItem(dj, "factors"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(f0, "text")->valuestring, "C holds");
    ck_assert_str_eq(cJSON_GetObjectItem(f0, "leans")->valuestring, "accept");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(dj, "factors")), 1);
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(discretion_should_be_likely_decline_when_only_declining_factors_apply)
{
    load("in", WEIGHING_RULES);
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": false, "
                           "\"c\": false, \"d\": true}]}");
    ck_assert_pstr_eq(remit_result_head_discretion(r, 0), "likely_decline");
    remit_result_free(r);
}
END_TEST

START_TEST(discretion_should_depend_when_factors_lean_both_ways_or_none_apply)
{
    load("in", WEIGHING_RULES);
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": false, \"c\": "
                           "true, \"d\": true}, {\"a\": true, \"b\": false, "
                           "\"c\": false, \"d\": false}]}");
    ck_assert_pstr_eq(remit_result_head_discretion(r, 0), "depends");
    ck_assert_pstr_eq(remit_result_head_discretion(r, 1), "depends");
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    remit_result_free(r);
}
END_TEST

START_TEST(discretion_questions_should_come_after_every_verdict_question)
{
    load("in", WEIGHING_RULES);
    /* Head 0 is decided by DISC with c and d unknown; head 1's b is unknown
     * and could give `strong`. */
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": false}, "
                           "{\"a\": false}]}");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "mid");
    ck_assert_pstr_eq(remit_result_head_discretion(r, 0), "depends");
    char qs[256];
    question_pointers(r, qs, sizeof qs);
    ck_assert_str_eq(qs, "/heads/1/b /heads/0/c /heads/0/d");
    ck_assert(!remit_result_question_for_discretion(r, 0));
    ck_assert(remit_result_question_for_discretion(r, 1));
    ck_assert(remit_result_question_for_discretion(r, 2));
    /* They do not make the verdict need information. */
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "mid");
    remit_result_free(r);
}
END_TEST

START_TEST(basis_should_be_legal_bar_for_a_firm_rule_and_absent_in_scope)
{
    load("in", WEIGHING_RULES);
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": true}, "
                           "{\"a\": false, \"b\": false}]}");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "strong");
    ck_assert_pstr_eq(remit_result_head_basis(r, 0), "legal_bar");
    ck_assert_ptr_null(remit_result_head_discretion(r, 0));
    ck_assert_ptr_null(remit_result_head_basis(r, 1));
    cJSON *j = tree(r);
    const cJSON *h1 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "heads"), 1);
    ck_assert_ptr_null(cJSON_GetObjectItem(h1, "basis"));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(h1, "discretion")));
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(label_discretionary_should_name_a_head_resting_on_discretion)
{
    static const char text[] =
        "ruleset: {id: l, title: L, jurisdiction: T, version: '1', "
        "law_checked: 2026-01-01, applies_when: 'true'}\n"
        "sources: [{id: s, title: S, section: S, quote: Q}]\n"
        "facts: [{name: a, scope: head, type: bool, question: A?},"
        " {name: b, scope: head, type: bool, question: B?}]\n"
        "outcomes:\n"
        "  - {id: out, label: Outside, label_discretionary: Normally not "
        "looked at, in_scope: false}\n"
        "  - {id: in, label: In, in_scope: true}\n"
        "default_outcome: in\n"
        "rules:\n"
        "  - {id: D, title: D, scope: head, when: a == true, outcome: out, "
        "explanation: D., cite: [s], discretionary: true, discretion: May.}\n"
        "  - {id: F, title: F, scope: head, when: b == true, outcome: out, "
        "explanation: F., cite: [s]}\n";
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load_memory("l.yaml", text, strlen(text),
                                               NULL, &rs, &d), REMIT_OK);
    remit_diagnostics_free(d);
    remit_result *r = eval("{\"heads\": [{\"a\": true, \"b\": false}, "
                           "{\"a\": false, \"b\": true}]}");
    cJSON *j = tree(r);
    const cJSON *hs = cJSON_GetObjectItem(j, "heads");
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(hs, 0),
                                         "verdict_label")->valuestring,
                     "Normally not looked at");
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(hs, 1),
                                         "verdict_label")->valuestring,
                     "Outside");
    /* One head a legal bar: the complaint keeps the plain label. */
    ck_assert_str_eq(cJSON_GetObjectItem(j, "verdict_label")->valuestring,
                     "Outside");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(weighs_should_be_refused_on_a_rule_that_is_not_discretionary)
{
    char text[8192];
    int n = snprintf(text, sizeof text, "%sdefault_outcome: in\nrules:\n%s"
                     "    weighs:\n      - {leans: accept, when: c == true, "
                     "says: C, cite: [s]}\n      - {leans: maybe, when: c == "
                     "true, says: C, cite: [nope]}\n",
                     header, RULE("X", "head", "a == true", "mid"));
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load_memory("w.yaml", text, (size_t)n, NULL,
                                               &rs, &d), REMIT_ERULES);
    char all[2048] = "";
    size_t at = 0;
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        char m[512];
        remit_diagnostics_format(d, i, m, sizeof m);
        at += (size_t)snprintf(all + at, sizeof all - at, "%s\n", m);
    }
    remit_diagnostics_free(d);
    ck_assert_msg(strstr(all, "rule 'X' weighs factors but is not discretionary"), "%s", all);
    ck_assert_msg(strstr(all, "leans must be 'accept' or 'decline', not 'maybe'"), "%s", all);
    ck_assert_msg(strstr(all, "rule 'X' cites 'nope'"), "%s", all);
}
END_TEST


/* ---- Approximate dates ---------------------------------------------------- */

/* A date rule: `strong` when day is before 2025-06-15. */
#define DATE_RULES                                                             \
    "  - id: EARLY\n    title: EARLY\n    scope: head\n"                       \
    "    when: day < 2025-06-15\n    outcome: strong\n"                       \
    "    explanation: EARLY fired.\n    cite: [s]\n"

static void load_dates(void)
{
    static const char text[] =
        "ruleset: {id: d, title: D, jurisdiction: T, version: '1', "
        "law_checked: 2026-01-01, applies_when: 'true'}\n"
        "sources: [{id: s, title: S, section: S, quote: Q}]\n"
        "facts:\n"
        "  - {name: day, scope: head, type: date, question: When?}\n"
        "  - {name: day2, scope: head, type: date, question: And when?}\n"
        "outcomes:\n"
        "  - {id: strong, label: Strong, in_scope: false}\n"
        "  - {id: mid, label: Mid, in_scope: false}\n"
        "  - {id: in, label: In, in_scope: true}\n"
        "default_outcome: in\n"
        "rules:\n" DATE_RULES
        "  - id: BOTH\n    title: BOTH\n    scope: head\n"
        "    when: day2 < day\n    outcome: mid\n"
        "    explanation: BOTH fired.\n    cite: [s]\n";
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load_memory("d.yaml", text, strlen(text),
                                                NULL, &rs, &d);
    char msg[1024] = "";
    if (remit_diagnostics_count(d)) remit_diagnostics_format(d, 0, msg, sizeof msg);
    remit_diagnostics_free(d);
    ck_assert_msg(st == REMIT_OK, "%s", msg);
}

START_TEST(approximate_date_should_decide_when_every_day_agrees)
{
    load_dates();
    remit_result *r = eval("{\"heads\": [{\"day\": \"2025-05\", \"day2\": "
                           "\"2026-01-01\"}, {\"day\": \"2025-07\", \"day2\": "
                           "\"2026-01-01\"}]}");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "strong");
    ck_assert_str_eq(remit_result_head_verdict(r, 1), "in");
    cJSON *j = tree(r);
    const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "heads"), 0);
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(h, "approximate_dates"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(a, "given")->valuestring, "2025-05");
    ck_assert_str_eq(cJSON_GetObjectItem(a, "from")->valuestring, "2025-05-01");
    ck_assert_str_eq(cJSON_GetObjectItem(a, "to")->valuestring, "2025-05-31");
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(a, "mattered")));
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(approximate_date_should_ask_the_exact_date_when_days_disagree)
{
    load_dates();
    remit_result *r = eval("{\"heads\": [{\"day\": \"2025-06\", \"day2\": "
                           "\"2026-01-01\"}, {\"day\": \"2025\", \"day2\": "
                           "\"2026-01-01\"}]}");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), REMIT_VERDICT_NEEDS_INFORMATION);
    ck_assert_str_eq(remit_result_head_verdict(r, 1), REMIT_VERDICT_NEEDS_INFORMATION);
    char qs[256];
    question_pointers(r, qs, sizeof qs);
    ck_assert_str_eq(qs, "/heads/0/day /heads/1/day");
    cJSON *j = tree(r);
    const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "heads"), 1);
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(h, "approximate_dates"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(a, "given")->valuestring, "2025");
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(a, "mattered")));
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(two_approximate_dates_should_be_tried_in_every_combination)
{
    load_dates();
    /* day2 < day: same month for both, so it depends on the days; the
     * other head's months never overlap. */
    remit_result *r = eval("{\"heads\": [{\"day\": \"2025-08\", \"day2\": "
                           "\"2025-08\"}, {\"day\": \"2025-09\", \"day2\": "
                           "\"2025-08\"}]}");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), REMIT_VERDICT_NEEDS_INFORMATION);
    ck_assert_str_eq(remit_result_head_verdict(r, 1), "mid");
    remit_result_free(r);
}
END_TEST


/* ---- Complaint format and legacy members --------------------------------- */

static const char legacy_rules[] =
    "ruleset: {id: g, title: G, jurisdiction: T, version: '1', "
    "law_checked: 2026-01-01, applies_when: 'true'}\n"
    "sources: [{id: s, title: S, section: S, quote: Q}]\n"
    "facts:\n"
    "  - {name: timing, scope: head, type: enum, values: [{value: during}, "
    "{value: after}], question: When?}\n"
    "outcomes:\n"
    "  - {id: out, label: Out, in_scope: false}\n"
    "  - {id: in, label: In, in_scope: true}\n"
    "default_outcome: in\n"
    "rules:\n"
    "  - {id: R, title: R, scope: head, when: timing == \"during\", "
    "outcome: out, explanation: R., cite: [s]}\n"
    "legacy:\n"
    "  - {fact: court_relation, scope: head, value: in_proceedings, "
    "becomes: {timing: during}}\n"
    "  - {fact: gone, scope: head, becomes: {}}\n";

/* A complaint with both format-1 members of legacy_rules, evaluated on
 * rules: court_relation is read as timing "during" (so the head is "out"),
 * each member with its warning, the first naming where and what it became. */
static const char legacy_complaint[] =
    "{\"heads\": [{\"court_relation\": \"in_proceedings\", \"gone\": 1}]}";

static void expect_legacy_members_read(const remit_ruleset *rules)
{
    const char *c = legacy_complaint;
    remit_eval_options o = {2026, 3, 13, 0, NULL};
    remit_result *r = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_evaluate(rules, c, strlen(c), &o, &r, &d), REMIT_OK);
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "out");
    ck_assert_uint_eq(remit_diagnostics_count(d), 2); /* both members read */
    char m[512];
    remit_diagnostics_format(d, 0, m, sizeof m);
    ck_assert_msg(strstr(m, "/heads/0/court_relation") &&
                  strstr(m, "read as \"timing\": \"during\""), "%s", m);
    remit_diagnostics_free(d);
    remit_result_free(r);
}

START_TEST(format_1_members_should_be_read_through_legacy_with_a_warning)
{
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load_memory("g.yaml", legacy_rules,
                                               strlen(legacy_rules), NULL, &rs,
                                               &d), REMIT_OK);
    remit_diagnostics_free(d);
    expect_legacy_members_read(rs);
    const char *c = legacy_complaint;
    remit_eval_options o = {2026, 3, 13, 0, NULL};
    remit_result *r = NULL;
    /* remit migrate: format 2 first, the members rewritten. */
    char *out = NULL;
    ck_assert_int_eq(remit_migrate(rs, c, strlen(c), NULL, &out, NULL), REMIT_OK);
    ck_assert_str_eq(out, "{\n  \"format\": 2,\n  \"heads\": [\n    {\n"
                          "      \"timing\": \"during\"\n    }\n  ]\n}\n");
    remit_string_free(rs, out);
    /* In format 2 the old member is unknown: a warning, not read. */
    const char *c2 = "{\"format\": 2, \"heads\": [{\"court_relation\": "
                     "\"in_proceedings\"}]}";
    ck_assert_int_eq(remit_evaluate(rs, c2, strlen(c2), &o, &r, &d), REMIT_OK);
    ck_assert_str_eq(remit_result_head_verdict(r, 0), REMIT_VERDICT_NEEDS_INFORMATION);
    remit_diagnostics_free(d);
    remit_result_free(r);
}
END_TEST

START_TEST(legacy_should_be_read_when_its_key_is_spelled_with_an_escape)
{
    /* The legacy list is read from its own lines when "legacy:" starts a
     * line; spelt otherwise, from a parse of the whole file (loader.c,
     * build_legacy). */
    char text[sizeof legacy_rules + 16];
    const char *at = strstr(legacy_rules, "legacy:\n");
    ck_assert_ptr_nonnull(at);
    snprintf(text, sizeof text, "%.*s\"leg\\x61cy\":\n%s",
             (int)(at - legacy_rules), legacy_rules, at + strlen("legacy:\n"));
    ck_assert_ptr_null(strstr(text, "legacy"));
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load_memory("g.yaml", text, strlen(text),
                                               NULL, &rs, &d), REMIT_OK);
    remit_diagnostics_free(d);
    expect_legacy_members_read(rs);
}
END_TEST

/* The legacy list of legacy_rules written in other ways, each to be read
 * the same: from its own lines, or (flow style, a decoy line inside a
 * quoted string) from the whole file. */
static const char *const legacy_spellings[] = {
    /* The entries at column 0, then another top-level key after them. */
    "legacy:   # format 1\n"
    "- {fact: court_relation, scope: head, value: in_proceedings, "
    "becomes: {timing: during}}\n"
    "- fact: gone\n  scope: head\n  becomes: {}\n"
    "default_outcome: in\n",
    /* One flow list. */
    "legacy: [{fact: court_relation, scope: head, value: in_proceedings, "
    "becomes: {timing: during}}, {fact: gone, scope: head, becomes: {}}]\n"
    "default_outcome: in\n",
    /* A line "legacy:" inside a quoted string before the real list (its
     * own rules: the rules of legacy_rules are not added). */
    "default_outcome: in\n"
    "rules:\n"
    "  - {id: R, title: \"R\n"
    "legacy:\n"
    "  - x\", scope: head, when: timing == \"during\", outcome: out, "
    "explanation: R., cite: [s]}\n"
    "legacy:\n"
    "  - {fact: court_relation, scope: head, value: in_proceedings, "
    "becomes: {timing: during}}\n"
    "  - {fact: gone, scope: head, becomes: {}}\n",
};

START_TEST(legacy_should_be_read_the_same_however_the_list_is_written)
{
    char text[sizeof legacy_rules + 512];
    const char *at = strstr(legacy_rules, "default_outcome: in\n");
    const char *rules = strstr(legacy_rules, "rules:\n");
    const char *legacy = strstr(legacy_rules, "legacy:\n");
    ck_assert(at && rules && legacy);
    const char *spelling = legacy_spellings[_i];
    /* Everything before default_outcome, the spelling (which carries
     * default_outcome), then the rules without the original list. */
    bool own_rules = strstr(spelling, "rules:\n") != NULL;
    snprintf(text, sizeof text, "%.*s%s%.*s", (int)(at - legacy_rules),
             legacy_rules, spelling, own_rules ? 0 : (int)(legacy - rules),
             rules);
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load_memory("g.yaml", text, strlen(text),
                                                NULL, &rs, &d);
    char m[512] = "";
    if (remit_diagnostics_count(d)) remit_diagnostics_format(d, 0, m, sizeof m);
    ck_assert_msg(st == REMIT_OK, "%s\n%s", m, text);
    remit_diagnostics_free(d);
    expect_legacy_members_read(rs);
}
END_TEST

static Suite *verdict_suite(void)
{
    Suite *s = suite_create("verdict");

    TCase *tc = tcase_create("head");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, head_should_take_the_default_outcome_with_no_deciding_rule_when_none_fires);
    tcase_add_test(tc, head_should_take_the_outcome_listed_first_whatever_the_rule_order);
    tcase_add_test(tc, deciding_rule_should_prefer_a_firm_rule_to_a_discretionary_one);
    tcase_add_test(tc, head_should_be_settled_when_only_weaker_rules_are_undetermined);
    tcase_add_test(tc, head_should_be_settled_when_an_undetermined_rule_has_the_same_outcome);
    tcase_add_test(tc, head_should_need_information_when_a_stronger_rule_is_undetermined);
    tcase_add_test(tc, head_should_be_settled_on_the_default_when_the_undetermined_rule_gives_it_too);
    tcase_add_test(tc, head_should_ask_when_an_undetermined_rule_could_replace_the_default);
    tcase_add_test(tc, note_should_neither_decide_nor_ask);
    suite_add_tcase(s, tc);

    tc = tcase_create("questions");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, complaint_rule_should_decide_every_head);
    tcase_add_test(tc, complaint_fact_should_be_asked_once_for_all_heads);
    tcase_add_test(tc, questions_should_put_stronger_outcomes_first_then_lone_unknowns);
    tcase_add_test(tc, questions_should_not_ask_a_fact_of_a_branch_already_decided);
    tcase_add_test(tc, questions_should_add_the_weight_of_a_complaint_fact_over_heads);
    suite_add_tcase(s, tc);

    tc = tcase_create("combine");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, complaint_should_take_the_strongest_when_every_head_is_in_scope_differently);
    tcase_add_test(tc, complaint_should_take_the_strongest_when_no_head_is_in_scope);
    tcase_add_test(tc, complaint_should_be_partly_in_scope_and_name_the_heads);
    tcase_add_test(tc, complaint_provisional_verdict_should_combine_the_provisional_head_outcomes);
    tcase_add_test(tc, complaint_should_be_discretionary_when_a_head_sharing_the_verdict_is);
    suite_add_tcase(s, tc);

    tc = tcase_create("discretion");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, discretion_should_be_likely_accept_when_only_accepting_factors_apply);
    tcase_add_test(tc, discretion_should_be_likely_decline_when_only_declining_factors_apply);
    tcase_add_test(tc, discretion_should_depend_when_factors_lean_both_ways_or_none_apply);
    tcase_add_test(tc, discretion_questions_should_come_after_every_verdict_question);
    tcase_add_test(tc, basis_should_be_legal_bar_for_a_firm_rule_and_absent_in_scope);
    tcase_add_test(tc, label_discretionary_should_name_a_head_resting_on_discretion);
    tcase_add_test(tc, weighs_should_be_refused_on_a_rule_that_is_not_discretionary);
    suite_add_tcase(s, tc);

    tc = tcase_create("approximate dates");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, approximate_date_should_decide_when_every_day_agrees);
    tcase_add_test(tc, approximate_date_should_ask_the_exact_date_when_days_disagree);
    tcase_add_test(tc, two_approximate_dates_should_be_tried_in_every_combination);
    suite_add_tcase(s, tc);

    tc = tcase_create("format");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, format_1_members_should_be_read_through_legacy_with_a_warning);
    tcase_add_test(tc, legacy_should_be_read_when_its_key_is_spelled_with_an_escape);
    tcase_add_loop_test(tc, legacy_should_be_read_the_same_however_the_list_is_written,
                        0, (int)(sizeof legacy_spellings / sizeof *legacy_spellings));
    suite_add_tcase(s, tc);

    /* Regressions: each was an engine bug when first written. */
    tc = tcase_create("regressions");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, complaint_should_not_be_discretionary_for_a_head_with_another_outcome);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(verdict_suite());
}
