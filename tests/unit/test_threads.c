/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_threads.c -- many threads, one ruleset.  Every example complaint,
 * every case of the corpus and a set of bad inputs are evaluated once on one
 * thread (the expected results), then again by eight threads at once, each
 * in its own order, against the same shared ruleset; every status,
 * diagnostic, JSON and text rendering must equal the single-threaded one.
 * Meanwhile one more thread loads and frees rulesets, to show loading shares
 * nothing either.  CI runs this under ThreadSanitizer (REMIT_TSAN=ON), which
 * must report nothing.
 *
 * No process-wide state.  cJSON 1.7's parser writes `global_error` on
 * every parse, which threads parsing at once would race on; libremit reads
 * complaints with its own one-pass reader (complaint.c) and never calls
 * cJSON's parser.  The system's cJSON is not instrumented, so
 * ThreadSanitizer could not see such a race; this program therefore wraps
 * cJSON_ParseWithLengthOpts (linked with --wrap, see tests.cmake), which
 * every cJSON parse entry point goes through, and fails if libremit calls
 * it.
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "remit.h"
#include "testutil.h"

#ifndef REMIT_REPO
#error "REMIT_REPO must name the repository"
#endif

/* ---- cJSON's parser, which libremit must not call ------------------------ */

cJSON *__real_cJSON_ParseWithLengthOpts(const char *value, size_t length,
                                        const char **end, cJSON_bool nul);
cJSON *__wrap_cJSON_ParseWithLengthOpts(const char *value, size_t length,
                                        const char **end, cJSON_bool nul);

/* Set by any call (atomically: calls could come from any thread). */
static int cjson_parses;

cJSON *__wrap_cJSON_ParseWithLengthOpts(const char *value, size_t length,
                                        const char **end, cJSON_bool nul)
{
    __atomic_store_n(&cjson_parses, 1, __ATOMIC_SEQ_CST);
    return __real_cJSON_ParseWithLengthOpts(value, length, end, nul);
}

/* ---- the inputs --------------------------------------------------------- */

#define MAX_INPUTS 400

typedef struct input {
    char *name;
    char *text;
    size_t len;
    char *expect; /* everything the single-threaded evaluation gave */
} input;

static input inputs[MAX_INPUTS];
static size_t ninputs;

static void add_input(const char *name, const char *text, size_t len)
{
    ck_assert_uint_lt(ninputs, MAX_INPUTS);
    input *in = &inputs[ninputs++];
    in->name = strdup(name);
    in->text = malloc(len + 1);
    ck_assert_ptr_nonnull(in->name);
    ck_assert_ptr_nonnull(in->text);
    memcpy(in->text, text, len);
    in->text[len] = '\0';
    in->len = len;
    in->expect = NULL;
}

static void add_dir(const char *dir)
{
    char *names[MAX_INPUTS];
    size_t n;
    ck_assert_msg(json_names(dir, names, MAX_INPUTS, &n), "cannot open %s", dir);
    for (size_t k = 0; k < n; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        size_t len;
        char *buf = read_whole(path, &len);
        add_input(path, buf, len);
        free(buf);
        free(names[k]);
    }
}

static const char *const bad_inputs[] = {
    "",
    "{\"nation\": \"england\", \"heads\": [{\"actor\": \"pol",
    "[1, 2]",
    "{\"nation\": \"england\", \"heads\": [{\"actor\": \"social_worker\"}]}",
    "{\"nation\": \"england\", \"colour\": 1, \"heads\": [{\"summary\": 5}]}",
    "{\"nation\": \"england\", \"heads\": [{\"first_aware_date\": \"2023-02-30\"}]}",
    "{\"nation\": \"england\", \"heads\": [{\"first_aware_date\": \"2027-02-01\"}]}",
    "{\"nation\": \"england\", \"heads\": [{\"summary\": \"\\u001b[31m\"}]}",
    "{\"nation\": \"england\", \"heads\": [{}], \"heads\": [{}]}",
    "{\"heads\": [{}]}",
    "{\"nation\": \"scotland\", \"heads\": [{}]}",
    "{\"nation\": \"wales\", \"heads\": [{}, {}, {}]}",
};

/* ---- one evaluation, as text ---------------------------------------------- */

/* Everything one traced evaluation on 22 November 2026 gives (free it). */
static char *traced_text(const remit_ruleset *rs, const char *name,
                         const char *text, size_t len, unsigned flags)
{
    remit_eval_options o = {2026, 11, 22, REMIT_EVAL_TRACE | flags, name};
    return evaluation_text(rs, text, len, &o);
}

/* ---- the threads ------------------------------------------------------------ */

#define NTHREADS 8
#define ROUNDS 3

typedef struct worker {
    const remit_ruleset *rs;
    unsigned seed;
    int mismatches;
    char first[256]; /* the first input that differed */
} worker;

static void *evaluate_all(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < ROUNDS; round++)
        for (size_t i = 0; i < ninputs; i++) {
            /* Each thread its own order: a stride coprime with ninputs. */
            size_t k = (i * 7 + w->seed * 13 + (size_t)round) % ninputs;
            const input *in = &inputs[k];
            char *got = traced_text(w->rs, in->name, in->text, in->len, 0);
            if (strcmp(got, inputs[k].expect) != 0) {
                if (w->mismatches++ == 0)
                    snprintf(w->first, sizeof w->first, "%s", inputs[k].name);
            }
            free(got);
        }
    return NULL;
}

static volatile int stop_loading;

