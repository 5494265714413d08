/* SPDX-License-Identifier: Apache-2.0 */
/*
 * serve.c -- `remit serve`: the HTTP API and the triage page, over
 * libmicrohttpd.  Consumes HTTP requests; produces the verdict JSON of
 * `remit check --json`, batch records, the interview's next step
 * (remit_interview_next), the fact vocabulary, the schema, and the page's
 * static files compiled into the binary (web_assets.c, generated from
 * engine/web/ at build time).  One loaded ruleset, immutable, is shared
 * by every request thread.  Nothing about a complaint is stored or
 * logged: one line per request (time, method, path, status, verdict,
 * duration, the complaint's id) goes to stderr.
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "cli.h"


/* ---- Limits ---------------------------------------------------------------- */

#define SERVE_DEFAULT_BODY (1024u * 1024u)
#define SERVE_DEFAULT_BATCH (64u * 1024u * 1024u)
/* Memory per connection for the request line and headers (431 beyond). */
#define SERVE_CONN_MEMORY (64u * 1024u)
/* Longest query string value, most query parameters. */
#define SERVE_MAX_PARAM 1024u
#define SERVE_MAX_PARAMS 256u
/* Seconds in-flight requests get to finish after SIGTERM. */
#define SERVE_DRAIN_SECONDS 10

typedef struct server {
    const remit_ruleset *rs;
    size_t max_body, max_batch;
    const char *allow_origin;
    atomic_int in_flight;
    atomic_bool draining;
    bool quiet; /* no request log */
} server;

/* ---- Requests --------------------------------------------------------------- */

typedef enum route {
    R_NONE, R_PAGE, R_ASSET, R_HEALTH, R_RULESETS, R_FACTS, R_SCHEMA,
    R_OPENAPI, R_CHECK, R_BATCH, R_NEXT
} route;

typedef struct request {
    server *srv;
    struct timespec t0;
    char method[12];
    char path[96];
    route r;
    const serve_asset *asset;
    bool started;   /* the access handler has seen it */
    bool answered;  /* a response is queued */
    bool too_big;
    char *body;
    size_t len, cap;
    unsigned status;
    char verdict[40];
    char id[72];
} request;

/* Copies s into out (size bytes), replacing control characters, quotes,
 * backslashes and every byte outside ASCII (which could be invalid UTF-8:
 * a request's path and query are bytes), so that a log line stays one
 * line and a message echoing them stays valid JSON text.  (Found by
 * tests/fuzz/fuzz_serve.c: a query name with byte 0xE7 reached a
 * problem's detail.) */
static void clean_copy(char *out, size_t size, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && s[i] && o + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        out[o++] = c < 0x20 || c >= 0x7f || c == '"' || c == '\\' ? '?' : (char)c;
    }
    out[o] = '\0';
}

/* ---- JSON text -------------------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Appends s as a JSON string (NULL: null). */
static void sb_str(sbuf *b, const char *s)
{
    if (!s) {
        sb_puts(b, "null");
        return;
    }
    sb_add(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"') sb_add(b, "\\\"", 2);
        else if (*p == '\\') sb_add(b, "\\\\", 2);
        else if (*p == '\n') sb_add(b, "\\n", 2);
        else if (*p == '\t') sb_add(b, "\\t", 2);
        else if (*p < 0x20 || *p == 0x7f) sb_printf(b, "\\u%04x", *p);
        else sb_add(b, (const char *)p, 1);
    }
    sb_add(b, "\"", 1);
}

/* The diagnostics as a JSON array: what the CLI prints, as data.  A
 * record of a JSON Lines body is one line: with `line` not 0, its
 * diagnostics are placed on that line of the body. */
static void diags_json(sbuf *b, const remit_diagnostics *d, unsigned long line)
{
    sb_puts(b, "[");
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        const remit_diagnostic *g = remit_diagnostics_get(d, i);
        if (i) sb_puts(b, ",");
        sb_puts(b, "{\"severity\":");
        sb_str(b, g->severity == REMIT_SEVERITY_ERROR     ? "error"
                  : g->severity == REMIT_SEVERITY_WARNING ? "warning"
                                                          : "note");
        sb_puts(b, ",\"code\":");
        sb_str(b, g->code);
        sb_puts(b, ",\"pointer\":");
        sb_str(b, g->pointer);
        sb_puts(b, ",\"line\":");
        if (g->line) sb_printf(b, "%lu", line ? line : g->line);
        else sb_puts(b, "null");
        sb_puts(b, ",\"column\":");
        if (g->column) sb_printf(b, "%u", g->column);
        else sb_puts(b, "null");
        sb_puts(b, ",\"message\":");
        sb_str(b, g->message);
        sb_puts(b, "}");
    }
    sb_puts(b, "]");
}

/* The first error as one line, as remit batch writes it: "POINTER:
 * message" or "line L, column C: message". */
