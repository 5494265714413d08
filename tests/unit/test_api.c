/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_api.c -- the public C API (remit.h), exercised through remit.h as an
 * embedder would (sha256.h only to recompute a digest): versions and
 * statuses, loading rules and the exact diagnostic of every kind of rule
 * error, evaluating complaints against tests/data/mini.yaml (verdicts,
 * questions, presumptions, dates), the exact diagnostic of every kind of
 * complaint error, the JSON and text of a result, the caller's allocator,
 * and concurrent evaluation on one ruleset.
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "remit.h"
#include "sha256.h"
#include "testutil.h"

#define MINI REMIT_TEST_DATA "/mini.yaml"
#define API_DATA REMIT_TEST_DATA "/api"

/* ====================================================================== */
/* Helpers                                                                */
/* ====================================================================== */

/* The ruleset of tests/data/mini.yaml, loaded afresh by each test. */
static remit_ruleset *mini;

static void mini_setup(void)
{
    mini = load_path(MINI);
}

static void mini_teardown(void)
{
    remit_ruleset_free(mini);
    mini = NULL;
}

static remit_eval_options on(int y, int m, int d)
{
    remit_eval_options o = {y, m, d, 0, NULL};
    return o;
}

/* Evaluates json against rs on the given day; the evaluation must succeed
 * with no diagnostics at all. */
static remit_result *eval_on(const remit_ruleset *rs, const char *json, int y,
                             int m, int d)
{
    remit_eval_options o = on(y, m, d);
    remit_result *r = NULL;
    remit_diagnostics *diags = NULL;
    remit_status st = remit_evaluate(rs, json, strlen(json), &o, &r, &diags);
    char msg[1024] = "";
    if (remit_diagnostics_count(diags))
        remit_diagnostics_format(diags, 0, msg, sizeof msg);
    ck_assert_msg(st == REMIT_OK, "evaluating %s: %s: %s", json,
                  remit_status_str(st), msg);
    ck_assert_msg(remit_diagnostics_count(diags) == 0, "evaluating %s: %s",
                  json, msg);
    remit_diagnostics_free(diags);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* mini.yaml's evaluation date for most tests: 13 March 2026. */
static remit_result *eval_mini(const char *json)
{
    return eval_on(mini, json, 2026, 3, 13);
}

/* The result's JSON, parsed (free with cJSON_Delete). */
static cJSON *result_tree(remit_result *r, unsigned flags)
{
    const char *text = remit_result_json(r, flags);
    ck_assert_ptr_nonnull(text);
    cJSON *j = cJSON_Parse(text);
    ck_assert_msg(j != NULL, "result JSON does not parse: %s", text);
    return j;
}

static const cJSON *member(const cJSON *obj, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    ck_assert_msg(m != NULL, "no member \"%s\"", name);
    return m;
}

static const char *str_member(const cJSON *obj, const char *name)
{
    const cJSON *m = member(obj, name);
    ck_assert_msg(cJSON_IsString(m), "member \"%s\" is not a string", name);
    return m->valuestring;
}

static const cJSON *head_tree(const cJSON *root, int i)
{
    const cJSON *h = cJSON_GetArrayItem(member(root, "heads"), i);
    ck_assert_ptr_nonnull(h);
    return h;
}

/* True if the array `arr` has an object whose `name` member is `want`. */
static bool array_has(const cJSON *arr, const char *name, const char *want)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, name);
        if (cJSON_IsString(m) && strcmp(m->valuestring, want) == 0) return true;
    }
    return false;
}

/* Asserts every field of one diagnostic (NULL pointer/source: not given). */
static void check_diag(const remit_diagnostic *x, remit_status status,
                       remit_severity severity, const char *code,
                       const char *message, unsigned line, unsigned column,
                       const char *pointer)
{
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->code, code);
    ck_assert_str_eq(x->message, message);
    ck_assert_int_eq(x->status, status);
    ck_assert_int_eq(x->severity, severity);
    ck_assert_uint_eq(x->line, line);
    ck_assert_uint_eq(x->column, column);
    ck_assert_pstr_eq(x->pointer, pointer);
}

/* Loads the rules at path, which must fail with `status` and exactly one
 * error diagnostic, at path: its code, message, line and column.  Returns
 * the diagnostics (free them). */
static remit_diagnostics *expect_path_error(const char *path, remit_status status,
                                            const char *code, const char *message,
                                            unsigned line, unsigned column)
{
    remit_ruleset *rs = (remit_ruleset *)&rs;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load(path, NULL, &rs, &d), status);
    ck_assert_ptr_null(rs);
    ck_assert_uint_eq(remit_diagnostics_count(d), 1);
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    check_diag(x, status, REMIT_SEVERITY_ERROR, code, message, line, column, NULL);
    ck_assert_pstr_eq(x->file, path);
    return d;
}

/* ---- Rule texts with one mistake ------------------------------------------ */

/* A small valid ruleset; each load-error test changes one part of it.  Line
 * numbers in the expectations below are lines of this text. */
static const char base_rules[] =
    "ruleset:\n"                                                           /*  1 */
    "  id: t\n"                                                            /*  2 */
    "  title: T\n"                                                         /*  3 */
    "  jurisdiction: England\n"                                            /*  4 */
    "  version: 1.0.0\n"                                                   /*  5 */
    "  law_checked: 2026-11-01\n"                                          /*  6 */
    "  applies_when: nation == \"england\"\n"                              /*  7 */
    "sources:\n"                                                           /*  8 */
    "  - {id: s1, title: S1, section: s1, quote: q1}\n"                    /*  9 */
    "contacts:\n"                                                          /* 10 */
    "  - {id: c1, name: C1}\n"                                             /* 11 */
    "facts:\n"                                                             /* 12 */
    "  - {name: nation, scope: complaint, type: enum, values: [{value: "
    "england}, {value: wales}], question: Where?}\n"                       /* 13 */
    "  - {name: actor, scope: head, type: enum, values: [{value: council}, "
    "{value: police}], question: Who?}\n"                                  /* 14 */
    "  - {name: aware, scope: head, type: date, question: When?}\n"        /* 15 */
    "  - {name: decided, scope: complaint, type: bool, presume: false, "
    "question: Decided?}\n"                                                /* 16 */
    "outcomes:\n"                                                          /* 17 */
    "  - {id: out, label: Out, in_scope: false}\n"                         /* 18 */
    "  - {id: in, label: In, in_scope: true}\n"                            /* 19 */
    "default_outcome: in\n"                                                /* 20 */
    "rules:\n"                                                             /* 21 */
    "  - id: R1\n"                                                         /* 22 */
    "    title: Police\n"                                                  /* 23 */
    "    scope: head\n"                                                    /* 24 */
    "    when: actor == \"police\"\n"                                      /* 25 */
    "    outcome: out\n"                                                   /* 26 */
    "    explanation: Police.\n"                                           /* 27 */
    "    cite: [s1]\n"                                                     /* 28 */
    "    next_steps:\n"                                                    /* 29 */
    "      - {text: Ask., contact: c1}\n";                                 /* 30 */

/* base_rules with the first `from` replaced by `to` (free the result). */
static char *edited(const char *from, const char *to)
{
    const char *at = strstr(base_rules, from);
    ck_assert_msg(at != NULL, "'%s' is not in the base rules", from);
    size_t pre = (size_t)(at - base_rules), fl = strlen(from), tl = strlen(to);
    size_t total = strlen(base_rules) - fl + tl;
    char *s = malloc(total + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, base_rules, pre);
    memcpy(s + pre, to, tl);
    strcpy(s + pre + tl, at + fl);
    return s;
}

/* Loads text as "t.yaml"; it must fail with REMIT_ERULES, no ruleset and
 * exactly `count` diagnostics, all errors.  Returns the list. */
static remit_diagnostics *load_failing(const char *text, size_t count)
{
    remit_ruleset *rs = (remit_ruleset *)&rs; /* must be reset to NULL */
    remit_diagnostics *d = NULL;
    remit_status st =
        remit_ruleset_load_memory("t.yaml", text, strlen(text), NULL, &rs, &d);
    ck_assert_int_eq(st, REMIT_ERULES);
    ck_assert_ptr_null(rs);
    ck_assert_ptr_nonnull(d);
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        char buf[1024];
        remit_diagnostics_format(d, i, buf, sizeof buf);
        if (remit_diagnostics_count(d) != count) fprintf(stderr, "%s\n", buf);
    }
    ck_assert_uint_eq(remit_diagnostics_count(d), count);
    ck_assert_uint_eq(remit_diagnostics_count_severity(d, REMIT_SEVERITY_ERROR),
                      count);
    return d;
}

/* base_rules edited once must fail with exactly this one error, which names
 * t.yaml and quotes its line. */
static void expect_rule_error(const char *from, const char *to,
                              const char *code, const char *message,
                              unsigned line, unsigned column)
{
    char *text = edited(from, to);
    remit_diagnostics *d = load_failing(text, 1);
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    check_diag(x, REMIT_ERULES, REMIT_SEVERITY_ERROR, code, message, line,
               column, NULL);
    ck_assert_pstr_eq(x->file, "t.yaml");
    /* The source line is the text of line `line` of the file. */
    const char *p = text;
    for (unsigned l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(x->source_line);
    ck_assert_uint_eq(strlen(x->source_line), strcspn(p, "\n"));
    ck_assert_int_eq(strncmp(x->source_line, p, strlen(x->source_line)), 0);
    remit_diagnostics_free(d);
    free(text);
}

/* ---- Complaints with one mistake ----------------------------------------- */

/* Evaluating json against mini must fail with `status` and exactly one
 * diagnostic, an error with this code, message and pointer. */
static void expect_input_error(const char *json, remit_status status,
                               const char *code, const char *message,
                               const char *pointer)
{
    remit_eval_options o = on(2026, 3, 13);
    remit_result *r = (remit_result *)&r; /* must be reset to NULL */
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(mini, json, strlen(json), &o, &r, &d);
    ck_assert_int_eq(st, status);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(remit_diagnostics_count(d), 1);
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    check_diag(x, status, REMIT_SEVERITY_ERROR, code, message, 0, 0, pointer);
    ck_assert_pstr_eq(x->file, "<complaint>");
    remit_diagnostics_free(d);
}

/* As expect_input_error for an error found while parsing, with a position
 * and the source line instead of a pointer. */
static void expect_syntax_error(const char *json, const char *code,
                                const char *message, unsigned line,
                                unsigned column, const char *source_line)
{
    remit_eval_options o = on(2026, 3, 13);
    o.input_name = "c.json";
    remit_result *r = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(mini, json, strlen(json), &o, &r, &d);
    ck_assert_int_eq(st, REMIT_EINPUT);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(remit_diagnostics_count(d), 1);
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    check_diag(x, REMIT_EINPUT, REMIT_SEVERITY_ERROR, code, message, line,
               column, NULL);
    ck_assert_pstr_eq(x->file, "c.json");
    ck_assert_pstr_eq(x->source_line, source_line);
    remit_diagnostics_free(d);
}

/* Heads of complaint for mini.yaml, every fact known. */
#define HEAD_IN                                                                \
    "{\"summary\": \"The social worker ignored my calls\", "                   \
    "\"actor\": \"council_employee\", \"court_relation\": \"none\", "          \
    "\"raised_with_council\": true, \"first_aware_date\": \"2025-06-01\"}"
#define HEAD_POLICE                                                            \
    "{\"summary\": \"The police took my son\", \"actor\": \"police\", "        \
    "\"court_relation\": \"none\", \"raised_with_council\": true, "            \
    "\"first_aware_date\": \"2025-06-01\"}"
#define HEAD_COURT                                                             \
    "{\"summary\": \"The report for court\", \"actor\": \"council_employee\", " \
    "\"court_relation\": \"in_proceedings\", \"raised_with_council\": true, "  \
    "\"first_aware_date\": \"2025-06-01\"}"
#define HEAD_PREMATURE                                                         \
    "{\"summary\": \"Not yet complained\", \"actor\": \"council_employee\", "  \
    "\"court_relation\": \"none\", \"raised_with_council\": false, "           \
    "\"first_aware_date\": \"2025-06-01\"}"
#define ENGLAND(heads) "{\"nation\": \"england\", \"heads\": [" heads "]}"

/* ====================================================================== */
/* Version and status                                                     */
/* ====================================================================== */

START_TEST(version_should_match_the_header_macros)
{
    ck_assert_int_eq(remit_version(), REMIT_VERSION_NUMBER);
    ck_assert_int_eq(REMIT_VERSION_NUMBER, REMIT_VERSION_MAJOR * 10000 +
                                               REMIT_VERSION_MINOR * 100 +
                                               REMIT_VERSION_PATCH);
    ck_assert_str_eq(remit_version_string(), REMIT_VERSION_STRING);
    char expect[32];
    snprintf(expect, sizeof expect, "%d.%d.%d", REMIT_VERSION_MAJOR,
             REMIT_VERSION_MINOR, REMIT_VERSION_PATCH);
    ck_assert_str_eq(remit_version_string(), expect);
}
END_TEST

START_TEST(status_str_should_describe_every_status_distinctly)
{
    for (int i = 0; i < REMIT_STATUS_COUNT; i++) {
        const char *s = remit_status_str((remit_status)i);
        ck_assert_ptr_nonnull(s);
        ck_assert_uint_gt(strlen(s), 0);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(s, remit_status_str((remit_status)j));
    }
    ck_assert_str_eq(remit_status_str(REMIT_OK), "success");
    ck_assert_str_eq(remit_status_str(REMIT_ENOMEM), "out of memory");
}
END_TEST

START_TEST(status_str_should_not_return_null_for_an_out_of_range_status)
{
    const char *s = remit_status_str(REMIT_STATUS_COUNT);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "unknown status");
    ck_assert_str_eq(remit_status_str((remit_status)1000), "unknown status");
    ck_assert_str_eq(remit_status_str((remit_status)-1), "unknown status");
}
END_TEST