static void *load_repeatedly(void *arg)
{
    int *loads = arg;
    while (!stop_loading) {
        remit_ruleset *rs = NULL;
        remit_diagnostics *d = NULL;
        if (remit_ruleset_load(REMIT_RULES_DIR, NULL, &rs, &d) == REMIT_OK)
            (*loads)++;
        remit_diagnostics_free(d);
        remit_ruleset_free(rs);
        /* A bad one too: the error path has its own parser walk. */
        static const char bad[] = "ruleset: {id: x\nfacts: [";
        remit_ruleset_load_memory("bad.yaml", bad, sizeof bad - 1, NULL, &rs, &d);
        remit_diagnostics_free(d);
        remit_ruleset_free(rs);
    }
    return NULL;
}

START_TEST(eight_threads_on_one_ruleset_should_give_the_single_threaded_results)
{
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load(REMIT_RULES_DIR, NULL, &rs, &d), REMIT_OK);
    remit_diagnostics_free(d);
    add_dir(REMIT_REPO "/examples/complaints");
    add_dir(REMIT_REPO "/tests/cases");
    for (size_t k = 0; k < sizeof bad_inputs / sizeof *bad_inputs; k++) {
        char name[32];
        snprintf(name, sizeof name, "bad-%zu", k);
        add_input(name, bad_inputs[k], strlen(bad_inputs[k]));
    }
    ck_assert_uint_gt(ninputs, 60);
    size_t ok = 0, errors = 0;
    for (size_t k = 0; k < ninputs; k++) {
        inputs[k].expect = traced_text(rs, inputs[k].name, inputs[k].text,
                                       inputs[k].len, 0);
        if (strncmp(inputs[k].expect, "success", 7) == 0) ok++;
        else errors++;
    }
    ck_assert_uint_gt(ok, 50);
    ck_assert_uint_ge(errors, 8);

    pthread_t tid[NTHREADS], loader;
    worker w[NTHREADS];
    int loads = 0;
    stop_loading = 0;
    ck_assert_int_eq(pthread_create(&loader, NULL, load_repeatedly, &loads), 0);
    for (unsigned t = 0; t < NTHREADS; t++) {
        w[t] = (worker){rs, t, 0, ""};
        ck_assert_int_eq(pthread_create(&tid[t], NULL, evaluate_all, &w[t]), 0);
    }
    int mismatches = 0;
    const char *first = NULL;
    for (unsigned t = 0; t < NTHREADS; t++) {
        ck_assert_int_eq(pthread_join(tid[t], NULL), 0);
        mismatches += w[t].mismatches;
        if (w[t].mismatches && !first) first = w[t].first;
    }
    stop_loading = 1;
    ck_assert_int_eq(pthread_join(loader, NULL), 0);
    printf("%zu inputs, %d threads x %d rounds, %d loads alongside\n", ninputs,
           NTHREADS, ROUNDS, loads);
    ck_assert_msg(mismatches == 0, "%d results differ from the single-threaded "
                  "ones (first: %s)", mismatches, first ? first : "");
    ck_assert_int_gt(loads, 0);
    ck_assert_msg(!__atomic_load_n(&cjson_parses, __ATOMIC_SEQ_CST),
                  "libremit called cJSON's parser, which writes process-wide "
                  "state");
    for (size_t k = 0; k < ninputs; k++) {
        free(inputs[k].name);
        free(inputs[k].text);
        free(inputs[k].expect);
    }
    ninputs = 0;
    remit_ruleset_free(rs);
}
END_TEST

static void *evaluate_examples(void *arg)
{
    const remit_ruleset *rs = arg;
    static const char json[] =
        "{\"nation\": \"wales\", \"local_stage\": \"final_response\", \"heads\": "
        "[{\"actor\": \"council_employee\", \"first_aware_date\": \"2026-01-05\"},"
        " {\"actor\": \"police\"}, {\"colour\": \"red\"}]}";
    char *first = traced_text(rs, "t.json", json, sizeof json - 1,
                              REMIT_EVAL_STRICT);
    int differ = 0;
    for (int i = 0; i < 100; i++) {
        char *again = traced_text(rs, "t.json", json, sizeof json - 1,
                                  i & 1 ? REMIT_EVAL_STRICT : 0);
        if ((i & 1) && strcmp(again, first) != 0) differ++;
        free(again);
    }
    free(first);
    return differ ? (void *)1 : NULL;
}

START_TEST(threads_sharing_the_callers_allocator_should_give_back_every_block)
{
    /* A caller's allocator that is itself thread-safe, shared by the
     * ruleset and every evaluation: each block allocated is given back. */
    counting c = COUNTING_INIT;
    remit_config cfg = {locked_alloc, &c, 0};
    remit_ruleset *rs = NULL;
    ck_assert_int_eq(remit_ruleset_load(REMIT_RULES_DIR, &cfg, &rs, NULL), REMIT_OK);
    pthread_t tid[4];
    for (int t = 0; t < 4; t++)
        ck_assert_int_eq(pthread_create(&tid[t], NULL, evaluate_examples, rs), 0);
    for (int t = 0; t < 4; t++) {
        void *differ = NULL;
        ck_assert_int_eq(pthread_join(tid[t], &differ), 0);
        ck_assert_ptr_null(differ);
    }
    remit_ruleset_free(rs);
    ck_assert_int_eq(c.live, 0);
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("shared ruleset");
    tcase_set_timeout(tc, 1800);
    tcase_add_test(tc, eight_threads_on_one_ruleset_should_give_the_single_threaded_results);
    tcase_add_test(tc, threads_sharing_the_callers_allocator_should_give_back_every_block);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(threads_suite());
}
