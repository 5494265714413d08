/* SPDX-License-Identifier: Apache-2.0 */
/*
 * migrate.c -- `remit migrate`: one complaint rewritten in the current
 * complaint format (2) through the legacy mappings of the ruleset that
 * applies to it (remit_migrate), printed as indented JSON.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char usage_migrate[] =
    "Usage: remit migrate [--rules PATH] [FILE|-]\n"
    "\n"
    "Rewrites a complaint written in format 1 (no \"format\" member) in\n"
    "format 2, read from FILE (or standard input when FILE is '-' or\n"
    "absent): each member the rules map (their 'legacy' list) is replaced by\n"
    "its format-2 members, with a warning on standard error naming the\n"
    "replacement; \"format\": 2 comes first.  A format-2 complaint is printed\n"
    "as it is.  The verdict is not evaluated: run remit check on the result.\n"
    "\n"
    "Options:\n"
    "  --rules PATH       rule file or directory (default: the shipped rules)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 invalid complaint (or an\n"
    "unknown format), 4 invalid rules, 5 internal error or the output cannot\n"
    "be written.\n";

int cmd_migrate(int argc, char **argv)
{
    const char *rules = NULL, *file = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_migrate, stdout);
            return EXIT_DECIDED;
        } else if (strcmp(a, "--rules") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("migrate ", "option '%s' needs a value", a);
            rules = argv[++i];
        } else if (strncmp(a, "--rules=", 8) == 0) {
            rules = a + 8;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("migrate ", "unknown option '%s'", a);
        } else if (file) {
            return cli_usage_error("migrate ",
                                   "only one complaint at a time (got '%s' too)", a);
        } else {
            file = a;
        }
    }
    if (!file && isatty(STDIN_FILENO)) {
        return cli_usage_error("migrate ", "no complaint given: name a JSON "
                                           "file, or '-' for standard input");
    }
    const char *name;
    size_t len = 0;
    char msg[1024];
    char *text = cli_read_input(file, &name, &len, msg, sizeof msg);
    if (!text) return EXIT_BAD_INPUT;
    remit_ruleset *rs = NULL;
    int rc = cli_load_rules(rules, &rs);
    if (rc != EXIT_DECIDED) {
        free(text);
        return rc;
    }
    remit_eval_options opt = {0, 0, 0, 0, name};
    char *out = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_migrate(rs, text, len, &opt, &out, &d);
    free(text);
    cli_print_diags(d);
    remit_diagnostics_free(d);
    if (st == REMIT_OK) {
        fputs(out, stdout);
        rc = EXIT_DECIDED;
    } else if (st == REMIT_ENOMEM) {
        fprintf(stderr, "%s: out of memory\n", cli_prog);
        rc = EXIT_INTERNAL;
    } else {
        rc = EXIT_BAD_INPUT;
    }
    remit_string_free(rs, out);
    remit_ruleset_free(rs);
    return rc;
}
