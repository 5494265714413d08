/*
 * batch.c -- `remit batch`: many complaints in, one verdict per record out.
 * Consumes JSON Lines (files or standard input) and directories of .json
 * files (one complaint each); produces, in input order, one JSON line (or
 * CSV row) per record - a verdict, or an error record in its place - and on
 * stderr a progress bar and a summary.  Streams in bounded memory, and with
 * --jobs N spreads the records over N worker processes.
 *
 * Design (README, "Batch"):
 *   reader --chunks--> evaluate (in process, or in worker processes) --> out
 * The reader cuts the input into chunks of whole records (32 KiB in one
 * process, 256 KiB for workers).  With one job the chunk is evaluated in
 * this process (through one remit_evaluator, whose memory is reused from
 * record to record) and written.  With N
 * jobs, N worker processes are forked after the rules are loaded: each owns
 * SLOTS chunk slots in shared memory (input, record table, output), so a
 * chunk is read once into memory the worker reads, and its output is
 * written to stdout from memory the worker wrote - no copy through a pipe.
 * Pipes carry only slot numbers.  Chunk k goes to worker k mod N, and the
 * main process writes chunk k's output only after chunk k-1's, so the order
 * of the input is kept.  Worker processes, not threads: cJSON, which parses
 * each complaint inside libremit, writes a process-wide error record on
 * every parse, so libremit lets one thread parse at a time (a lock), and
 * threads would queue on it for a third of their time; each worker process
 * has its own cJSON.
 */
#define _GNU_SOURCE /* sched_getaffinity, MAP_ANONYMOUS, MAP_NORESERVE */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char usage_batch[] =
    "Usage: remit batch [OPTIONS] [INPUT...]\n"
    "\n"
    "Evaluates many complaints and writes one verdict per record, in input\n"
    "order.  An INPUT is a JSON Lines file (one complaint per line), '-' for\n"
    "standard input (the default), a .json file (one complaint), or a\n"
    "directory, whose *.json files are read in name order, one complaint\n"
    "each.  Blank lines are skipped.  A bad record (invalid JSON, a wrong\n"
    "type, a bad date...) becomes an error record in its place, with its\n"
    "position and message, and the run goes on: records out = records in.\n"
    "\n"
    "Output: one JSON object per line - the verdict of `remit check --json`\n"
    "with \"line\" (the line in a JSON Lines input) and \"file\" (when there\n"
    "are several inputs or one complaint per file) - or an error record\n"
    "{\"line\", \"file\", \"id\", \"error\", \"diagnostics\"}.  With --format csv,\n"
    "a header and one row per record: line, file, id, verdict,\n"
    "provisional_verdict, discretionary, heads, head_verdicts,\n"
    "deciding_rules, questions, error.\n"
    "\n"
    "Options:\n"
    "  --rules PATH       rule file or directory (default: the shipped rules)\n"
    "  --today YYYY-MM-DD the evaluation date (default: today in the UK, read once\n"
    "                     for the whole run)\n"
    "  --format FORMAT    jsonl (default) or csv\n"
    "  --compact          JSON with only what routing needs (verdicts, rules,\n"
    "                     questions)\n"
    "  --strict           unknown members of a complaint are errors\n"
    "  --warnings         print each warning (unknown members...) to stderr;\n"
    "                     by default they are only counted in the summary\n"
    "  --jobs N           evaluate in N processes (default: the cores this\n"
    "                     process may run on); output order is kept\n"
    "  --summary          print counts by verdict, head outcome and deciding\n"
    "                     rule, errors, warnings and throughput to stderr\n"
    "  --progress WHEN    auto (default: on when stderr is a terminal),\n"
    "                     always or never\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 every record has a verdict, 2 usage error, 3 some records\n"
    "were written as error records (or an input cannot be opened: then\n"
    "nothing is written), 4 invalid rules, 5 internal error (out of memory,\n"
    "read or write error).\n";

/* ---- Limits and sizes ---------------------------------------------------- */

/* Largest record; a longer one is an error record (as in the engine). */
#define MAX_RECORD ((size_t)16 * 1024 * 1024)
/* A chunk closes once it holds this many bytes of input (a worker's, to
 * keep the hand-overs few; in one process, a smaller one, whose input and
 * output stay in the core's cache)... */
#define CHUNK_TARGET ((size_t)256 * 1024)
#define CHUNK_TARGET_SERIAL ((size_t)32 * 1024)
/* ...or this many records. */
#define CHUNK_RECORDS 1024u
/* Input room of a chunk: the target plus one largest record. */
#define CHUNK_IN_CAP (CHUNK_TARGET + MAX_RECORD + 1)
/* Output room of a worker's chunk slot (virtual; touched pages only). */
#define SLOT_OUT_CAP ((size_t)64 * 1024 * 1024)
/* The reader's buffer: grows from READ_SIZE up to a record and a read. */
#define READ_SIZE ((size_t)128 * 1024)
#define MAX_JOBS 256
/* Chunk slots per worker: one being evaluated, the rest queued, so that a
 * worker has work for a while when the main process is slow to be
 * scheduled (a busy machine) and cannot hand it the next chunk at once. */
#define SLOTS 4

/* ---- Inputs ---------------------------------------------------------------- */

typedef struct source {
    const char *name; /* as shown in output; "-" for standard input */
    bool lines;       /* JSON Lines (else one complaint per file) */
} source;

/* One record of a chunk.  `line` is 0 for a whole-file record. */
typedef struct rec {
    uint64_t off;  /* in the chunk's data */
    uint64_t size; /* bytes; for a record too large, its full size */
    uint64_t line;
    uint32_t src;
    uint32_t too_large;
} rec;

typedef struct chunk {
    uint32_t nrec;
    uint64_t bytes_done; /* input bytes consumed once this chunk was read */
    rec recs[CHUNK_RECORDS];
    size_t len; /* bytes of data used */
    char *data; /* CHUNK_IN_CAP bytes */
} chunk;

typedef struct reader {
    const source *srcs;
    size_t nsrc, cur;
    int fd;
    bool opened, eof, skipping;
    bool stream; /* a pipe or terminal: a read may wait for the writer */
    char *buf;
    size_t cap, pos, end;
    uint64_t line;       /* line number of the last line read */
    uint64_t bytes_done; /* consumed, over all sources */
    int err;             /* errno of a read error */
    const char *err_name;
    size_t target;       /* CHUNK_TARGET or CHUNK_TARGET_SERIAL */
} reader;

/* ---- Counters for the summary ---------------------------------------------- */

typedef struct counter {
    const char *key;
    uint64_t n;
} counter;

typedef struct tally {
    counter *v;
    size_t n, cap;
    bool owned; /* keys were copied (merged from workers) */
} tally;

typedef struct stats {
    uint64_t records, errors, heads, needs_info, warnings, warned_records;
    tally verdicts, head_verdicts, rules;
} stats;

/* ---- The run ----------------------------------------------------------------- */

typedef struct outbuf {
    char *p;
    size_t len, cap;
    bool fixed; /* cannot grow (a shared slot) */
    bool full;  /* a write did not fit */
} outbuf;