static void first_error(sbuf *b, const remit_diagnostics *d, remit_status st,
                        unsigned long line)
{
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        const remit_diagnostic *g = remit_diagnostics_get(d, i);
        if (g->severity != REMIT_SEVERITY_ERROR) continue;
        char text[2048];
        if (g->pointer)
            snprintf(text, sizeof text, "%s: %s", g->pointer, g->message);
        else if (g->line)
            snprintf(text, sizeof text, "line %lu, column %u: %s",
                     line ? line : (unsigned long)g->line, g->column, g->message);
        else
            snprintf(text, sizeof text, "%s", g->message);
        sb_str(b, text);
        return;
    }
    sb_str(b, remit_status_str(st));
}

/* ---- Responses --------------------------------------------------------------- */

/* Headers on every response: no script but the page's own, no framing,
 * no sniffing, no referrer, nothing cached (answers are about children). */
static void common_headers(request *q, struct MHD_Connection *c,
                           struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self'; connect-src 'self'; base-uri 'none'; "
                            "form-action 'none'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    if (q->srv->allow_origin && origin && strcmp(origin, q->srv->allow_origin) == 0) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
        MHD_add_response_header(resp, "Vary", "Origin");
    }
}

/* Queues a response with `len` bytes of body (taken: freed by MHD). */
static enum MHD_Result respond(request *q, struct MHD_Connection *c, unsigned status,
                               const char *type, char *body, size_t len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    common_headers(q, c, resp);
    if (type) MHD_add_response_header(resp, "Content-Type", type);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, "Allow",
                                q->r == R_CHECK || q->r == R_BATCH || q->r == R_NEXT
                                    ? "POST" : "GET, HEAD");
    enum MHD_Result ok = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    q->status = status;
    q->answered = true;
    return ok;
}

static enum MHD_Result respond_sb(request *q, struct MHD_Connection *c,
                                  unsigned status, const char *type, sbuf *b)
{
    if (b->oom) {
        free(b->p);
        static const char oom[] = "out of memory\n";
        char *p = strdup(oom);
        return p ? respond(q, c, 500, "text/plain", p, strlen(p)) : MHD_NO;
    }
    if (!b->p) sb_add(b, "", 0);
    return respond(q, c, status, type, b->p, b->len);
}

static const char *status_title(unsigned status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

/*
 * An RFC 9457 problem: `type` a URI naming the kind of problem ("about:blank"
 * when the HTTP status says it all), `detail` one line for a person, and
 * the diagnostics (messages, JSON pointers, lines and columns, as the CLI
 * prints them) under "errors".
 */
static enum MHD_Result problem(request *q, struct MHD_Connection *c, unsigned status,
                               const char *type, const char *title,
                               const remit_diagnostics *d, remit_status st,
                               const char *detail_fmt, ...)
    __attribute__((format(printf, 8, 9)));

static enum MHD_Result problem(request *q, struct MHD_Connection *c, unsigned status,
                               const char *type, const char *title,
                               const remit_diagnostics *d, remit_status st,
                               const char *detail_fmt, ...)
{
    sbuf b = {0};
    sb_puts(&b, "{\"type\":");
    sb_str(&b, type ? type : "about:blank");
    sb_puts(&b, ",\"title\":");
    sb_str(&b, title ? title : status_title(status));
    sb_printf(&b, ",\"status\":%u,\"detail\":", status);
    if (detail_fmt) {
        char detail[1024];
        va_list ap;
        va_start(ap, detail_fmt);
        vsnprintf(detail, sizeof detail, detail_fmt, ap);
        va_end(ap);
        sb_str(&b, detail);
    } else {
        first_error(&b, d, st, 0);
    }
    sb_puts(&b, ",\"instance\":");
    sb_str(&b, q->path);
    if (d) {
        sb_puts(&b, ",\"errors\":");
        diags_json(&b, d, 0);
    }
    sb_puts(&b, "}\n");
    return respond_sb(q, c, status, "application/problem+json", &b);
}

/* A complaint that cannot be evaluated: 400 when it is not JSON (or not
 * an object), 422 when it is JSON that does not fit the facts. */
static enum MHD_Result input_problem(request *q, struct MHD_Connection *c,
                                     remit_status st, const remit_diagnostics *d)
{
    if (st == REMIT_ENOMEM)
        return problem(q, c, 500, NULL, NULL, NULL, st, "out of memory");
    if (st == REMIT_ENORULESET)
        return problem(q, c, 422, "urn:remit:problem:no-ruleset",
                       "No ruleset applies to the complaint", d, st, NULL);
    bool syntax = false;
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        const char *code = remit_diagnostics_get(d, i)->code;
        if (code && (strncmp(code, "json-", 5) == 0 || strcmp(code, "bad-string") == 0 ||
                     strcmp(code, "too-large") == 0))
            syntax = true;
    }
    return problem(q, c, syntax ? 400 : 422,
                   syntax ? "urn:remit:problem:invalid-json"
                          : "urn:remit:problem:invalid-complaint",
                   syntax ? "The request body is not a JSON complaint"
                          : "The complaint does not fit the rules' facts",
                   d, st, NULL);
}