/* ====================================================================== */
/* Loading                                                                */
/* ====================================================================== */

START_TEST(ruleset_load_should_load_mini_with_its_metadata)
{
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load(MINI, NULL, &rs, &d), REMIT_OK);
    ck_assert_ptr_nonnull(rs);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(remit_diagnostics_count(d), 0);
    ck_assert_uint_eq(remit_ruleset_count(rs), 1);
    remit_ruleset_info info;
    ck_assert_int_eq(remit_ruleset_get_info(rs, 0, &info), REMIT_OK);
    ck_assert_str_eq(info.id, "mini-england");
    ck_assert_str_eq(info.title, "Minimal child-protection triage (test ruleset)");
    ck_assert_str_eq(info.jurisdiction,
                     "England - Local Government and Social Care Ombudsman");
    ck_assert_str_eq(info.version, "0.1.0");
    ck_assert_str_eq(info.law_checked, "2026-11-01");
    ck_assert_str_eq(info.applies_when, "nation == \"england\"");
    ck_assert_str_eq(info.file, MINI);
    ck_assert_uint_eq(info.rule_count, 9);
    ck_assert_uint_eq(info.fact_count, 13);
    remit_diagnostics_free(d);
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(ruleset_info_digest_should_be_the_sha256_of_the_file_bytes)
{
    /* Against the portable C SHA-256 of sha256.c, which test_sha256.c
     * checks against the standard's vectors (the loader may use the CPU's
     * SHA instructions). */
    char hex[72];
    sha256_hex_with("abc", 3, hex, false); /* FIPS 180-2 vector */
    ck_assert_str_eq(
        hex, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    remit_ruleset *rs = load_path(MINI);
    remit_ruleset_info info;
    ck_assert_int_eq(remit_ruleset_get_info(rs, 0, &info), REMIT_OK);
    ck_assert_uint_eq(strlen(info.digest), 7 + 64);
    ck_assert_int_eq(strncmp(info.digest, "sha256:", 7), 0);
    ck_assert_uint_eq(strspn(info.digest + 7, "0123456789abcdef"), 64);
    size_t len;
    char *text = read_whole(MINI, &len);
    sha256_hex_with(text, len, hex, false);
    ck_assert_str_eq(info.digest, hex);
    free(text);
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(ruleset_load_memory_should_give_the_same_digest_as_the_file)
{
    size_t len;
    char *text = read_whole(MINI, &len);
    remit_ruleset *file = load_path(MINI), *mem = NULL;
    remit_diagnostics *d = NULL;
    /* The text need not be NUL-terminated: give it a tail to ignore. */
    text[len] = 'x';
    ck_assert_int_eq(remit_ruleset_load_memory("mini", text, len, NULL, &mem, &d),
                     REMIT_OK);
    ck_assert_uint_eq(remit_diagnostics_count(d), 0);
    remit_ruleset_info a, b;
    ck_assert_int_eq(remit_ruleset_get_info(file, 0, &a), REMIT_OK);
    ck_assert_int_eq(remit_ruleset_get_info(mem, 0, &b), REMIT_OK);
    ck_assert_str_eq(a.digest, b.digest);
    ck_assert_str_eq(b.file, "mini");
    ck_assert_str_eq(b.id, "mini-england");
    ck_assert_uint_eq(a.rule_count, b.rule_count);
    remit_diagnostics_free(d);
    remit_ruleset_free(file);
    remit_ruleset_free(mem);
    free(text);
}
END_TEST

START_TEST(ruleset_load_should_load_both_shipped_rulesets_from_the_directory)
{
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load(REMIT_RULES_DIR, NULL, &rs, &d), REMIT_OK);
    ck_assert_uint_eq(remit_diagnostics_count(d), 0);
    ck_assert_uint_eq(remit_ruleset_count(rs), 2);
    remit_ruleset_info a, b;
    ck_assert_int_eq(remit_ruleset_get_info(rs, 0, &a), REMIT_OK);
    ck_assert_int_eq(remit_ruleset_get_info(rs, 1, &b), REMIT_OK);
    /* Sorted by file name: england-... before wales-... */
    ck_assert_ptr_nonnull(strstr(a.file, "england"));
    ck_assert_ptr_nonnull(strstr(b.file, "wales"));
    ck_assert_str_ne(a.id, b.id);
    ck_assert_uint_gt(a.rule_count, 0);
    ck_assert_uint_gt(b.rule_count, 0);
    ck_assert_int_eq(remit_ruleset_get_info(rs, 2, &a), REMIT_EINVAL);
    remit_diagnostics_free(d);
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(ruleset_load_should_choose_the_ruleset_that_applies_to_the_complaint)
{
    remit_ruleset *rs = load_path(REMIT_RULES_DIR);
    remit_result *r = eval_on(rs, "{\"nation\": \"wales\", \"heads\": [{}]}",
                              2026, 3, 13);
    ck_assert_ptr_nonnull(strstr(remit_result_ruleset_id(r), "wales"));
    remit_result_free(r);
    r = eval_on(rs, "{\"nation\": \"england\", \"heads\": [{}]}", 2026, 3, 13);
    ck_assert_ptr_nonnull(strstr(remit_result_ruleset_id(r), "england"));
    remit_result_free(r);
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(ruleset_load_should_report_eio_for_a_missing_path)
{
    remit_diagnostics_free(expect_path_error(API_DATA "/no-such-file.yaml", REMIT_EIO,
                                             "io", "cannot open: No such file or directory",
                                             0, 0));
}
END_TEST

START_TEST(ruleset_load_should_reject_a_directory_without_rule_files)
{
    remit_diagnostics_free(expect_path_error(API_DATA "/no-rules", REMIT_ERULES, "no-rules",
                                             "no rule files (*.yaml) in this directory",
                                             0, 0));
}
END_TEST

START_TEST(ruleset_load_should_reject_null_path_and_null_out_with_einval)
{
    remit_ruleset *rs = (remit_ruleset *)&rs;
    remit_diagnostics *d = (remit_diagnostics *)&d;
    ck_assert_int_eq(remit_ruleset_load(NULL, NULL, &rs, &d), REMIT_EINVAL);
    ck_assert_ptr_null(rs);
    ck_assert_ptr_null(d);
    d = (remit_diagnostics *)&d;
    ck_assert_int_eq(remit_ruleset_load(MINI, NULL, NULL, &d), REMIT_EINVAL);
    ck_assert_ptr_null(d);
    d = (remit_diagnostics *)&d;
    ck_assert_int_eq(remit_ruleset_load_memory("x", "a: 1", 4, NULL, NULL, &d),
                     REMIT_EINVAL);
    ck_assert_ptr_null(d);
    rs = (remit_ruleset *)&rs;
    ck_assert_int_eq(remit_ruleset_load_memory("x", NULL, 4, NULL, &rs, NULL),
                     REMIT_EINVAL);
    ck_assert_ptr_null(rs);
}
END_TEST

START_TEST(ruleset_load_should_return_the_error_status_without_a_diagnostics_list)
{
    remit_ruleset *rs = (remit_ruleset *)&rs;
    ck_assert_int_eq(remit_ruleset_load(API_DATA "/no-such-file.yaml", NULL,
                                        &rs, NULL),
                     REMIT_EIO);
    ck_assert_ptr_null(rs);
    rs = (remit_ruleset *)&rs;
    char *text = edited("cite: [s1]", "cite: [s9]");
    ck_assert_int_eq(
        remit_ruleset_load_memory("t.yaml", text, strlen(text), NULL, &rs, NULL),
        REMIT_ERULES);
    ck_assert_ptr_null(rs);
    free(text);
}
END_TEST

START_TEST(ruleset_load_should_report_an_error_in_a_rule_file_on_disk_with_its_path)
{
    const char *path = API_DATA "/broken/unknown-fact.yaml";
    remit_diagnostics *d = expect_path_error(path, REMIT_ERULES, "unknown-fact",
                                             "unknown fact 'actr' (did you mean 'actor'?)",
                                             25, 11);
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    ck_assert_pstr_eq(x->source_line, "    when: actr == \"police\"");
    char buf[512];
    size_t n = remit_diagnostics_format(d, 0, buf, sizeof buf);
    char expect[512];
    snprintf(expect, sizeof expect,
             "%s:25:11: error: unknown fact 'actr' (did you mean 'actor'?)\n"
             "     when: actr == \"police\"\n"
             "           ^",
             path);
    ck_assert_str_eq(buf, expect);
    ck_assert_uint_eq(n, strlen(expect));
    remit_diagnostics_free(d);
}
END_TEST

START_TEST(ruleset_load_of_a_directory_should_report_errors_of_every_file)
{
    remit_ruleset *rs = (remit_ruleset *)&rs;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load(API_DATA "/broken", NULL, &rs, &d),
                     REMIT_ERULES);
    ck_assert_ptr_null(rs);
    /* Two broken files, one error each, in file-name order. */
    ck_assert_uint_eq(remit_diagnostics_count(d), 2);
    ck_assert_str_eq(remit_diagnostics_get(d, 0)->code, "unknown-contact");
    ck_assert_ptr_nonnull(strstr(remit_diagnostics_get(d, 0)->file,
                                 "bad-contact.yaml"));
    ck_assert_str_eq(remit_diagnostics_get(d, 1)->code, "unknown-fact");
    ck_assert_ptr_nonnull(strstr(remit_diagnostics_get(d, 1)->file,
                                 "unknown-fact.yaml"));
    remit_diagnostics_free(d);
}
END_TEST

START_TEST(diagnostics_format_should_measure_like_snprintf)
{
    char *text = edited("cite: [s1]", "cite: [s9]");
    remit_diagnostics *d = load_failing(text, 1);
    const char *expect = "t.yaml:28:12: error: rule 'R1' cites 's9', which is "
                         "not under 'sources'\n"
                         "     cite: [s9]\n"
                         "            ^";
    ck_assert_uint_eq(remit_diagnostics_format(d, 0, NULL, 0), strlen(expect));
    char small[10];
    ck_assert_uint_eq(remit_diagnostics_format(d, 0, small, sizeof small),
                      strlen(expect));
    ck_assert_str_eq(small, "t.yaml:28");
    char buf[512];
    remit_diagnostics_format(d, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, expect);
    /* Out of range: empty text. */
    buf[0] = 'x';
    ck_assert_uint_eq(remit_diagnostics_format(d, 1, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    remit_diagnostics_free(d);
    free(text);
}
END_TEST

START_TEST(diagnostics_accessors_should_accept_null_and_out_of_range)
{
    ck_assert_uint_eq(remit_diagnostics_count(NULL), 0);
    ck_assert_uint_eq(remit_diagnostics_count_severity(NULL, REMIT_SEVERITY_ERROR), 0);
    ck_assert_ptr_null(remit_diagnostics_get(NULL, 0));
    char buf[8] = "x";
    ck_assert_uint_eq(remit_diagnostics_format(NULL, 0, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    char *text = edited("cite: [s1]", "cite: [s9]");
    remit_diagnostics *d = load_failing(text, 1);
    ck_assert_ptr_null(remit_diagnostics_get(d, 1));
    ck_assert_uint_eq(remit_diagnostics_count_severity(d, REMIT_SEVERITY_WARNING), 0);
    remit_diagnostics_free(d);
    free(text);
}
END_TEST

/* ====================================================================== */
/* Rule errors: the exact diagnostic of each                              */
/* ====================================================================== */

START_TEST(ruleset_load_should_accept_the_base_rules_of_these_tests)
{
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load_memory("t.yaml", base_rules,
                                               strlen(base_rules), NULL, &rs, &d),
                     REMIT_OK);
    ck_assert_uint_eq(remit_diagnostics_count(d), 0);
    remit_diagnostics_free(d);
    remit_ruleset_free(rs);
}
END_TEST

START_TEST(ruleset_load_should_report_position_of_an_unknown_source_in_cite)
{
    expect_rule_error("cite: [s1]", "cite: [s1, s9]", "unknown-source",
                      "rule 'R1' cites 's9', which is not under 'sources'", 28,
                      16);
}
END_TEST

START_TEST(ruleset_load_should_report_an_unknown_contact_in_a_next_step)
{
    expect_rule_error("contact: c1", "contact: c9", "unknown-contact",
                      "rule 'R1': contact 'c9' is not under 'contacts'", 30, 31);
}
END_TEST

START_TEST(ruleset_load_should_report_an_undeclared_outcome_of_a_rule)
{
    expect_rule_error(
        "outcome: out", "outcome: outt", "unknown-outcome",
        "rule 'R1': outcome 'outt' is not declared under 'outcomes' (nor 'note')",
        26, 14);
}
END_TEST

START_TEST(ruleset_load_should_report_an_undeclared_default_outcome)
{
    expect_rule_error("default_outcome: in", "default_outcome: inn",
                      "unknown-outcome",
                      "default_outcome 'inn' is not a declared outcome", 20, 18);
}
END_TEST

START_TEST(ruleset_load_should_report_a_duplicate_rule_id_at_the_second_rule)
{
    expect_rule_error("      - {text: Ask., contact: c1}\n",
                      "      - {text: Ask., contact: c1}\n"
                      "  - id: R1\n"
                      "    title: Again\n"
                      "    scope: head\n"
                      "    when: actor == \"council\"\n"
                      "    outcome: in\n"
                      "    explanation: Again.\n"
                      "    cite: [s1]\n",
                      "duplicate-id", "duplicate rule id 'R1' (also rule 1)",
                      31, 9);
}
END_TEST

START_TEST(ruleset_load_should_suggest_the_nearest_fact_for_an_unknown_fact)
{
    expect_rule_error("when: actor == \"police\"", "when: actr == \"police\"",
                      "unknown-fact",
                      "unknown fact 'actr' (did you mean 'actor'?)", 25, 11);
}
END_TEST

START_TEST(ruleset_load_should_report_an_enum_value_that_is_not_declared)
{
    expect_rule_error(
        "when: actor == \"police\"", "when: actor == \"polic\"",
        "unknown-value",
        "\"polic\" is not a value of 'actor' (allowed: \"council\", \"police\")",
        25, 20);
}
END_TEST

START_TEST(ruleset_load_should_report_a_date_compared_with_an_enum)
{
    expect_rule_error("when: actor == \"police\"", "when: aware < actor",
                      "expr-type",
                      "cannot compare a date fact 'aware' with an enum fact 'actor'",
                      25, 11);
}
END_TEST

START_TEST(ruleset_load_should_report_a_date_compared_with_a_string)
{
    expect_rule_error(
        "when: actor == \"police\"", "when: aware == \"police\"", "expr-type",
        "cannot compare a date fact 'aware' with the string \"police\"", 25,
        11);
}
END_TEST

START_TEST(ruleset_load_should_report_a_condition_that_ends_too_early)
{
    expect_rule_error(
        "when: actor == \"police\"", "when: actor == \"police\" and",
        "expr-syntax",
        "expected a fact, a value or '(', found the end of the condition", 25,
        32);
}
END_TEST

START_TEST(ruleset_load_should_report_an_unclosed_parenthesis)
{
    expect_rule_error("when: actor == \"police\"",
                      "when: (actor == \"police\"", "expr-syntax",
                      "expected ')' to close '(', found the end of the condition",
                      25, 29);
}
END_TEST

START_TEST(ruleset_load_should_report_a_head_fact_read_by_a_complaint_rule)
{
    expect_rule_error("    scope: head\n    when: actor",
                      "    scope: complaint\n    when: actor", "scope-mismatch",
                      "'actor' is a fact of each head of complaint; here only "
                      "whole-complaint facts can be read (make the rule "
                      "'scope: head')",
                      25, 11);
}
END_TEST

START_TEST(ruleset_load_should_report_an_unknown_key_with_where_it_is)
{
    expect_rule_error("    title: Police\n", "    title: Police\n    titel: x\n",
                      "yaml-shape",
                      "unknown key 'titel' in rules/0 (see rules/README.md for "
                      "the keys allowed here)",
                      24, 5);
}
END_TEST

START_TEST(ruleset_load_should_report_an_unknown_top_level_key)
{
    expect_rule_error("rules:\n", "rulez: 1\nrules:\n", "yaml-shape",
                      "unknown key 'rulez' (see rules/README.md for the keys "
                      "allowed here)",
                      21, 1);
}
END_TEST

START_TEST(ruleset_load_should_report_a_missing_required_key_at_its_mapping)
{
    expect_rule_error("    title: Police\n", "", "yaml-shape",
                      "missing required key 'title' in rules/0", 22, 5);
}
END_TEST

START_TEST(ruleset_load_should_report_a_missing_top_level_key)
{
    expect_rule_error("default_outcome: in\n", "", "yaml-shape",
                      "missing required key 'default_outcome'", 1, 1);
}
END_TEST

START_TEST(ruleset_load_should_report_a_yaml_syntax_error_with_its_position)
{
    expect_rule_error("sources:\n", "sources: [\n", "yaml-syntax",
                      "YAML syntax: did not find expected node content while "
                      "parsing a flow node",
                      9, 3);
}
END_TEST

START_TEST(ruleset_load_should_refuse_yaml_aliases)
{
    expect_rule_error("  - {id: c1, name: C1}\n",
                      "  - &c {id: c1, name: C1}\n  - *c\n", "yaml-shape",
                      "YAML aliases and anchors (*name, &name) are not allowed "
                      "in rule files: write the value out",
                      11, 5);
}
END_TEST

START_TEST(ruleset_load_should_require_discretion_for_a_discretionary_rule)
{
    expect_rule_error("    cite: [s1]\n", "    cite: [s1]\n    discretionary: true\n",
                      "missing-discretion",
                      "rule 'R1' is discretionary: say under 'discretion' what "
                      "the Ombudsman weighs",
                      29, 20);
}
END_TEST

START_TEST(ruleset_load_should_report_a_presumption_of_the_wrong_type)
{
    expect_rule_error("presume: false", "presume: maybe", "bad-presume",
                      "presumption 'maybe' of fact 'decided' must be true or false",
                      16, 60);
}
END_TEST

START_TEST(ruleset_load_should_refuse_the_reserved_outcome_note)
{
    expect_rule_error("  - {id: in, label: In, in_scope: true}\n",
                      "  - {id: in, label: In, in_scope: true}\n"
                      "  - {id: note, label: N, in_scope: false}\n",
                      "reserved-name",
                      "'note' is reserved by the engine and cannot be declared",
                      20, 10);
}
END_TEST

START_TEST(ruleset_load_should_refuse_the_reserved_outcome_needs_information)
{
    expect_rule_error(
        "  - {id: in, label: In, in_scope: true}\n",
        "  - {id: in, label: In, in_scope: true}\n"
        "  - {id: needs_information, label: N, in_scope: false}\n",
        "reserved-name",
        "'needs_information' is reserved by the engine and cannot be declared",
        20, 10);
}
END_TEST

START_TEST(ruleset_load_should_report_an_impossible_law_checked_date)
{
    expect_rule_error("law_checked: 2026-11-01", "law_checked: 2026-02-30",
                      "bad-date",
                      "law_checked must be a date YYYY-MM-DD, not '2026-02-30'",
                      6, 16);
}
END_TEST

START_TEST(ruleset_load_should_report_every_error_in_a_file)
{
    /* A second rule with four mistakes: a duplicate id, an undeclared
     * outcome, an unknown source and an unknown fact. */
    char *text = edited("      - {text: Ask., contact: c1}\n",
                        "      - {text: Ask., contact: c1}\n"
                        "  - id: R1\n"
                        "    title: Again\n"
                        "    scope: head\n"
                        "    when: actr == \"council\"\n"
                        "    outcome: outt\n"
                        "    explanation: Again.\n"
                        "    cite: [s2]\n");
    remit_diagnostics *d = load_failing(text, 4);
    bool seen[4] = {false, false, false, false};
    for (size_t i = 0; i < 4; i++) {
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (strcmp(x->code, "duplicate-id") == 0 && x->line == 31) seen[0] = true;
        if (strcmp(x->code, "unknown-fact") == 0 && x->line == 34) seen[1] = true;
        if (strcmp(x->code, "unknown-outcome") == 0 && x->line == 35) seen[2] = true;
        if (strcmp(x->code, "unknown-source") == 0 && x->line == 37) seen[3] = true;
    }
    ck_assert(seen[0] && seen[1] && seen[2] && seen[3]);
    remit_diagnostics_free(d);
    free(text);
}
END_TEST

START_TEST(ruleset_load_memory_should_reject_an_empty_file)
{
    /* An empty (or comment-only) file is not a ruleset: an error that says
     * what is missing, never a crash. */
    remit_ruleset *rs = (remit_ruleset *)&rs;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load_memory("t.yaml", "", 0, NULL, &rs, &d),
                     REMIT_ERULES);
    ck_assert_ptr_null(rs);
    ck_assert_uint_ge(remit_diagnostics_count(d), 1);
    remit_diagnostics_free(d);
    const char *comment = "# nothing here\n";
    ck_assert_int_eq(remit_ruleset_load_memory("t.yaml", comment, strlen(comment),
                                               NULL, &rs, &d),
                     REMIT_ERULES);
    ck_assert_ptr_null(rs);
    ck_assert_uint_ge(remit_diagnostics_count(d), 1);
    remit_diagnostics_free(d);
}
END_TEST

/* ====================================================================== */
/* Evaluation against mini.yaml                                           */
/* ====================================================================== */

START_TEST(evaluate_should_find_the_councils_own_work_in_scope)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_IN));
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    ck_assert_ptr_null(remit_result_provisional(r));
    ck_assert(!remit_result_discretionary(r));
    ck_assert_str_eq(remit_result_ruleset_id(r), "mini-england");
    ck_assert_uint_eq(remit_result_head_count(r), 1);
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "in_scope");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "M-IN");
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_put_what_the_police_did_out_of_jurisdiction)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_POLICE));
    ck_assert_str_eq(remit_result_verdict(r), "out_of_jurisdiction");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "M-POLICE");
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    cJSON *j = result_tree(r, 0);
    const cJSON *h = head_tree(j, 0);
    const cJSON *steps = member(h, "next_steps");
    ck_assert_int_eq(cJSON_GetArraySize(steps), 1);
    const cJSON *s = cJSON_GetArrayItem(steps, 0);
    ck_assert_str_eq(str_member(s, "text"), "Complain to the police force.");
    ck_assert_str_eq(str_member(s, "rule"), "M-POLICE");
    ck_assert_str_eq(str_member(member(s, "contact"), "id"), "police-force");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_give_partly_in_scope_when_one_head_is_in_and_one_out)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_IN ", " HEAD_POLICE));
    ck_assert_str_eq(remit_result_verdict(r), REMIT_VERDICT_PARTLY_IN_SCOPE);
    ck_assert_ptr_null(remit_result_provisional(r));
    ck_assert_uint_eq(remit_result_head_count(r), 2);
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "in_scope");
    ck_assert_str_eq(remit_result_head_verdict(r, 1), "out_of_jurisdiction");
    cJSON *j = result_tree(r, 0);
    const cJSON *in = member(j, "in_scope_heads"), *out = member(j, "not_in_scope_heads");
    ck_assert_int_eq(cJSON_GetArraySize(in), 1);
    ck_assert_int_eq(cJSON_GetArraySize(out), 1);
    ck_assert_int_eq(cJSON_GetArrayItem(in, 0)->valueint, 0);
    ck_assert_int_eq(cJSON_GetArrayItem(out, 0)->valueint, 1);
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_give_the_common_outcome_when_all_heads_agree)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_POLICE ", " HEAD_COURT));
    ck_assert_str_eq(remit_result_verdict(r), "out_of_jurisdiction");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "M-POLICE");
    ck_assert_pstr_eq(remit_result_head_rule(r, 1), "M-COURT");
    remit_result_free(r);
    r = eval_mini(ENGLAND(HEAD_IN ", " HEAD_IN));
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_give_the_strongest_outcome_when_no_head_is_in_scope)
{
    /* out_of_jurisdiction is listed before premature: it wins, whatever the
     * order of the heads. */
    remit_result *r = eval_mini(ENGLAND(HEAD_PREMATURE ", " HEAD_POLICE));
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "premature");
    ck_assert_str_eq(remit_result_head_verdict(r, 1), "out_of_jurisdiction");
    ck_assert_str_eq(remit_result_verdict(r), "out_of_jurisdiction");
    remit_result_free(r);
    r = eval_mini(ENGLAND(HEAD_POLICE ", " HEAD_PREMATURE));
    ck_assert_str_eq(remit_result_verdict(r), "out_of_jurisdiction");
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_ask_questions_most_decisive_first_when_facts_are_missing)
{
    remit_result *r = eval_mini(ENGLAND("{}"));
    ck_assert_str_eq(remit_result_verdict(r), REMIT_VERDICT_NEEDS_INFORMATION);
    ck_assert_pstr_eq(remit_result_provisional(r), "in_scope");
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "needs_information");
    ck_assert_ptr_null(remit_result_head_rule(r, 0));
    /* Facts behind out_of_jurisdiction first (in declaration order), then
     * premature, then late. */
    static const char *const expect[][2] = {
        {"actor", "/heads/0/actor"},
        {"court_relation", "/heads/0/court_relation"},
        {"raised_with_council", "/heads/0/raised_with_council"},
        {"first_aware_date", "/heads/0/first_aware_date"}};
    ck_assert_uint_eq(remit_result_question_count(r), 4);
    for (size_t i = 0; i < 4; i++) {
        remit_question q;
        ck_assert_int_eq(remit_result_get_question(r, i, &q), REMIT_OK);
        ck_assert_str_eq(q.fact, expect[i][0]);
        ck_assert_str_eq(q.pointer, expect[i][1]);
    }
    remit_question q;
    ck_assert_int_eq(remit_result_get_question(r, 0, &q), REMIT_OK);
    ck_assert_str_eq(q.question, "Who did it?");
    ck_assert_str_eq(q.help, "");
    ck_assert_str_eq(q.type, "enum");
    ck_assert_uint_eq(q.value_count, 2);
    ck_assert_str_eq(q.values[0], "council_employee");
    ck_assert_str_eq(q.values[1], "police");
    ck_assert_int_eq(remit_result_get_question(r, 3, &q), REMIT_OK);
    ck_assert_str_eq(q.type, "date");
    ck_assert_str_eq(q.question, "When did the person first know about it?");
    ck_assert_uint_eq(q.value_count, 0);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_order_questions_by_decisiveness_across_heads)
{
    /* Head 0 lacks only the date (late); head 1 only the court relation
     * (out of jurisdiction): head 1's question comes first. */
    remit_result *r = eval_mini(ENGLAND(
        "{\"summary\": \"a\", \"actor\": \"council_employee\", "
        "\"court_relation\": \"none\", \"raised_with_council\": true}, "
        "{\"summary\": \"b\", \"actor\": \"council_employee\", "
        "\"raised_with_council\": true, \"first_aware_date\": \"2025-06-01\"}"));
    ck_assert_str_eq(remit_result_verdict(r), "needs_information");
    ck_assert_pstr_eq(remit_result_provisional(r), "in_scope");
    ck_assert_uint_eq(remit_result_question_count(r), 2);
    remit_question q;
    ck_assert_int_eq(remit_result_get_question(r, 0, &q), REMIT_OK);
    ck_assert_str_eq(q.pointer, "/heads/1/court_relation");
    ck_assert_int_eq(remit_result_get_question(r, 1, &q), REMIT_OK);
    ck_assert_str_eq(q.pointer, "/heads/0/first_aware_date");
    cJSON *j = result_tree(r, 0);
    const cJSON *qs = member(head_tree(j, 0), "questions");
    ck_assert_int_eq(cJSON_GetArraySize(qs), 1);
    ck_assert_str_eq(str_member(cJSON_GetArrayItem(qs, 0), "pointer"),
                     "/heads/0/first_aware_date");
    ck_assert_str_eq(str_member(head_tree(j, 1), "provisional_verdict"), "in_scope");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_give_a_provisional_out_verdict_while_a_head_needs_information)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_POLICE ", {}"));
    ck_assert_str_eq(remit_result_verdict(r), "needs_information");
    ck_assert_pstr_eq(remit_result_provisional(r), REMIT_VERDICT_PARTLY_IN_SCOPE);
    ck_assert_str_eq(remit_result_head_verdict(r, 0), "out_of_jurisdiction");
    ck_assert_str_eq(remit_result_head_verdict(r, 1), "needs_information");
    cJSON *j = result_tree(r, 0);
    /* Only settled heads are listed as in or not in scope. */
    ck_assert_int_eq(cJSON_GetArraySize(member(j, "in_scope_heads")), 0);
    ck_assert_int_eq(cJSON_GetArraySize(member(j, "not_in_scope_heads")), 1);
    ck_assert(cJSON_IsNull(member(head_tree(j, 1), "in_scope")));
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_ask_which_nation_when_no_ruleset_can_be_chosen_yet)
{
    remit_result *r = eval_mini("{\"heads\": [{}]}");
    ck_assert_str_eq(remit_result_verdict(r), "needs_information");
    ck_assert_ptr_null(remit_result_provisional(r));
    ck_assert_uint_eq(remit_result_question_count(r), 1);
    remit_question q;
    ck_assert_int_eq(remit_result_get_question(r, 0, &q), REMIT_OK);
    ck_assert_str_eq(q.fact, "nation");
    ck_assert_str_eq(q.pointer, "/nation");
    ck_assert_str_eq(q.question, "Is the council in England or in Wales?");
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_settle_a_court_head_without_asking_for_the_date)
{
    remit_result *r = eval_mini(ENGLAND("{\"court_relation\": \"in_proceedings\"}"));
    ck_assert_str_eq(remit_result_verdict(r), "out_of_jurisdiction");
    ck_assert_ptr_null(remit_result_provisional(r));
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "M-COURT");
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    cJSON *j = result_tree(r, 0);
    ck_assert_int_eq(cJSON_GetArraySize(member(head_tree(j, 0), "questions")), 0);
    ck_assert_int_eq(cJSON_GetArraySize(member(j, "questions")), 0);
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_never_let_a_note_change_a_verdict)
{
    static const char *const heads[] = {HEAD_IN, HEAD_PREMATURE, HEAD_POLICE};
    static const char *const verdicts[] = {"in_scope", "premature",
                                           "out_of_jurisdiction"};
    for (size_t i = 0; i < 3; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"nation\": \"england\", \"complainant_role\": \"child\", "
                 "\"remedy_sought\": [\"child_returned\"], \"heads\": [%s]}",
                 heads[i]);
        remit_result *r = eval_mini(json);
        ck_assert_str_eq(remit_result_verdict(r), verdicts[i]);
        cJSON *j = result_tree(r, 0);
        const cJSON *h = head_tree(j, 0);
        const cJSON *notes = member(h, "notes");
        ck_assert_int_eq(cJSON_GetArraySize(notes), 2);
        ck_assert(array_has(notes, "rule", "M-CHILD"));
        ck_assert(array_has(notes, "rule", "M-COURT-REMEDY"));
        ck_assert(!array_has(member(h, "reasons"), "rule", "M-CHILD"));
        ck_assert_str_eq(str_member(cJSON_GetArrayItem(notes, 0), "outcome"), "note");
        cJSON_Delete(j);
        remit_result_free(r);
    }
}
END_TEST

