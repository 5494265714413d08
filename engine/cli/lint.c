/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lint.c -- `remit lint RULES...`: every problem of the rule files, as
 * "file:line:col: error|warning: message" with the source line and a
 * caret, or as JSON for tools.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char usage_lint[] =
    "Usage: remit lint [OPTIONS] RULES...\n"
    "\n"
    "Checks rule files (each RULES is a file or a directory of *.yaml) and\n"
    "reports every problem, not just the first:\n"
    "  errors    YAML syntax and shape (unknown, missing or repeated keys,\n"
    "            values of the wrong kind), condition syntax and types, facts,\n"
    "            values, outcomes, sources and contacts that are not declared,\n"
    "            duplicate ids, a rule with no citation, a fact with no\n"
    "            question;\n"
    "  warnings  a source no rule cites, a fact no condition reads, a contact\n"
    "            or outcome nothing uses, a rule that can never fire, a rule\n"
    "            that never decides a verdict because a rule of a stronger\n"
    "            outcome fires wherever it fires (with the fact values that\n"
    "            show it), a quote that is no longer in the local copy of the\n"
    "            document its source names.\n"
    "Whether a rule can fire is searched over the values the conditions\n"
    "test (each enum value they name, the dates and numbers around their\n"
    "limits, each fact also unknown); see the README, \"Rule authors\".\n"
    "\n"
    "Options:\n"
    "  --format FORMAT  text (default) or json\n"
    "  --strict         warnings fail too (exit status 1)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 no errors (and, with --strict, no warnings), 1 warnings\n"
    "with --strict, 2 errors in the rules or a usage error, 5 internal error.\n";

/* Exit codes of remit lint (the contract: 0, 1, 2). */
enum { LINT_CLEAN = 0, LINT_WARNINGS = 1, LINT_ERRORS = 2 };

static void json_str(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') printf("\\%c", *p);
        else if (*p == '\n') fputs("\\n", stdout);
        else if (*p == '\t') fputs("\\t", stdout);
        else if (*p < 0x20) printf("\\u%04x", *p);
        else putchar(*p);
    }
    putchar('"');
}

static const char *severity_name(remit_severity s)
{
    return s == REMIT_SEVERITY_ERROR     ? "error"
           : s == REMIT_SEVERITY_WARNING ? "warning"
                                         : "note";
}

static void print_json(const remit_diagnostics *const *lists, size_t n)
{
    size_t counts[3] = {0, 0, 0};
    bool first = true;
    fputs("{\"diagnostics\": [", stdout);
    for (size_t l = 0; l < n; l++)
        for (size_t i = 0; i < remit_diagnostics_count(lists[l]); i++) {
            const remit_diagnostic *x = remit_diagnostics_get(lists[l], i);
            counts[x->severity <= REMIT_SEVERITY_NOTE ? x->severity : 2]++;
            fputs(first ? "\n  {\"file\": " : ",\n  {\"file\": ", stdout);
            first = false;
            json_str(x->file);
            printf(", \"line\": %u, \"column\": %u, \"severity\": ", x->line,
                   x->column);
            json_str(severity_name(x->severity));
            fputs(", \"code\": ", stdout);
            json_str(x->code);
            fputs(", \"message\": ", stdout);
            json_str(x->message);
            fputs("}", stdout);
        }
    printf("%s],\n \"errors\": %zu, \"warnings\": %zu, \"notes\": %zu}\n",
           first ? "" : "\n", counts[0], counts[1], counts[2]);
}

static void print_text(const remit_diagnostics *const *lists, size_t n)
{
    size_t errors = 0, warnings = 0;
    for (size_t l = 0; l < n; l++) {
        for (size_t i = 0; i < remit_diagnostics_count(lists[l]); i++) {
            size_t len = remit_diagnostics_format(lists[l], i, NULL, 0);
            char *s = malloc(len + 1);
            if (!s) continue;
            remit_diagnostics_format(lists[l], i, s, len + 1);
            puts(s);
            free(s);
        }
        errors += remit_diagnostics_count_severity(lists[l], REMIT_SEVERITY_ERROR);
        warnings += remit_diagnostics_count_severity(lists[l], REMIT_SEVERITY_WARNING);
    }
    if (errors || warnings)
        printf("%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s",
               warnings, warnings == 1 ? "" : "s");
}

int cmd_lint(int argc, char **argv)
{
    bool json = false, strict = false;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    remit_diagnostics **lists = calloc((size_t)argc + 1, sizeof *lists);
    size_t npaths = 0;
    int rc = LINT_CLEAN;
    if (!paths || !lists) {
        fprintf(stderr, "%s: out of memory\n", cli_prog);
        rc = EXIT_INTERNAL;
        goto out;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_lint, stdout);
            goto out;
        } else if (strcmp(a, "--strict") == 0) {
            strict = true;
        } else if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
            const char *v = a[8] == '=' ? a + 9 : NULL;
            if (!v) {
                if (i + 1 >= argc) {
                    rc = cli_usage_error("lint ", "option '--format' needs a value");
                    goto out;
                }
                v = argv[++i];
            }
            if (strcmp(v, "json") == 0) json = true;
            else if (strcmp(v, "text") == 0) json = false;
            else {
                rc = cli_usage_error("lint ", "--format must be text or json, not '%s'", v);
                goto out;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = cli_usage_error("lint ", "unknown option '%s'", a);
            goto out;
        } else {
            paths[npaths++] = a;
        }
    }
    if (!npaths) {
        rc = cli_usage_error("lint ", "name the rule files or directories to check");
        goto out;
    }
    size_t errors = 0, warnings = 0;
    for (size_t k = 0; k < npaths; k++) {
        remit_status st = remit_lint(paths[k], NULL, 0, &lists[k]);
        if (st == REMIT_ENOMEM || st == REMIT_EINVAL) {
            fprintf(stderr, "%s: %s\n", cli_prog, remit_status_str(st));
            rc = EXIT_INTERNAL;
            goto out;
        }
        errors += remit_diagnostics_count_severity(lists[k], REMIT_SEVERITY_ERROR);
        warnings += remit_diagnostics_count_severity(lists[k], REMIT_SEVERITY_WARNING);
    }
    if (json) print_json((const remit_diagnostics *const *)lists, npaths);
    else print_text((const remit_diagnostics *const *)lists, npaths);
    rc = errors ? LINT_ERRORS : (warnings && strict) ? LINT_WARNINGS : LINT_CLEAN;
    if (fflush(stdout) != 0) rc = EXIT_INTERNAL;
out:
    if (lists)
        for (size_t k = 0; k < npaths; k++) remit_diagnostics_free(lists[k]);
    free(lists);
    free(paths);
    return rc;
}