/* ---- Query parameters --------------------------------------------------------- */

typedef struct params {
    const char *allowed; /* space-separated names */
    bool bad;
    char bad_msg[200];
    remit_eval_options eo;
    bool compact, pretty;
    const char *ask;
    const char *dont_know[SERVE_MAX_PARAMS];
    size_t ndont_know;
} params;

static bool name_allowed(const char *allowed, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = allowed; *p;) {
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, key, n) == 0) return true;
        p += w;
        while (*p == ' ') p++;
    }
    return false;
}

static bool flag_value(params *pp, const char *key, const char *v)
{
    if (!v || !*v || strcmp(v, "true") == 0 || strcmp(v, "1") == 0) return true;
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) return false;
    pp->bad = true;
    snprintf(pp->bad_msg, sizeof pp->bad_msg, "%s must be true or false", key);
    return false;
}

static enum MHD_Result one_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    params *pp = cls;
    if (pp->bad) return MHD_NO;
    char k[40];
    clean_copy(k, sizeof k, key ? key : "", SIZE_MAX);
    if (!key || !name_allowed(pp->allowed, key)) {
        pp->bad = true;
        snprintf(pp->bad_msg, sizeof pp->bad_msg,
                 "unknown query parameter '%s' (this endpoint takes: %s)", k,
                 *pp->allowed ? pp->allowed : "none");
        return MHD_NO;
    }
    if (value && strlen(value) > SERVE_MAX_PARAM) {
        pp->bad = true;
        snprintf(pp->bad_msg, sizeof pp->bad_msg, "query parameter '%s' is too long", k);
        return MHD_NO;
    }
    if (strcmp(key, "today") == 0) {
        static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int y = 0, m = 0, dd = 0;
        bool ok = value && cli_parse_date(value, &y, &m, &dd) && m >= 1 && m <= 12 &&
                  dd >= 1 && dd <= mdays[m - 1] &&
                  (m != 2 || dd < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
        pp->eo.today_year = y;
        pp->eo.today_month = m;
        pp->eo.today_day = dd;
        if (!ok) {
            char v[40];
            clean_copy(v, sizeof v, value ? value : "", 30);
            pp->bad = true;
            snprintf(pp->bad_msg, sizeof pp->bad_msg,
                     "today needs a date YYYY-MM-DD, not '%s'", v);
            return MHD_NO;
        }
    } else if (strcmp(key, "strict") == 0) {
        if (flag_value(pp, key, value)) pp->eo.flags |= REMIT_EVAL_STRICT;
    } else if (strcmp(key, "compact") == 0) {
        pp->compact = flag_value(pp, key, value);
    } else if (strcmp(key, "pretty") == 0) {
        pp->pretty = flag_value(pp, key, value);
    } else if (strcmp(key, "ask") == 0) {
        pp->ask = value;
    } else if (strcmp(key, "dont_know") == 0) {
        if (pp->ndont_know == SERVE_MAX_PARAMS) {
            pp->bad = true;
            snprintf(pp->bad_msg, sizeof pp->bad_msg, "at most %u dont_know parameters",
                     SERVE_MAX_PARAMS);
            return MHD_NO;
        }
        if (value && *value) pp->dont_know[pp->ndont_know++] = value;
    }
    return pp->bad ? MHD_NO : MHD_YES;
}

/* Reads the query; false (with a 400 queued) when it is not right. */
static bool read_params(request *q, struct MHD_Connection *c, params *pp,
                        const char *allowed, enum MHD_Result *ret)
{
    memset(pp, 0, sizeof *pp);
    pp->allowed = allowed;
    pp->eo.input_name = "<request>";
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, one_param, pp);
    if (!pp->bad) return true;
    *ret = problem(q, c, 400, "urn:remit:problem:bad-query", "Bad query parameter", NULL,
                   REMIT_EINVAL, "%s", pp->bad_msg);
    return false;
}

/* ---- Endpoints ---------------------------------------------------------------- */

static void note_result(request *q, const remit_result *res)
{
    const char *v = remit_result_verdict(res);
    clean_copy(q->verdict, sizeof q->verdict, v ? v : "", SIZE_MAX);
    const char *id = remit_result_id(res);
    if (id) clean_copy(q->id, sizeof q->id, id, 64);
}

static enum MHD_Result do_check(request *q, struct MHD_Connection *c)
{
    params pp;
    enum MHD_Result ret;
    if (!read_params(q, c, &pp, "today strict compact pretty", &ret)) return ret;
    remit_result *res = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(q->srv->rs, q->body ? q->body : "", q->len, &pp.eo,
                                     &res, &d);
    if (st != REMIT_OK) {
        ret = input_problem(q, c, st, d);
        remit_diagnostics_free(d);
        return ret;
    }
    note_result(q, res);
    const char *out = remit_result_json(res, (pp.pretty ? REMIT_JSON_PRETTY : 0u) |
                                                 (pp.compact ? REMIT_JSON_COMPACT : 0u));
    sbuf b = {0};
    if (out) {
        /* The bytes of `remit check --json` (--pretty ends with its own
         * newline). */
        sb_puts(&b, out);
        if (!pp.pretty) sb_puts(&b, "\n");
    } else {
        b.oom = true;
    }
    remit_result_free(res);
    remit_diagnostics_free(d);
    return respond_sb(q, c, 200, "application/json", &b);
}