/* A head with every fact known, first aware of the matter on `aware`. */
static remit_result *late_case(const char *aware, const char *complained,
                               int y, int m, int d)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"nation\": \"england\"%s%s%s, \"heads\": [{\"summary\": \"s\", "
             "\"actor\": \"council_employee\", \"court_relation\": \"none\", "
             "\"raised_with_council\": true, \"first_aware_date\": \"%s\"}]}",
             complained ? ", \"ombudsman_complaint_date\": \"" : "",
             complained ? complained : "", complained ? "\"" : "", aware);
    return eval_on(mini, json, y, m, d);
}

START_TEST(evaluate_should_keep_the_last_day_of_the_twelve_months_in_time)
{
    remit_result *r = late_case("2025-03-14", NULL, 2026, 3, 13);
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    ck_assert(!remit_result_discretionary(r));
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_find_late_the_day_after_the_twelve_months_as_discretionary)
{
    remit_result *r = late_case("2025-03-14", NULL, 2026, 3, 14);
    ck_assert_str_eq(remit_result_verdict(r), "late");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "M-LATE");
    ck_assert(remit_result_discretionary(r));
    cJSON *j = result_tree(r, 0);
    ck_assert(cJSON_IsTrue(member(j, "discretionary")));
    const cJSON *h = head_tree(j, 0);
    ck_assert(cJSON_IsTrue(member(h, "discretionary")));
    const cJSON *dj = member(h, "discretion");
    ck_assert(cJSON_IsObject(dj));
    ck_assert_str_eq(str_member(dj, "rule"), "M-LATE");
    ck_assert_str_eq(str_member(dj, "text"),
                     "The Ombudsman may accept a late complaint if there are "
                     "good reasons for the delay.");
    ck_assert_str_eq(str_member(h, "basis"), "discretion");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_measure_lateness_to_the_ombudsman_complaint_date)
{
    /* Evaluated much later; the complaint date given decides. */
    remit_result *r = late_case("2025-03-14", "2026-03-13", 2026, 9, 1);
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    remit_result_free(r);
    r = late_case("2025-03-14", "2026-03-14", 2026, 9, 1);
    ck_assert_str_eq(remit_result_verdict(r), "late");
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_end_twelve_months_from_29_february_on_28_february)
{
    remit_result *r = late_case("2024-02-29", NULL, 2025, 2, 28);
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    remit_result_free(r);
    r = late_case("2024-02-29", NULL, 2025, 3, 1);
    ck_assert_str_eq(remit_result_verdict(r), "late");
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_presume_an_absent_fact_and_list_the_presumption)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_IN));
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    cJSON *j = result_tree(r, 0);
    const cJSON *p = member(j, "presumed");
    ck_assert(array_has(p, "fact", "previously_decided"));
    const cJSON *e;
    bool found = false;
    cJSON_ArrayForEach(e, p)
    {
        if (strcmp(str_member(e, "fact"), "previously_decided") != 0) continue;
        found = true;
        ck_assert_str_eq(str_member(e, "pointer"), "/previously_decided");
        ck_assert(cJSON_IsFalse(member(e, "value")));
        ck_assert_str_eq(str_member(e, "question"),
                         "Has the Ombudsman already decided a complaint about this?");
    }
    ck_assert(found);
    /* Presumed, the fact is not asked. */
    ck_assert_uint_eq(remit_result_question_count(r), 0);
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_let_an_explicit_value_override_a_presumption)
{
    remit_result *r = eval_mini("{\"nation\": \"england\", \"previously_decided\": "
                                "true, \"heads\": [" HEAD_IN "]}");
    ck_assert_str_eq(remit_result_verdict(r), "out_of_jurisdiction");
    ck_assert_pstr_eq(remit_result_head_rule(r, 0), "M-DECIDED");
    cJSON *j = result_tree(r, 0);
    ck_assert(!array_has(member(j, "presumed"), "fact", "previously_decided"));
    /* Presumptions are listed only where another value would change a
     * verdict: council_delaying cannot change this one. */
    ck_assert(!array_has(member(j, "presumed"), "fact", "council_delaying"));
    cJSON_Delete(j);
    remit_result_free(r);
    /* Where the head is premature, whether the council is delaying matters. */
    r = eval_mini("{\"nation\": \"england\", \"heads\": [{\"actor\": "
                  "\"council_employee\", \"court_relation\": \"none\", "
                  "\"raised_with_council\": false, "
                  "\"first_aware_date\": \"2026-01-10\"}]}");
    ck_assert_str_eq(remit_result_verdict(r), "premature");
    j = result_tree(r, 0);
    ck_assert(array_has(member(j, "presumed"), "fact", "council_delaying"));
    /* Both presumptions matter here (already decided would make it out). */
    ck_assert_uint_eq(remit_result_presumed_count(r), 2);
    remit_question q;
    const char *val = NULL;
    bool delaying = false;
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(remit_result_get_presumed(r, i, &q, &val), REMIT_OK);
        ck_assert_str_eq(val, "false");
        if (strcmp(q.pointer, "/council_delaying") == 0) delaying = true;
    }
    ck_assert(delaying);
    ck_assert_int_eq(remit_result_get_presumed(r, 2, &q, &val), REMIT_EINVAL);
    cJSON_Delete(j);
    remit_result_free(r);
    /* With children_count 0 the rule does not fire. */
    r = eval_mini("{\"nation\": \"england\", \"previously_decided\": true, "
                  "\"children_count\": 0, \"heads\": [" HEAD_IN "]}");
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    remit_result_free(r);
}
END_TEST

