/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_evaluator.c -- the evaluator API (remit_evaluator_run) and
 * REMIT_EVAL_QUIET_UNKNOWN, through remit.h only: the same verdicts as
 * remit_evaluate for every example complaint, compact and full, one after
 * another in one evaluator (so memory reused from a bigger complaint must
 * not leak into a smaller one); errors; and one evaluator per thread on a
 * shared ruleset.
 *
 *   test_evaluator RULES_DIR EXAMPLES_DIR
 */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remit.h"
#include "../unit/testutil.h"

static char *complaints[256];
static tbuf texts[256];
static size_t ncomplaints;
static remit_ruleset *rules;
static const remit_eval_options opt = {2026, 11, 22, 0, NULL};

/* remit_evaluate's JSON for complaint i (malloc'd), or NULL on error. */
static char *expected(size_t i, unsigned flags)
{
    remit_result *r = NULL;
    if (remit_evaluate(rules, texts[i].p, texts[i].len, &opt, &r, NULL) != REMIT_OK)
        return NULL;
    const char *j = remit_result_json(r, flags);
    char *copy = j ? strdup(j) : NULL;
    remit_result_free(r);
    return copy;
}

/* Every example through one evaluator, in order and in reverse, compared
 * with remit_evaluate. */
static void same_as_evaluate(remit_evaluator *ev, unsigned flags)
{
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < ncomplaints; k++) {
            size_t i = pass ? ncomplaints - 1 - k : k;
            char *want = expected(i, flags);
            remit_result *r = NULL;
            const remit_diagnostics *d = NULL;
            remit_status st = remit_evaluator_run(ev, texts[i].p, texts[i].len, &opt, &r, &d);
            CHECK(st == REMIT_OK && r, "%s: evaluator status %d", complaints[i], st);
            const char *got = r ? remit_result_json(r, flags) : NULL;
            CHECK(want && got && strcmp(want, got) == 0, "%s: JSON differs from remit_evaluate",
                  complaints[i]);
            CHECK(d != NULL, "%s: no diagnostics list", complaints[i]);
            remit_result_free(r); /* does nothing: the evaluator owns it */
            free(want);
        }
}

static void *thread_main(void *arg)
{
    (void)arg;
    remit_evaluator *ev = NULL;
    CHECK(remit_evaluator_new(rules, &ev) == REMIT_OK, "evaluator in a thread");
    for (int round = 0; round < 20 && ev; round++) same_as_evaluate(ev, REMIT_JSON_COMPACT);
    remit_evaluator_free(ev);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s RULES_DIR EXAMPLES_DIR\n", argv[0]);
        return 2;
    }
    remit_diagnostics *ld = NULL;
    CHECK(remit_ruleset_load(argv[1], NULL, &rules, &ld) == REMIT_OK, "load %s", argv[1]);
    remit_diagnostics_free(ld);
    if (!rules) return 1;
    CHECK(json_names(argv[2], complaints, 256, &ncomplaints), "cannot open %s", argv[2]);
    for (size_t i = 0; i < ncomplaints; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[2], complaints[i]);
        texts[i] = tbuf_read_file(path);
        CHECK(texts[i].p != NULL, "cannot read %s", path);
    }
    CHECK(ncomplaints > 10, "%zu examples (*.json) in %s, expected more than 10",
          ncomplaints, argv[2]);

    /* Arguments. */
    remit_evaluator *ev = NULL;
    CHECK(remit_evaluator_new(NULL, &ev) == REMIT_EINVAL && !ev, "NULL ruleset");
    CHECK(remit_evaluator_new(rules, NULL) == REMIT_EINVAL, "NULL out");
    remit_evaluator_free(NULL);
    CHECK(remit_evaluator_new(rules, &ev) == REMIT_OK && ev, "new");
    remit_result *r = (remit_result *)1;
    CHECK(remit_evaluator_run(ev, NULL, 5, &opt, &r, NULL) == REMIT_EINVAL && !r, "NULL text");

    /* The same verdicts as remit_evaluate, compact and full, in one
     * evaluator, in both orders. */
    same_as_evaluate(ev, REMIT_JSON_COMPACT);
    same_as_evaluate(ev, 0);
    same_as_evaluate(ev, REMIT_JSON_PRETTY);

    /* An invalid complaint: no result, the diagnostics; then the evaluator
     * goes on as before. */
    const remit_diagnostics *d = NULL;
    static const char bad[] = "{\"nation\": \"england\", \"heads\": [{\"actor\": \"sheriff\"}]}";
    CHECK(remit_evaluator_run(ev, bad, sizeof bad - 1, &opt, &r, &d) == REMIT_EINPUT && !r,
          "invalid complaint");
    CHECK(remit_diagnostics_count_severity(d, REMIT_SEVERITY_ERROR) == 1, "one error");
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    CHECK(x && x->pointer && strcmp(x->pointer, "/heads/0/actor") == 0, "error pointer");
    static const char cut[] = "{\"nation\": ";
    CHECK(remit_evaluator_run(ev, cut, sizeof cut - 1, &opt, &r, &d) == REMIT_EINPUT, "cut short");
    same_as_evaluate(ev, REMIT_JSON_COMPACT);

    /* Unknown members: warnings by default, a count with QUIET_UNKNOWN,
     * errors with STRICT (which wins). */
    static const char extra[] =
        "{\"nation\": \"england\", \"channel\": \"web\", \"note\": 1, "
        "\"heads\": [{\"actor\": \"police\", \"ref\": \"H1\"}]}";
    remit_eval_options o = opt;
    CHECK(remit_evaluator_run(ev, extra, sizeof extra - 1, &o, &r, &d) == REMIT_OK &&
              remit_diagnostics_count_severity(d, REMIT_SEVERITY_WARNING) == 3 &&
              remit_result_unknown_members(r) == 0,
          "warnings by default");
    o.flags = REMIT_EVAL_QUIET_UNKNOWN;
    CHECK(remit_evaluator_run(ev, extra, sizeof extra - 1, &o, &r, &d) == REMIT_OK &&
              remit_diagnostics_count(d) == 0 && remit_result_unknown_members(r) == 3,
          "counted when quiet");
    o.flags = REMIT_EVAL_QUIET_UNKNOWN | REMIT_EVAL_STRICT;
    CHECK(remit_evaluator_run(ev, extra, sizeof extra - 1, &o, &r, &d) == REMIT_EINPUT &&
              remit_diagnostics_count_severity(d, REMIT_SEVERITY_ERROR) == 3,
          "strict wins over quiet");
    remit_result *plain = NULL;
    o.flags = REMIT_EVAL_QUIET_UNKNOWN;
    CHECK(remit_evaluate(rules, extra, sizeof extra - 1, &o, &plain, NULL) == REMIT_OK &&
              remit_result_unknown_members(plain) == 3,
          "remit_evaluate counts too");
    remit_result_free(plain);
    remit_evaluator_free(ev);

    /* One evaluator per thread, one shared ruleset. */
    pthread_t t[4];
    for (int k = 0; k < 4; k++) pthread_create(&t[k], NULL, thread_main, NULL);
    for (int k = 0; k < 4; k++) pthread_join(t[k], NULL);

    for (size_t i = 0; i < ncomplaints; i++) {
        free(complaints[i]);
        free(texts[i].p);
    }
    remit_ruleset_free(rules);
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("evaluator: %zu examples, all checks passed\n", ncomplaints);
    return 0;
}