static enum MHD_Result do_next(request *q, struct MHD_Connection *c)
{
    params pp;
    enum MHD_Result ret;
    if (!read_params(q, c, &pp, "today dont_know ask", &ret)) return ret;
    remit_interview_options o;
    memset(&o, 0, sizeof o);
    o.eval = pp.eo;
    o.dont_know = pp.dont_know;
    o.dont_know_count = pp.ndont_know;
    o.ask = pp.ask;
    char *step = NULL;
    remit_diagnostics *d = NULL;
    remit_status st = remit_interview_next(q->srv->rs, q->body ? q->body : "", q->len,
                                           &o, &step, &d);
    if (st == REMIT_EINVAL && pp.ask) {
        char a[80];
        clean_copy(a, sizeof a, pp.ask, 70);
        ret = problem(q, c, 400, "urn:remit:problem:bad-query", "Bad query parameter",
                      NULL, st, "ask: '%s' names no question of the ruleset that "
                      "applies to this complaint", a);
    } else if (st != REMIT_OK) {
        ret = input_problem(q, c, st, d);
    } else {
        /* The verdict's name for the log, without parsing the step. */
        const char *v = strstr(step, "\"verdict\":{");
        v = v ? strstr(v, ",\"verdict\":\"") : NULL;
        if (v) {
            v += 12;
            clean_copy(q->verdict, sizeof q->verdict, v, strcspn(v, "\""));
        }
        size_t n = strlen(step);
        char *body = malloc(n + 1);
        if (body) memcpy(body, step, n + 1);
        ret = body ? respond(q, c, 200, "application/json", body, n)
                   : problem(q, c, 500, NULL, NULL, NULL, REMIT_ENOMEM, "out of memory");
    }
    remit_string_free(q->srv->rs, step);
    remit_diagnostics_free(d);
    return ret;
}

/* ---- /v1/batch: JSON Lines in, one record per line out, streamed ---------- */

/* The body is held (MHD answers once the request is in); the records are
 * cut and evaluated one at a time as the response is sent, by the library's
 * record stream (remit_stream_*, the one `remit batch` runs on), so the
 * lines are those of `remit batch` and count in = count out. */
typedef struct batch_state {
    remit_stream *stream;
    char *body; /* the whole request body (taken from the request) */
    size_t len, at;
    size_t sent; /* bytes of the stream's output already sent */
    bool ended;
} batch_state;

static ssize_t batch_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    batch_state *st = cls;
    size_t have = 0;
    const char *out = remit_stream_output(st->stream, &have);
    while (st->sent == have) {
        remit_stream_output_clear(st->stream);
        st->sent = 0;
        if (st->ended) return MHD_CONTENT_READER_END_OF_STREAM;
        size_t used = 0;
        remit_record rec;
        memset(&rec, 0, sizeof rec);
        /* An empty body has no buffer: no offset into a null pointer. */
        const char *rest = st->body ? st->body + st->at : "";
        remit_status rc = remit_stream_next(st->stream, rest, st->len - st->at,
                                            true, &used, &rec);
        if (rc == REMIT_ENOMEM) return MHD_CONTENT_READER_END_WITH_ERROR;
        st->at += used;
        if (rec.text) {
            if (remit_stream_eval(st->stream, &rec, NULL, NULL) == REMIT_ENOMEM)
                return MHD_CONTENT_READER_END_WITH_ERROR;
        } else if (rc != REMIT_OK || used == 0 || st->at >= st->len) {
            st->ended = true;
        }
        out = remit_stream_output(st->stream, &have);
    }
    size_t n = have - st->sent;
    if (n > max) n = max;
    memcpy(buf, out + st->sent, n);
    st->sent += n;
    return (ssize_t)n;
}

static void batch_free(void *cls)
{
    batch_state *st = cls;
    remit_stream_free(st->stream);
    free(st->body);
    free(st);
}

static enum MHD_Result do_batch(request *q, struct MHD_Connection *c)
{
    params pp;
    enum MHD_Result ret;
    if (!read_params(q, c, &pp, "today strict compact", &ret)) return ret;
    batch_state *st = calloc(1, sizeof *st);
    if (!st) return problem(q, c, 500, NULL, NULL, NULL, REMIT_ENOMEM, "out of memory");
    remit_stream_options so;
    memset(&so, 0, sizeof so);
    so.eval = pp.eo;
    so.eval.flags |= REMIT_EVAL_QUIET_UNKNOWN; /* as remit batch: counted */
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    so.input = ct && strncasecmp(ct, "text/csv", 8) == 0 ? REMIT_STREAM_CSV : REMIT_STREAM_JSONL;
    so.output = REMIT_STREAM_JSONL;
    so.json_flags = pp.compact ? REMIT_JSON_COMPACT : 0u;
    if (remit_stream_new(q->srv->rs, &so, &st->stream) != REMIT_OK) {
        free(st);
        return problem(q, c, 500, NULL, NULL, NULL, REMIT_ENOMEM, "out of memory");
    }
    st->body = q->body;
    st->len = q->len;
    q->body = NULL;
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, batch_read, st,
                                          batch_free);
    if (!resp) {
        batch_free(st);
        return MHD_NO;
    }
    common_headers(q, c, resp);
    MHD_add_response_header(resp, "Content-Type", "application/x-ndjson");
    ret = MHD_queue_response(c, 200, resp);
    MHD_destroy_response(resp);
    q->status = 200;
    q->answered = true;
    return ret;
}

