/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check.c -- `remit check`, `remit facts` and `remit schema`: one complaint
 * evaluated and printed as text or JSON, and the fact vocabulary.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char usage_check[] =
    "Usage: remit check [OPTIONS] [FILE|-]\n"
    "\n"
    "Evaluates one complaint, a JSON object read from FILE (or standard input\n"
    "when FILE is '-' or absent), and prints the verdict per head of complaint\n"
    "with the reasons, their citations, the next steps and any questions still\n"
    "needed.  See `remit schema` for the complaint format.\n"
    "\n"
    "Options:\n"
    "  --rules PATH       rule file or directory (default: the shipped rules)\n"
    "  --today YYYY-MM-DD the evaluation date (default: today in the UK); time\n"
    "                     limits are counted to this date\n"
    "  --json             print the verdict as JSON (one line; see --pretty)\n"
    "  --pretty           indent the JSON\n"
    "  --compact          JSON with only what routing needs (verdicts, rules,\n"
    "                     questions)\n"
    "  --explain          add the trace: every rule fired / not fired /\n"
    "                     undetermined, with the fact values it read\n"
    "  --strict           unknown members of the complaint are errors\n"
    "  --color WHEN       auto (default), always or never; NO_COLOR or\n"
    "                     TERM=dumb disables\n"
    "  --width N          wrap text at N columns (default: the terminal's)\n"
    "  -h, --help         show this help\n"
    "\n"
    "With --json, a failure (exit status 2 to 5) also writes a JSON object to\n"
    "standard output: {\"status\", \"exit_status\", \"message\", \"file\",\n"
    "\"pointer\", \"line\", \"column\", \"diagnostics\": [...]}.\n"
    "\n"
    "Exit status: 0 decided, 1 needs information, 2 usage error,\n"
    "3 invalid complaint or no ruleset applies, 4 invalid rules,\n"
    "5 internal error or the output cannot be written.\n";

const char usage_facts[] =
    "Usage: remit facts [--rules PATH] [--json]\n"
    "\n"
    "Lists the facts the rules read - the questions an adviser may need to ask\n"
    "- with their JSON member, type and allowed values.\n"
    "Exit status: 0 success, 2 usage error, 4 invalid rules,\n"
    "5 internal error or the output cannot be written.\n";

const char usage_schema[] =
    "Usage: remit schema [--rules PATH]\n"
    "       remit schema --csv [--heads N] [--rules PATH]\n"
    "\n"
    "Prints the JSON Schema (draft 2020-12) of a complaint, derived from the\n"
    "fact declarations of the rules, so it cannot drift from them.  With\n"
    "--csv, the header row of a CSV export of intake forms that `remit batch`\n"
    "reads (id, the complaint's facts, heads.1.<fact>... for N heads, 3 by\n"
    "default): the row a form designer starts from (README, \"CSV in\").\n"
    "Exit status: 0 success, 2 usage error, 4 invalid rules,\n"
    "5 internal error or the output cannot be written.\n";

/* A JSON string (diagnostics are valid UTF-8: only escapes needed). */
static void put_json_str(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') printf("\\%c", *p);
        else if (*p == '\n') fputs("\\n", stdout);
        else if (*p == '\t') fputs("\\t", stdout);
        else if (*p < 0x20 || *p == 0x7f) printf("\\u%04x", *p);
        else putchar(*p);
    }
    putchar('"');
}

static void put_json_uint(unsigned n)
{
    if (n) printf("%u", n);
    else fputs("null", stdout);
}

/* The members ,"message","file","pointer","line","column" of diagnostic x
 * (null where not known). */
static void put_where(const remit_diagnostic *x)
{
    fputs(",\"message\":", stdout);
    put_json_str(x->message);
    fputs(",\"file\":", stdout);
    put_json_str(x->file);
    fputs(",\"pointer\":", stdout);
    put_json_str(x->pointer);
    fputs(",\"line\":", stdout);
    put_json_uint(x->line);
    fputs(",\"column\":", stdout);
    put_json_uint(x->column);
}