/* Whether M-DELAY (more than 65 working days) fired for a stage started on
 * `started`, evaluated on Friday 27 February 2026. */
static bool delay_note(const char *started)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"nation\": \"england\", \"council_delaying\": false, "
             "\"stage_started_date\": \"%s\", \"heads\": [" HEAD_IN "]}",
             started);
    remit_result *r = eval_on(mini, json, 2026, 2, 27);
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    cJSON *j = result_tree(r, 0);
    bool fired = array_has(member(head_tree(j, 0), "notes"), "rule", "M-DELAY");
    cJSON_Delete(j);
    remit_result_free(r);
    return fired;
}

START_TEST(evaluate_should_skip_weekends_and_holidays_in_working_days)
{
    /* From Monday 24 November 2025 (exclusive) to 27 February 2026: 69
     * weekdays less three bank holidays = 66 working days; from the 25th, 65.
     * Without the holidays both would exceed 65. */
    ck_assert(delay_note("2025-11-24"));
    ck_assert(!delay_note("2025-11-25"));
    ck_assert(!delay_note("2025-11-27"));
}
END_TEST

START_TEST(evaluate_should_echo_the_complaint_id)
{
    remit_result *r = eval_mini("{\"id\": \"case/42\", \"nation\": \"england\", "
                                "\"heads\": [" HEAD_IN "]}");
    ck_assert_pstr_eq(remit_result_id(r), "case/42");
    cJSON *j = result_tree(r, 0);
    ck_assert_str_eq(str_member(j, "id"), "case/42");
    cJSON_Delete(j);
    remit_result_free(r);
    r = eval_mini(ENGLAND(HEAD_IN));
    ck_assert_ptr_null(remit_result_id(r));
    j = result_tree(r, 0);
    ck_assert(cJSON_IsNull(member(j, "id")));
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_add_a_trace_only_when_asked)
{
    const char *json = ENGLAND(HEAD_IN);
    remit_eval_options o = on(2026, 3, 13);
    o.flags = REMIT_EVAL_TRACE;
    remit_result *r = NULL;
    ck_assert_int_eq(remit_evaluate(mini, json, strlen(json), &o, &r, NULL), REMIT_OK);
    cJSON *j = result_tree(r, 0);
    const cJSON *trace = member(j, "trace");
    ck_assert(cJSON_IsArray(trace));
    ck_assert(array_has(trace, "rule", "M-DECIDED"));
    const cJSON *ht = member(head_tree(j, 0), "trace");
    ck_assert(array_has(ht, "rule", "M-IN"));
    const cJSON *e;
    cJSON_ArrayForEach(e, ht)
    {
        if (strcmp(str_member(e, "rule"), "M-IN") == 0)
            ck_assert_str_eq(str_member(e, "state"), "fired");
        if (strcmp(str_member(e, "rule"), "M-POLICE") == 0)
            ck_assert_str_eq(str_member(e, "state"), "not_fired");
    }
    cJSON_Delete(j);
    remit_result_free(r);
    r = eval_mini(json);
    j = result_tree(r, 0);
    ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(j, "trace"));
    ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(head_tree(j, 0), "trace"));
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(evaluate_should_use_the_system_date_when_today_is_zero)
{
    const char *json = ENGLAND(HEAD_IN);
    remit_result *r = NULL;
    ck_assert_int_eq(remit_evaluate(mini, json, strlen(json), NULL, &r, NULL),
                     REMIT_OK);
    cJSON *j = result_tree(r, 0);
    const char *d = str_member(j, "evaluated_on");
    ck_assert_uint_eq(strlen(d), 10);
    ck_assert_int_ge(atoi(d), 2025);
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

/* ====================================================================== */
/* Complaint errors: the exact diagnostic of each                          */
/* ====================================================================== */

START_TEST(evaluate_should_report_line_and_column_of_invalid_json)
{
    expect_syntax_error("{\"nation\": \"england\",\n  \"heads\": [{\"actor\": police}]}",
                        "json-syntax", "invalid JSON: unexpected 'p'", 2, 23,
                        "  \"heads\": [{\"actor\": police}]}");
}
END_TEST

START_TEST(evaluate_should_report_a_trailing_comma_in_json)
{
    expect_syntax_error("{\"nation\": \"england\", \"heads\": [{}],}",
                        "json-syntax", "invalid JSON: unexpected '}'", 1, 37,
                        "{\"nation\": \"england\", \"heads\": [{}],}");
}
END_TEST

START_TEST(evaluate_should_report_json_that_ends_too_early)
{
    expect_syntax_error("{\"nation\": \"england\", \"heads\": [{}]",
                        "json-syntax",
                        "invalid JSON: the text ends before the JSON value is "
                        "complete",
                        1, 36, "{\"nation\": \"england\", \"heads\": [{}]");
}
END_TEST

START_TEST(evaluate_should_report_text_after_the_complaint)
{
    expect_syntax_error("{\"nation\": \"england\", \"heads\": [{}]} x",
                        "json-trailing",
                        "invalid JSON: more text after the complaint's closing "
                        "brace",
                        1, 38, "{\"nation\": \"england\", \"heads\": [{}]} x");
}
END_TEST

START_TEST(evaluate_should_report_empty_input)
{
    expect_syntax_error("", "json-syntax", "invalid JSON: the input is empty", 1,
                        1, NULL);
    expect_syntax_error(" \n ", "json-syntax", "invalid JSON: the input is empty",
                        2, 2, " ");
}
END_TEST

START_TEST(evaluate_should_require_a_json_object)
{
    expect_input_error("[1]", REMIT_EINPUT, "json-type",
                       "a complaint must be a JSON object, not an array", "");
    expect_input_error("\"england\"", REMIT_EINPUT, "json-type",
                       "a complaint must be a JSON object, not a string", "");
}
END_TEST

START_TEST(evaluate_should_require_heads)
{
    expect_input_error("{\"nation\": \"england\"}", REMIT_EINPUT,
                       "missing-heads",
                       "missing: a complaint needs \"heads\", an array with one "
                       "object per thing complained about",
                       "/heads");
    expect_input_error("{\"nation\": \"england\", \"heads\": []}", REMIT_EINPUT,
                       "missing-heads",
                       "a complaint needs at least one head of complaint",
                       "/heads");
}
END_TEST

START_TEST(evaluate_should_require_heads_to_be_an_array)
{
    expect_input_error("{\"nation\": \"england\", \"heads\": {}}", REMIT_EINPUT,
                       "json-type",
                       "expected an array of heads of complaint, found an object",
                       "/heads");
}
END_TEST

START_TEST(evaluate_should_require_each_head_to_be_an_object)
{
    expect_input_error(ENGLAND("{}, 1"), REMIT_EINPUT, "json-type",
                       "a head of complaint must be an object, not a number",
                       "/heads/1");
}
END_TEST

START_TEST(evaluate_should_report_a_bool_fact_of_the_wrong_type)
{
    expect_input_error("{\"nation\": \"england\", \"previously_decided\": \"yes\", "
                       "\"heads\": [{}]}",
                       REMIT_EINPUT, "bad-type",
                       "expected true or false, found \"yes\"",
                       "/previously_decided");
}
END_TEST

START_TEST(evaluate_should_report_an_enum_fact_of_the_wrong_type)
{
    expect_input_error(ENGLAND("{\"actor\": 1}"), REMIT_EINPUT, "bad-type",
                       "expected one of \"council_employee\", \"police\", found "
                       "a number",
                       "/heads/0/actor");
}
END_TEST

START_TEST(evaluate_should_report_a_date_fact_of_the_wrong_type)
{
    expect_input_error(ENGLAND("{\"first_aware_date\": 20250101}"), REMIT_EINPUT,
                       "bad-type",
                       "expected a date \"YYYY-MM-DD\", found a number",
                       "/heads/0/first_aware_date");
}
END_TEST

START_TEST(evaluate_should_report_an_integer_fact_of_the_wrong_type)
{
    expect_input_error("{\"nation\": \"england\", \"children_count\": \"2\", "
                       "\"heads\": [{}]}",
                       REMIT_EINPUT, "bad-type",
                       "expected a whole number, found \"2\"", "/children_count");
    expect_input_error("{\"nation\": \"england\", \"children_count\": 1.5, "
                       "\"heads\": [{}]}",
                       REMIT_EINPUT, "bad-type",
                       "expected a whole number, found 1.5",
                       "/children_count");
}
END_TEST

START_TEST(evaluate_should_report_a_set_fact_of_the_wrong_type)
{
    expect_input_error("{\"nation\": \"england\", \"remedy_sought\": \"money\", "
                       "\"heads\": [{}]}",
                       REMIT_EINPUT, "bad-type",
                       "expected an array of values, found \"money\"",
                       "/remedy_sought");
}
END_TEST

START_TEST(evaluate_should_report_the_pointer_of_a_bad_set_item)
{
    expect_input_error("{\"nation\": \"england\", \"remedy_sought\": [\"money\", "
                       "\"cake\"], \"heads\": [{}]}",
                       REMIT_EINPUT, "bad-value",
                       "\"cake\" is not an allowed value (allowed: \"apology\", "
                       "\"money\", \"child_returned\")",
                       "/remedy_sought/1");
}
END_TEST

START_TEST(evaluate_should_report_a_text_fact_of_the_wrong_type)
{
    expect_input_error(ENGLAND("{\"summary\": 5}"), REMIT_EINPUT, "bad-type",
                       "expected text (a string), found a number",
                       "/heads/0/summary");
}
END_TEST

START_TEST(evaluate_should_report_json_pointer_and_allowed_values_for_bad_enum)
{
    expect_input_error(ENGLAND("{}, {\"actor\": \"polise\"}"), REMIT_EINPUT,
                       "bad-value",
                       "\"polise\" is not an allowed value (allowed: "
                       "\"council_employee\", \"police\")",
                       "/heads/1/actor");
}
END_TEST

START_TEST(evaluate_should_reject_a_date_that_does_not_exist)
{
    expect_input_error(ENGLAND("{\"first_aware_date\": \"2023-02-30\"}"),
                       REMIT_EINPUT, "bad-date",
                       "\"2023-02-30\" is not a real date",
                       "/heads/0/first_aware_date");
}
END_TEST

START_TEST(evaluate_should_reject_a_date_in_another_format)
{
    expect_input_error(ENGLAND("{\"first_aware_date\": \"14/03/2025\"}"),
                       REMIT_EINPUT, "bad-date",
                       "expected a date \"YYYY-MM-DD\" (ISO 8601), or "
                       "\"YYYY-MM\" or \"YYYY\" when only the month or year is "
                       "known, found \"14/03/2025\"",
                       "/heads/0/first_aware_date");
}
END_TEST

START_TEST(evaluate_should_reject_a_duplicate_member)
{
    expect_input_error("{\"nation\": \"england\", \"nation\": \"england\", "
                       "\"heads\": [{}]}",
                       REMIT_EINPUT, "duplicate-member",
                       "member \"nation\" appears more than once", "/nation");
    expect_input_error(ENGLAND("{\"actor\": \"police\", \"actor\": \"police\"}"),
                       REMIT_EINPUT, "duplicate-member",
                       "member \"actor\" appears more than once",
                       "/heads/0/actor");
}
END_TEST

START_TEST(evaluate_should_reject_an_id_that_is_not_a_string)
{
    expect_input_error("{\"id\": 5, \"nation\": \"england\", \"heads\": [{}]}",
                       REMIT_EINPUT, "json-type",
                       "expected the complaint's id as a string, found a number",
                       "/id");
}
END_TEST

/* Evaluates json (which must succeed) and checks its one diagnostic is a
 * warning with this code, message and pointer. */
static void expect_warning(const char *json, const char *code,
                           const char *message, const char *pointer)
{
    remit_eval_options o = on(2026, 3, 13);
    remit_result *r = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_evaluate(mini, json, strlen(json), &o, &r, &d), REMIT_OK);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(remit_diagnostics_count(d), 1);
    ck_assert_uint_eq(remit_diagnostics_count_severity(d, REMIT_SEVERITY_WARNING), 1);
    check_diag(remit_diagnostics_get(d, 0), REMIT_EINPUT, REMIT_SEVERITY_WARNING,
               code, message, 0, 0, pointer);
    ck_assert_str_eq(remit_result_verdict(r), "in_scope");
    remit_diagnostics_free(d);
    remit_result_free(r);
}