typedef struct batch {
    remit_ruleset *rs;
    remit_evaluator *ev; /* made in the process that evaluates */
    remit_eval_options opt;
    unsigned json_flags;
    bool csv, warnings, summary, several;
    int progress; /* 0 off, 1 on */
    const source *srcs;
    size_t nsrc;
    stats st;
    uint64_t total_bytes; /* 0: unknown */
    uint64_t written;     /* records written */
    double t0, last_progress;
    bool oom;
} batch;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- Output buffer -------------------------------------------------------------- */

static bool out_reserve(outbuf *o, size_t extra)
{
    if (o->full) return false;
    if (o->len + extra <= o->cap) return true;
    if (o->fixed) {
        o->full = true;
        return false;
    }
    size_t cap = o->cap ? o->cap : 65536;
    while (cap < o->len + extra) cap *= 2;
    char *p = realloc(o->p, cap);
    if (!p) {
        o->full = true;
        return false;
    }
    o->p = p;
    o->cap = cap;
    return true;
}

static void out_add(outbuf *o, const char *s, size_t n)
{
    if (!out_reserve(o, n)) return;
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void out_puts(outbuf *o, const char *s)
{
    out_add(o, s, strlen(s));
}

static void out_u64(outbuf *o, uint64_t v)
{
    char t[24]; /* without printf: this runs for every record */
    size_t n = 0;
    do {
        t[sizeof t - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out_add(o, t + sizeof t - n, n);
}

/* s as a JSON string, quotes included. */
static void out_json_str(outbuf *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    out_add(o, "\"", 1);
    size_t run = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out_add(o, s + run, k - run);
        run = k + 1;
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        if (c == '"' || c == '\\') {
            e[1] = (char)c;
            out_add(o, e, 2);
        } else if (c == '\n') {
            out_add(o, "\\n", 2);
        } else if (c == '\t') {
            out_add(o, "\\t", 2);
        } else if (c == '\r') {
            out_add(o, "\\r", 2);
        } else {
            out_add(o, e, 6);
        }
    }
    out_add(o, s + run, n - run);
    out_add(o, "\"", 1);
}

static void out_json_cstr(outbuf *o, const char *s)
{
    if (s) out_json_str(o, s, strlen(s));
    else out_puts(o, "null");
}

/*
 * A CSV field (RFC 4180): quoted when it holds a comma, a quote, a line
 * break or leading/trailing space, with quotes doubled.  A field that a
 * spreadsheet would read as a formula (= + - @ first) gets a leading
 * apostrophe, the usual guard against CSV formula injection.
 */
static void out_csv(outbuf *o, const char *s, size_t n, bool guard)
{
    bool formula = guard && n && strchr("=+-@", s[0]);
    bool quote = formula || (n && (s[0] == ' ' || s[n - 1] == ' '));
    for (size_t k = 0; k < n && !quote; k++)
        if (s[k] == ',' || s[k] == '"' || s[k] == '\n' || s[k] == '\r') quote = true;
    if (!quote) {
        out_add(o, s, n);
        return;
    }
    out_add(o, "\"", 1);
    if (formula) out_add(o, "'", 1);
    size_t run = 0;
    for (size_t k = 0; k < n; k++)
        if (s[k] == '"') {
            out_add(o, s + run, k + 1 - run);
            out_add(o, "\"", 1);
            run = k + 1;
        }
    out_add(o, s + run, n - run);
    out_add(o, "\"", 1);
}

static void out_csv_cstr(outbuf *o, const char *s)
{
    if (s) out_csv(o, s, strlen(s), false);
}

/* ---- Counters ------------------------------------------------------------------- */

static void tally_add(tally *t, const char *key, uint64_t n, bool *oom)
{
    if (!key) key = "-";
    for (size_t k = 0; k < t->n; k++)
        if (t->v[k].key == key || strcmp(t->v[k].key, key) == 0) {
            t->v[k].n += n;
            return;
        }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        counter *v = realloc(t->v, cap * sizeof *v);
        if (!v) {
            *oom = true;
            return;
        }
        t->v = v;
        t->cap = cap;
    }
    if (t->owned) {
        char *copy = strdup(key);
        if (!copy) {
            *oom = true;
            return;
        }
        key = copy;
    }
    t->v[t->n].key = key;
    t->v[t->n].n = n;
    t->n++;
}

static void tally_free(tally *t)
{
    if (t->owned)
        for (size_t k = 0; k < t->n; k++) free((char *)t->v[k].key);
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

static void stats_free(stats *s)
{
    tally_free(&s->verdicts);
    tally_free(&s->head_verdicts);
    tally_free(&s->rules);
}

/* The counters as text, for a worker to hand to the main process:
 * "n records errors heads needs_info warnings warned_records" then one
 * "v|h|r<TAB>key<TAB>count" line per counter. */
static void stats_write(const stats *s, outbuf *o)
{
    char t[200];
    int n = snprintf(t, sizeof t, "n %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
                                  " %" PRIu64 " %" PRIu64 "\n",
                     s->records, s->errors, s->heads, s->needs_info, s->warnings,
                     s->warned_records);
    out_add(o, t, (size_t)n);
    const tally *ts[3] = {&s->verdicts, &s->head_verdicts, &s->rules};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < ts[k]->n; i++) {
            out_add(o, &"vhr"[k], 1);
            out_add(o, "\t", 1);
            out_puts(o, ts[k]->v[i].key);
            n = snprintf(t, sizeof t, "\t%" PRIu64 "\n", ts[k]->v[i].n);
            out_add(o, t, (size_t)n);
        }
}

/* Adds the counters written by stats_write to s. */
static void stats_merge(stats *s, char *text, size_t len, bool *oom)
{
    char *end = text + len;
    while (text < end) {
        char *nl = memchr(text, '\n', (size_t)(end - text));
        if (!nl) break;
        *nl = '\0';
        if (text[0] == 'n') {
            uint64_t v[6] = {0};
            if (sscanf(text, "n %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
                             " %" SCNu64 " %" SCNu64,
                       &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6) {
                s->records += v[0];
                s->errors += v[1];
                s->heads += v[2];
                s->needs_info += v[3];
                s->warnings += v[4];
                s->warned_records += v[5];
            }
        } else {
            char *tab1 = strchr(text, '\t');
            char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
            if (tab2) {
                *tab2 = '\0';
                tally *t = text[0] == 'v' ? &s->verdicts
                         : text[0] == 'h' ? &s->head_verdicts : &s->rules;
                tally_add(t, tab1 + 1, strtoull(tab2 + 1, NULL, 10), oom);
            }
        }
        text = nl + 1;
    }
}

/* ---- Reading the input ---------------------------------------------------------- */

static bool has_ext(const char *name, const char *ext)
{
    size_t l = strlen(name), e = strlen(ext);
    return l > e && strcmp(name + l - e, ext) == 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const source *)a)->name, ((const source *)b)->name);
}

/*
 * Builds the list of inputs from the arguments: a directory becomes its
 * *.json files in name order; a .json file is one complaint; anything else
 * (and '-') is JSON Lines.  Every input is checked up front, so that a
 * missing file stops the run before any output.  Returns 0 or an exit code.
 */