/* The JSON error object of `remit check --json`, on standard output beside
 * the text on standard error, so a program calling the CLI reads the
 * failure without parsing English:
 *   {"status": "invalid_complaint", "exit_status": 3, "message": "...",
 *    "file": ..., "pointer": ..., "line": ..., "column": ...,
 *    "diagnostics": [{"severity", "code", "message", "file", "pointer",
 *                     "line", "column"}...]}
 * message, file, pointer, line and column are those of the first error
 * (null when not known); `message` alone is used when there are no
 * diagnostics (an unreadable file). */
static void json_error_lead(int exit_status, const char *message,
                            const remit_diagnostics *d,
                            const remit_diagnostic *lead);

static void json_error(int exit_status, const char *message,
                       const remit_diagnostics *d)
{
    json_error_lead(exit_status, message, d, NULL);
}

/* json_error with `lead` as the first error and the only diagnostic (an
 * input recognised as in the wrong format), when not NULL. */
static void json_error_lead(int exit_status, const char *message,
                            const remit_diagnostics *d,
                            const remit_diagnostic *lead)
{
    static const char *const names[] = {
        [EXIT_USAGE] = "usage_error", [EXIT_BAD_INPUT] = "invalid_complaint",
        [EXIT_BAD_RULES] = "invalid_rules", [EXIT_INTERNAL] = "internal_error"};
    const remit_diagnostic *first = lead;
    size_t n = lead ? 1 : remit_diagnostics_count(d);
    for (size_t i = 0; i < n && !first; i++) {
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (x->severity == REMIT_SEVERITY_ERROR) first = x;
    }
    const char *status = names[exit_status];
    if (first && first->status == REMIT_ENORULESET) status = "no_ruleset";
    if (first && first->status == REMIT_EIO) status = "unreadable";
    fputs("{\"status\":", stdout);
    put_json_str(status);
    printf(",\"exit_status\":%d", exit_status);
    if (first) put_where(first);
    else put_where(&(remit_diagnostic){.message = message});
    fputs(",\"diagnostics\":[", stdout);
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *x = lead ? lead : remit_diagnostics_get(d, i);
        fputs(i ? ",{\"severity\":" : "{\"severity\":", stdout);
        put_json_str(x->severity == REMIT_SEVERITY_ERROR     ? "error"
                     : x->severity == REMIT_SEVERITY_WARNING ? "warning"
                                                             : "note");
        fputs(",\"code\":", stdout);
        put_json_str(x->code);
        put_where(x);
        putchar('}');
    }
    fputs("]}\n", stdout);
}

/* A usage error of remit check: the message and the pointer to --help on
 * stderr, and with --json the JSON error object on stdout too. */
__attribute__((format(printf, 2, 3)))
static int usage(bool json, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_usage_error("check ", "%s", msg);
    if (json) json_error(EXIT_USAGE, msg, NULL);
    return cli_flush_stdout(EXIT_USAGE);
}