START_TEST(evaluate_should_warn_of_an_unknown_member_and_still_evaluate)
{
    expect_warning(ENGLAND("{\"summary\": \"s\", \"actor\": \"council_employee\", "
                           "\"court_relation\": \"none\", \"raised_with_council\": "
                           "true, \"first_aware_date\": \"2025-06-01\", "
                           "\"colour\": \"red\"}"),
                   "unknown-member",
                   "unknown member \"colour\" is ignored (not a fact of ruleset "
                   "mini-england; see 'remit facts')",
                   "/heads/0/colour");
}
END_TEST

START_TEST(evaluate_should_warn_of_a_head_fact_given_at_the_top_level)
{
    expect_warning("{\"nation\": \"england\", \"first_aware_date\": \"2025-01-01\", "
                   "\"heads\": [" HEAD_IN "]}",
                   "misplaced-member",
                   "\"first_aware_date\" is not read here: it is a fact of each "
                   "head: put it inside the objects of \"heads\"",
                   "/first_aware_date");
}
END_TEST

START_TEST(evaluate_should_warn_of_a_complaint_fact_given_in_a_head)
{
    expect_warning(ENGLAND("{\"nation\": \"england\", \"summary\": \"s\", "
                           "\"actor\": \"council_employee\", \"court_relation\": "
                           "\"none\", \"raised_with_council\": true, "
                           "\"first_aware_date\": \"2025-06-01\"}"),
                   "misplaced-member",
                   "\"nation\" is not read here: it is a fact of the whole "
                   "complaint: put it at the top level",
                   "/heads/0/nation");
}
END_TEST

START_TEST(evaluate_strict_should_turn_an_unknown_member_into_an_error)
{
    const char *json = ENGLAND("{\"colour\": \"red\"}");
    remit_eval_options o = on(2026, 3, 13);
    o.flags = REMIT_EVAL_STRICT;
    remit_result *r = (remit_result *)&r;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_evaluate(mini, json, strlen(json), &o, &r, &d),
                     REMIT_EINPUT);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(remit_diagnostics_count(d), 1);
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    ck_assert_int_eq(x->severity, REMIT_SEVERITY_ERROR);
    ck_assert_str_eq(x->code, "unknown-member");
    ck_assert_pstr_eq(x->pointer, "/heads/0/colour");
    remit_diagnostics_free(d);
}
END_TEST

START_TEST(evaluate_should_report_enoruleset_for_a_welsh_complaint_against_mini)
{
    expect_input_error("{\"nation\": \"wales\", \"heads\": [{}]}",
                       REMIT_ENORULESET, "no-ruleset",
                       "no loaded ruleset applies to this complaint (mini-england "
                       "applies when nation == \"england\")",
                       "");
}
END_TEST

START_TEST(evaluate_should_reject_an_evaluation_date_that_does_not_exist)
{
    const char *json = ENGLAND(HEAD_IN);
    remit_eval_options o = on(2023, 2, 30);
    remit_result *r = (remit_result *)&r;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_evaluate(mini, json, strlen(json), &o, &r, &d),
                     REMIT_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(remit_diagnostics_count(d), 1);
    check_diag(remit_diagnostics_get(d, 0), REMIT_EINVAL, REMIT_SEVERITY_ERROR,
               "bad-date", "the evaluation date 2023-02-30 is not a real date", 0,
               0, NULL);
    remit_diagnostics_free(d);
}
END_TEST

