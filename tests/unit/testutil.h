/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testutil.h -- the scaffolding the C test programs share, so each program
 * holds only its tests: a growable text; reading a whole file; the names of
 * a folder's .json files in order; an allocator that counts its blocks and
 * fails one allocation on request; everything one evaluation gives, as one
 * text; and, by framework, the checks and the loading of a ruleset.
 *
 * The programs of tests/unit use Check: include <check.h> first, and this
 * gives read_whole, load_path, load_text and run_suite, which fail the test
 * with ck_assert.  The programs of tests/batch have no framework: they get
 * CHECK(cond, fmt, ...), which counts a failure in `failures` and goes on.
 * Each program is one file, so everything here is static.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remit.h"

/* ---- a growable text (aborts when memory runs out) ---------------------- */

typedef struct tbuf {
    char *p; /* NUL-terminated; NULL while empty */
    size_t len, cap;
} tbuf;

static inline void tbuf_add(tbuf *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        while (t->len + n + 1 > t->cap) t->cap = t->cap ? t->cap * 2 : 4096;
        t->p = realloc(t->p, t->cap);
        if (!t->p) abort();
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static inline void tbuf_puts(tbuf *t, const char *s)
{
    tbuf_add(t, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static inline void
tbuf_printf(tbuf *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) abort();
    char *tmp = malloc((size_t)n + 1);
    if (!tmp) abort();
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    tbuf_add(t, tmp, (size_t)n);
    free(tmp);
}

static inline void tbuf_repeat(tbuf *t, char c, size_t n)
{
    for (size_t k = 0; k < n; k++) tbuf_add(t, &c, 1);
}

/* The whole file at path; p is NULL if it cannot be opened (an empty file
 * gives an empty text, p not NULL). */
static inline tbuf tbuf_read_file(const char *path)
{
    tbuf t = {NULL, 0, 0};
    FILE *f = fopen(path, "rb");
    if (!f) return t;
    char b[4096];
    size_t n;
    tbuf_add(&t, "", 0);
    while ((n = fread(b, 1, sizeof b, f)) > 0) tbuf_add(&t, b, n);
    fclose(f);
    return t;
}

/* ---- a folder's .json files --------------------------------------------- */

static inline int names_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the files of dir ending in ".json" (each malloc'd), in
 * byte order, and their count in *count_out; false if dir cannot be
 * opened, or (saying so on stderr, none kept) holds more than max. */
static inline bool json_names(const char *dir, char **names, size_t max,
                              size_t *count_out)
{
    *count_out = 0;
    DIR *d = opendir(dir);
    if (!d) return false;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) {
            if (n == max) {
                fprintf(stderr, "%s: more than %zu .json files, the most this "
                        "test reads\n", dir, max);
                closedir(d);
                while (n) free(names[--n]);
                return false;
            }
            names[n] = strdup(e->d_name);
            if (!names[n]) abort();
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, names_cmp);
    *count_out = n;
    return true;
}

/* ---- a caller's allocator that counts ----------------------------------- */

/* Give it to remit_config with a counting as its context.  counting_alloc
 * is for one thread; locked_alloc takes the lock, for a ruleset and
 * evaluations on many threads.  Initialise with COUNTING_INIT. */
typedef struct counting {
    pthread_mutex_t lock;
    size_t allocs;  /* allocations and reallocations so far */
    long live;      /* blocks allocated and not yet freed */
    size_t fail_at; /* fail this allocation (1-based); 0: never */
    bool failed;    /* fail_at was reached */
} counting;

#define COUNTING_INIT {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, false}

static inline void *counting_alloc(void *ctx, void *ptr, size_t size)
{
    counting *c = ctx;
    if (size == 0) {
        if (ptr) c->live--;
        free(ptr);
        return NULL;
    }
    if (++c->allocs == c->fail_at) {
        c->failed = true;
        return NULL;
    }
    void *out = realloc(ptr, size);
    if (out && !ptr) c->live++;
    return out;
}

/* Starts a run in which allocation n fails (0: none), counting from one. */
static inline void counting_fail_at(counting *c, size_t n)
{
    c->allocs = 0;
    c->fail_at = n;
    c->failed = false;
}

static inline void *locked_alloc(void *ctx, void *ptr, size_t size)
{
    counting *c = ctx;
    pthread_mutex_lock(&c->lock);
    void *out = counting_alloc(ctx, ptr, size);
    pthread_mutex_unlock(&c->lock);
    return out;
}

/* ---- one evaluation, as text ---------------------------------------------- */

/* Everything one evaluation with options o gives, as one string (free it):
 * the status, every diagnostic formatted, and the result's pretty JSON and
 * its text at width 72 with the reasons. */
static inline char *evaluation_text(const remit_ruleset *rs, const char *json,
                                    size_t len, const remit_eval_options *o)
{
    remit_result *r = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(rs, json, len, o, &r, &d);
    tbuf out = {NULL, 0, 0};
    tbuf_puts(&out, remit_status_str(st));
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        char line[4096];
        remit_diagnostics_format(d, i, line, sizeof line);
        tbuf_puts(&out, "\n");
        tbuf_puts(&out, line);
    }
    if (r) {
        const char *j = remit_result_json(r, REMIT_JSON_PRETTY);
        const char *t = remit_result_text(r, 72, REMIT_TEXT_EXPLAIN);
        tbuf_puts(&out, "\n");
        tbuf_puts(&out, j ? j : "(no JSON)");
        tbuf_puts(&out, t ? t : "(no text)");
    }
    remit_diagnostics_free(d);
    remit_result_free(r);
    return out.p;
}

#ifdef ck_assert_msg
/* ---- with Check ------------------------------------------------------------ */

/* remit_unit_test (tests/CMakeLists.txt) names the data and the rules. */
#ifndef REMIT_TEST_DATA
#error "REMIT_TEST_DATA must name tests/data"
#endif
#ifndef REMIT_RULES_DIR
#error "REMIT_RULES_DIR must name the shipped rules/ directory"
#endif

/* The whole file at path, NUL-terminated (free it); its length in *len_out. */
static inline char *read_whole(const char *path, size_t *len_out)
{
    tbuf t = tbuf_read_file(path);
    ck_assert_msg(t.p != NULL, "cannot open %s", path);
    *len_out = t.len;
    return t.p;
}

/* Fails the test unless st is REMIT_OK with no diagnostic at all; names
 * what and the first diagnostic. */
static inline void assert_loaded(const char *what, remit_status st,
                                 remit_diagnostics *d)
{
    char msg[1024] = "";
    size_t count = remit_diagnostics_count(d);
    if (count) remit_diagnostics_format(d, 0, msg, sizeof msg);
    remit_diagnostics_free(d);
    ck_assert_msg(st == REMIT_OK, "loading %s: %s: %s", what,
                  remit_status_str(st), msg);
    ck_assert_msg(count == 0, "loading %s: %s", what, msg);
}

/* The rules at path (a file or a folder), which must load cleanly. */
static inline remit_ruleset *load_path(const char *path)
{
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load(path, NULL, &rs, &d);
    assert_loaded(path, st, d);
    return rs;
}

/* The rule file text of length len, named name, which must load cleanly. */
static inline remit_ruleset *load_text(const char *name, const char *text,
                                       size_t len)
{
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load_memory(name, text, len, NULL, &rs, &d);
    assert_loaded(name, st, d);
    return rs;
}

/* Runs every test of s; the program's exit status. */
static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#else
/* ---- without a framework -------------------------------------------------- */

static int failures;

/* Counts a failure and says where, with a printf-style message; goes on. */
#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            failures++;                                                      \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);             \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
        }                                                                    \
    } while (0)
#endif

#endif