/* ---- GET endpoints ---------------------------------------------------------------- */

static enum MHD_Result do_rulesets(request *q, struct MHD_Connection *c)
{
    sbuf b = {0};
    sb_puts(&b, "{\"remit_version\":");
    sb_str(&b, remit_version_string());
    sb_puts(&b, ",\"rulesets\":[");
    for (size_t i = 0; i < remit_ruleset_count(q->srv->rs); i++) {
        remit_ruleset_info info;
        if (remit_ruleset_get_info(q->srv->rs, i, &info) != REMIT_OK) continue;
        sb_puts(&b, i ? ",{\"id\":" : "{\"id\":");
        sb_str(&b, info.id);
        sb_puts(&b, ",\"title\":");
        sb_str(&b, info.title);
        sb_puts(&b, ",\"jurisdiction\":");
        sb_str(&b, info.jurisdiction);
        sb_puts(&b, ",\"version\":");
        sb_str(&b, info.version);
        sb_puts(&b, ",\"digest\":");
        sb_str(&b, info.digest);
        sb_puts(&b, ",\"law_checked\":");
        sb_str(&b, info.law_checked);
        sb_printf(&b, ",\"rule_count\":%zu,\"fact_count\":%zu}", info.rule_count,
                  info.fact_count);
    }
    sb_puts(&b, "]}\n");
    return respond_sb(q, c, 200, "application/json", &b);
}

static enum MHD_Result do_vocab(request *q, struct MHD_Connection *c, bool schema)
{
    char *s = NULL;
    remit_status st = schema ? remit_ruleset_schema_json(q->srv->rs, &s)
                             : remit_ruleset_facts_json(q->srv->rs, &s);
    if (st != REMIT_OK) return problem(q, c, 500, NULL, NULL, NULL, st, "%s", remit_status_str(st));
    sbuf b = {0};
    sb_puts(&b, s);
    remit_string_free(q->srv->rs, s);
    return respond_sb(q, c, 200, schema ? "application/schema+json" : "application/json", &b);
}

static enum MHD_Result do_asset(request *q, struct MHD_Connection *c,
                                const serve_asset *a)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        a->len, (void *)(uintptr_t)a->data, MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    common_headers(q, c, resp);
    MHD_add_response_header(resp, "Content-Type", a->type);
    enum MHD_Result ret = MHD_queue_response(c, 200, resp);
    MHD_destroy_response(resp);
    q->status = 200;
    q->answered = true;
    return ret;
}

/* ---- Dispatch ------------------------------------------------------------------------ */

static route route_of(const char *url, const serve_asset **asset)
{
    static const struct { const char *path; route r; } routes[] = {
        {"/healthz", R_HEALTH},   {"/v1/rulesets", R_RULESETS}, {"/v1/facts", R_FACTS},
        {"/v1/schema", R_SCHEMA}, {"/v1/openapi.json", R_OPENAPI},
        {"/v1/check", R_CHECK},   {"/v1/batch", R_BATCH},       {"/v1/next", R_NEXT},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(url, routes[i].path) == 0) return routes[i].r;
    *asset = serve_find_asset(strcmp(url, "/") == 0 ? "/index.html" : url);
    if (*asset) return strcmp(url, "/") == 0 ? R_PAGE : R_ASSET;
    return R_NONE;
}

static bool is_post_route(route r)
{
    return r == R_CHECK || r == R_BATCH || r == R_NEXT;
}

/* Media types a POST body may declare (a form's types are refused, so a
 * page elsewhere cannot post a form here). */
