/* SPDX-License-Identifier: Apache-2.0 */
/*
 * serve_main.c -- remit-serve, the program behind `remit serve`.  The
 * server is a program of its own so that only it loads libmicrohttpd and
 * the TLS libraries beneath it (about 1.5 ms at the start of every
 * process): `remit serve ARGS` runs it in its place (exec, the same
 * process), with the same arguments.  Installed in libexec/remit, it is
 * not meant to be run by hand, but runs the same if it is.
 */
#include "cli.h"

int main(int argc, char **argv)
{
    return cli_flush_stdout(cmd_serve(argc - 1, argv + 1));
}