static int list_inputs(char **args, int nargs, source **out, size_t *nout)
{
    size_t n = 0, cap = 16;
    source *v = malloc(cap * sizeof *v);
    if (!v) return EXIT_INTERNAL;
    static char dash[] = "-";
    char *none[1] = {dash};
    if (nargs == 0) {
        args = none;
        nargs = 1;
    }
    int rc = 0;
    for (int i = 0; i < nargs && rc == 0; i++) {
        const char *a = args[i];
        struct stat st;
        if (strcmp(a, "-") != 0 && stat(a, &st) != 0) {
            fprintf(stderr, "%s: %s: %s\n", cli_prog, a, strerror(errno));
            rc = EXIT_BAD_INPUT;
            break;
        }
        if (strcmp(a, "-") != 0 && S_ISDIR(st.st_mode)) {
            DIR *dir = opendir(a);
            if (!dir) {
                fprintf(stderr, "%s: %s: %s\n", cli_prog, a, strerror(errno));
                rc = EXIT_BAD_INPUT;
                break;
            }
            size_t first = n;
            struct dirent *e;
            while ((e = readdir(dir)) != NULL) {
                if (e->d_name[0] == '.' || !has_ext(e->d_name, ".json")) continue;
                size_t l = strlen(a) + strlen(e->d_name) + 2;
                char *path = malloc(l);
                if (!path || (n == cap && !(cap *= 2, v = realloc(v, cap * sizeof *v)))) {
                    free(path);
                    closedir(dir);
                    return EXIT_INTERNAL;
                }
                snprintf(path, l, "%s%s%s", a, a[strlen(a) - 1] == '/' ? "" : "/",
                         e->d_name);
                v[n].name = path;
                v[n].lines = false;
                n++;
            }
            closedir(dir);
            qsort(v + first, n - first, sizeof *v, cmp_name);
            continue;
        }
        if (strcmp(a, "-") != 0 && access(a, R_OK) != 0) {
            fprintf(stderr, "%s: %s: %s\n", cli_prog, a, strerror(errno));
            rc = EXIT_BAD_INPUT;
            break;
        }
        if (n == cap) {
            source *nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv) {
                free(v);
                return EXIT_INTERNAL;
            }
            v = nv;
        }
        char *copy = strdup(a);
        if (!copy) return EXIT_INTERNAL;
        v[n].name = copy;
        v[n].lines = strcmp(a, "-") == 0 || !has_ext(a, ".json");
        n++;
    }
    if (rc) {
        for (size_t k = 0; k < n; k++) free((char *)v[k].name);
        free(v);
        return rc;
    }
    *out = v;
    *nout = n;
    return 0;
}

/* Total size of the inputs in bytes, or 0 when one of them has no known
 * size (a pipe): then progress shows no ETA. */
static uint64_t total_size(const source *v, size_t n)
{
    uint64_t total = 0;
    for (size_t k = 0; k < n; k++) {
        struct stat st;
        int ok = strcmp(v[k].name, "-") == 0 ? fstat(STDIN_FILENO, &st)
                                             : stat(v[k].name, &st);
        if (ok != 0 || !S_ISREG(st.st_mode)) return 0;
        total += (uint64_t)st.st_size;
    }
    return total;
}

static bool reader_open(reader *rd)
{
    const source *s = &rd->srcs[rd->cur];
    rd->line = 0;
    rd->pos = rd->end = 0;
    rd->eof = false;
    rd->skipping = false;
    if (strcmp(s->name, "-") == 0) {
        rd->fd = STDIN_FILENO;
    } else {
        rd->fd = open(s->name, O_RDONLY);
        if (rd->fd < 0) {
            rd->err = errno;
            rd->err_name = s->name;
            return false;
        }
    }
    struct stat st;
    rd->stream = fstat(rd->fd, &st) != 0 || !S_ISREG(st.st_mode);
    rd->opened = true;
    return true;
}

/* True when a read of the current source would wait: then the records
 * read so far are evaluated and written first, so that a slow writer
 * (tail -f, an intake system) sees each verdict without waiting for a full
 * chunk. */
static bool would_wait(const reader *rd)
{
    if (!rd->stream) return false;
    struct pollfd p = {rd->fd, POLLIN, 0};
    return poll(&p, 1, 0) == 0;
}

static void reader_close(reader *rd)
{
    if (rd->opened && rd->fd != STDIN_FILENO) close(rd->fd);
    rd->opened = false;
}

/* Reads more of the current source after what is buffered.  False on a
 * read error (rd->err set). */
static bool reader_more(reader *rd)
{
    if (rd->pos > 0) {
        memmove(rd->buf, rd->buf + rd->pos, rd->end - rd->pos);
        rd->end -= rd->pos;
        rd->pos = 0;
    }
    if (rd->cap - rd->end < READ_SIZE / 2) {
        size_t cap = rd->cap * 2;
        char *b = realloc(rd->buf, cap);
        if (!b) {
            rd->err = ENOMEM;
            rd->err_name = rd->srcs[rd->cur].name;
            return false;
        }
        rd->buf = b;
        rd->cap = cap;
    }
    for (;;) {
        ssize_t got = read(rd->fd, rd->buf + rd->end, rd->cap - rd->end);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            rd->err = errno;
            rd->err_name = rd->srcs[rd->cur].name;
            return false;
        }
        if (got == 0) rd->eof = true;
        rd->end += (size_t)got;
        return true;
    }
}

static bool blank(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r') return false;
    return true;
}

/* Adds the next line of a JSON Lines source to c.  Returns 1 if a record
 * was added, 0 at the end of the source, -1 on a read error, 2 when c has
 * records and reading on would wait. */
static int next_line(reader *rd, chunk *c)
{
    for (;;) {
        char *start = rd->buf + rd->pos;
        size_t avail = rd->end - rd->pos;
        char *nl = memchr(start, '\n', avail);
        size_t len;
        bool have = false;
        if (nl) {
            len = (size_t)(nl - start);
            have = true;
        } else if (rd->eof) {
            if (avail == 0) return 0;
            len = avail;
            have = true;
        } else if (avail > MAX_RECORD) {
            /* Too long to be a record: count it, keep reading to its end. */
            rec *r = &c->recs[c->nrec];
            r->off = c->len;
            r->size = avail;
            r->line = ++rd->line;
            r->src = (uint32_t)rd->cur;
            r->too_large = 1;
            rd->bytes_done += avail;
            rd->pos = rd->end;
            for (;;) {
                if (!reader_more(rd)) return -1;
                char *q = memchr(rd->buf, '\n', rd->end);
                size_t skip = q ? (size_t)(q - rd->buf) + 1 : rd->end;
                r->size += q ? skip - 1 : skip;
                rd->bytes_done += skip;
                rd->pos = skip;
                if (q || rd->eof) break;
            }
            c->nrec++;
            return 1;
        } else {
            len = 0;
        }
        if (!have) {
            if (c->nrec > 0 && would_wait(rd)) return 2;
            if (!reader_more(rd)) return -1;
            continue;
        }
        size_t consumed = nl ? len + 1 : len;
        rd->pos += consumed;
        rd->bytes_done += consumed;
        rd->line++;
        if (blank(start, len)) continue;
        rec *r = &c->recs[c->nrec++];
        r->off = c->len;
        r->size = len;
        r->line = rd->line;
        r->src = (uint32_t)rd->cur;
        r->too_large = 0;
        memcpy(c->data + c->len, start, len);
        c->len += len;
        return 1;
    }
}

