/*
 * main.c -- the remit command-line tool: dispatches to the commands.  The
 * tool uses only the public API in remit.h, as any embedder would.
 */
#include <stdio.h>
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
    "  remit serve [OPTIONS]            the HTTP API and the triage page\n"
    "  remit lint [OPTIONS] RULES...    check rule files: every problem\n"
    "  remit test [OPTIONS] RULES...    run the tests of the rules, with coverage\n"
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
    "  5  internal error (out of memory)\n"
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
    {"lint", cmd_lint, usage_lint},
    {"test", cmd_test, usage_test},
    {"serve", cmd_serve, usage_serve},
};

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
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
        if (argc < 3) {
            fputs(usage_main, stdout);
            return EXIT_DECIDED;
        }
        const struct command *c = find(argv[2]);
        if (!c) return cli_usage_error(NULL, "no help for unknown command '%s'", argv[2]);
        fputs(c->usage, stdout);
        return EXIT_DECIDED;
    }
    const struct command *c = find(cmd);
    if (!c) return cli_usage_error(NULL, "unknown command '%s'", cmd);
    return c->run(argc - 2, argv + 2);
}
