/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c -- the remit command-line tool: dispatches to the commands.  The
 * tool uses only the public API in remit.h, as any embedder would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_main[] =
    "remit - is a complaint about a council's child-protection work within the\n"
    "Ombudsman's remit?  Checks a complaint against the jurisdiction rules of\n"
    "the Local Government and Social Care Ombudsman (England) and the Public\n"
    "Services Ombudsman for Wales, and explains why, citing the fact sheets\n"
    "and the law.\n"
    "\n"
    "Usage:\n"
    "  remit check [OPTIONS] [FILE|-]   evaluate one complaint (JSON)\n"
    "  remit ask [OPTIONS] [PARTIAL]    a guided interview for an adviser\n"
    "  remit batch [OPTIONS] [INPUT...] evaluate many complaints (JSON Lines)\n"
    "  remit facts [--rules PATH] [--json]\n"
    "                                   list the facts and questions\n"
    "  remit schema [--rules PATH]      print the JSON Schema of a complaint\n"
    "  remit migrate [--rules PATH] [FILE|-]\n"
    "                                   rewrite a complaint in format 2\n"
    "  remit serve [OPTIONS]            the HTTP API and the triage page\n"
    "  remit lint [OPTIONS] RULES...    check rule files: every problem\n"
    "  remit test [OPTIONS] RULES...    run the tests of the rules, with coverage\n"
    "  remit help [COMMAND]             show help for a command\n"
    "  remit --version                  print the version\n"
    "\n"
    "'--' ends the options: every argument after it is a file, even one that\n"
    "starts with '-'.\n"
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
    "  5  internal error (out of memory), or the output cannot be written\n"
    "remit lint and remit test have their own (remit help lint, remit help test).\n";

/* The commands, in the order `remit --help` lists them. */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} commands[] = {
    {"check", cmd_check, usage_check},
    {"ask", cmd_ask, usage_ask},
    {"batch", cmd_batch, usage_batch},
    {"facts", cmd_facts, usage_facts},
    {"schema", cmd_schema, usage_schema},
    {"migrate", cmd_migrate, usage_migrate},
    {"lint", cmd_lint, usage_lint},
    {"test", cmd_test, usage_test},
    {"serve", cmd_serve_exec, usage_serve},
};

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

/* Edit distance between two short words, a swap of neighbours counting
 * as one edit ("tset" is one from "test"); longer words: far. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31) return 99;
    size_t d[32][32];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* The command nearest a misspelt one ("chekc" -> "check"), or NULL when
 * none is near: at most two edits, and fewer than half its letters. */
static const char *nearest(const char *name)
{
    static const char *const extra[] = {"help", "version"};
    const char *best = NULL;
    size_t best_d = 3;
    size_t n = sizeof commands / sizeof commands[0];
    for (size_t i = 0; i < n + 2; i++) {
        const char *c = i < n ? commands[i].name : extra[i - n];
        size_t d = distance(name, c);
        if (d < best_d && 2 * d < strlen(c)) {
            best = c;
            best_d = d;
        }
    }
    return best;
}

static int unknown_command(const char *what, const char *name)
{
    const char *near = nearest(name);
    if (near)
        return cli_usage_error(NULL, "%s '%s'; did you mean '%s'?", what, name, near);
    return cli_usage_error(NULL, "%s '%s'", what, name);
}

/* '--' ends the options.  Every argument of the commands that is not an
 * option is a file or a directory, so after '--' an argument that starts
 * with '-' is made "./-name" (the same file, no longer an option), and the
 * '--' itself is dropped; "-" alone still means standard input.  The
 * commands' own parsers then need nothing more.  Returns false when out of
 * memory. */
static bool end_of_options(int *argc, char **argv, char **owned)
{
    int out = 0;
    bool after = false;
    for (int i = 0; i < *argc; i++) {
        char *a = argv[i];
        if (!after && strcmp(a, "--") == 0) {
            after = true;
            continue;
        }
        if (after && a[0] == '-' && a[1] != '\0') {
            size_t n = strlen(a);
            char *p = malloc(n + 3);
            if (!p) return false;
            memcpy(p, "./", 2);
            memcpy(p + 2, a, n + 1);
            owned[i] = p;
            a = p;
        }
        argv[out++] = a;
    }
    argv[out] = NULL;
    *argc = out;
    return true;
}

static int run(int argc, char **argv)
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
        if (argc < 3) {
            fputs(usage_main, stdout);
            return EXIT_DECIDED;
        }
        const struct command *c = find(argv[2]);
        if (!c) return unknown_command("no help for unknown command", argv[2]);
        fputs(c->usage, stdout);
        return EXIT_DECIDED;
    }
    const struct command *c = find(cmd);
    if (!c) return unknown_command("unknown command", cmd);
    int n = argc - 2;
    char **owned = calloc((size_t)n + 1, sizeof *owned);
    if (!owned || !end_of_options(&n, argv + 2, owned)) {
        free(owned);
        fprintf(stderr, "%s: out of memory\n", cli_prog);
        return EXIT_INTERNAL;
    }
    int rc = c->run(n, argv + 2);
    for (int i = 0; i < argc - 2; i++) free(owned[i]);
    free(owned);
    return rc;
}

/* Every command's output is flushed here, so a failed write (a full disk,
 * a closed pipe) is an error with a message and exit status 5 whatever
 * the command. */
int main(int argc, char **argv)
{
    return cli_flush_stdout(run(argc, argv));
}