/* Adds the current source, one complaint, to c.  -1 on a read error. */
static int whole_file(reader *rd, chunk *c)
{
    rec *r = &c->recs[c->nrec];
    r->off = c->len;
    r->size = 0;
    r->line = 0;
    r->src = (uint32_t)rd->cur;
    r->too_large = 0;
    for (;;) {
        size_t room = MAX_RECORD + 1 - r->size;
        ssize_t got = read(rd->fd, c->data + c->len + r->size, room ? room : 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            rd->err = errno;
            rd->err_name = rd->srcs[rd->cur].name;
            return -1;
        }
        if (got == 0) break;
        if (r->size + (size_t)got > MAX_RECORD) {
            /* Count the rest without keeping it. */
            r->too_large = 1;
            r->size += (size_t)got;
            char sink[65536];
            while ((got = read(rd->fd, sink, sizeof sink)) > 0) r->size += (size_t)got;
            break;
        }
        r->size += (size_t)got;
    }
    rd->bytes_done += r->size;
    if (!r->too_large) c->len += r->size;
    c->nrec++;
    rd->eof = true;
    return 1;
}

/*
 * Fills c with the next records: until it holds CHUNK_TARGET bytes or
 * CHUNK_RECORDS records, or the input ends.  c->nrec == 0 means the end.
 * Returns false on a read error (reported by the caller).
 */
static bool reader_fill(reader *rd, chunk *c)
{
    c->nrec = 0;
    c->len = 0;
    while (c->len < rd->target && c->nrec < CHUNK_RECORDS &&
           rd->cur < rd->nsrc) {
        if (!rd->opened && !reader_open(rd)) return false;
        int got;
        if (rd->eof && (!rd->srcs[rd->cur].lines || rd->pos == rd->end))
            got = 0;
        else if (rd->srcs[rd->cur].lines)
            got = next_line(rd, c);
        else
            got = whole_file(rd, c);
        if (got < 0) return false;
        if (got == 2) break;
        if (got == 0) {
            reader_close(rd);
            rd->cur++;
        }
    }
    c->bytes_done = rd->bytes_done;
    return true;
}

/* ---- Evaluating one record ---------------------------------------------------- */

/*
 * The value of the complaint's top-level "id" member, as the raw JSON text
 * of a string (quotes included), for an error record: found by a small
 * scan, since the engine gives no result for an invalid complaint.  Returns
 * false when there is no string id or the text is not JSON enough to tell.
 */
static const char *skip_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static const char *skip_string(const char *p, const char *e)
{
    for (p++; p < e; p++) {
        if (*p == '\\') p++;
        else if (*p == '"') return p + 1;
        else if ((unsigned char)*p < 0x20) return NULL;
    }
    return NULL;
}

static const char *skip_value(const char *p, const char *e)
{
    if (p >= e) return NULL;
    if (*p == '"') return skip_string(p, e);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; p < e; p++) {
            if (*p == '"') {
                p = skip_string(p, e);
                if (!p) return NULL;
                p--;
            } else if (*p == '{' || *p == '[') {
                depth++;
            } else if (*p == '}' || *p == ']') {
                if (--depth == 0) return p + 1;
            }
        }
        return NULL;
    }
    while (p < e && *p != ',' && *p != '}' && *p != ']' && *p != ' ' &&
           *p != '\n' && *p != '\r' && *p != '\t')
        p++;
    return p;
}

static bool find_id(const char *p, size_t n, const char **id, size_t *len)
{
    const char *e = p + n;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    p = skip_ws(p, e);
    if (p >= e || *p != '{') return false;
    p = skip_ws(p + 1, e);
    while (p < e && *p == '"') {
        const char *k = p;
        p = skip_string(p, e);
        if (!p) return false;
        bool is_id = p - k == 4 && memcmp(k, "\"id\"", 4) == 0;
        p = skip_ws(p, e);
        if (p >= e || *p != ':') return false;
        p = skip_ws(p + 1, e);
        const char *v = p;
        p = skip_value(p, e);
        if (!p) return false;
        if (is_id) {
            if (*v != '"') return false;
            *id = v;
            *len = (size_t)(p - v);
            return true;
        }
        p = skip_ws(p, e);
        if (p >= e || *p != ',') return false;
        p = skip_ws(p + 1, e);
    }
    return false;
}

/* "file" and "line" of record r, as the first members of its JSON line. */
static void json_position(batch *b, outbuf *o, const rec *r)
{
    out_add(o, "{", 1);
    if (b->several || r->line == 0) {
        out_add(o, "\"file\":", 7);
        out_json_cstr(o, b->srcs[r->src].name);
        out_add(o, ",", 1);
    }
    if (r->line) {
        out_add(o, "\"line\":", 7);
        out_u64(o, r->line);
        out_add(o, ",", 1);
    }
}

static void csv_position(batch *b, outbuf *o, const rec *r)
{
    if (r->line) out_u64(o, r->line);
    out_add(o, ",", 1);
    if (b->several || r->line == 0) out_csv_cstr(o, b->srcs[r->src].name);
    out_add(o, ",", 1);
}

/* The line of the input a diagnostic points at: a JSON Lines record is one
 * line; a whole-file record counts its own lines. */
static uint64_t diag_line(const rec *r, const remit_diagnostic *x)
{
    if (!x->line) return 0;
    return r->line ? r->line : x->line;
}

static const char *sev_name(remit_severity s)
{
    return s == REMIT_SEVERITY_ERROR ? "error"
         : s == REMIT_SEVERITY_WARNING ? "warning" : "note";
}

/* The first error of d, for the "error" member and the CSV column: the
 * JSON pointer (if any) and the message. */
static const remit_diagnostic *first_error(const remit_diagnostics *d)
{
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (x->severity == REMIT_SEVERITY_ERROR) return x;
    }
    return NULL;
}

static void error_text(const rec *r, const remit_diagnostic *x, char *t,
                       size_t size)
{
    if (!x) {
        snprintf(t, size, "invalid complaint");
    } else if (x->pointer) {
        snprintf(t, size, "%s: %s", x->pointer[0] ? x->pointer : "(the whole complaint)",
                 x->message);
    } else if (x->column) {
        snprintf(t, size, "line %" PRIu64 ", column %u: %s", diag_line(r, x),
                 x->column, x->message);
    } else {
        snprintf(t, size, "%s", x->message);
    }
}