int cmd_check(int argc, char **argv)
{
    /* --json anywhere: usage errors are JSON objects too.  (After '--',
     * main.c has made every argument a file name.) */
    bool json_seen = false;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--json") == 0) json_seen = true;
    const char *rules = NULL, *file = NULL, *color = "auto";
    bool json = false, pretty = false, compact = false, explain = false,
         strict = false;
    unsigned width = 0;
    remit_eval_options opt = {0, 0, 0, 0, NULL};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        bool takes = strcmp(a, "--rules") == 0 || strcmp(a, "--today") == 0 ||
                     strcmp(a, "--color") == 0 || strcmp(a, "--width") == 0;
        char name[32] = "";
        if ((val = cli_split_option(a, name, sizeof name)) != NULL) {
            a = name;
            takes = strcmp(a, "--rules") == 0 || strcmp(a, "--today") == 0 ||
                    strcmp(a, "--color") == 0 || strcmp(a, "--width") == 0;
            if (!takes) return usage(json_seen, "option '%s' takes no value", a);
        } else if (takes) {
            if (i + 1 >= argc)
                return usage(json_seen, "option '%s' needs a value", a);
            val = argv[++i];
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_check, stdout);
            return EXIT_DECIDED;
        } else if (strcmp(a, "--rules") == 0) {
            rules = val;
        } else if (strcmp(a, "--today") == 0) {
            if (!cli_parse_date(val, &opt.today_year, &opt.today_month,
                            &opt.today_day))
                return usage(json_seen,
                                   "--today needs a date YYYY-MM-DD, not '%s'",
                                   val);
        } else if (strcmp(a, "--color") == 0) {
            if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never"))
                return usage(json_seen,
                                   "--color must be auto, always or never, not '%s'",
                                   val);
            color = val;
        } else if (strcmp(a, "--width") == 0) {
            char *end;
            long w = strtol(val, &end, 10);
            if (*end || w < 40 || w > 1000)
                return usage(json_seen,
                                   "--width needs a number from 40 to 1000, not '%s'",
                                   val);
            width = (unsigned)w;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--pretty") == 0) {
            pretty = true;
        } else if (strcmp(a, "--compact") == 0) {
            compact = true;
        } else if (strcmp(a, "--explain") == 0) {
            explain = true;
        } else if (strcmp(a, "--strict") == 0) {
            strict = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage(json_seen, "unknown option '%s'", a);
        } else if (file) {
            return usage(json_seen, "only one complaint at a time (got '%s' too)", a);
        } else {
            file = a;
        }
    }
    if (!file && isatty(STDIN_FILENO))
        return usage(json_seen, "no complaint given%s: name a JSON file, or '-' for standard input", "");
    const char *name;
    size_t len = 0;
    char msg[1024];
    char *text = cli_read_input(file, &name, &len, msg, sizeof msg);
    if (!text) {
        if (json) json_error(EXIT_BAD_INPUT, msg, NULL);
        return cli_flush_stdout(EXIT_BAD_INPUT);
    }
    remit_ruleset *rs = NULL;
    remit_diagnostics *d = NULL;
    int rc = cli_load_rules_diags(rules, &rs, json ? &d : NULL);
    if (rc != EXIT_DECIDED) {
        free(text);
        if (json)
            json_error(rc, rc == EXIT_INTERNAL ? "out of memory loading the rules"
                                               : "the rules cannot be loaded",
                       d);
        remit_diagnostics_free(d);
        return cli_flush_stdout(rc);
    }
    /* The load's list (kept for a JSON error) is done with: the
     * evaluation fills d anew (valgrind saw it lost with --json). */
    remit_diagnostics_free(d);
    d = NULL;
    opt.flags = (explain ? REMIT_EVAL_TRACE : 0u) | (strict ? REMIT_EVAL_STRICT : 0u);
    opt.input_name = name;
    remit_result *res = NULL;
    remit_status st = remit_evaluate(rs, text, len, &opt, &res, &d);
    /* Unreadable as a complaint: an input plainly in another format (YAML,
     * CSV, UTF-16, several complaints) is said so, in place of the JSON
     * parser's first complaint about it. */
    char what[1024];
    const char *code = NULL;
    unsigned long long at = 0;
    bool recognised = st == REMIT_EINPUT &&
                      remit_input_recognise(text, len, REMIT_STREAM_JSON,
                                            file && strcmp(file, "-") != 0 ? name : NULL,
                                            what, sizeof what, &code, &at);
    free(text);
    if (recognised) {
        fprintf(stderr, "%s:%llu: error: %s\n", name, at, what);
        remit_diagnostic lead = {REMIT_EINPUT, REMIT_SEVERITY_ERROR, code, what,
                                 name, (unsigned)at, 0, NULL, NULL};
        remit_ruleset_free(rs);
        if (json) json_error_lead(EXIT_BAD_INPUT, what, d, &lead);
        remit_diagnostics_free(d);
        return cli_flush_stdout(EXIT_BAD_INPUT);
    }
    cli_print_diags(d);
    if (st != REMIT_OK) {
        remit_ruleset_free(rs);
        rc = st == REMIT_ENOMEM ? EXIT_INTERNAL
           : st == REMIT_EINVAL ? EXIT_USAGE : EXIT_BAD_INPUT;
        if (st == REMIT_ENOMEM) fprintf(stderr, "%s: out of memory\n", cli_prog);
        if (json) json_error(rc, remit_status_str(st), d);
        remit_diagnostics_free(d);
        return cli_flush_stdout(rc);
    }
    remit_diagnostics_free(d);
    const char *out;
    if (json) {
        out = remit_result_json(res, (pretty ? REMIT_JSON_PRETTY : 0u) |
                                         (compact ? REMIT_JSON_COMPACT : 0u));
    } else {
        bool tty = isatty(STDOUT_FILENO);
        bool use_color = cli_use_color(color, STDOUT_FILENO);
        if (!width) width = tty ? cli_terminal_width() : 80;
        out = remit_result_text(res, width,
                                (use_color ? REMIT_TEXT_COLOR : 0u) |
                                    (explain ? REMIT_TEXT_EXPLAIN : 0u));
    }
    if (!out) {
        fprintf(stderr, "%s: out of memory\n", cli_prog);
        rc = EXIT_INTERNAL;
    } else {
        fputs(out, stdout);
        if (json && !pretty) fputc('\n', stdout);
        const char *v = remit_result_verdict(res);
        rc = strcmp(v, REMIT_VERDICT_NEEDS_INFORMATION) == 0 ? EXIT_NEEDS_INFO
                                                             : EXIT_DECIDED;
    }
    remit_result_free(res);
    remit_ruleset_free(rs);
    return cli_flush_stdout(rc);
}