static bool json_type(const char *ct, route r)
{
    if (!ct) return true; /* none said: read it as JSON */
    size_t n = strcspn(ct, "; \t");
    if (n == 16 && strncasecmp(ct, "application/json", 16) == 0) return true;
    if (r == R_BATCH &&
        ((n == 20 && strncasecmp(ct, "application/x-ndjson", 20) == 0) ||
         (n == 17 && strncasecmp(ct, "application/jsonl", 17) == 0) ||
         (n == 8 && strncasecmp(ct, "text/csv", 8) == 0) ||
         (n == 10 && strncasecmp(ct, "text/plain", 10) == 0)))
        return true;
    return false;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)c;
    server *srv = cls;
    request *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    q->srv = srv;
    clock_gettime(CLOCK_MONOTONIC, &q->t0);
    clean_copy(q->path, sizeof q->path, uri ? uri : "", strcspn(uri ? uri : "", "?"));
    snprintf(q->method, sizeof q->method, "-");
    atomic_fetch_add(&srv->in_flight, 1);
    return q;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    server *srv = cls;
    request *q = *con_cls;
    if (!q) return MHD_NO; /* on_uri could not allocate */
    if (!q->started) {
        q->started = true;
        clean_copy(q->method, sizeof q->method, method, SIZE_MAX);
        q->r = route_of(url, &q->asset);
        bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
        bool post = strcmp(method, "POST") == 0;
        if (q->r == R_NONE)
            return problem(q, c, 404, NULL, NULL, NULL, REMIT_EINVAL,
                           "no such page or endpoint: %s", q->path);
        if (strcmp(method, "OPTIONS") == 0 && srv->allow_origin) {
            /* A CORS preflight from the allowed origin. */
            char *empty = strdup("");
            if (!empty) return MHD_NO;
            struct MHD_Response *resp =
                MHD_create_response_from_buffer(0, empty, MHD_RESPMEM_MUST_FREE);
            if (!resp) return MHD_NO;
            common_headers(q, c, resp);
            MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, POST");
            MHD_add_response_header(resp, "Access-Control-Allow-Headers", "Content-Type");
            MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
            enum MHD_Result ret = MHD_queue_response(c, 204, resp);
            MHD_destroy_response(resp);
            q->status = 204;
            q->answered = true;
            return ret;
        }
        if ((is_post_route(q->r) && !post) || (!is_post_route(q->r) && !get))
            return problem(q, c, 405, NULL, NULL, NULL, REMIT_EINVAL,
                           "%s takes %s, not %s", q->path,
                           is_post_route(q->r) ? "POST" : "GET", q->method);
        if (post) {
            const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
            if (!json_type(ct, q->r))
                return problem(q, c, 415, NULL, NULL, NULL, REMIT_EINVAL,
                               "%s takes a JSON body (Content-Type: %s)", q->path,
                               q->r == R_BATCH ? "application/x-ndjson" : "application/json");
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
            size_t limit = q->r == R_BATCH ? srv->max_batch : srv->max_body;
            if (cl) {
                char *end;
                errno = 0;
                unsigned long long v = strtoull(cl, &end, 10);
                if (errno || *end || v > limit)
                    return problem(q, c, 413, NULL, NULL, NULL, REMIT_EINVAL,
                                   "the body is larger than this server takes for %s "
                                   "(%zu bytes)", q->path, limit);
            }
        }
        return MHD_YES;
    }
    if (*upload_size) {
        /* Part of the body. */
        size_t limit = q->r == R_BATCH ? srv->max_batch : srv->max_body;
        size_t n = *upload_size;
        *upload_size = 0;
        if (q->too_big || q->len + n > limit) {
            /* Chunked and too large: read no more of it than four times
             * the limit, then answer 413 at its end (or close). */
            q->too_big = true;
            q->len += n;
            return q->len > 4 * (uint64_t)limit ? MHD_NO : MHD_YES;
        }
        if (q->len + n + 1 > q->cap) {
            size_t cap = q->cap ? q->cap : 4096;
            while (cap < q->len + n + 1) cap *= 2;
            char *p = realloc(q->body, cap);
            if (!p) return MHD_NO;
            q->body = p;
            q->cap = cap;
        }
        memcpy(q->body + q->len, upload, n);
        q->len += n;
        q->body[q->len] = '\0';
        return MHD_YES;
    }
    if (q->answered) return MHD_YES;
    if (q->too_big)
        return problem(q, c, 413, NULL, NULL, NULL, REMIT_EINVAL,
                       "the body is larger than this server takes for %s (%zu bytes)",
                       q->path, q->r == R_BATCH ? srv->max_batch : srv->max_body);
    switch (q->r) {
    case R_CHECK: return do_check(q, c);
    case R_NEXT: return do_next(q, c);
    case R_BATCH: return do_batch(q, c);
    case R_RULESETS: return do_rulesets(q, c);
    case R_FACTS: return do_vocab(q, c, false);
    case R_SCHEMA: return do_vocab(q, c, true);
    case R_HEALTH: {
        bool drain = atomic_load(&srv->draining);
        sbuf b = {0};
        sb_printf(&b, "{\"status\":\"%s\",\"rulesets\":%zu}\n", drain ? "draining" : "ok",
                  remit_ruleset_count(srv->rs));
        return respond_sb(q, c, drain ? 503 : 200, "application/json", &b);
    }
    case R_OPENAPI: return do_asset(q, c, serve_find_asset("/openapi.json"));
    case R_PAGE:
    case R_ASSET: return do_asset(q, c, q->asset);
    case R_NONE: break;
    }
    return MHD_NO;
}

/* One line per request to stderr: time, method, path, status, verdict,
 * duration, the complaint's id.  Never a body or an answer. */
