/*
 * cli.c -- helpers every remit command uses: messages, exit codes, finding
 * the shipped rules, reading input.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const char *const cli_prog = "remit";

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", cli_prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s--help' for more information.\n", cli_prog,
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

void cli_print_diags(const remit_diagnostics *d)
{
    size_t n = remit_diagnostics_count(d);
    for (size_t i = 0; i < n; i++) {
        char small[2048];
        size_t len = remit_diagnostics_format(d, i, small, sizeof small);
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (x && !x->file && !x->pointer) fprintf(stderr, "%s: ", cli_prog);
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

int cli_load_rules(const char *path, remit_ruleset **rs)
{
    char buf[PATH_MAX + 64];
    if (!path) path = default_rules(buf, sizeof buf);
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load(path, NULL, rs, &d);
    cli_print_diags(d);
    remit_diagnostics_free(d);
    if (st == REMIT_OK) return EXIT_DECIDED;
    if (st == REMIT_ENOMEM) {
        fprintf(stderr, "%s: out of memory loading the rules\n", cli_prog);
        return EXIT_INTERNAL;
    }
    if (st == REMIT_EIO)
        fprintf(stderr, "%s: cannot read the rules at %s (use --rules PATH)\n",
                cli_prog, path);
    return EXIT_BAD_RULES;
}

/* Reads all of fp; NULL on error (errno set). */
char *cli_slurp(FILE *fp, size_t *len_out)
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

bool cli_parse_date(const char *s, int *y, int *m, int *d)
{
    char extra;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", y, m, d, &extra) == 3;
}

unsigned cli_terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    if (c && atoi(c) > 0) return (unsigned)atoi(c);
    return 80;
}

