/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test.c -- `remit test RULES...`: runs the tests that live next to the
 * rules (the YAML files in RULES/tests for a directory, DIR/tests/NAME.yaml
 * for a file DIR/NAME.yaml), prints expected against actual for each
 * failure, a summary line and the coverage of every rule.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

const char usage_test[] =
    "Usage: remit test [OPTIONS] RULES...\n"
    "\n"
    "Runs the tests of the rules.  For a directory RULES the tests are the\n"
    "files RULES/tests/*.yaml; for a rule file DIR/NAME.yaml, the file\n"
    "DIR/tests/NAME.yaml.  A test gives a complaint (written in YAML, or the\n"
    "path of a JSON file), an evaluation date and the expected verdict,\n"
    "verdicts per head and rules that fire or do not (rules/tests/README.md).\n"
    "\n"
    "Prints each failure as expected (-) against actual (+), a line\n"
    "\"N passed, N failed\", and the coverage: for each rule file, the rules\n"
    "no test makes fire and the rules no test makes not fire.\n"
    "\n"
    "Options:\n"
    "  --tests PATH         the test file or directory (one RULES only)\n"
    "  --min-coverage PCT   fail when less than PCT percent of the rules'\n"
    "                       fired / not-fired states are covered\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 every test passed (and the coverage is enough), 1 a test\n"
    "failed or the coverage is too low, 2 usage error or an invalid test\n"
    "file, 4 invalid rules, 5 internal error.\n";

enum { TEST_PASSED = 0, TEST_FAILED = 1 };

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Where the tests of `rules` live: RULES/tests, or DIR/tests/NAME.yaml. */
static char *tests_path(const char *rules)
{
    size_t l = strlen(rules) + 16;
    char *p = malloc(l);
    if (!p) return NULL;
    if (is_dir(rules)) {
        snprintf(p, l, "%s%stests", rules, rules[strlen(rules) - 1] == '/' ? "" : "/");
        return p;
    }
    const char *slash = strrchr(rules, '/');
    if (slash)
        snprintf(p, l, "%.*s/tests/%s", (int)(slash - rules), rules, slash + 1);
    else
        snprintf(p, l, "tests/%s", rules);
    return p;
}

static void print_failure(const remit_tests *t, size_t i)
{
    remit_test_info info;
    if (remit_tests_get(t, i, &info) != REMIT_OK || info.passed) return;
    printf("FAIL %s:%u: %s\n", info.file, info.line, info.name);
    printf("  --- expected\n  +++ actual\n");
    for (size_t k = 0; k < info.mismatch_count; k++) {
        remit_test_mismatch m;
        if (remit_tests_get_mismatch(t, i, k, &m) != REMIT_OK) continue;
        printf("  - %s: %s\n  + %s: %s\n", m.what, m.expected, m.what, m.actual);
    }
}

/* Prints the rules of one rule file no test made fire / not fire, and adds
 * to the counts. */
static void print_coverage(const remit_tests *t, size_t *covered,
                           size_t *total)
{
    size_t n = remit_tests_rule_count(t);
    for (size_t k = 0; k < n;) {
        remit_rule_coverage c;
        if (remit_tests_get_rule(t, k, &c) != REMIT_OK) break;
        const char *file = c.file;
        size_t end = k, nf = 0, nn = 0;
        for (; end < n; end++) {
            remit_rule_coverage d;
            remit_tests_get_rule(t, end, &d);
            if (strcmp(d.file, file) != 0) break;
            if (d.fired) nf++;
            if (d.not_fired) nn++;
        }
        size_t rules = end - k;
        printf("%s (%s): %zu rules; fired by a test: %zu; not fired by a test: %zu\n",
               file, c.ruleset, rules, nf, nn);
        for (int pass = 0; pass < 2; pass++) {
            if ((pass == 0 ? nf : nn) == rules) continue;
            printf("  %s:", pass == 0 ? "no test makes these fire"
                                      : "no test makes these not fire");
            for (size_t j = k; j < end; j++) {
                remit_rule_coverage d;
                remit_tests_get_rule(t, j, &d);
                if ((pass == 0 ? d.fired : d.not_fired) == 0) printf(" %s", d.rule);
            }
            putchar('\n');
        }
        *covered += nf + nn;
        *total += 2 * rules;
        k = end;
    }
}