/* The fact vocabulary for a person: per rule file, the whole-complaint
 * facts then the per-head facts, each with its question and values. */
static void print_facts(const remit_ruleset *rs)
{
    for (size_t f = 0; f < remit_ruleset_count(rs); f++) {
        remit_ruleset_info info;
        if (remit_ruleset_get_info(rs, f, &info) != REMIT_OK) continue;
        printf("%s%s %s - %s\n  applies when: %s\n", f ? "\n" : "", info.id,
               info.version, info.title, info.applies_when);
        for (int head = 0; head < 2; head++) {
            printf("\n  %s\n", head ? "Each head of complaint (members of each object in \"heads\"):"
                                     : "The whole complaint (top-level members):");
            for (size_t i = 0; i < remit_ruleset_fact_count(rs, f); i++) {
                remit_fact_info fi;
                if (remit_ruleset_get_fact(rs, f, i, &fi) != REMIT_OK) continue;
                if ((strcmp(fi.scope, "head") == 0) != (head == 1)) continue;
                printf("    %s (%s%s)\n      %s\n", fi.key, fi.type,
                       fi.presumed ? ", presumed when absent" : "", fi.question);
                if (fi.help[0]) printf("      %s\n", fi.help);
                for (size_t v = 0; v < fi.value_count; v++) {
                    if (fi.labels[v][0])
                        printf("        %-32s %s\n", fi.values[v], fi.labels[v]);
                    else
                        printf("        %s\n", fi.values[v]);
                }
            }
        }
    }
}

/* facts and schema share their option parsing. */
static int cmd_vocab(int argc, char **argv, bool schema)
{
    const char *rules = NULL, *cmd = schema ? "schema " : "facts ";
    bool json = schema;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(schema ? usage_schema : usage_facts, stdout);
            return EXIT_DECIDED;
        } else if (strcmp(a, "--rules") == 0) {
            if (i + 1 >= argc) return cli_usage_error(cmd, "option '%s' needs a value", a);
            rules = argv[++i];
        } else if (strncmp(a, "--rules=", 8) == 0) {
            rules = a + 8;
        } else if (!schema && strcmp(a, "--json") == 0) {
            json = true;
        } else {
            return cli_usage_error(cmd, "unexpected argument '%s'", a);
        }
    }
    remit_ruleset *rs = NULL;
    int rc = cli_load_rules(rules, &rs);
    if (rc != EXIT_DECIDED) return rc;
    char *s = NULL;
    remit_status st = schema ? remit_ruleset_schema_json(rs, &s)
                             : json ? remit_ruleset_facts_json(rs, &s)
                                    : REMIT_OK;
    if (st != REMIT_OK) {
        remit_ruleset_free(rs);
        fprintf(stderr, "%s: %s\n", cli_prog, remit_status_str(st));
        return EXIT_INTERNAL;
    }
    if (s) {
        fputs(s, stdout);
        remit_string_free(rs, s);
    } else {
        print_facts(rs);
    }
    remit_ruleset_free(rs);
    return cli_flush_stdout(EXIT_DECIDED);
}

int cmd_facts(int argc, char **argv)
{
    return cmd_vocab(argc, argv, false);
}

int cmd_schema(int argc, char **argv)
{
    /* --csv: the CSV layout's header row, in batch.c (helper "batch"). */
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--csv") == 0) return cmd_schema_csv(argc, argv);
    return cmd_vocab(argc, argv, true);
}