static void error_record(batch *b, outbuf *o, const rec *r, const char *text,
                         const remit_diagnostics *d, const char *message)
{
    const char *id = NULL;
    size_t idlen = 0;
    bool has_id = text && find_id(text, r->size, &id, &idlen);
    char first[1200];
    if (message) snprintf(first, sizeof first, "%s", message);
    else error_text(r, first_error(d), first, sizeof first);
    if (b->csv) {
        csv_position(b, o, r);
        if (has_id) {
            /* The raw JSON string, unquoted for the cell (escapes kept). */
            out_csv(o, id + 1, idlen - 2, true);
        }
        out_puts(o, ",error,,,,,,,"); /* the columns up to "error" */
        out_csv_cstr(o, first);
        out_add(o, "\r\n", 2);
        return;
    }
    json_position(b, o, r);
    out_add(o, "\"id\":", 5);
    if (has_id) out_add(o, id, idlen);
    else out_puts(o, "null");
    out_puts(o, ",\"error\":");
    out_json_cstr(o, first);
    out_puts(o, ",\"diagnostics\":[");
    size_t n = remit_diagnostics_count(d), shown = 0;
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (shown++) out_add(o, ",", 1);
        out_puts(o, "{\"severity\":\"");
        out_puts(o, sev_name(x->severity));
        out_puts(o, "\",\"code\":");
        out_json_cstr(o, x->code);
        out_puts(o, ",\"pointer\":");
        out_json_cstr(o, x->pointer);
        out_puts(o, ",\"line\":");
        uint64_t line = diag_line(r, x);
        if (line) out_u64(o, line);
        else out_puts(o, "null");
        out_puts(o, ",\"column\":");
        if (x->column) out_u64(o, x->column);
        else out_puts(o, "null");
        out_puts(o, ",\"message\":");
        out_json_cstr(o, x->message);
        out_add(o, "}", 1);
    }
    if (message && n == 0) {
        out_puts(o, "{\"severity\":\"error\",\"code\":\"too-large\",\"pointer\":\"\","
                    "\"line\":null,\"column\":null,\"message\":");
        out_json_cstr(o, message);
        out_add(o, "}", 1);
    }
    out_puts(o, "]}\n");
}

/* Prints the warnings of record r to stderr (--warnings). */
static void print_warnings(batch *b, const rec *r, const remit_diagnostics *d)
{
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        const remit_diagnostic *x = remit_diagnostics_get(d, i);
        if (x->severity != REMIT_SEVERITY_WARNING) continue;
        char pos[64] = "";
        if (r->line) snprintf(pos, sizeof pos, ":%" PRIu64, r->line);
        fprintf(stderr, "%s%s: %s%s%s: %s\n", b->srcs[r->src].name, pos,
                x->pointer ? x->pointer : "", x->pointer ? ": " : "",
                sev_name(x->severity), x->message);
    }
}

static void csv_verdict(outbuf *o, remit_result *res)
{
    const char *id = remit_result_id(res);
    if (id) out_csv(o, id, strlen(id), true);
    out_add(o, ",", 1);
    out_csv_cstr(o, remit_result_verdict(res));
    out_add(o, ",", 1);
    out_csv_cstr(o, remit_result_provisional(res));
    out_add(o, ",", 1);
    out_puts(o, remit_result_discretionary(res) ? "true" : "false");
    out_add(o, ",", 1);
    size_t nh = remit_result_head_count(res);
    out_u64(o, nh);
    out_add(o, ",", 1);
    /* head verdicts, then deciding rules, "; "-separated in head order */
    outbuf cell = {0};
    for (int pass = 0; pass < 2; pass++) {
        cell.len = 0;
        for (size_t h = 0; h < nh; h++) {
            const char *v = pass == 0 ? remit_result_head_verdict(res, h)
                                      : remit_result_head_rule(res, h);
            if (h) out_add(&cell, "; ", 2);
            out_puts(&cell, v ? v : "-");
        }
        out_csv(o, cell.p ? cell.p : "", cell.len, false);
        out_add(o, ",", 1);
    }
    cell.len = 0;
    for (size_t q = 0; q < remit_result_question_count(res); q++) {
        remit_question qq;
        if (remit_result_get_question(res, q, &qq) != REMIT_OK) continue;
        if (cell.len) out_add(&cell, "; ", 2);
        out_puts(&cell, qq.pointer);
    }
    out_csv(o, cell.p ? cell.p : "", cell.len, false);
    if (cell.full) o->full = true;
    free(cell.p);
    out_add(o, ",\r\n", 3);
}

/* Counts the warnings of a record (an unknown member...): those reported
 * in d, which are printed with --warnings, and the `quiet` ones only
 * counted by the engine. */
static void count_warnings(batch *b, const rec *r, const remit_diagnostics *d,
                           size_t quiet)
{
    size_t nw = remit_diagnostics_count_severity(d, REMIT_SEVERITY_WARNING) + quiet;
    if (!nw) return;
    b->st.warnings += nw;
    b->st.warned_records++;
    if (b->warnings) print_warnings(b, r, d);
}

/*
 * Evaluates record r of chunk c and appends its line (a verdict or an error
 * record) to o.  Returns false, counting nothing, when the line does not
 * fit in a fixed-size o.
 */
static bool eval_record(batch *b, const chunk *c, const rec *r, outbuf *o)
{
    stats *s = &b->st;
    if (r->too_large) {
        char msg[160];
        snprintf(msg, sizeof msg, "record too large (%" PRIu64
                                  " bytes; the limit is %zu)", r->size, MAX_RECORD);
        error_record(b, o, r, NULL, NULL, msg);
        if (o->full) return false;
        s->records++;
        s->errors++;
        return true;
    }
    const char *text = c->data + r->off;
    remit_result *res = NULL;
    const remit_diagnostics *d = NULL;
    remit_status st = REMIT_ENOMEM;
    if (b->ev || remit_evaluator_new(b->rs, &b->ev) == REMIT_OK)
        st = remit_evaluator_run(b->ev, text, r->size, &b->opt, &res, &d);
    if (st != REMIT_OK) {
        error_record(b, o, r, text, d, st == REMIT_ENOMEM ? "out of memory" : NULL);
        bool fits = !o->full;
        if (fits) {
            if (st == REMIT_ENOMEM) b->oom = true;
            s->records++;
            s->errors++;
            count_warnings(b, r, d, 0);
        }
        return fits;
    }
    const char *json = NULL;
    if (b->csv) {
        csv_position(b, o, r);
        csv_verdict(o, res);
    } else if ((json = remit_result_json(res, b->json_flags)) != NULL) {
        json_position(b, o, r);
        out_puts(o, json + 1);
        out_add(o, "\n", 1);
    } else {
        error_record(b, o, r, text, NULL, "out of memory");
    }
    if (o->full) return false;
    s->records++;
    count_warnings(b, r, d, remit_result_unknown_members(res));
    if (!b->csv && !json) {
        b->oom = true;
        s->errors++;
        return true;
    }
    const char *v = remit_result_verdict(res);
    tally_add(&s->verdicts, v, 1, &b->oom);
    if (strcmp(v, REMIT_VERDICT_NEEDS_INFORMATION) == 0) s->needs_info++;
    size_t nh = remit_result_head_count(res);
    s->heads += nh;
    for (size_t h = 0; h < nh; h++) {
        tally_add(&s->head_verdicts, remit_result_head_verdict(res, h), 1, &b->oom);
        tally_add(&s->rules, remit_result_head_rule(res, h), 1, &b->oom);
    }
    return true;
}

