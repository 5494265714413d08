/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h -- what the remit tool's commands share: exit codes, messages,
 * finding and loading the rules, reading input.  Each command lives in its
 * own file (check.c, ...) and uses only remit.h and this header.
 */
#ifndef REMIT_CLI_H
#define REMIT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "remit.h"

/* Exit codes, documented in `remit help` and the README. */
enum {
    EXIT_DECIDED = 0,
    EXIT_NEEDS_INFO = 1,
    EXIT_USAGE = 2,
    EXIT_BAD_INPUT = 3,
    EXIT_BAD_RULES = 4,
    EXIT_INTERNAL = 5 /* also: the output cannot be written */
};

/** The program name used in messages ("remit"). */
extern const char *const cli_prog;

/** Prints "remit: <message>" and a pointer to `remit <cmd>--help`; returns
 *  EXIT_USAGE.  `cmd` is e.g. "check " or NULL. */
__attribute__((format(printf, 2, 3)))
int cli_usage_error(const char *cmd, const char *fmt, ...);

/** Prints every diagnostic to stderr, then "N errors" when more than one. */
void cli_print_diags(const remit_diagnostics *d);

/** Loads the rules at `path`, or the shipped rules when NULL, printing any
 *  diagnostics.  Returns EXIT_DECIDED (0) or the exit code to use. */
int cli_load_rules(const char *path, remit_ruleset **rs);

/** As cli_load_rules; when diags_out is not NULL, the diagnostics (already
 *  printed) are handed back there for the caller to free. */
int cli_load_rules_diags(const char *path, remit_ruleset **rs,
                         remit_diagnostics **diags_out);

/** Flushes standard output.  Returns rc, or, when the output could not be
 *  written (a full disk, a closed pipe), prints "remit: cannot write the
 *  output: <reason>" and returns EXIT_INTERNAL. */
int cli_flush_stdout(int rc);

/** Reads all of fp into a malloc'd buffer; NULL on error (errno set). */
char *cli_slurp(FILE *fp, size_t *len_out);

/** Reads the whole complaint `file` names ("-" or NULL: standard input)
 *  into a malloc'd buffer; *name_out gets its name for messages
 *  ("<stdin>" for standard input).  NULL when it cannot be opened or read:
 *  then "remit: NAME: reason" is on stderr, and "NAME: reason" in msg. */
char *cli_read_input(const char *file, const char **name_out, size_t *len_out,
                     char *msg, size_t msize);

/** For an argument "--name=value": copies "--name" into name (size bytes)
 *  and returns the value; NULL for any other argument (or a name longer
 *  than size allows). */
const char *cli_split_option(const char *arg, char *name, size_t size);

/** Parses exactly YYYY-MM-DD (not checking the calendar). */
bool cli_parse_date(const char *s, int *y, int *m, int *d);

/** Whether to colour output to fd for --color WHEN (auto, always, never):
 *  auto is on for a terminal, unless NO_COLOR is set or TERM is unset or
 *  "dumb". */
bool cli_use_color(const char *when, int fd);

/** The width of the terminal on stdout ($COLUMNS, else 80). */
unsigned cli_terminal_width(void);

/* The commands: argc/argv start after the command name. */
int cmd_check(int argc, char **argv);
int cmd_ask(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_facts(int argc, char **argv);
int cmd_schema(int argc, char **argv);
/* remit schema --csv (batch.c). */
int cmd_schema_csv(int argc, char **argv);

/* Usage texts of the commands, for `remit help COMMAND`. */
extern const char usage_check[], usage_facts[], usage_schema[];
extern const char usage_batch[];
extern const char usage_ask[];

/** The directory of the running program, into buf; false when unknown. */
bool cli_exe_dir(char *buf, size_t size);

/* remit serve: in remit, runs the program remit-serve in its place
 * (serve_exec.c); remit-serve (serve_main.c) runs cmd_serve (serve.c), the
 * HTTP API and the page.  usage_serve is in usage_serve.c, for both. */
int cmd_serve_exec(int argc, char **argv);
int cmd_serve(int argc, char **argv);
extern const char usage_serve[];

/* The server without the command: started by cmd_serve, and in-process by
 * the fuzz target of the request surface (tests/fuzz/fuzz_serve.c). */
typedef struct serve_options {
    const char *listen; /* HOST:PORT */
    bool public_ok;     /* a non-loopback address is allowed */
    size_t threads, max_body, max_batch, max_conn, timeout;
    const char *allow_origin; /* or NULL */
    bool quiet;               /* no request log (the fuzz target) */
} serve_options;
typedef struct serve_daemon serve_daemon;

/** Starts serving `rs` (which must outlive the daemon); *port_out gets the
 *  port bound.  NULL with a message in err on failure. */
serve_daemon *serve_start(const remit_ruleset *rs, const serve_options *o,
                          unsigned *port_out, char *err, size_t esize);
/** Requests being handled now. */
int serve_in_flight(const serve_daemon *sd);
/** Stops accepting, lets the requests in flight finish (10 s at most),
 *  stops and frees.  Accepts NULL. */
void serve_stop(serve_daemon *sd);

/* The page's files, compiled into the binary (web_assets.c, generated at
 * build time from engine/web/ by engine/web/embed.cmake). */
typedef struct serve_asset {
    const char *path; /* "/index.html", "/app.js", ... */
    const char *type; /* Content-Type */
    const unsigned char *data;
    size_t len;
} serve_asset;

/** The asset served at `path`, or NULL. */
const serve_asset *serve_find_asset(const char *path);

/* remit migrate (migrate.c): a format-1 complaint written in format 2. */
int cmd_migrate(int argc, char **argv);
extern const char usage_migrate[];

/* remit lint (lint.c) and remit test (test.c): for rule authors. */
int cmd_lint(int argc, char **argv);
int cmd_test(int argc, char **argv);
extern const char usage_lint[], usage_test[];

#endif