int cmd_test(int argc, char **argv)
{
    const char *tests = NULL;
    double min_coverage = -1;
    const char **rules = calloc((size_t)argc + 1, sizeof *rules);
    size_t nrules = 0;
    if (!rules) {
        fprintf(stderr, "%s: out of memory\n", cli_prog);
        return EXIT_INTERNAL;
    }
    int rc = TEST_PASSED;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        char name[32] = "";
        if ((val = cli_split_option(a, name, sizeof name)) != NULL) a = name;
        bool takes = strcmp(a, "--tests") == 0 || strcmp(a, "--min-coverage") == 0;
        if (takes && !val) {
            if (i + 1 >= argc) {
                rc = cli_usage_error("test ", "option '%s' needs a value", a);
                goto out;
            }
            val = argv[++i];
        } else if (!takes && val) {
            rc = cli_usage_error("test ", "option '%s' takes no value", a);
            goto out;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_test, stdout);
            goto out;
        } else if (strcmp(a, "--tests") == 0) {
            tests = val;
        } else if (strcmp(a, "--min-coverage") == 0) {
            char *end;
            min_coverage = strtod(val, &end);
            if (*end || end == val || min_coverage < 0 || min_coverage > 100) {
                rc = cli_usage_error("test ", "--min-coverage needs a percentage "
                                              "from 0 to 100, not '%s'", val);
                goto out;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = cli_usage_error("test ", "unknown option '%s'", a);
            goto out;
        } else {
            rules[nrules++] = a;
        }
    }
    if (!nrules) {
        rc = cli_usage_error("test ", "name the rule files or directories to test");
        goto out;
    }
    if (tests && nrules > 1) {
        rc = cli_usage_error("test ", "--tests goes with one RULES only");
        goto out;
    }
    size_t passed = 0, failed = 0, covered = 0, total = 0;
    bool invalid = false;
    for (size_t r = 0; r < nrules; r++) {
        remit_ruleset *rs = NULL;
        int lrc = cli_load_rules(rules[r], &rs);
        if (lrc != EXIT_DECIDED) {
            rc = lrc;
            goto out;
        }
        char *path = tests ? NULL : tests_path(rules[r]);
        const char *tp = tests ? tests : path;
        if (!tp) {
            remit_ruleset_free(rs);
            fprintf(stderr, "%s: out of memory\n", cli_prog);
            rc = EXIT_INTERNAL;
            goto out;
        }
        if (!exists(tp)) {
            fprintf(stderr, "%s: no tests for %s (looked for %s)\n", cli_prog,
                    rules[r], tp);
            free(path);
            remit_ruleset_free(rs);
            invalid = true;
            continue;
        }
        remit_tests *t = NULL;
        remit_diagnostics *d = NULL;
        remit_status st = remit_tests_run(rs, tp, NULL, &t, &d);
        free(path);
        cli_print_diags(d);
        remit_diagnostics_free(d);
        if (st == REMIT_ENOMEM) {
            fprintf(stderr, "%s: out of memory\n", cli_prog);
            remit_tests_free(t);
            remit_ruleset_free(rs);
            rc = EXIT_INTERNAL;
            goto out;
        }
        if (st != REMIT_OK) invalid = true;
        for (size_t i = 0; i < remit_tests_count(t); i++) print_failure(t, i);
        passed += remit_tests_count(t) - remit_tests_failed(t);
        failed += remit_tests_failed(t);
        if (st == REMIT_OK) print_coverage(t, &covered, &total);
        remit_tests_free(t);
        remit_ruleset_free(rs);
    }
    if (passed || failed || !invalid) printf("%zu passed, %zu failed\n", passed, failed);
    if (total) {
        /* Tenths of a percent, rounded down: 99.96% is not shown as 100. */
        size_t tenths = covered * 1000 / total;
        printf("coverage: %zu.%zu%% (%zu of %zu rule states: each rule fired, "
               "and not fired, by some test)\n", tenths / 10, tenths % 10,
               covered, total);
        if (min_coverage >= 0 && (double)covered * 100.0 < min_coverage * (double)total) {
            printf("coverage %zu.%zu%% is below --min-coverage %g\n", tenths / 10,
                   tenths % 10, min_coverage);
            rc = TEST_FAILED;
        }
    }
    if (failed) rc = TEST_FAILED;
    if (invalid) rc = EXIT_USAGE;
    if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
out:
    free(rules);
    return rc;
}