/*
 * Evaluates the records of c from index `from` into o.  With a fixed-size
 * o, stops before a record whose line does not fit (a record whose line
 * alone does not fit becomes an error record).  Returns the index of the
 * first record not done.
 */
static uint32_t eval_chunk(batch *b, const chunk *c, uint32_t from, outbuf *o)
{
    uint32_t k = from;
    for (; k < c->nrec; k++) {
        size_t mark = o->len;
        if (eval_record(b, c, &c->recs[k], o)) continue;
        o->full = false;
        o->len = mark;
        if (k > from) break; /* the rest in the next pass */
        error_record(b, o, &c->recs[k], NULL, NULL,
                     "the verdict is too large to write");
        b->st.records++;
        b->st.errors++;
    }
    return k;
}

/* ---- Progress ------------------------------------------------------------------- */

static void progress(batch *b, uint64_t bytes_done, bool final)
{
    double t = now_s();
    if (!final && t - b->last_progress < 0.2) return;
    b->last_progress = t;
    double el = t - b->t0;
    double rate = el > 0 ? (double)b->written / el : 0;
    char line[160];
    if (b->total_bytes) {
        double f = (double)bytes_done / (double)b->total_bytes;
        if (f > 1) f = 1;
        int w = 24, fill = (int)(f * w + 0.5);
        char bar[32];
        for (int k = 0; k < w; k++) bar[k] = k < fill ? '#' : '.';
        bar[w] = '\0';
        double eta = f > 0 ? el / f - el : 0;
        snprintf(line, sizeof line,
                 "\r[%s] %3.0f%%  %" PRIu64 " records  %.0f records/s  ETA %.0f s ",
                 bar, f * 100, b->written, rate, final ? 0.0 : eta);
    } else {
        snprintf(line, sizeof line, "\r%" PRIu64 " records  %.0f records/s ",
                 b->written, rate);
    }
    fputs(line, stderr);
    if (final) fputs("\n", stderr);
    fflush(stderr);
}

/* ---- Writing --------------------------------------------------------------------- */

static bool write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static bool emit(batch *b, const outbuf *o, uint32_t nrec, uint64_t bytes_done)
{
    if (!write_all(o->p, o->len)) {
        fprintf(stderr, "%s: cannot write the output: %s\n", cli_prog,
                strerror(errno));
        return false;
    }
    b->written += nrec;
    if (b->progress) progress(b, bytes_done, false);
    return true;
}

static void read_error(const reader *rd)
{
    fprintf(stderr, "%s: %s: %s\n", cli_prog,
            rd->err_name ? rd->err_name : "input", strerror(rd->err));
}

/* ---- One process ------------------------------------------------------------------ */

static int run_serial(batch *b, reader *rd)
{
    chunk *c = calloc(1, sizeof *c);
    char *data = malloc(CHUNK_IN_CAP);
    outbuf o = {0};
    int rc = 0;
    if (!c || !data) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    c->data = data;
    for (;;) {
        if (!reader_fill(rd, c)) {
            read_error(rd);
            rc = EXIT_INTERNAL;
            break;
        }
        if (c->nrec == 0) break;
        for (uint32_t k = 0; k < c->nrec && rc == 0;) {
            o.len = 0;
            uint32_t next = eval_chunk(b, c, k, &o);
            if (!emit(b, &o, next - k, next == c->nrec ? c->bytes_done : 0))
                rc = EXIT_INTERNAL;
            k = next;
        }
        if (rc) break;
    }
out:
    free(o.p);
    free(data);
    free(c);
    return rc;
}

/* ---- Worker processes ---------------------------------------------------------- */

/* A chunk slot in memory shared by the main process and one worker. */
typedef struct slot {
    chunk *c;    /* header; c->data points into the same mapping */
    char *out;   /* SLOT_OUT_CAP bytes */
    size_t size; /* of the mapping */
} slot;

typedef struct worker {
    pid_t pid;
    int to, from; /* pipe ends in the main process */
    slot slots[SLOTS];
} worker;

/* main -> worker: evaluate slot `slot` from record `from`. */
typedef struct order {
    uint32_t slot, from;
} order;

/* worker -> main: slot done up to record `next` with `len` output bytes;
 * slot == UINT32_MAX: the worker's counters, as text in slot 0's output. */
typedef struct report {
    uint32_t slot, next;
    uint64_t len;
    int32_t oom;
    int32_t unused; /* no padding: every byte sent down the pipe is set */
} report;

static report make_report(uint32_t sl, uint32_t next, uint64_t len, bool oom)
{
    report r;
    memset(&r, 0, sizeof r);
    r.slot = sl;
    r.next = next;
    r.len = len;
    r.oom = oom;
    return r;
}

#define REPORT_STATS UINT32_MAX

