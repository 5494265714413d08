/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usage_serve.c -- the usage text of `remit serve`, in both programs that
 * need it: remit (for `remit help serve`) and remit-serve (for
 * `remit serve --help`).
 */
#include "cli.h"

const char usage_serve[] =
    "Usage: remit serve [OPTIONS]\n"
    "\n"
    "Serves the HTTP API (/v1/check, /v1/batch, /v1/next, /v1/facts,\n"
    "/v1/schema, /v1/rulesets, /healthz, /v1/openapi.json) and the triage\n"
    "page (/) from one loaded ruleset.  Nothing is stored; one line per\n"
    "request is logged to stderr, never a request body or an answer.\n"
    "\n"
    "Options:\n"
    "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080;\n"
    "                      port 0 picks a free one); an address that is not\n"
    "                      loopback needs --public\n"
    "  --public            allow a non-loopback --listen address (put TLS and\n"
    "                      sign-on in front: see the README)\n"
    "  --rules PATH        rule file or directory (default: the shipped rules)\n"
    "  --threads N         request threads (default: the number of cores, at\n"
    "                      most 64)\n"
    "  --allow-origin URL  answer cross-origin requests from this origin only\n"
    "                      (CORS); by default none\n"
    "  --max-body BYTES    largest body of /v1/check and /v1/next (default\n"
    "                      1048576)\n"
    "  --max-batch BYTES   largest body of /v1/batch (default 67108864)\n"
    "  --max-connections N most connections at once (default 256)\n"
    "  --timeout SECONDS   close a connection idle this long (default 15)\n"
    "  -h, --help          show this help\n"
    "\n"
    "SIGTERM or SIGINT stops accepting, lets the requests in flight finish\n"
    "(at most 10 seconds), and exits 0.\n"
    "\n"
    "Exit status: 0 stopped by a signal, 2 usage error (a non-loopback\n"
    "address without --public), 4 invalid rules, 5 cannot listen.\n";
