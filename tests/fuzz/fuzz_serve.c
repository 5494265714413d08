/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_serve.c -- libFuzzer target for remit serve's request surface: the
 * server runs in this process (serve_start, on a loopback port), and each
 * input becomes one HTTP request to it.  The first byte chooses the
 * endpoint and method (or, for a few values, sends the input raw as the
 * whole request, to fuzz the request line and headers); up to the first
 * newline is the query string; the rest is the body.  Checks that every
 * request is answered with a status line (never a crash, a hang or a
 * dropped connection on a well-formed request), that a 200 from /v1/check
 * or /v1/next is JSON, and that every problem is JSON with its status.
 * The server's threads are instrumented like the rest (ASan, UBSan).
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "fuzz_common.h"
#include "remit.h"

static remit_ruleset *rules;
static serve_daemon *server;
static unsigned port;

/* At exit the server is stopped (its threads joined) and the rules freed,
 * so that a leak checker sees nothing still running or held. */
static void stop_server(void)
{
    serve_stop(server);
    remit_ruleset_free(rules);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    signal(SIGPIPE, SIG_IGN);
    rules = fuzz_load_rules("fuzz_serve");
    serve_options o = {"127.0.0.1:0", false, 2, 64 * 1024, 256 * 1024, 64, 5, NULL, true};
    char err[300];
    server = serve_start(rules, &o, &port, err, sizeof err);
    if (!server) {
        fprintf(stderr, "fuzz_serve: %s\n", err);
        abort();
    }
    atexit(stop_server);
    return 0;
}

static const struct {
    const char *method, *path, *type;
} targets[] = {
    {"POST", "/v1/check", "application/json"},
    {"POST", "/v1/next", "application/json"},
    {"POST", "/v1/batch", "application/x-ndjson"},
    {"POST", "/v1/batch", "text/csv"},
    {"GET", "/v1/facts", NULL},
    {"GET", "/healthz", NULL},
    {"DELETE", "/v1/check", "application/json"},
    {"POST", "/v1/check", "application/x-www-form-urlencoded"},
};
#define NTARGETS (sizeof targets / sizeof targets[0])

/* Reads the whole answer (the server closes, or Content-Length says). */
static size_t read_answer(int fd, char *buf, size_t size)
{
    size_t n = 0;
    while (n + 1 < size) {
        ssize_t k = recv(fd, buf + n, size - 1 - n, 0);
        if (k <= 0) break;
        n += (size_t)k;
        buf[n] = '\0';
        const char *end = strstr(buf, "\r\n\r\n");
        const char *cl = strstr(buf, "Content-Length: ");
        if (end && cl && cl < end) {
            size_t want = (size_t)(end + 4 - buf) + strtoul(cl + 16, NULL, 10);
            if (n >= want) break;
        }
    }
    buf[n] = '\0';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    static char req[600 * 1024], ans[4 * 1024 * 1024];
    unsigned pick = data[0];
    data++;
    size--;
    size_t rl = 0;
    bool raw = pick >= 0xF0;
    if (raw) {
        /* The input is the whole request: request line and headers too. */
        if (size > sizeof req) size = sizeof req;
        memcpy(req, data, size);
        rl = size;
    } else {
        const uint8_t *nl = memchr(data, '\n', size);
        size_t ql = nl ? (size_t)(nl - data) : 0;
        const uint8_t *body = nl ? nl + 1 : data;
        size_t bl = size - (size_t)(body - data);
        if (ql > 2000) ql = 2000;
        if (bl > 300 * 1024) bl = 300 * 1024;
        const char *method = targets[pick % NTARGETS].method;
        const char *path = targets[pick % NTARGETS].path;
        const char *type = targets[pick % NTARGETS].type;
        int n = snprintf(req, sizeof req, "%s %s%s", method, path, ql ? "?" : "");
        rl = (size_t)n;
        /* The query as sent: bytes that cannot stand in a URL are escaped. */
        for (size_t i = 0; i < ql && rl + 4 < sizeof req; i++) {
            unsigned char c = data[i];
            if (c <= 0x20 || c >= 0x7f || c == '#')
                rl += (size_t)snprintf(req + rl, 4, "%%%02X", c);
            else
                req[rl++] = (char)c;
        }
        rl += (size_t)snprintf(req + rl, sizeof req - rl,
                               " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                               "%s%s%sContent-Length: %zu\r\n\r\n",
                               type ? "Content-Type: " : "", type ? type : "",
                               type ? "\r\n" : "", bl);
        memcpy(req + rl, body, bl);
        rl += bl;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    FUZZ_CHECK(fd >= 0, "socket");
    struct timeval tv = {20, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    FUZZ_CHECK(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "the server is up");
    size_t sent = 0;
    while (sent < rl) {
        ssize_t k = send(fd, req + sent, rl - sent, MSG_NOSIGNAL);
        if (k <= 0) break; /* the server answered early (413) and closed */
        sent += (size_t)k;
    }
    if (raw) shutdown(fd, SHUT_WR); /* a raw request may be incomplete */
    size_t n = read_answer(fd, ans, sizeof ans);
    close(fd);
    if (raw) return 0; /* MHD may close a malformed request without a word */
    FUZZ_CHECK(n > 12 && memcmp(ans, "HTTP/1.1 ", 9) == 0, "every request is answered");
    int status = atoi(ans + 9);
    FUZZ_CHECK(status >= 200 && status < 600, "a status");
    FUZZ_CHECK(status != 500, "no internal error");
    const char *body = strstr(ans, "\r\n\r\n");
    FUZZ_CHECK(body != NULL, "headers end");
    body += 4;
    FUZZ_CHECK(strstr(ans, "X-Content-Type-Options: nosniff") != NULL, "security headers");
    unsigned t = pick % NTARGETS;
    if ((status == 200 && t <= 1) || strstr(ans, "application/problem+json"))
        fuzz_check_json(body);
    return 0;
}