START_TEST(evaluate_should_reject_null_arguments_with_einval)
{
    const char *json = ENGLAND(HEAD_IN);
    remit_result *r = (remit_result *)&r;
    remit_diagnostics *d = (remit_diagnostics *)&d;
    ck_assert_int_eq(remit_evaluate(NULL, json, strlen(json), NULL, &r, &d),
                     REMIT_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_ptr_null(d);
    r = (remit_result *)&r;
    ck_assert_int_eq(remit_evaluate(mini, NULL, 5, NULL, &r, NULL), REMIT_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(remit_evaluate(mini, json, strlen(json), NULL, NULL, NULL),
                     REMIT_EINVAL);
}
END_TEST

START_TEST(evaluate_should_return_the_error_status_without_a_diagnostics_list)
{
    const char *json = "[1]";
    remit_result *r = (remit_result *)&r;
    ck_assert_int_eq(remit_evaluate(mini, json, strlen(json), NULL, &r, NULL),
                     REMIT_EINPUT);
    ck_assert_ptr_null(r);
}
END_TEST

START_TEST(evaluate_should_read_only_len_bytes_of_the_complaint)
{
    const char *text = ENGLAND(HEAD_POLICE) "garbage";
    remit_result *r = NULL;
    remit_eval_options o = on(2026, 3, 13);
    ck_assert_int_eq(remit_evaluate(mini, text, strlen(text) - 7, &o, &r, NULL),
                     REMIT_OK);
    ck_assert_str_eq(remit_result_verdict(r), "out_of_jurisdiction");
    remit_result_free(r);
}
END_TEST

/* ====================================================================== */
/* Results                                                                */
/* ====================================================================== */

START_TEST(result_json_should_have_the_documented_fields)
{
    remit_result *r = eval_mini("{\"id\": \"c1\", \"nation\": \"england\", "
                                "\"heads\": [" HEAD_POLICE ", {}]}");
    cJSON *j = result_tree(r, REMIT_JSON_PRETTY);
    ck_assert_str_eq(str_member(j, "remit_version"), REMIT_VERSION_STRING);
    ck_assert_str_eq(str_member(j, "id"), "c1");
    const cJSON *rs = member(j, "ruleset");
    ck_assert_str_eq(str_member(rs, "id"), "mini-england");
    ck_assert_str_eq(str_member(rs, "version"), "0.1.0");
    remit_ruleset_info info;
    ck_assert_int_eq(remit_ruleset_get_info(mini, 0, &info), REMIT_OK);
    ck_assert_str_eq(str_member(rs, "digest"), info.digest);
    ck_assert_str_eq(str_member(j, "evaluated_on"), "2026-03-13");
    ck_assert_str_eq(str_member(j, "verdict"), "needs_information");
    ck_assert_str_eq(str_member(j, "provisional_verdict"), "partly_in_scope");
    ck_assert(cJSON_IsBool(member(j, "discretionary")));
    ck_assert(cJSON_IsArray(member(j, "in_scope_heads")));
    ck_assert(cJSON_IsArray(member(j, "not_in_scope_heads")));
    ck_assert(cJSON_IsArray(member(j, "questions")));
    ck_assert_int_eq(cJSON_GetArraySize(member(j, "questions")), 4);
    ck_assert(cJSON_IsArray(member(j, "presumed")));
    ck_assert_int_eq(cJSON_GetArraySize(member(j, "heads")), 2);

    const cJSON *h = head_tree(j, 0);
    ck_assert_str_eq(str_member(h, "verdict"), "out_of_jurisdiction");
    ck_assert_str_eq(str_member(h, "deciding_rule"), "M-POLICE");
    ck_assert_str_eq(str_member(h, "summary"), "The police took my son");
    const cJSON *reasons = member(h, "reasons");
    ck_assert_int_eq(cJSON_GetArraySize(reasons), 1);
    const cJSON *reason = cJSON_GetArrayItem(reasons, 0);
    ck_assert_str_eq(str_member(reason, "rule"), "M-POLICE");
    const cJSON *cites = member(reason, "citations");
    ck_assert_int_eq(cJSON_GetArraySize(cites), 1);
    const cJSON *c = cJSON_GetArrayItem(cites, 0);
    ck_assert_str_eq(str_member(c, "title"),
                     "LGO fact sheet \"Child protection issues\" (March 2017)");
    ck_assert_str_eq(str_member(c, "section"), "How do I complain?");
    ck_assert_str_eq(str_member(c, "quote"),
                     "we cannot usually consider the actions of individuals "
                     "from other agencies such as the Police");
    ck_assert(cJSON_IsNull(member(c, "url"))); /* this source has none */
    const cJSON *facts = member(reason, "facts");
    ck_assert_str_eq(str_member(facts, "actor"), "police");
    ck_assert(cJSON_IsArray(member(h, "next_steps")));
    ck_assert(cJSON_IsArray(member(h, "questions")));

    const cJSON *h1 = head_tree(j, 1);
    ck_assert_str_eq(str_member(h1, "verdict"), "needs_information");
    ck_assert(cJSON_IsNull(member(h1, "deciding_rule")));
    ck_assert_int_eq(cJSON_GetArraySize(member(h1, "questions")), 4);
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(result_json_should_give_the_url_of_a_citation)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_COURT));
    cJSON *j = result_tree(r, 0);
    const cJSON *reason = cJSON_GetArrayItem(member(head_tree(j, 0), "reasons"), 0);
    const cJSON *c = cJSON_GetArrayItem(member(reason, "citations"), 0);
    ck_assert_str_eq(str_member(c, "url"),
                     "https://www.legislation.gov.uk/ukpga/1974/7/schedule/5");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(result_json_compact_should_drop_the_quotes)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_POLICE));
    const char *full = remit_result_json(r, 0);
    ck_assert_ptr_nonnull(strstr(full, "\"quote\""));
    ck_assert_ptr_null(strchr(full, '\n'));
    const char *compact = remit_result_json(r, REMIT_JSON_COMPACT);
    ck_assert_ptr_null(strstr(compact, "\"quote\""));
    ck_assert_ptr_null(strstr(compact, "such as the Police"));
    cJSON *j = result_tree(r, REMIT_JSON_COMPACT);
    ck_assert_str_eq(str_member(j, "verdict"), "out_of_jurisdiction");
    cJSON_Delete(j);
    const char *pretty = remit_result_json(r, REMIT_JSON_PRETTY);
    ck_assert_ptr_nonnull(strchr(pretty, '\n'));
    remit_result_free(r);
}
END_TEST

START_TEST(result_json_compact_should_hold_only_the_routing_fields)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_IN ", " HEAD_POLICE));
    cJSON *j = result_tree(r, REMIT_JSON_COMPACT);
    /* The complaint: id, verdict, heads, questions; nothing for a reader. */
    const char *top[] = {"id", "verdict", "heads", "questions"};
    ck_assert_int_eq(cJSON_GetArraySize(j), 4);
    for (size_t k = 0; k < 4; k++) member(j, top[k]);
    ck_assert_str_eq(str_member(j, "verdict"), REMIT_VERDICT_PARTLY_IN_SCOPE);
    /* Per head: its verdict, the deciding rule, the rules that gave it. */
    const cJSON *h = head_tree(j, 1);
    ck_assert_int_eq(cJSON_GetArraySize(h), 3);
    ck_assert_str_eq(str_member(h, "verdict"), "out_of_jurisdiction");
    const char *rule = str_member(h, "deciding_rule");
    const cJSON *rules = member(h, "rules");
    ck_assert_int_ge(cJSON_GetArraySize(rules), 1);
    ck_assert_str_eq(cJSON_GetArrayItem(rules, 0)->valuestring, rule);
    ck_assert_str_eq(str_member(head_tree(j, 0), "verdict"), "in_scope");
    ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(h, "reasons"));
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

START_TEST(result_text_should_start_with_the_verdict_and_have_no_colour_by_default)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_IN ", " HEAD_POLICE));
    const char *t = remit_result_text(r, 0, 0);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(strncmp(t, "Verdict: ", 9), 0);
    ck_assert_ptr_null(strchr(t, '\x1b'));
    t = remit_result_text(r, 60, REMIT_TEXT_EXPLAIN);
    ck_assert_int_eq(strncmp(t, "Verdict: ", 9), 0);
    ck_assert_ptr_null(strchr(t, '\x1b'));
    t = remit_result_text(r, 0, REMIT_TEXT_COLOR);
    ck_assert_ptr_nonnull(strstr(t, "\x1b["));
    remit_result_free(r);
}
END_TEST

/* Asserts no line of t is longer than width, unless it cannot be broken
 * (indentation and one word, such as a URL or a long value). */
static void check_wrapped(const char *t, unsigned width)
{
    for (const char *l = t; *l;) {
        size_t n = strcspn(l, "\n");
        if (n > width) {
            char line[1024];
            snprintf(line, sizeof line, "%.*s", (int)n, l);
            const char *word = line + strspn(line, " ");
            ck_assert_msg(strchr(word, ' ') == NULL,
                          "line of %zu columns at width %u: '%s'", n, width,
                          line);
        }
        l += n;
        if (*l) l++;
    }
}

START_TEST(result_text_should_wrap_to_the_width_asked)
{
    remit_result *r = eval_mini(ENGLAND(HEAD_IN ", " HEAD_POLICE));
    check_wrapped(remit_result_text(r, 0, 0), 80);
    check_wrapped(remit_result_text(r, 40, 0), 40);
    remit_result_free(r);
}
END_TEST

START_TEST(result_accessors_should_return_null_or_zero_for_null_and_out_of_range)
{
    ck_assert_ptr_null(remit_result_verdict(NULL));
    ck_assert_ptr_null(remit_result_provisional(NULL));
    ck_assert(!remit_result_discretionary(NULL));
    ck_assert_ptr_null(remit_result_ruleset_id(NULL));
    ck_assert_ptr_null(remit_result_id(NULL));
    ck_assert_uint_eq(remit_result_head_count(NULL), 0);
    ck_assert_ptr_null(remit_result_head_verdict(NULL, 0));
    ck_assert_ptr_null(remit_result_head_rule(NULL, 0));
    ck_assert_uint_eq(remit_result_question_count(NULL), 0);
    remit_question q;
    ck_assert_int_eq(remit_result_get_question(NULL, 0, &q), REMIT_EINVAL);
    ck_assert_ptr_null(remit_result_json(NULL, 0));
    ck_assert_ptr_null(remit_result_text(NULL, 0, 0));

    remit_result *r = eval_mini(ENGLAND("{}"));
    ck_assert_ptr_null(remit_result_head_verdict(r, 1));
    ck_assert_ptr_null(remit_result_head_rule(r, 1));
    ck_assert_int_eq(remit_result_get_question(r, 4, &q), REMIT_EINVAL);
    ck_assert_int_eq(remit_result_get_question(r, 0, NULL), REMIT_EINVAL);
    remit_result_free(r);

    ck_assert_uint_eq(remit_ruleset_count(NULL), 0);
    remit_ruleset_info info;
    ck_assert_int_eq(remit_ruleset_get_info(NULL, 0, &info), REMIT_EINVAL);
    ck_assert_int_eq(remit_ruleset_get_info(mini, 1, &info), REMIT_EINVAL);
    ck_assert_int_eq(remit_ruleset_get_info(mini, 0, NULL), REMIT_EINVAL);
}
END_TEST

START_TEST(destructors_should_accept_null)
{
    remit_ruleset_free(NULL);
    remit_result_free(NULL);
    remit_diagnostics_free(NULL);
    remit_string_free(NULL, NULL);
    remit_string_free(mini, NULL);
}
END_TEST

START_TEST(ruleset_get_fact_should_describe_each_declared_fact_in_order)
{
    ck_assert_uint_eq(remit_ruleset_fact_count(mini, 0), 13);
    remit_fact_info f;
    ck_assert_int_eq(remit_ruleset_get_fact(mini, 0, 0, &f), REMIT_OK);
    ck_assert_str_eq(f.name, "nation");
    ck_assert_str_eq(f.key, "nation");
    ck_assert_str_eq(f.scope, "complaint");
    ck_assert_str_eq(f.type, "enum");
    ck_assert_str_eq(f.question, "Is the council in England or in Wales?");
    ck_assert_str_eq(f.help, "");
    ck_assert_uint_eq(f.value_count, 2);
    ck_assert_str_eq(f.values[0], "england");
    ck_assert_str_eq(f.values[1], "wales");
    ck_assert_str_eq(f.labels[0], "England");
    ck_assert_str_eq(f.labels[1], "Wales");
    ck_assert(!f.presumed);

    ck_assert_int_eq(remit_ruleset_get_fact(mini, 0, 2, &f), REMIT_OK);
    ck_assert_str_eq(f.name, "previously_decided");
    ck_assert_str_eq(f.type, "bool");
    ck_assert_uint_eq(f.value_count, 0);
    ck_assert(f.presumed);

    ck_assert_int_eq(remit_ruleset_get_fact(mini, 0, 3, &f), REMIT_OK);
    ck_assert_str_eq(f.name, "ombudsman_complaint_date");
    ck_assert_str_eq(f.help, "If not given, the evaluation date is used.");

    /* A value declared without a label has the label "". */
    ck_assert_int_eq(remit_ruleset_get_fact(mini, 0, 10, &f), REMIT_OK);
    ck_assert_str_eq(f.name, "court_relation");
    ck_assert_str_eq(f.scope, "head");
    ck_assert_uint_eq(f.value_count, 2);
    ck_assert_str_eq(f.values[1], "in_proceedings");
    ck_assert_str_eq(f.labels[1], "");

    ck_assert_int_eq(remit_ruleset_get_fact(mini, 0, 12, &f), REMIT_OK);
    ck_assert_str_eq(f.name, "first_aware_date");
    ck_assert_str_eq(f.type, "date");
}
END_TEST