static bool read_full(int fd, void *p, size_t n)
{
    char *q = p;
    while (n) {
        ssize_t r = read(fd, q, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        q += r;
        n -= (size_t)r;
    }
    return true;
}

static bool write_full(int fd, const void *p, size_t n)
{
    const char *q = p;
    while (n) {
        ssize_t w = write(fd, q, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        q += w;
        n -= (size_t)w;
    }
    return true;
}

static bool slot_map(slot *s)
{
    size_t head = (sizeof(chunk) + 4095) & ~(size_t)4095;
    s->size = head + CHUNK_IN_CAP + SLOT_OUT_CAP;
    void *p = mmap(NULL, s->size, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
    s->c = p;
    s->c->data = (char *)p + head;
    s->out = (char *)p + head + CHUNK_IN_CAP;
    return true;
}

/* A worker: evaluates the slots the main process names, until its pipe
 * closes; then hands over its counters and exits. */
static void worker_main(batch *b, worker *w, int in, int outfd)
{
    order ord;
    while (read_full(in, &ord, sizeof ord)) {
        slot *s = &w->slots[ord.slot];
        outbuf o = {s->out, 0, SLOT_OUT_CAP, true, false};
        b->oom = false;
        uint32_t next = eval_chunk(b, s->c, ord.from, &o);
        report rep = make_report(ord.slot, next, o.len, b->oom);
        if (!write_full(outfd, &rep, sizeof rep)) _exit(EXIT_INTERNAL);
    }
    outbuf o = {w->slots[0].out, 0, SLOT_OUT_CAP, true, false};
    stats_write(&b->st, &o);
    report rep = make_report(REPORT_STATS, 0, o.len, o.full);
    write_full(outfd, &rep, sizeof rep);
    _exit(0);
}

static void workers_stop(worker *w, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        if (w[k].to >= 0) close(w[k].to);
        if (w[k].from >= 0) close(w[k].from);
        w[k].to = w[k].from = -1;
        if (w[k].pid > 0) {
            kill(w[k].pid, SIGTERM);
            waitpid(w[k].pid, NULL, 0);
            w[k].pid = 0;
        }
        for (int s = 0; s < SLOTS; s++)
            if (w[k].slots[s].c) munmap(w[k].slots[s].c, w[k].slots[s].size);
    }
}

static int run_parallel(batch *b, reader *rd, unsigned jobs)
{
    worker *w = calloc(jobs, sizeof *w);
    if (!w) return EXIT_INTERNAL;
    int rc = 0;
    for (unsigned k = 0; k < jobs; k++) w[k].to = w[k].from = -1;
    fflush(stdout);
    fflush(stderr);
    for (unsigned k = 0; k < jobs && rc == 0; k++) {
        int down[2], up[2];
        bool mapped = true;
        for (int s = 0; s < SLOTS; s++) mapped = mapped && slot_map(&w[k].slots[s]);
        if (!mapped || pipe(down) != 0) {
            rc = EXIT_INTERNAL;
            break;
        }
        if (pipe(up) != 0) {
            close(down[0]);
            close(down[1]);
            rc = EXIT_INTERNAL;
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(down[0]);
            close(down[1]);
            close(up[0]);
            close(up[1]);
            rc = EXIT_INTERNAL;
            break;
        }
        if (pid == 0) {
            close(down[1]);
            close(up[0]);
            /* Only this worker's pipes stay open here, so that each
             * worker sees its pipe close when the main process is done. */
            for (unsigned j = 0; j < k; j++) {
                close(w[j].to);
                close(w[j].from);
            }
            worker_main(b, &w[k], down[0], up[1]);
        }
        close(down[0]);
        close(up[1]);
        w[k].pid = pid;
        w[k].to = down[1];
        w[k].from = up[0];
    }
    if (rc) {
        fprintf(stderr, "%s: cannot start the worker processes: %s\n", cli_prog,
                strerror(errno));
        workers_stop(w, jobs);
        free(w);
        return rc;
    }

    /* Chunk k goes to worker k % jobs, slot (k / jobs) % SLOTS; at most SLOTS
     * chunks per worker are in flight, and outputs are written in order. */
    uint64_t dispatched = 0, written = 0;
    bool eof = false;
    while (rc == 0 && (!eof || written < dispatched)) {
        if (!eof && dispatched - written < (uint64_t)SLOTS * jobs) {
            worker *x = &w[dispatched % jobs];
            uint32_t sl = (uint32_t)((dispatched / jobs) % SLOTS);
            chunk *c = x->slots[sl].c;
            if (!reader_fill(rd, c)) {
                read_error(rd);
                rc = EXIT_INTERNAL;
                break;
            }
            if (c->nrec == 0) {
                eof = true;
                continue;
            }
            order ord = {sl, 0};
            if (!write_full(x->to, &ord, sizeof ord)) {
                rc = EXIT_INTERNAL;
                break;
            }
            dispatched++;
            continue;
        }
        worker *x = &w[written % jobs];
        uint32_t sl = (uint32_t)((written / jobs) % SLOTS);
        chunk *c = x->slots[sl].c;
        report rep;
        uint32_t from = 0;
        for (;;) {
            if (!read_full(x->from, &rep, sizeof rep) || rep.slot != sl) {
                fprintf(stderr, "%s: a worker process stopped unexpectedly\n",
                        cli_prog);
                rc = EXIT_INTERNAL;
                break;
            }
            if (rep.oom) b->oom = true;
            outbuf o = {x->slots[sl].out, rep.len, SLOT_OUT_CAP, true, false};
            bool done = rep.next >= c->nrec;
            if (!emit(b, &o, rep.next - from, done ? c->bytes_done : 0)) {
                rc = EXIT_INTERNAL;
                break;
            }
            if (done) break;
            /* The output slot filled up: the worker goes on from `next`. */
            from = rep.next;
            order ord = {sl, rep.next};
            if (!write_full(x->to, &ord, sizeof ord)) {
                rc = EXIT_INTERNAL;
                break;
            }
        }
        written++;
    }

    /* Closing the pipes ends the workers; each sends its counters first,
     * as text in its slot, which is unmapped at the end: keep copies. */
    b->st.verdicts.owned = b->st.head_verdicts.owned = b->st.rules.owned = true;
    for (unsigned k = 0; k < jobs; k++) {
        close(w[k].to);
        w[k].to = -1;
    }
    for (unsigned k = 0; k < jobs && rc == 0; k++) {
        report rep;
        if (!read_full(w[k].from, &rep, sizeof rep) || rep.slot != REPORT_STATS) {
            fprintf(stderr, "%s: a worker process stopped unexpectedly\n", cli_prog);
            rc = EXIT_INTERNAL;
            break;
        }
        if (rep.oom) b->oom = true;
        stats_merge(&b->st, w[k].slots[0].out, rep.len, &b->oom);
        int status;
        if (waitpid(w[k].pid, &status, 0) == w[k].pid) w[k].pid = 0;
    }
    workers_stop(w, jobs);
    free(w);
    return rc;
}

/* ---- Summary ------------------------------------------------------------------------ */

static int cmp_counter(const void *a, const void *b)
{
    const counter *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* "1,234,567" */
static const char *grouped(uint64_t v, char *t, size_t size)
{
    char raw[32];
    int n = snprintf(raw, sizeof raw, "%" PRIu64, v);
    size_t at = 0;
    for (int k = 0; k < n && at + 2 < size; k++) {
        if (k && (n - k) % 3 == 0) t[at++] = ',';
        t[at++] = raw[k];
    }
    t[at] = '\0';
    return t;
}

static void summary_table(const char *title, const char *unit, tally *t,
                          uint64_t total)
{
    qsort(t->v, t->n, sizeof *t->v, cmp_counter);
    fprintf(stderr, "\n  %-34s %12s %7s\n", title, unit, "%");
    for (size_t k = 0; k < t->n; k++) {
        char g[40];
        fprintf(stderr, "  %-34s %12s %7.1f\n", t->v[k].key,
                grouped(t->v[k].n, g, sizeof g),
                total ? 100.0 * (double)t->v[k].n / (double)total : 0.0);
    }
}

static void print_summary(batch *b, double elapsed, double load_ms,
                          unsigned jobs)
{
    stats *s = &b->st;
    char g1[40], g2[40], g3[40];
    double rate = elapsed > 0 ? (double)s->records / elapsed : 0;
    fprintf(stderr,
            "remit batch: %s records in %.2f s: %s records/s, %.2f us/record "
            "(%u job%s; rules loaded in %.1f ms)\n",
            grouped(s->records, g1, sizeof g1), elapsed,
            grouped((uint64_t)(rate + 0.5), g2, sizeof g2),
            s->records ? elapsed * 1e6 / (double)s->records : 0.0, jobs,
            jobs == 1 ? "" : "s", load_ms);
    char g4[40];
    fprintf(stderr, "  records in: %s; out: %s (verdicts %s, error records %s)\n",
            grouped(s->records, g1, sizeof g1), grouped(b->written, g2, sizeof g2),
            grouped(s->records - s->errors, g3, sizeof g3),
            grouped(s->errors, g4, sizeof g4));
    fprintf(stderr, "  heads: %s; needing information: %s records\n",
            grouped(s->heads, g1, sizeof g1), grouped(s->needs_info, g2, sizeof g2));
    fprintf(stderr, "  warnings: %s in %s records%s\n",
            grouped(s->warnings, g1, sizeof g1),
            grouped(s->warned_records, g2, sizeof g2),
            s->warnings && !b->warnings
                ? " (members no fact reads, counted; --warnings prints them)" : "");
    summary_table("verdict", "records", &s->verdicts, s->records - s->errors);
    summary_table("head outcome", "heads", &s->head_verdicts, s->heads);
    summary_table("deciding rule (per head; - = default)", "heads", &s->rules,
                  s->heads);
}

/* ---- The command -------------------------------------------------------------------- */

/* The number of CPUs this process may run on (its affinity mask). */
static unsigned cores_available(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return (unsigned)n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1u;
}

static bool real_date(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

int cmd_batch(int argc, char **argv)
{
    double t0 = now_s();
    const char *rules = NULL, *format = "jsonl", *progress_when = "auto";
    bool compact = false, strict = false, warnings = false, summary = false;
    unsigned jobs = 0;
    remit_eval_options opt = {0, 0, 0, 0, NULL};
    char **inputs = malloc((size_t)(argc + 1) * sizeof *inputs);
    int ninputs = 0;
    if (!inputs) return EXIT_INTERNAL;
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            inputs[ninputs++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        const char *val = NULL;
        char name[32];
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            a = name;
            val = eq + 1;
        }
        bool takes = strcmp(a, "--rules") == 0 || strcmp(a, "--today") == 0 ||
                     strcmp(a, "--format") == 0 || strcmp(a, "--jobs") == 0 ||
                     strcmp(a, "--progress") == 0;
        if (takes && !val) {
            if (i + 1 >= argc) {
                free(inputs);
                return cli_usage_error("batch ", "option '%s' needs a value", a);
            }
            val = argv[++i];
        } else if (!takes && val) {
            free(inputs);
            return cli_usage_error("batch ", "option '%s' takes no value", a);
        }
        int bad = 0;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_batch, stdout);
            free(inputs);
            return EXIT_DECIDED;
        } else if (strcmp(a, "--rules") == 0) {
            rules = val;
        } else if (strcmp(a, "--today") == 0) {
            if (!cli_parse_date(val, &opt.today_year, &opt.today_month, &opt.today_day))
                bad = cli_usage_error("batch ", "--today needs a date YYYY-MM-DD, not '%s'", val);
            else if (!real_date(opt.today_year, opt.today_month, opt.today_day))
                bad = cli_usage_error("batch ", "--today: %s is not a real date", val);
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(val, "jsonl") && strcmp(val, "csv"))
                bad = cli_usage_error("batch ", "--format must be jsonl or csv, not '%s'", val);
            format = val;
        } else if (strcmp(a, "--jobs") == 0) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || end == val || n < 1 || n > MAX_JOBS)
                bad = cli_usage_error("batch ", "--jobs needs a number from 1 to %d, not '%s'",
                                      MAX_JOBS, val);
            jobs = (unsigned)n;
        } else if (strcmp(a, "--progress") == 0) {
            if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never"))
                bad = cli_usage_error("batch ", "--progress must be auto, always or never, not '%s'",
                                      val);
            progress_when = val;
        } else if (strcmp(a, "--compact") == 0) {
            compact = true;
        } else if (strcmp(a, "--strict") == 0) {
            strict = true;
        } else if (strcmp(a, "--warnings") == 0) {
            warnings = true;
        } else if (strcmp(a, "--summary") == 0) {
            summary = true;
        } else {
            bad = cli_usage_error("batch ", "unknown option '%s'", a);
        }
        if (bad) {
            free(inputs);
            return bad;
        }
    }
    if (ninputs == 0 && isatty(STDIN_FILENO)) {
        free(inputs);
        return cli_usage_error("batch ", "no input given: name JSON Lines files or "
                                         "directories, or '-' for standard input");
    }
    source *srcs = NULL;
    size_t nsrc = 0;
    int rc = list_inputs(inputs, ninputs, &srcs, &nsrc);
    free(inputs);
    if (rc) return rc;

    batch b;
    memset(&b, 0, sizeof b);
    double tl = now_s();
    rc = cli_load_rules(rules, &b.rs);
    double load_ms = (now_s() - tl) * 1e3;
    if (rc != EXIT_DECIDED) {
        for (size_t k = 0; k < nsrc; k++) free((char *)srcs[k].name);
        free(srcs);
        return rc;
    }
    /* One evaluation date for the whole run (the engine would read the
     * clock for each record, and a run across midnight would mix dates). */
    if (!opt.today_year) {
        remit_today(&opt.today_year, &opt.today_month, &opt.today_day);
    }
    /* Records often carry members no rule reads: count them, rather than
     * make a warning for each, unless they are to be printed. */
    opt.flags = (strict ? REMIT_EVAL_STRICT : 0u) |
                (warnings ? 0u : REMIT_EVAL_QUIET_UNKNOWN);
    b.opt = opt;
    b.json_flags = compact ? REMIT_JSON_COMPACT : 0u;
    b.csv = strcmp(format, "csv") == 0;
    b.warnings = warnings;
    b.summary = summary;
    b.srcs = srcs;
    b.nsrc = nsrc;
    for (size_t k = 0; k < nsrc; k++)
        if (!srcs[k].lines) b.several = true;
    if (nsrc > 1) b.several = true;
    b.progress = strcmp(progress_when, "always") == 0 ||
                 (strcmp(progress_when, "auto") == 0 && isatty(STDERR_FILENO));
    b.total_bytes = b.progress ? total_size(srcs, nsrc) : 0;
    b.t0 = t0;
    if (!jobs) jobs = cores_available();
    if (jobs > MAX_JOBS) jobs = MAX_JOBS;

    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.srcs = srcs;
    rd.nsrc = nsrc;
    rd.fd = -1;
    rd.cap = READ_SIZE;
    rd.buf = malloc(rd.cap);
    if (!rd.buf) rc = EXIT_INTERNAL;

    if (rc == 0 && b.csv) {
        static const char header[] =
            "line,file,id,verdict,provisional_verdict,discretionary,heads,"
            "head_verdicts,deciding_rules,questions,error\r\n";
        if (!write_all(header, sizeof header - 1)) rc = EXIT_INTERNAL;
    }
    rd.target = jobs > 1 ? CHUNK_TARGET : CHUNK_TARGET_SERIAL;
    if (rc == 0) rc = jobs > 1 ? run_parallel(&b, &rd, jobs) : run_serial(&b, &rd);
    reader_close(&rd);
    free(rd.buf);
    if (b.progress) progress(&b, b.total_bytes, true);
    if (summary) print_summary(&b, now_s() - t0, load_ms, jobs);
    if (rc == 0 && b.oom) {
        fprintf(stderr, "%s: out of memory\n", cli_prog);
        rc = EXIT_INTERNAL;
    }
    if (rc == 0 && b.st.errors) rc = EXIT_BAD_INPUT;
    stats_free(&b.st);
    remit_evaluator_free(b.ev);
    remit_ruleset_free(b.rs);
    for (size_t k = 0; k < nsrc; k++) free((char *)srcs[k].name);
    free(srcs);
    return rc;
}
