/*
 * main.c -- the remit command-line tool.  Uses only the public API in
 * remit.h, as any embedder would: loads the rules, reads a complaint,
 * prints the verdict as text or JSON, and maps outcomes to exit codes.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remit.h"

/* Exit codes, documented in `remit help` and the README. */
enum {
    EXIT_DECIDED = 0,
    EXIT_NEEDS_INFO = 1,
    EXIT_USAGE = 2,
    EXIT_BAD_INPUT = 3,
    EXIT_BAD_RULES = 4,
    EXIT_INTERNAL = 5
};

static const char *prog = "remit";

static const char usage_main[] =
    "remit - is a complaint about a council's child-protection work within the\n"
    "Ombudsman's remit?  Checks a complaint against the jurisdiction rules of\n"
    "the Local Government and Social Care Ombudsman (England) and the Public\n"
    "Services Ombudsman for Wales, and explains why, citing the fact sheets\n"
    "and the law.\n"
    "\n"
    "Usage:\n"
    "  remit check [OPTIONS] [FILE|-]   evaluate one complaint (JSON)\n"
    "  remit facts [--rules PATH] [--json]\n"
    "                                   list the facts and questions\n"
    "  remit schema [--rules PATH]      print the JSON Schema of a complaint\n"
    "  remit help [COMMAND]             show help for a command\n"
    "  remit --version                  print the version\n"
    "\n"
    "Rules: the shipped rules are found without configuration; --rules PATH\n"
    "(a file or a directory of *.yaml) or the REMIT_RULES environment variable\n"
    "overrides them.\n"
    "\n"
    "Exit status:\n"
    "  0  a verdict was given (remit check); success (other commands)\n"
    "  1  the verdict needs information: the questions are listed\n"
    "  2  usage error (unknown option, missing argument)\n"
    "  3  the complaint is invalid or unreadable, or no ruleset applies to it\n"
    "  4  the rules are invalid or unreadable\n"
    "  5  internal error (out of memory)\n";

static const char usage_check[] =
    "Usage: remit check [OPTIONS] [FILE|-]\n"
    "\n"
    "Evaluates one complaint, a JSON object read from FILE (or standard input\n"
    "when FILE is '-' or absent), and prints the verdict per head of complaint\n"
    "with the reasons, their citations, the next steps and any questions still\n"
    "needed.  See `remit schema` for the complaint format.\n"
    "\n"
    "Options:\n"
    "  --rules PATH       rule file or directory (default: the shipped rules)\n"
    "  --today YYYY-MM-DD the evaluation date (default: today, UTC); time\n"
    "                     limits are counted to this date\n"
    "  --json             print the verdict as JSON (one line; see --pretty)\n"
    "  --pretty           indent the JSON\n"
    "  --compact          JSON without quoted citation texts and help\n"
    "  --explain          add the trace: every rule fired / not fired /\n"
    "                     undetermined, with the fact values it read\n"
    "  --strict           unknown members of the complaint are errors\n"
    "  --color WHEN       auto (default), always or never; NO_COLOR disables\n"
    "  --width N          wrap text at N columns (default: the terminal's)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 decided, 1 needs information, 2 usage error,\n"
    "3 invalid complaint or no ruleset applies, 4 invalid rules,\n"
    "5 internal error.\n";

static const char usage_facts[] =
    "Usage: remit facts [--rules PATH] [--json]\n"
    "\n"
    "Lists the facts the rules read - the questions an adviser may need to ask\n"
    "- with their JSON member, type and allowed values.\n"
    "Exit status: 0 success, 2 usage error, 4 invalid rules.\n";

static const char usage_schema[] =
    "Usage: remit schema [--rules PATH]\n"
    "\n"
    "Prints the JSON Schema (draft 2020-12) of a complaint, derived from the\n"
    "fact declarations of the rules, so it cannot drift from them.\n"
    "Exit status: 0 success, 2 usage error, 4 invalid rules.\n";

__attribute__((format(printf, 2, 3)))
static int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s--help' for more information.\n", prog,
            cmd ? cmd : "");
    return EXIT_USAGE;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The shipped rules: next to an installed binary, the configured install
 * directory, then the source tree the binary was built from. */
static const char *default_rules(char *buf, size_t size)
{
    const char *env = getenv("REMIT_RULES");
    if (env && *env) return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, size, "%s/../share/remit/rules", exe);
            if (is_dir(buf)) return buf;
        }
    }
    if (is_dir(REMIT_INSTALL_RULES)) return REMIT_INSTALL_RULES;
    return REMIT_SOURCE_RULES;
}