START_TEST(ruleset_get_fact_should_reject_out_of_range_indexes)
{
    remit_fact_info f;
    ck_assert_uint_eq(remit_ruleset_fact_count(mini, 1), 0);
    ck_assert_uint_eq(remit_ruleset_fact_count(NULL, 0), 0);
    ck_assert_int_eq(remit_ruleset_get_fact(mini, 0, 13, &f), REMIT_EINVAL);
    ck_assert_int_eq(remit_ruleset_get_fact(mini, 1, 0, &f), REMIT_EINVAL);
    ck_assert_int_eq(remit_ruleset_get_fact(NULL, 0, 0, &f), REMIT_EINVAL);
    ck_assert_int_eq(remit_ruleset_get_fact(mini, 0, 0, NULL), REMIT_EINVAL);
}
END_TEST

START_TEST(ruleset_facts_and_schema_json_should_parse_and_name_the_facts)
{
    char *facts = NULL, *schema = NULL;
    ck_assert_int_eq(remit_ruleset_facts_json(mini, &facts), REMIT_OK);
    ck_assert_int_eq(remit_ruleset_schema_json(mini, &schema), REMIT_OK);
    cJSON *f = cJSON_Parse(facts), *s = cJSON_Parse(schema);
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(s);
    const cJSON *rs0 = cJSON_GetArrayItem(member(f, "rulesets"), 0);
    ck_assert_str_eq(str_member(rs0, "id"), "mini-england");
    ck_assert_int_eq(cJSON_GetArraySize(member(rs0, "facts")), 13);
    ck_assert(array_has(member(rs0, "facts"), "name", "first_aware_date"));
    const cJSON *props = member(s, "properties");
    member(props, "nation");
    const cJSON *hp = member(member(member(member(props, "heads"), "items"),
                                    "properties"),
                             "first_aware_date");
    /* A day, a month or a year. */
    ck_assert_str_eq(str_member(hp, "pattern"), "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$");
    cJSON_Delete(f);
    cJSON_Delete(s);
    remit_string_free(mini, facts);
    remit_string_free(mini, schema);
    char *out = (char *)&out;
    ck_assert_int_eq(remit_ruleset_facts_json(NULL, &out), REMIT_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(remit_ruleset_schema_json(mini, NULL), REMIT_EINVAL);
}
END_TEST

/* ====================================================================== */
/* The caller's allocator                                                 */
/* ====================================================================== */

START_TEST(a_custom_allocator_should_see_every_allocation_and_get_all_back)
{
    counting c = COUNTING_INIT;
    remit_config cfg = {locked_alloc, &c, 0};
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_ruleset_load(MINI, &cfg, &rs, &d), REMIT_OK);
    size_t after_load = c.allocs;
    ck_assert_uint_gt(after_load, 0);
    remit_diagnostics_free(d);

    const char *json = "{\"id\": \"x\", \"nation\": \"england\", \"heads\": ["
                       HEAD_IN ", {}]}";
    remit_eval_options o = on(2026, 3, 13);
    o.flags = REMIT_EVAL_TRACE;
    remit_result *r = NULL;
    ck_assert_int_eq(remit_evaluate(rs, json, strlen(json), &o, &r, &d), REMIT_OK);
    ck_assert_ptr_nonnull(remit_result_json(r, REMIT_JSON_PRETTY));
    ck_assert_ptr_nonnull(remit_result_text(r, 0, REMIT_TEXT_EXPLAIN));
    remit_question q;
    ck_assert_int_eq(remit_result_get_question(r, 0, &q), REMIT_OK);
    ck_assert_uint_gt(c.allocs, after_load);
    char *facts = NULL;
    ck_assert_int_eq(remit_ruleset_facts_json(rs, &facts), REMIT_OK);
    remit_string_free(rs, facts);
    remit_result_free(r);
    remit_diagnostics_free(d);
    ck_assert_int_gt(c.live, 0); /* the ruleset */
    remit_ruleset_free(rs);
    ck_assert_int_eq(c.live, 0);

    /* A failed load gives everything back too. */
    char *text = edited("cite: [s1]", "cite: [s9]");
    ck_assert_int_eq(remit_ruleset_load_memory("t.yaml", text, strlen(text), &cfg,
                                               &rs, &d),
                     REMIT_ERULES);
    ck_assert_uint_eq(remit_diagnostics_count(d), 1);
    remit_diagnostics_free(d);
    ck_assert_int_eq(c.live, 0);
    free(text);
}
END_TEST

START_TEST(load_and_evaluate_should_fail_cleanly_when_any_allocation_fails)
{
    /* Count the allocations of one load, one evaluation and its JSON, then
     * fail each in turn: REMIT_ENOMEM (a NULL JSON text), no ruleset or
     * result left behind, nothing leaked.  Every bad run is listed. */
    counting c = COUNTING_INIT;
    remit_config cfg = {locked_alloc, &c, 0};
    size_t len;
    char *text = read_whole(MINI, &len);
    const char *json = "{\"nation\": \"england\", \"heads\": [" HEAD_IN ", {}]}";
    remit_eval_options o = on(2026, 3, 13);
    char report[2048] = "";
    size_t at = 0;
    int bad = 0;
    long n;
    for (n = 1;; n++) {
        counting_fail_at(&c, (size_t)n);
        remit_ruleset *rs = NULL;
        remit_diagnostics *d = NULL;
        remit_status st = remit_ruleset_load_memory("mini", text, len, &cfg, &rs, &d);
        const char *stage = "load";
        bool dangling = st != REMIT_OK && rs != NULL;
        remit_result *r = NULL;
        if (st == REMIT_OK) {
            remit_diagnostics_free(d);
            d = NULL;
            stage = "evaluate";
            st = remit_evaluate(rs, json, strlen(json), &o, &r, &d);
            dangling = st != REMIT_OK && r != NULL;
            if (st == REMIT_OK) {
                stage = "result_json";
                if (!remit_result_json(r, 0)) st = REMIT_ENOMEM;
            }
        }
        remit_result_free(r);
        remit_diagnostics_free(d);
        remit_ruleset_free(rs);
        const char *problem = NULL;
        if (c.failed && st != REMIT_ENOMEM) problem = remit_status_str(st);
        else if (!c.failed && st != REMIT_OK) problem = remit_status_str(st);
        else if (dangling) problem = "out parameter not NULL";
        else if (c.live != 0) problem = "leak";
        if (problem) {
            bad++;
            if (at < sizeof report - 100)
                at += (size_t)snprintf(report + at, sizeof report - at,
                                       " [allocation %ld failed in %s: %s]", n,
                                       stage, problem);
            c.live = 0;
        }
        if (!c.failed) break;
    }
    free(text);
    /* The load, the evaluation and the JSON (libcyaml's data is in a
     * scratch arena, a few chunks: loader.c). */
    ck_assert_int_gt(n, 25);
    ck_assert_msg(bad == 0, "%d of %ld runs went wrong:%s", bad, n - 1, report);
}
END_TEST

/* ====================================================================== */
/* Threads                                                                */
/* ====================================================================== */

#define NTHREADS 8
#define PER_THREAD 200

static const char *const thread_cases[] = {
    ENGLAND(HEAD_IN),
    ENGLAND(HEAD_IN ", " HEAD_POLICE),
    ENGLAND("{}"),
    ENGLAND(HEAD_PREMATURE ", " HEAD_COURT),
    "{\"heads\": [{}]}",
    ("{\"nation\": \"england\", \"complainant_role\": \"child\", \"heads\": ["
     "{\"first_aware_date\": \"2024-02-29\", \"actor\": \"council_employee\"}]}"),
    /* Errors and warnings too. */
    ENGLAND("{\"actor\": \"polise\"}"),
    "{\"nation\": \"england\",\n \"heads\": [}",
    ENGLAND("{\"colour\": \"red\"}"),
};
#define NCASES (sizeof thread_cases / sizeof thread_cases[0])

/* Everything one traced evaluation of json on 13 March 2026 gives (free it). */
static char *traced_text(const remit_ruleset *rs, const char *json)
{
    remit_eval_options o = on(2026, 3, 13);
    o.flags = REMIT_EVAL_TRACE;
    return evaluation_text(rs, json, strlen(json), &o);
}

typedef struct worker {
    const remit_ruleset *rs;
    char *const *expect;
    int index;
    int mismatches;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < PER_THREAD; i++) {
        size_t k = (size_t)(i + w->index) % NCASES;
        char *got = traced_text(w->rs, thread_cases[k]);
        if (strcmp(got, w->expect[k]) != 0) w->mismatches++;
        free(got);
    }
    return NULL;
}

START_TEST(evaluate_should_give_the_same_results_from_eight_threads_at_once)
{
    char *expect[NCASES];
    for (size_t k = 0; k < NCASES; k++) expect[k] = traced_text(mini, thread_cases[k]);
    ck_assert_ptr_nonnull(strstr(expect[0], "\"verdict\": \"in_scope\""));
    ck_assert_ptr_nonnull(strstr(expect[6], "is not an allowed value"));
    ck_assert_ptr_nonnull(strstr(expect[7], "invalid JSON"));
    ck_assert_ptr_nonnull(strstr(expect[8], "warning: unknown member"));
    pthread_t tid[NTHREADS];
    worker w[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        w[t] = (worker){mini, expect, t, 0};
        ck_assert_int_eq(pthread_create(&tid[t], NULL, work, &w[t]), 0);
    }
    int mismatches = 0;
    for (int t = 0; t < NTHREADS; t++) {
        ck_assert_int_eq(pthread_join(tid[t], NULL), 0);
        mismatches += w[t].mismatches;
    }
    for (size_t k = 0; k < NCASES; k++) free(expect[k]);
    ck_assert_int_eq(mismatches, 0);
}
END_TEST

/* ====================================================================== */
/* Suites                                                                 */
/* ====================================================================== */


/* A fact declared with a dotted key is read from a nested object, its
 * question points into it, and a nested member of the wrong type is an
 * error at its pointer. */
static const char nested_rules[] =
    "ruleset: {id: nest, title: Nested, jurisdiction: E, version: '1', "
    "law_checked: 2026-01-01, applies_when: nation == \"england\"}\n"
    "sources: [{id: s, title: T, section: S, quote: Q}]\n"
    "facts:\n"
    "  - {name: nation, scope: complaint, type: enum, values: [{value: england}], question: Where?}\n"
    "  - {name: proceedings, key: court.proceedings, scope: complaint, type: enum,"
    " values: [{value: none}, {value: ongoing}], question: Court?}\n"
    "  - {name: same, key: court.same_matters, scope: complaint, type: bool, question: Same?}\n"
    "outcomes: [{id: out, label: Out, in_scope: false}, {id: in, label: In, in_scope: true}]\n"
    "default_outcome: in\n"
    "rules:\n"
    "  - {id: R1, title: C, scope: complaint, when: proceedings == \"ongoing\" and same == true,"
    " outcome: out, explanation: E, cite: [s]}\n";

static remit_result *eval_nested(const char *json, remit_status want)
{
    remit_ruleset *rs = load_text("nest.yaml", nested_rules, strlen(nested_rules));
    remit_eval_options opt = {2026, 11, 22, 0, "c.json"};
    remit_result *res = NULL;
    remit_diagnostics *d = NULL;
    ck_assert_int_eq(remit_evaluate(rs, json, strlen(json), &opt, &res, &d), want);
    if (want != REMIT_OK) {
        const remit_diagnostic *x = remit_diagnostics_get(d, 0);
        ck_assert_ptr_nonnull(x);
        ck_assert_str_eq(x->pointer, "/court");
        ck_assert_str_eq(x->message, "expected an object, found \"x\"");
    }
    remit_diagnostics_free(d);
    remit_ruleset_free(rs);
    return res; /* valid: the result does not refer to the ruleset's text */
}

START_TEST(evaluate_should_read_facts_with_dotted_keys_from_nested_objects)
{
    remit_ruleset *rs = load_text("nest.yaml", nested_rules, strlen(nested_rules));
    remit_eval_options opt = {2026, 11, 22, 0, "c.json"};
    remit_result *res = NULL;
    const char *decided = "{\"nation\":\"england\",\"court\":{\"proceedings\":"
                          "\"ongoing\",\"same_matters\":true},\"heads\":[{}]}";
    ck_assert_int_eq(remit_evaluate(rs, decided, strlen(decided), &opt, &res, NULL),
                     REMIT_OK);
    ck_assert_str_eq(remit_result_verdict(res), "out");
    remit_result_free(res);
    const char *partial = "{\"nation\":\"england\",\"court\":{\"proceedings\":"
                          "\"ongoing\"},\"heads\":[{}]}";
    ck_assert_int_eq(remit_evaluate(rs, partial, strlen(partial), &opt, &res, NULL),
                     REMIT_OK);
    ck_assert_str_eq(remit_result_verdict(res), "needs_information");
    remit_question q;
    ck_assert_int_eq(remit_result_get_question(res, 0, &q), REMIT_OK);
    ck_assert_str_eq(q.pointer, "/court/same_matters");
    remit_result_free(res);
    remit_ruleset_free(rs);
    ck_assert_ptr_null(eval_nested("{\"nation\":\"england\",\"court\":\"x\",\"heads\":[{}]}",
                                   REMIT_EINPUT));
}
END_TEST


/* What would change it: computed from the rules for heads not in scope,
 * only for facts marked what_if, with date boundaries found exactly. */
