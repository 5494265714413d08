/* SPDX-License-Identifier: Apache-2.0 */
/*
 * serve_exec.c -- `remit serve` in the remit program: runs remit-serve
 * (serve_main.c) in its place with the command's arguments.  Found next to
 * remit in the build tree (where the file remit.build-tree marks it), else
 * installed, relative to remit (REMIT_SERVE_FROM_BIN), then in the
 * configured libexec directory; nowhere else, so nothing planted in a
 * build tree or the working directory is ever run.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static bool runnable(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

/* The path of remit-serve, into buf; false (with a message naming where
 * it looked) when it is not there. */
static bool find_server(char *buf, size_t size)
{
    char dir[PATH_MAX], marker[PATH_MAX + 32], rel[PATH_MAX + 64] = "";
    if (cli_exe_dir(dir, sizeof dir)) {
        snprintf(marker, sizeof marker, "%s/remit.build-tree", dir);
        if (access(marker, F_OK) == 0) {
            snprintf(buf, size, "%s/remit-serve", dir);
            if (runnable(buf)) return true;
        }
        /* "<bindir>/../libexec/remit/remit-serve", each leading "../"
         * taken off the directory. */
        const char *up = REMIT_SERVE_FROM_BIN;
        while (strncmp(up, "../", 3) == 0) {
            char *slash = strrchr(dir, '/');
            if (!slash || slash == dir) break;
            *slash = '\0';
            up += 3;
        }
        snprintf(rel, sizeof rel, "%s/%s", dir, up);
        if (runnable(rel)) {
            snprintf(buf, size, "%s", rel);
            return true;
        }
    }
    if (runnable(REMIT_INSTALL_SERVE)) {
        snprintf(buf, size, "%s", REMIT_INSTALL_SERVE);
        return true;
    }
    bool same = strcmp(rel, REMIT_INSTALL_SERVE) == 0;
    fprintf(stderr, "%s: serve: the server program is not installed: looked "
            "for %s%s%s\n", cli_prog, rel[0] && !same ? rel : "",
            rel[0] && !same ? " and " : "", REMIT_INSTALL_SERVE);
    return false;
}

int cmd_serve_exec(int argc, char **argv)
{
    char path[PATH_MAX + 64];
    if (!find_server(path, sizeof path)) return EXIT_INTERNAL;
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args) {
        fprintf(stderr, "%s: out of memory\n", cli_prog);
        return EXIT_INTERNAL;
    }
    char name[] = "remit-serve";
    args[0] = name;
    for (int i = 0; i < argc; i++) args[i + 1] = argv[i];
    fflush(NULL);
    execv(path, args);
    fprintf(stderr, "%s: serve: cannot run %s: %s\n", cli_prog, path,
            strerror(errno));
    free(args);
    return EXIT_INTERNAL;
}