static void print_diags(const remit_diagnostics *d)
{
    size_t n = remit_diagnostics_count(d);
    for (size_t i = 0; i < n; i++) {
        char small[2048];
        size_t len = remit_diagnostics_format(d, i, small, sizeof small);
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (x && !x->file && !x->pointer) fprintf(stderr, "%s: ", prog);
        if (len < sizeof small) {
            fprintf(stderr, "%s\n", small);
        } else {
            char *big = malloc(len + 1);
            if (!big) continue;
            remit_diagnostics_format(d, i, big, len + 1);
            fprintf(stderr, "%s\n", big);
            free(big);
        }
    }
    size_t errs = remit_diagnostics_count_severity(d, REMIT_SEVERITY_ERROR);
    if (errs > 1) fprintf(stderr, "%zu errors\n", errs);
}

static int load_rules(const char *path, remit_ruleset **rs)
{
    char buf[PATH_MAX + 64];
    if (!path) path = default_rules(buf, sizeof buf);
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load(path, NULL, rs, &d);
    print_diags(d);
    remit_diagnostics_free(d);
    if (st == REMIT_OK) return EXIT_DECIDED;
    if (st == REMIT_ENOMEM) {
        fprintf(stderr, "%s: out of memory loading the rules\n", prog);
        return EXIT_INTERNAL;
    }
    if (st == REMIT_EIO)
        fprintf(stderr, "%s: cannot read the rules at %s (use --rules PATH)\n",
                prog, path);
    return EXIT_BAD_RULES;
}

/* Reads all of fp; NULL on error (errno set). */
static char *slurp(FILE *fp, size_t *len_out)
{
    size_t cap = 65536, len = 0;
    char *p = malloc(cap);
    if (!p) return NULL;
    for (;;) {
        if (len == cap) {
            if (cap >= ((size_t)1 << 31)) {
                free(p);
                errno = EFBIG;
                return NULL;
            }
            char *n = realloc(p, cap * 2);
            if (!n) {
                free(p);
                return NULL;
            }
            p = n;
            cap *= 2;
        }
        size_t got = fread(p + len, 1, cap - len, fp);
        len += got;
        if (got == 0) break;
    }
    if (ferror(fp)) {
        free(p);
        return NULL;
    }
    *len_out = len;
    return p;
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    char extra;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", y, m, d, &extra) == 3;
}

static unsigned terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    if (c && atoi(c) > 0) return (unsigned)atoi(c);
    return 80;
}