static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)c;
    server *srv = cls;
    request *q = *con_cls;
    if (!q) return;
    *con_cls = NULL;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - q->t0.tv_sec) * 1e3 +
                (double)(t1.tv_nsec - q->t0.tv_nsec) / 1e6;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char status[16];
    if (q->status) snprintf(status, sizeof status, "%u", q->status);
    else snprintf(status, sizeof status, "-");
    const char *end = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK        ? ""
                      : toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED   ? " (timed out)"
                      : toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN   ? " (shut down)"
                      : toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT      ? " (client went away)"
                      : toe == MHD_REQUEST_TERMINATED_READ_ERROR        ? " (read error)"
                                                                        : " (error)";
    if (!srv->quiet)
        fprintf(stderr, "%s %s %s %s %s %.1fms %s%s\n", when, q->method, q->path[0] ? q->path : "-",
            status, q->verdict[0] ? q->verdict : "-", ms, q->id[0] ? q->id : "-", end);
    free(q->body);
    free(q);
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* ---- The command ------------------------------------------------------------------------ */

/* Parses HOST:PORT ([V6]:PORT for IPv6) into *ss; false with a message. */
static bool parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sl,
                         bool *loopback, char *err, size_t esize)
{
    char host[256];
    const char *port;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof host) {
            snprintf(err, esize, "--listen needs HOST:PORT or [IPV6]:PORT, not '%.80s'", s);
            return false;
        }
        memcpy(host, s + 1, (size_t)(close - s - 1));
        host[close - s - 1] = '\0';
        port = close + 2;
    } else {
        const char *colon = strrchr(s, ':');
        if (!colon || (size_t)(colon - s) >= sizeof host || strchr(s, ':') != colon) {
            snprintf(err, esize, "--listen needs HOST:PORT or [IPV6]:PORT, not '%.80s'", s);
            return false;
        }
        memcpy(host, s, (size_t)(colon - s));
        host[colon - s] = '\0';
        port = colon + 1;
    }
    char *end;
    long p = strtol(port, &end, 10);
    if (!*port || *end || p < 0 || p > 65535) {
        snprintf(err, esize, "--listen: '%.20s' is not a port number (0 to 65535)", port);
        return false;
    }
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    if (getaddrinfo(host[0] ? host : NULL, port, &hints, &ai) != 0 || !ai) {
        snprintf(err, esize, "--listen: cannot resolve '%.80s'", host);
        return false;
    }
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *sl = ai->ai_addrlen;
    freeaddrinfo(ai);
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
        *loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
        *loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    } else {
        *loopback = false;
    }
    return true;
}

static bool parse_size(const char *v, size_t lo, size_t hi, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (!*v || *end || errno || n < lo || n > hi) return false;
    *out = (size_t)n;
    return true;
}

/* ---- Starting and stopping (cmd_serve, and the fuzz target) ------------------------ */

struct serve_daemon {
    server srv;
    struct MHD_Daemon *d;
};

serve_daemon *serve_start(const remit_ruleset *rs, const serve_options *o,
                          unsigned *port_out, char *err, size_t esize)
{
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    bool loopback = false;
    if (!parse_listen(o->listen, &ss, &sl, &loopback, err, esize)) return NULL;
    if (!loopback && !o->public_ok) {
        snprintf(err, esize, "--listen %s is not a loopback address: serving beyond this "
                 "machine needs --public (and TLS and sign-on in front: see the README)",
                 o->listen);
        return NULL;
    }
    serve_daemon *sd = calloc(1, sizeof *sd);
    if (!sd) {
        snprintf(err, esize, "out of memory");
        return NULL;
    }
    sd->srv.rs = rs;
    sd->srv.max_body = o->max_body;
    sd->srv.max_batch = o->max_batch;
    sd->srv.allow_origin = o->allow_origin;
    sd->srv.quiet = o->quiet;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_AUTO;
    if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    errno = 0;
    sd->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &sd->srv,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_conn,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONN_MEMORY,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, &sd->srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, &sd->srv,
        MHD_OPTION_END);
    if (!sd->d) {
        snprintf(err, esize, "cannot listen on %s: %s", o->listen,
                 strerror(errno ? errno : EADDRINUSE));
        free(sd);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(sd->d, MHD_DAEMON_INFO_BIND_PORT);
    if (port_out) *port_out = di ? di->port : 0;
    return sd;
}

int serve_in_flight(const serve_daemon *sd)
{
    return atomic_load(&sd->srv.in_flight);
}

void serve_stop(serve_daemon *sd)
{
    if (!sd) return;
    /* Drain: stop accepting, let what is in flight finish, then stop. */
    atomic_store(&sd->srv.draining, true);
    MHD_socket ls = MHD_quiesce_daemon(sd->d);
    for (int i = 0; i < SERVE_DRAIN_SECONDS * 50 && atomic_load(&sd->srv.in_flight) > 0; i++) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(sd->d);
    /* Only now: the daemon's threads may still use the listening socket
     * until it is stopped (closing it first made MHD abort at times, in
     * fuzz_replay: "Failed to remove listen FD from epoll set"). */
    if (ls != MHD_INVALID_SOCKET) close(ls);
    free(sd);
}