START_TEST(result_should_say_what_would_change_a_premature_or_late_head)
{
    remit_result *r = eval_mini(
        "{\"nation\": \"england\", \"heads\": ["
        "{\"actor\": \"council_employee\", \"court_relation\": \"none\", "
        "\"raised_with_council\": false, \"first_aware_date\": \"2026-01-10\"},"
        "{\"summary\": \"x\", \"actor\": \"council_employee\", \"court_relation\": "
        "\"none\", \"raised_with_council\": true, \"first_aware_date\": \"2025-03-13\"}]}");
    cJSON *j = result_tree(r, 0);
    const cJSON *h0 = cJSON_GetArrayItem(member(j, "heads"), 0);
    const cJSON *w0 = member(h0, "what_would_change");
    ck_assert_int_eq(cJSON_GetArraySize(w0), 1);
    const cJSON *c = cJSON_GetArrayItem(w0, 0);
    ck_assert_str_eq(str_member(c, "fact"), "raised_with_council");
    ck_assert_str_eq(str_member(c, "pointer"), "/heads/0/raised_with_council");
    ck_assert_str_eq(str_member(c, "change"), "equals");
    ck_assert(cJSON_IsTrue(member(c, "value")));
    ck_assert_str_eq(str_member(c, "verdict"), "in_scope");
    /* The late head (evaluated 2026-03-13): in time if first known on or
     * after 2025-03-14, the first day whose 12 months reach today. */
    const cJSON *h1 = cJSON_GetArrayItem(member(j, "heads"), 1);
    ck_assert_str_eq(str_member(h1, "verdict"), "late");
    const cJSON *w1 = member(h1, "what_would_change");
    ck_assert_int_eq(cJSON_GetArraySize(w1), 1);
    c = cJSON_GetArrayItem(w1, 0);
    ck_assert_str_eq(str_member(c, "fact"), "first_aware_date");
    ck_assert_str_eq(str_member(c, "change"), "on_or_after");
    ck_assert_str_eq(str_member(c, "value"), "2025-03-14");
    cJSON_Delete(j);
    remit_result_free(r);
}
END_TEST

static Suite *api_suite(void)
{
    Suite *s = suite_create("api");

    TCase *tc = tcase_create("version");
    tcase_add_test(tc, version_should_match_the_header_macros);
    tcase_add_test(tc, status_str_should_describe_every_status_distinctly);
    tcase_add_test(tc, status_str_should_not_return_null_for_an_out_of_range_status);
    suite_add_tcase(s, tc);

    tc = tcase_create("load");
    tcase_add_test(tc, ruleset_load_should_load_mini_with_its_metadata);
    tcase_add_test(tc, ruleset_info_digest_should_be_the_sha256_of_the_file_bytes);
    tcase_add_test(tc, ruleset_load_memory_should_give_the_same_digest_as_the_file);
    tcase_add_test(tc, ruleset_load_should_load_both_shipped_rulesets_from_the_directory);
    tcase_add_test(tc, ruleset_load_should_choose_the_ruleset_that_applies_to_the_complaint);
    tcase_add_test(tc, ruleset_load_should_report_eio_for_a_missing_path);
    tcase_add_test(tc, ruleset_load_should_reject_a_directory_without_rule_files);
    tcase_add_test(tc, ruleset_load_should_reject_null_path_and_null_out_with_einval);
    tcase_add_test(tc, ruleset_load_should_return_the_error_status_without_a_diagnostics_list);
    tcase_add_test(tc, ruleset_load_should_report_an_error_in_a_rule_file_on_disk_with_its_path);
    tcase_add_test(tc, ruleset_load_of_a_directory_should_report_errors_of_every_file);
    tcase_add_test(tc, diagnostics_format_should_measure_like_snprintf);
    tcase_add_test(tc, diagnostics_accessors_should_accept_null_and_out_of_range);
    suite_add_tcase(s, tc);

    tc = tcase_create("rule_errors");
    tcase_add_test(tc, ruleset_load_should_accept_the_base_rules_of_these_tests);
    tcase_add_test(tc, ruleset_load_should_report_position_of_an_unknown_source_in_cite);
    tcase_add_test(tc, ruleset_load_should_report_an_unknown_contact_in_a_next_step);
    tcase_add_test(tc, ruleset_load_should_report_an_undeclared_outcome_of_a_rule);
    tcase_add_test(tc, ruleset_load_should_report_an_undeclared_default_outcome);
    tcase_add_test(tc, ruleset_load_should_report_a_duplicate_rule_id_at_the_second_rule);
    tcase_add_test(tc, ruleset_load_should_suggest_the_nearest_fact_for_an_unknown_fact);
    tcase_add_test(tc, ruleset_load_should_report_an_enum_value_that_is_not_declared);
    tcase_add_test(tc, ruleset_load_should_report_a_date_compared_with_an_enum);
    tcase_add_test(tc, ruleset_load_should_report_a_date_compared_with_a_string);
    tcase_add_test(tc, ruleset_load_should_report_a_condition_that_ends_too_early);
    tcase_add_test(tc, ruleset_load_should_report_an_unclosed_parenthesis);
    tcase_add_test(tc, ruleset_load_should_report_a_head_fact_read_by_a_complaint_rule);
    tcase_add_test(tc, ruleset_load_should_report_an_unknown_key_with_where_it_is);
    tcase_add_test(tc, ruleset_load_should_report_an_unknown_top_level_key);
    tcase_add_test(tc, ruleset_load_should_report_a_missing_required_key_at_its_mapping);
    tcase_add_test(tc, ruleset_load_should_report_a_missing_top_level_key);
    tcase_add_test(tc, ruleset_load_should_report_a_yaml_syntax_error_with_its_position);
    tcase_add_test(tc, ruleset_load_should_refuse_yaml_aliases);
    tcase_add_test(tc, ruleset_load_should_require_discretion_for_a_discretionary_rule);
    tcase_add_test(tc, ruleset_load_should_report_a_presumption_of_the_wrong_type);
    tcase_add_test(tc, ruleset_load_should_refuse_the_reserved_outcome_note);
    tcase_add_test(tc, ruleset_load_should_refuse_the_reserved_outcome_needs_information);
    tcase_add_test(tc, ruleset_load_should_report_an_impossible_law_checked_date);
    tcase_add_test(tc, ruleset_load_should_report_every_error_in_a_file);
    suite_add_tcase(s, tc);

    tc = tcase_create("evaluate");
    tcase_add_checked_fixture(tc, mini_setup, mini_teardown);
    tcase_add_test(tc, evaluate_should_find_the_councils_own_work_in_scope);
    tcase_add_test(tc, evaluate_should_put_what_the_police_did_out_of_jurisdiction);
    tcase_add_test(tc, evaluate_should_give_partly_in_scope_when_one_head_is_in_and_one_out);
    tcase_add_test(tc, evaluate_should_give_the_common_outcome_when_all_heads_agree);
    tcase_add_test(tc, evaluate_should_give_the_strongest_outcome_when_no_head_is_in_scope);
    tcase_add_test(tc, evaluate_should_ask_questions_most_decisive_first_when_facts_are_missing);
    tcase_add_test(tc, evaluate_should_order_questions_by_decisiveness_across_heads);
    tcase_add_test(tc, evaluate_should_give_a_provisional_out_verdict_while_a_head_needs_information);
    tcase_add_test(tc, evaluate_should_ask_which_nation_when_no_ruleset_can_be_chosen_yet);
    tcase_add_test(tc, evaluate_should_settle_a_court_head_without_asking_for_the_date);
    tcase_add_test(tc, evaluate_should_never_let_a_note_change_a_verdict);
    tcase_add_test(tc, evaluate_should_keep_the_last_day_of_the_twelve_months_in_time);
    tcase_add_test(tc, evaluate_should_find_late_the_day_after_the_twelve_months_as_discretionary);
    tcase_add_test(tc, evaluate_should_measure_lateness_to_the_ombudsman_complaint_date);
    tcase_add_test(tc, evaluate_should_end_twelve_months_from_29_february_on_28_february);
    tcase_add_test(tc, evaluate_should_presume_an_absent_fact_and_list_the_presumption);
    tcase_add_test(tc, evaluate_should_let_an_explicit_value_override_a_presumption);
    tcase_add_test(tc, evaluate_should_skip_weekends_and_holidays_in_working_days);
    tcase_add_test(tc, evaluate_should_echo_the_complaint_id);
    tcase_add_test(tc, evaluate_should_add_a_trace_only_when_asked);
    tcase_add_test(tc, evaluate_should_use_the_system_date_when_today_is_zero);
    suite_add_tcase(s, tc);

    tc = tcase_create("complaint_errors");
    tcase_add_test(tc, result_should_say_what_would_change_a_premature_or_late_head);
    tcase_add_test(tc, evaluate_should_read_facts_with_dotted_keys_from_nested_objects);
    tcase_add_checked_fixture(tc, mini_setup, mini_teardown);
    tcase_add_test(tc, evaluate_should_report_line_and_column_of_invalid_json);
    tcase_add_test(tc, evaluate_should_report_a_trailing_comma_in_json);
    tcase_add_test(tc, evaluate_should_report_text_after_the_complaint);
    tcase_add_test(tc, evaluate_should_report_empty_input);
    tcase_add_test(tc, evaluate_should_require_a_json_object);
    tcase_add_test(tc, evaluate_should_require_heads);
    tcase_add_test(tc, evaluate_should_require_heads_to_be_an_array);
    tcase_add_test(tc, evaluate_should_require_each_head_to_be_an_object);
    tcase_add_test(tc, evaluate_should_report_a_bool_fact_of_the_wrong_type);
    tcase_add_test(tc, evaluate_should_report_an_enum_fact_of_the_wrong_type);
    tcase_add_test(tc, evaluate_should_report_a_date_fact_of_the_wrong_type);
    tcase_add_test(tc, evaluate_should_report_an_integer_fact_of_the_wrong_type);
    tcase_add_test(tc, evaluate_should_report_a_set_fact_of_the_wrong_type);
    tcase_add_test(tc, evaluate_should_report_the_pointer_of_a_bad_set_item);
    tcase_add_test(tc, evaluate_should_report_a_text_fact_of_the_wrong_type);
    tcase_add_test(tc, evaluate_should_report_json_pointer_and_allowed_values_for_bad_enum);
    tcase_add_test(tc, evaluate_should_reject_a_date_that_does_not_exist);
    tcase_add_test(tc, evaluate_should_reject_a_date_in_another_format);
    tcase_add_test(tc, evaluate_should_reject_a_duplicate_member);
    tcase_add_test(tc, evaluate_should_reject_an_id_that_is_not_a_string);
    tcase_add_test(tc, evaluate_should_warn_of_an_unknown_member_and_still_evaluate);
    tcase_add_test(tc, evaluate_should_warn_of_a_head_fact_given_at_the_top_level);
    tcase_add_test(tc, evaluate_should_warn_of_a_complaint_fact_given_in_a_head);
    tcase_add_test(tc, evaluate_strict_should_turn_an_unknown_member_into_an_error);
    tcase_add_test(tc, evaluate_should_report_enoruleset_for_a_welsh_complaint_against_mini);
    tcase_add_test(tc, evaluate_should_reject_an_evaluation_date_that_does_not_exist);
    tcase_add_test(tc, evaluate_should_reject_null_arguments_with_einval);
    tcase_add_test(tc, evaluate_should_return_the_error_status_without_a_diagnostics_list);
    tcase_add_test(tc, evaluate_should_read_only_len_bytes_of_the_complaint);
    suite_add_tcase(s, tc);

    tc = tcase_create("results");
    tcase_add_checked_fixture(tc, mini_setup, mini_teardown);
    tcase_add_test(tc, result_json_should_have_the_documented_fields);
    tcase_add_test(tc, result_json_should_give_the_url_of_a_citation);
    tcase_add_test(tc, result_json_compact_should_drop_the_quotes);
    tcase_add_test(tc, result_json_compact_should_hold_only_the_routing_fields);
    tcase_add_test(tc, result_text_should_start_with_the_verdict_and_have_no_colour_by_default);
    tcase_add_test(tc, result_accessors_should_return_null_or_zero_for_null_and_out_of_range);
    tcase_add_test(tc, destructors_should_accept_null);
    tcase_add_test(tc, ruleset_get_fact_should_describe_each_declared_fact_in_order);
    tcase_add_test(tc, ruleset_get_fact_should_reject_out_of_range_indexes);
    tcase_add_test(tc, ruleset_facts_and_schema_json_should_parse_and_name_the_facts);
    suite_add_tcase(s, tc);

    tc = tcase_create("allocator");
    tcase_add_test(tc, a_custom_allocator_should_see_every_allocation_and_get_all_back);
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, mini_setup, mini_teardown);
    tcase_add_test(tc, evaluate_should_give_the_same_results_from_eight_threads_at_once);
    suite_add_tcase(s, tc);

    /* Regressions: each of these was an engine bug when first written. */
    tc = tcase_create("regressions");
    tcase_set_timeout(tc, 600);
    tcase_add_checked_fixture(tc, mini_setup, mini_teardown);
    tcase_add_test(tc, evaluate_should_report_json_that_ends_too_early);
    tcase_add_test(tc, result_text_should_wrap_to_the_width_asked);
    tcase_add_test(tc, load_and_evaluate_should_fail_cleanly_when_any_allocation_fails);
    tcase_add_test(tc, ruleset_load_memory_should_reject_an_empty_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(api_suite());
}