static int cmd_check(int argc, char **argv)
{
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
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        char name[32] = "";
        if (eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            a = name;
            val = eq + 1;
            takes = strcmp(a, "--rules") == 0 || strcmp(a, "--today") == 0 ||
                    strcmp(a, "--color") == 0 || strcmp(a, "--width") == 0;
            if (!takes) return usage_error("check ", "option '%s' takes no value", a);
        } else if (takes) {
            if (i + 1 >= argc)
                return usage_error("check ", "option '%s' needs a value", a);
            val = argv[++i];
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_check, stdout);
            return EXIT_DECIDED;
        } else if (strcmp(a, "--rules") == 0) {
            rules = val;
        } else if (strcmp(a, "--today") == 0) {
            if (!parse_date(val, &opt.today_year, &opt.today_month,
                            &opt.today_day))
                return usage_error("check ",
                                   "--today needs a date YYYY-MM-DD, not '%s'",
                                   val);
        } else if (strcmp(a, "--color") == 0) {
            if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never"))
                return usage_error("check ",
                                   "--color must be auto, always or never, not '%s'",
                                   val);
            color = val;
        } else if (strcmp(a, "--width") == 0) {
            char *end;
            long w = strtol(val, &end, 10);
            if (*end || w < 40 || w > 1000)
                return usage_error("check ",
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
            return usage_error("check ", "unknown option '%s'", a);
        } else if (file) {
            return usage_error("check ", "only one complaint at a time (got '%s' too)", a);
        } else {
            file = a;
        }
    }
    FILE *fp = stdin;
    const char *name = "<stdin>";
    if (file && strcmp(file, "-") != 0) {
        fp = fopen(file, "rb");
        if (!fp) {
            fprintf(stderr, "%s: %s: %s\n", prog, file, strerror(errno));
            return EXIT_BAD_INPUT;
        }
        name = file;
    } else if (!file && isatty(STDIN_FILENO)) {
        return usage_error("check ", "no complaint given%s: name a JSON file, or '-' for standard input", "");
    }
    size_t len = 0;
    char *text = slurp(fp, &len);
    int err = errno;
    if (fp != stdin) fclose(fp);
    if (!text) {
        fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(err));
        return EXIT_BAD_INPUT;
    }
    remit_ruleset *rs = NULL;
    int rc = load_rules(rules, &rs);
    if (rc != EXIT_DECIDED) {
        free(text);
        return rc;
    }
    opt.flags = (explain ? REMIT_EVAL_TRACE : 0u) | (strict ? REMIT_EVAL_STRICT : 0u);
    opt.input_name = name;
    remit_result *res = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(rs, text, len, &opt, &res, &d);
    free(text);
    print_diags(d);
    remit_diagnostics_free(d);
    if (st != REMIT_OK) {
        remit_ruleset_free(rs);
        if (st == REMIT_ENOMEM) {
            fprintf(stderr, "%s: out of memory\n", prog);
            return EXIT_INTERNAL;
        }
        if (st == REMIT_EINVAL) return EXIT_USAGE;
        return EXIT_BAD_INPUT;
    }
    const char *out;
    if (json) {
        out = remit_result_json(res, (pretty ? REMIT_JSON_PRETTY : 0u) |
                                         (compact ? REMIT_JSON_COMPACT : 0u));
    } else {
        bool tty = isatty(STDOUT_FILENO);
        const char *nc = getenv("NO_COLOR");
        bool use_color = strcmp(color, "always") == 0 ||
                         (strcmp(color, "auto") == 0 && tty && !(nc && *nc));
        if (!width) width = tty ? terminal_width() : 80;
        out = remit_result_text(res, width,
                                (use_color ? REMIT_TEXT_COLOR : 0u) |
                                    (explain ? REMIT_TEXT_EXPLAIN : 0u));
    }
    if (!out) {
        fprintf(stderr, "%s: out of memory\n", prog);
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
    if (fflush(stdout) != 0) return EXIT_INTERNAL;
    return rc;
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
            if (i + 1 >= argc) return usage_error(cmd, "option '%s' needs a value", a);
            rules = argv[++i];
        } else if (strncmp(a, "--rules=", 8) == 0) {
            rules = a + 8;
        } else if (!schema && strcmp(a, "--json") == 0) {
            json = true;
        } else {
            return usage_error(cmd, "unexpected argument '%s'", a);
        }
    }
    remit_ruleset *rs = NULL;
    int rc = load_rules(rules, &rs);
    if (rc != EXIT_DECIDED) return rc;
    char *s = NULL;
    remit_status st = schema ? remit_ruleset_schema_json(rs, &s)
                             : json ? remit_ruleset_facts_json(rs, &s)
                                    : REMIT_OK;
    if (st != REMIT_OK) {
        remit_ruleset_free(rs);
        fprintf(stderr, "%s: %s\n", prog, remit_status_str(st));
        return EXIT_INTERNAL;
    }
    if (s) {
        fputs(s, stdout);
        remit_string_free(rs, s);
    } else {
        print_facts(rs);
    }
    remit_ruleset_free(rs);
    return EXIT_DECIDED;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("remit %s (library %s)\n", REMIT_VERSION_STRING,
               remit_version_string());
        return EXIT_DECIDED;
    }
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage_main, stdout);
        return EXIT_DECIDED;
    }
    if (strcmp(cmd, "help") == 0) {
        const char *t = argc > 2 ? argv[2] : "";
        if (strcmp(t, "check") == 0) fputs(usage_check, stdout);
        else if (strcmp(t, "facts") == 0) fputs(usage_facts, stdout);
        else if (strcmp(t, "schema") == 0) fputs(usage_schema, stdout);
        else if (!*t) fputs(usage_main, stdout);
        else return usage_error(NULL, "no help for unknown command '%s'", t);
        return EXIT_DECIDED;
    }
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "facts") == 0) return cmd_vocab(argc - 2, argv + 2, false);
    if (strcmp(cmd, "schema") == 0) return cmd_vocab(argc - 2, argv + 2, true);
    return usage_error(NULL, "unknown command '%s'", cmd);
}