int cmd_serve(int argc, char **argv)
{
    const char *rules = NULL;
    serve_options o;
    memset(&o, 0, sizeof o);
    o.listen = "127.0.0.1:8080";
    o.max_body = SERVE_DEFAULT_BODY;
    o.max_batch = SERVE_DEFAULT_BATCH;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.threads = cores < 1 ? 1 : cores > 64 ? 64 : (size_t)cores;
    o.max_conn = 256;
    o.timeout = 15;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool takes = strcmp(a, "--listen") == 0 || strcmp(a, "--rules") == 0 ||
                     strcmp(a, "--threads") == 0 || strcmp(a, "--allow-origin") == 0 ||
                     strcmp(a, "--max-body") == 0 || strcmp(a, "--max-batch") == 0 ||
                     strcmp(a, "--max-connections") == 0 || strcmp(a, "--timeout") == 0;
        const char *v = NULL;
        if (takes) {
            if (i + 1 >= argc) return cli_usage_error("serve ", "option '%s' needs a value", a);
            v = argv[++i];
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_serve, stdout);
            return EXIT_DECIDED;
        } else if (strcmp(a, "--listen") == 0) {
            o.listen = v;
        } else if (strcmp(a, "--public") == 0) {
            o.public_ok = true;
        } else if (strcmp(a, "--rules") == 0) {
            rules = v;
        } else if (strcmp(a, "--threads") == 0) {
            if (!parse_size(v, 1, 64, &o.threads))
                return cli_usage_error("serve ", "--threads needs a number from 1 to 64, not '%s'", v);
        } else if (strcmp(a, "--allow-origin") == 0) {
            if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
                return cli_usage_error("serve ", "--allow-origin needs an origin such as "
                                       "https://intake.example.org, not '%s'", v);
            o.allow_origin = v;
        } else if (strcmp(a, "--max-body") == 0) {
            if (!parse_size(v, 1024, 16u * 1024u * 1024u, &o.max_body))
                return cli_usage_error("serve ", "--max-body needs a number of bytes from 1024 "
                                       "to 16777216, not '%s'", v);
        } else if (strcmp(a, "--max-batch") == 0) {
            if (!parse_size(v, 1024, (size_t)1 << 30, &o.max_batch))
                return cli_usage_error("serve ", "--max-batch needs a number of bytes from 1024 "
                                       "to 1073741824, not '%s'", v);
        } else if (strcmp(a, "--max-connections") == 0) {
            if (!parse_size(v, 1, 10000, &o.max_conn))
                return cli_usage_error("serve ", "--max-connections needs a number from 1 to "
                                       "10000, not '%s'", v);
        } else if (strcmp(a, "--timeout") == 0) {
            if (!parse_size(v, 1, 3600, &o.timeout))
                return cli_usage_error("serve ", "--timeout needs a number of seconds from 1 "
                                       "to 3600, not '%s'", v);
        } else {
            return cli_usage_error("serve ", "unknown %s '%s'",
                                   a[0] == '-' ? "option" : "argument", a);
        }
    }
    /* The address is checked before the rules are loaded. */
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    bool loopback = false;
    char err[300];
    if (!parse_listen(o.listen, &ss, &sl, &loopback, err, sizeof err))
        return cli_usage_error("serve ", "%s", err);
    if (!loopback && !o.public_ok)
        return cli_usage_error("serve ", "--listen %s is not a loopback address: serving "
                               "beyond this machine needs --public (and TLS and sign-on "
                               "in front: see the README)", o.listen);
    remit_ruleset *rs = NULL;
    int rc = cli_load_rules(rules, &rs);
    if (rc != EXIT_DECIDED) return rc;

    /* SIGTERM and SIGINT are taken by sigwait below: block them before
     * the server's threads start, so that they inherit the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned port = 0;
    serve_daemon *sd = serve_start(rs, &o, &port, err, sizeof err);
    if (!sd) {
        fprintf(stderr, "%s: serve: %s\n", cli_prog, err);
        remit_ruleset_free(rs);
        return EXIT_INTERNAL;
    }
    char host[INET6_ADDRSTRLEN] = "";
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
    else
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
    fprintf(stderr, "%s: serving on http://%s%s%s:%u/ (%zu threads; stop with Ctrl-C or SIGTERM)\n",
            cli_prog, ss.ss_family == AF_INET6 ? "[" : "", host,
            ss.ss_family == AF_INET6 ? "]" : "", port, o.threads);

    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "%s: %s: finishing %d request(s) in flight\n", cli_prog,
            sig == SIGTERM ? "SIGTERM" : "SIGINT", serve_in_flight(sd));
    serve_stop(sd);
    remit_ruleset_free(rs);
    fprintf(stderr, "%s: stopped\n", cli_prog);
    return EXIT_DECIDED;
}
