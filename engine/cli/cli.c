/* SPDX-License-Identifier: Apache-2.0 */
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

bool cli_exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0 || (size_t)n >= size - 1) return false;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash) return false;
    *slash = '\0';
    return true;
}

/* The rules of the build tree: the binary built by CMake has a file
 * "remit.build-tree" next to it naming the source tree's rules folder.
 * The file is never installed, so an installed binary never looks outside
 * its installed rules; no build-tree path is compiled in. */
static bool build_tree_rules(const char *dir, char *buf, size_t size)
{
    char marker[PATH_MAX + 32];
    snprintf(marker, sizeof marker, "%s/remit.build-tree", dir);
    FILE *fp = fopen(marker, "r");
    if (!fp) return false;
    bool ok = fgets(buf, (int)size, fp) != NULL;
    fclose(fp);
    if (!ok) return false;
    buf[strcspn(buf, "\n")] = '\0';
    return buf[0] != '\0';
}

/* The shipped rules: $REMIT_RULES; in the build tree, the source tree's
 * rules; installed, the rules installed relative to the binary
 * (REMIT_RULES_FROM_BIN), then the configured install directory.  NULL,
 * with a message naming where it looked, when none is there. */
static const char *default_rules(char *buf, size_t size)
{
    const char *env = getenv("REMIT_RULES");
    if (env && *env) return env;
    char dir[PATH_MAX];
    bool have_dir = cli_exe_dir(dir, sizeof dir);
    if (have_dir && build_tree_rules(dir, buf, size)) return buf;
    char rel[PATH_MAX + 64] = "";
    if (have_dir) {
        /* "<bindir>/../share/remit/rules", each leading "../" taken off
         * the directory, so messages name the folder plainly. */
        const char *up = REMIT_RULES_FROM_BIN;
        while (strncmp(up, "../", 3) == 0) {
            char *slash = strrchr(dir, '/');
            if (!slash || slash == dir) break;
            *slash = '\0';
            up += 3;
        }
        snprintf(rel, sizeof rel, "%s/%s", dir, up);
        if (is_dir(rel)) {
            snprintf(buf, size, "%s", rel);
            return buf;
        }
    }
    if (is_dir(REMIT_INSTALL_RULES)) return REMIT_INSTALL_RULES;
    bool same = strcmp(rel, REMIT_INSTALL_RULES) == 0;
    fprintf(stderr, "%s: the rules are not installed: looked in %s%s%s\n"
            "Install them there, or name them with --rules PATH or "
            "REMIT_RULES.\n", cli_prog, rel[0] && !same ? rel : "",
            rel[0] && !same ? " and " : "", REMIT_INSTALL_RULES);
    return NULL;
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
    return cli_load_rules_diags(path, rs, NULL);
}

int cli_load_rules_diags(const char *path, remit_ruleset **rs,
                         remit_diagnostics **diags_out)
{
    char buf[PATH_MAX + 64];
    if (diags_out) *diags_out = NULL;
    if (!path) path = default_rules(buf, sizeof buf);
    if (!path) return EXIT_BAD_RULES;
    remit_diagnostics *d = NULL;
    remit_status st = remit_ruleset_load(path, NULL, rs, &d);
    cli_print_diags(d);
    if (diags_out) *diags_out = d;
    else remit_diagnostics_free(d);
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

char *cli_read_input(const char *file, const char **name_out, size_t *len_out,
                     char *msg, size_t msize)
{
    FILE *fp = stdin;
    *name_out = "<stdin>";
    if (file && strcmp(file, "-") != 0) {
        fp = fopen(file, "rb");
        if (!fp) {
            snprintf(msg, msize, "%s: %s", file, strerror(errno));
            fprintf(stderr, "%s: %s\n", cli_prog, msg);
            return NULL;
        }
        *name_out = file;
    }
    char *text = cli_slurp(fp, len_out);
    int err = errno;
    if (fp != stdin) fclose(fp);
    if (!text) {
        snprintf(msg, msize, "%s: %s", *name_out, strerror(err));
        fprintf(stderr, "%s: %s\n", cli_prog, msg);
    }
    return text;
}

const char *cli_split_option(const char *arg, char *name, size_t size)
{
    const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    if (!eq || (size_t)(eq - arg) >= size) return NULL;
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    return eq + 1;
}

int cli_flush_stdout(int rc)
{
    int before = errno; /* from a write that failed earlier, maybe */
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout)) return rc;
    int err = errno;
    if (!err && (before == ENOSPC || before == EIO || before == EFBIG ||
                 before == EPIPE || before == EDQUOT))
        err = before;
    fprintf(stderr, "%s: cannot write the output: %s\n", cli_prog,
            err ? strerror(err) : "write error");
    /* What could not be written is dropped, and so is what follows: the
     * failure is reported once, here. */
    if (!freopen("/dev/null", "w", stdout)) clearerr(stdout);
    return EXIT_INTERNAL;
}

bool cli_parse_date(const char *s, int *y, int *m, int *d)
{
    char extra;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", y, m, d, &extra) == 3;
}

bool cli_use_color(const char *when, int fd)
{
    if (strcmp(when, "always") == 0) return true;
    if (strcmp(when, "never") == 0) return false;
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(fd) && !(nc && *nc) && term && *term && strcmp(term, "dumb") != 0;
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

