/* SPDX-License-Identifier: Apache-2.0 */
/*
 * batch.c -- `remit batch`: many complaints in, one verdict per record out.
 * Consumes JSON Lines, CSV exports of intake forms and .json files (one
 * complaint each), named or found in directories; produces, in input order,
 * one JSON line (or CSV row) per record - a verdict, or an error record in
 * its place - and on stderr a progress bar and a summary.  Streams in
 * bounded memory, and with --jobs N spreads the records over N worker
 * processes.
 *
 * The record stream itself is the library's (remit_stream, engine/stream.c):
 * it cuts each input into records (remit_stream_next: JSON Lines lines, CSV
 * rows made into complaints, the recognised mistakes) and writes each
 * record's line (remit_stream_eval).  This file chooses the inputs, and
 * fans the records out.
 *
 * Design (README, "Batch"):
 *   reader --chunks--> evaluate (in process, or in worker processes) --> out
 * The reader cuts the input into chunks of whole records (32 KiB in one
 * process, 256 KiB for workers).  With one job the chunk is evaluated in
 * this process (through one remit_stream, whose memory is reused from
 * record to record) and written.  With N
 * jobs, N worker processes are forked after the rules are loaded, sharing
 * N x SLOTS chunk slots in shared memory (input, record table, output), so
 * a chunk is read once into memory the workers read, and its output is
 * written to stdout from memory a worker wrote.  Only slot numbers travel:
 * down one queue that every worker reads, so that each chunk goes to
 * whichever worker is free (a worker the machine leaves waiting holds up
 * only the chunk it took), and back on a pipe per worker.  Chunk k fills
 * slot k mod (N x SLOTS), and the main process writes chunk k's output
 * only after chunk k-1's, so the order of the input is kept.  Worker
 * processes, not threads: cJSON, which parses
 * each complaint inside libremit, writes a process-wide error record on
 * every parse, so libremit lets one thread parse at a time (a lock), and
 * threads would queue on it for a third of their time; each worker process
 * has its own cJSON.  Under a memory limit (ulimit -v) the slots and then
 * the workers are fewer, with a warning, rather than none.
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
#include <strings.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char usage_batch[] =
    "Usage: remit batch [OPTIONS] [INPUT...]\n"
    "\n"
    "Evaluates many complaints and writes one verdict per record, in input\n"
    "order.  An INPUT is a JSON Lines file (one complaint per line), a .csv\n"
    "export of intake forms (a header row, one complaint per row: see\n"
    "`remit schema --csv`), a .json file (one complaint), '-' for standard\n"
    "input (the default; JSON Lines), or a directory, whose .json, .jsonl,\n"
    ".ndjson and .csv files (in any case) are read in name order; other files\n"
    "are skipped, and named on stderr.  Blank lines and rows are skipped.  A\n"
    "bad record (invalid JSON, a wrong type, a bad date...) becomes an error\n"
    "record in its place, with its position and message, and the run goes on:\n"
    "records out = records in.  An input that is plainly in another format\n"
    "(pretty-printed JSON, CSV or YAML read as JSON Lines, UTF-16...) is one\n"
    "error record saying so.\n"
    "\n"
    "Output: one JSON object per line - the verdict of `remit check --json`\n"
    "with \"line\" (the line in a JSON Lines input; \"row\" for a CSV row) and\n"
    "\"file\" (when there are several inputs or one complaint per file) - or\n"
    "an error record {\"line\", \"file\", \"id\", \"error\", \"diagnostics\"}.\n"
    "With --format csv, a header and one row per record: line, file, id,\n"
    "verdict, provisional_verdict, discretionary, heads, head_verdicts,\n"
    "deciding_rules, questions, error.\n"
    "\n"
    "Options:\n"
    "  --rules PATH       rule file or directory (default: the shipped rules)\n"
    "  --today YYYY-MM-DD the evaluation date (default: today in the UK, read once\n"
    "                     for the whole run)\n"
    "  --input-format F   jsonl, csv or json: how to read the named files and\n"
    "                     standard input (default: by extension - .csv is CSV,\n"
    "                     .json one complaint, anything else JSON Lines)\n"
    "  --format FORMAT    jsonl (default) or csv\n"
    "  --compact          JSON with only what routing needs (verdicts, rules,\n"
    "                     questions)\n"
    "  --strict           unknown members of a complaint are errors\n"
    "  --warnings         print each warning (unknown members...) to stderr;\n"
    "                     by default they are only counted in the summary\n"
    "  --jobs N           evaluate in N processes (default: the cores this\n"
    "                     process may run on; fewer, with a warning, when a\n"
    "                     memory limit leaves no room), each taking the next\n"
    "                     chunk of records when free; output order is kept\n"
    "  --summary          print counts by verdict, head outcome and deciding\n"
    "                     rule, errors, warnings, throughput and (with worker\n"
    "                     processes) the records each evaluated to stderr\n"
    "  --progress WHEN    auto (default: on when stderr is a terminal),\n"
    "                     always or never\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 every record has a verdict, 2 usage error, 3 some records\n"
    "were written as error records (or an input cannot be opened, or a\n"
    "directory holds no file batch reads: then nothing is written), 4 invalid\n"
    "rules, 5 internal error (out of memory, read or write error).\n";

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
/* Input room of a chunk: the target plus one largest record (a message of
 * an unreadable record and its code are far shorter). */
#define CHUNK_IN_CAP (CHUNK_TARGET + MAX_RECORD + 8192)
/* Output room of a worker's chunk slot (virtual; touched pages only).  A
 * chunk whose output is larger is handed back in parts. */
#define SLOT_OUT_CAP ((size_t)32 * 1024 * 1024)
/* The reader's buffer: grows from READ_SIZE up to a record and a read. */
#define READ_SIZE ((size_t)128 * 1024)
#define MAX_JOBS 256
/* Chunk slots per worker (all shared by every worker): one being
 * evaluated, the rest queued, so that the workers have work for a while
 * when the main process is slow to be scheduled (a busy machine) and
 * cannot hand out the next chunk at once, and so that one worker left
 * waiting with a chunk does not stop the others.  Fewer under a memory
 * limit. */
#define SLOTS 4
/* Address space kept free for each process's own heap (the rules, the
 * evaluation, the reader's buffer) when the workers' slots are planned
 * under a memory limit. */
#define HEADROOM ((size_t)96 * 1024 * 1024)

/* ---- Inputs ---------------------------------------------------------------- */

typedef struct source {
    const char *name;           /* as shown in output; "-" for standard input */
    remit_stream_format format; /* JSON Lines, CSV, or one complaint */
} source;

/* One record of a chunk: its text (a complaint's JSON, or an unreadable
 * record's message) and, for an unreadable one, its code, in the chunk's
 * data. */
typedef struct rec {
    uint64_t off;  /* in the chunk's data */
    uint64_t size; /* bytes */
    uint64_t line; /* line or row; 0 for a whole-file record */
    uint32_t src;
    uint32_t code_len; /* an unreadable record: its code follows the text, */
    uint32_t id_len;   /* and its id (when known) the code */
    uint32_t unused;   /* no padding */
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
    const remit_ruleset *rs;
    remit_stream *fr; /* cuts the current source into records */
    int fd;
    bool opened, eof;
    bool stream; /* a pipe or terminal: a read may wait for the writer */
    char *buf;
    size_t cap, pos, end;
    uint64_t bytes_done; /* consumed, over all sources */
    uint64_t records;    /* records of the current source */
    int err;             /* errno of a read error */
    const char *err_name;
    size_t target;       /* CHUNK_TARGET or CHUNK_TARGET_SERIAL */
    bool waiting; /* the last chunk ended because a read would wait */
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
    remit_stream *es; /* writes the records' lines (one per process) */
    bool warnings, summary, several;
    unsigned nslots; /* chunk slots per worker */
    int progress; /* 0 off, 1 on */
    const source *srcs;
    size_t nsrc;
    stats st;
    uint64_t total_bytes; /* 0: unknown */
    uint64_t written;     /* records written */
    double t0, last_progress;
    bool oom;
    uint64_t *worker_records; /* --jobs N: the records each worker evaluated */
    unsigned nworkers;
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

/* ---- Choosing the inputs ------------------------------------------------------- */

/* Case-insensitive: "X.JSON" is a .json file. */
static bool has_ext(const char *name, const char *ext)
{
    size_t l = strlen(name), e = strlen(ext);
    return l > e && strcasecmp(name + l - e, ext) == 0;
}

/* The format of a file by its name: .csv is CSV, .json one complaint,
 * anything else JSON Lines. */
static remit_stream_format format_of(const char *name)
{
    if (has_ext(name, ".csv")) return REMIT_STREAM_CSV;
    if (has_ext(name, ".json")) return REMIT_STREAM_JSON;
    return REMIT_STREAM_JSONL;
}

/* The files batch reads in a directory, by extension in any case. */
static bool read_in_dir(const char *name)
{
    return has_ext(name, ".json") || has_ext(name, ".jsonl") ||
           has_ext(name, ".ndjson") || has_ext(name, ".csv");
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const source *)a)->name, ((const source *)b)->name);
}

static bool add_source(source **v, size_t *n, size_t *cap, char *name,
                       remit_stream_format fmt)
{
    if (!name) return false;
    if (*n == *cap) {
        source *nv = realloc(*v, (*cap *= 2) * sizeof **v);
        if (!nv) {
            free(name);
            return false;
        }
        *v = nv;
    }
    (*v)[*n].name = name;
    (*v)[*n].format = fmt;
    (*n)++;
    return true;
}

/*
 * Adds the files directory `a` holds that batch reads, in name order, and
 * says on stderr which it skips and why.  A directory with files of which
 * none is read is an error (reading nothing from it would pass silently).
 * Returns 0 or an exit code.
 */
static int list_dir(const char *a, source **v, size_t *n, size_t *cap)
{
    DIR *dir = opendir(a);
    if (!dir) {
        fprintf(stderr, "%s: %s: %s\n", cli_prog, a, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    size_t first = *n, skipped = 0;
    const char *sep = a[strlen(a) - 1] == '/' ? "" : "/";
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        const char *d = e->d_name;
        if (strcmp(d, ".") == 0 || strcmp(d, "..") == 0) continue;
        size_t l = strlen(a) + strlen(d) + 2;
        char *path = malloc(l);
        if (!path) {
            closedir(dir);
            return EXIT_INTERNAL;
        }
        snprintf(path, l, "%s%s%s", a, sep, d);
        struct stat st;
        const char *why = NULL;
        if (stat(path, &st) != 0) why = strerror(errno);
        else if (S_ISDIR(st.st_mode))
            why = "a folder (the folders inside a folder are not read)";
        else if (d[0] == '.') why = "a hidden file";
        else if (!read_in_dir(d))
            why = "not a .json, .jsonl, .ndjson or .csv file";
        else if (!S_ISREG(st.st_mode)) why = "not a regular file";
        if (why) {
            fprintf(stderr, "%s: skipped %s: %s\n", cli_prog, path, why);
            skipped++;
            free(path);
            continue;
        }
        if (!add_source(v, n, cap, path, format_of(d))) {
            closedir(dir);
            return EXIT_INTERNAL;
        }
    }
    closedir(dir);
    qsort(*v + first, *n - first, sizeof **v, cmp_name);
    if (*n == first && skipped) {
        fprintf(stderr,
                "%s: %s: none of its %zu file%s is read: batch reads the .json "
                "(one complaint), .jsonl or .ndjson (JSON Lines) and .csv files "
                "of a folder\n",
                cli_prog, a, skipped, skipped == 1 ? "" : "s");
        return EXIT_BAD_INPUT;
    }
    if (*n == first) fprintf(stderr, "%s: %s: the folder is empty\n", cli_prog, a);
    return 0;
}

/*
 * Builds the list of inputs from the arguments: a directory becomes its
 * files (list_dir); a named file is read as `forced` (when not
 * REMIT_STREAM_FORMAT_COUNT) or by its extension; '-' (the default) is
 * standard input, JSON Lines unless forced.  Every input is checked up
 * front, so that a missing file stops the run before any output.  Returns
 * 0 or an exit code.
 */
static int list_inputs(char **args, int nargs, remit_stream_format forced,
                       source **out, size_t *nout)
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
        bool std_in = strcmp(a, "-") == 0;
        struct stat st;
        if (!std_in && stat(a, &st) != 0) {
            fprintf(stderr, "%s: %s: %s\n", cli_prog, a, strerror(errno));
            rc = EXIT_BAD_INPUT;
            break;
        }
        if (!std_in && S_ISDIR(st.st_mode)) {
            rc = list_dir(a, &v, &n, &cap);
            continue;
        }
        if (!std_in && access(a, R_OK) != 0) {
            fprintf(stderr, "%s: %s: %s\n", cli_prog, a, strerror(errno));
            rc = EXIT_BAD_INPUT;
            break;
        }
        remit_stream_format f = forced != REMIT_STREAM_FORMAT_COUNT ? forced
                              : std_in ? REMIT_STREAM_JSONL : format_of(a);
        if (!add_source(&v, &n, &cap, strdup(a), f)) rc = EXIT_INTERNAL;
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

/* ---- Reading the input: the library's framer over each source ------------------- */

static bool reader_open(reader *rd)
{
    const source *s = &rd->srcs[rd->cur];
    rd->pos = rd->end = 0;
    rd->eof = false;
    rd->records = 0;
    remit_stream_options o;
    memset(&o, 0, sizeof o);
    o.input = s->format;
    o.eval.input_name = s->name;
    remit_stream_free(rd->fr);
    rd->fr = NULL;
    if (remit_stream_new(rd->rs, &o, &rd->fr) != REMIT_OK) {
        rd->err = ENOMEM;
        rd->err_name = s->name;
        return false;
    }
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
    remit_stream_free(rd->fr);
    rd->fr = NULL;
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

/* Copies record r of the current source into c.  An input that is not in
 * the expected format is also said on stderr: it is one record for the
 * whole file. */
static void add_record(reader *rd, chunk *c, const remit_record *r)
{
    rec *x = &c->recs[c->nrec++];
    x->off = c->len;
    x->size = r->len;
    x->line = r->line;
    x->src = (uint32_t)rd->cur;
    x->code_len = x->id_len = x->unused = 0;
    memcpy(c->data + c->len, r->text, r->len);
    c->len += r->len;
    if (r->unreadable) {
        const char *code = r->code ? r->code : "unreadable";
        size_t n = strlen(code);
        memcpy(c->data + c->len, code, n);
        c->len += n;
        x->code_len = (uint32_t)n;
        if (r->id && r->id_len <= 4096) {
            memcpy(c->data + c->len, r->id, r->id_len);
            c->len += r->id_len;
            x->id_len = (uint32_t)r->id_len;
        }
        if (strncmp(code, "input-", 6) == 0 || strcmp(code, "csv-header") == 0)
            fprintf(stderr, "%s: %s: %.*s\n", cli_prog, rd->srcs[rd->cur].name,
                    (int)r->len, r->text);
    }
    rd->records++;
}

/*
 * Fills c with the next records: until it holds rd->target bytes or
 * CHUNK_RECORDS records, or the input ends.  c->nrec == 0 means the end.
 * Returns false on a read error (reported by the caller).
 */
static bool reader_fill(reader *rd, chunk *c)
{
    c->nrec = 0;
    c->len = 0;
    rd->waiting = false;
    while (c->len < rd->target && c->nrec < CHUNK_RECORDS && rd->cur < rd->nsrc) {
        if (!rd->opened && !reader_open(rd)) return false;
        size_t used = 0;
        remit_record r;
        if (remit_stream_next(rd->fr, rd->buf + rd->pos, rd->end - rd->pos,
                              rd->eof, &used, &r) != REMIT_OK) {
            rd->err = ENOMEM;
            rd->err_name = rd->srcs[rd->cur].name;
            return false;
        }
        rd->pos += used;
        rd->bytes_done += used;
        if (r.text) {
            add_record(rd, c, &r);
            continue;
        }
        if (rd->eof) {
            /* Nothing is lost, but a named file with no complaint in it is
             * most likely not what was meant: say so. */
            if (rd->records == 0 && strcmp(rd->srcs[rd->cur].name, "-") != 0)
                fprintf(stderr, "%s: warning: %s holds no complaint\n", cli_prog,
                        rd->srcs[rd->cur].name);
            reader_close(rd);
            rd->cur++;
            continue;
        }
        if (c->nrec > 0 && would_wait(rd)) {
            rd->waiting = true;
            break;
        }
        if (!reader_more(rd)) return false;
    }
    c->bytes_done = rd->bytes_done;
    return true;
}

/* ---- Evaluating one record ---------------------------------------------------- */

/* The record k of c as the library's record. */
static remit_record chunk_record(const batch *b, const chunk *c, const rec *x)
{
    remit_record r;
    memset(&r, 0, sizeof r);
    const source *s = &b->srcs[x->src];
    r.text = c->data + x->off;
    r.len = x->size;
    r.line = x->line;
    r.from = s->format;
    if (b->several || x->line == 0) r.file = s->name;
    if (x->code_len) {
        r.unreadable = true;
        r.code = c->data + x->off + x->size; /* read by length below */
        if (x->id_len) {
            r.id = r.code + x->code_len;
            r.id_len = x->id_len;
        }
    }
    return r;
}

static const char *sev_name(remit_severity s)
{
    return s == REMIT_SEVERITY_ERROR ? "error"
         : s == REMIT_SEVERITY_WARNING ? "warning" : "note";
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

/* The record's line, from the stream's output into o; false when it does
 * not fit in a fixed-size o. */
static bool take_line(batch *b, outbuf *o)
{
    size_t n;
    const char *line = remit_stream_output(b->es, &n);
    out_add(o, line, n);
    remit_stream_output_clear(b->es);
    return !o->full;
}

/*
 * Evaluates record r of chunk c and appends its line (a verdict or an error
 * record) to o.  Returns false, counting nothing, when the line does not
 * fit in a fixed-size o.
 */
static bool eval_record(batch *b, const chunk *c, const rec *r, outbuf *o)
{
    stats *s = &b->st;
    remit_record x = chunk_record(b, c, r);
    char code[64];
    if (x.unreadable) {
        snprintf(code, sizeof code, "%.*s", (int)r->code_len, x.code);
        x.code = code;
    }
    remit_result *res = NULL;
    const remit_diagnostics *d = NULL;
    remit_status st = remit_stream_eval(b->es, &x, &res, &d);
    if (!take_line(b, o)) return false;
    s->records++;
    if (st != REMIT_OK) {
        if (st == REMIT_ENOMEM) b->oom = true;
        s->errors++;
        count_warnings(b, r, d, 0);
        return true;
    }
    count_warnings(b, r, d, remit_result_unknown_members(res));
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
        static const char msg[] = "the verdict is too large to write";
        remit_record x = chunk_record(b, c, &c->recs[k]);
        x.unreadable = true;
        x.text = msg;
        x.len = sizeof msg - 1;
        x.code = "too-large";
        remit_stream_eval(b->es, &x, NULL, NULL);
        take_line(b, o);
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

/*
 * The fan-out.  Every chunk slot is mapped before the first fork, so each
 * worker sees every slot.  The main process fills slot k mod S (S = the
 * workers times the slots per worker) with chunk k, and sends the slot's
 * number down one queue that every worker reads (a SOCK_SEQPACKET socket:
 * each order is one message, and each message is read by one worker), so
 * the chunk goes to whichever worker asks first: a worker the scheduler
 * leaves waiting holds up only the chunk it has taken, never the chunks
 * behind it.  Each worker reports on a pipe of its own, which the main
 * process polls; it writes chunk k's output once chunk k-1's is written,
 * and reuses the slot.  A worker that dies closes its pipe: the main
 * process sees it at once, whether or not the worker had a chunk.
 */

/* A chunk slot in memory shared by the main process and every worker. */
typedef struct slot {
    chunk *c;    /* header; c->data points into the same mapping */
    char *out;   /* SLOT_OUT_CAP bytes */
    size_t size; /* of the mapping */
} slot;

/* main -> any worker: evaluate slot `slot` from record `from`. */
typedef struct order {
    uint32_t slot, from;
} order;

/* worker -> main: slot done up to record `next` with `len` output bytes;
 * slot == REPORT_STATS: the worker's counters, as text in the output area
 * of the slot numbered as the worker (every slot is free by then). */
typedef struct report {
    uint32_t slot, next;
    uint64_t len;
    int32_t oom;
    int32_t unused; /* no padding: every byte sent down the pipe is set */
} report;

#define REPORT_STATS UINT32_MAX

/* The main process's view of one slot. */
typedef struct slot_state {
    bool busy;     /* an order for it is out, not yet reported */
    bool reported; /* rep holds the report of its last order */
    uint32_t from; /* the first record of its last order */
    report rep;
} slot_state;

typedef struct worker {
    pid_t pid;
    int from; /* its report pipe's read end, in the main process */
} worker;

typedef struct fanout {
    worker *w;
    unsigned jobs;
    slot *slots;
    unsigned nslot; /* jobs x slots per worker */
    int queue;      /* the order queue's sending end; -1 once closed */
} fanout;

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

/* Sends an order to whichever worker reads the queue next.  False when no
 * worker is left to read it (MSG_NOSIGNAL: EPIPE rather than SIGPIPE). */
static bool send_order(const fanout *f, uint32_t sl, uint32_t from)
{
    order ord = {sl, from};
    for (;;) {
        ssize_t n = send(f->queue, &ord, sizeof ord, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        return n == (ssize_t)sizeof ord;
    }
}

static size_t slot_size(void)
{
    size_t head = (sizeof(chunk) + 4095) & ~(size_t)4095;
    return head + CHUNK_IN_CAP + SLOT_OUT_CAP;
}

static bool slot_map(slot *s)
{
    size_t head = (sizeof(chunk) + 4095) & ~(size_t)4095;
    s->size = slot_size();
    void *p = mmap(NULL, s->size, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
    s->c = p;
    s->c->data = (char *)p + head;
    s->out = (char *)p + head + CHUNK_IN_CAP;
    return true;
}

/* Worker number `self`: evaluates the slots named by the orders it takes
 * from the queue, until the queue closes; then hands over its counters and
 * exits.  `slots` is its own copy of the array (freed here). */
static _Noreturn void worker_main(batch *b, slot *slots, unsigned nslot,
                                  unsigned self, int queue, int outfd)
{
    /* The chunk in hand is finished before a SIGTERM (fanout_stop, on an
     * error path) is acted on: a stop never cuts an evaluation in two, and
     * the worker's memory is whole when it ends (as valgrind checks). */
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    for (;;) {
        order ord;
        ssize_t n = recv(queue, &ord, sizeof ord, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n != (ssize_t)sizeof ord) break; /* 0: the queue is closed */
        if (ord.slot >= nslot) _exit(EXIT_INTERNAL);
        sigprocmask(SIG_BLOCK, &term, NULL);
        slot *s = &slots[ord.slot];
        outbuf o = {s->out, 0, SLOT_OUT_CAP, true, false};
        b->oom = false;
        uint32_t next = eval_chunk(b, s->c, ord.from, &o);
        report rep = make_report(ord.slot, next, o.len, b->oom);
        if (!write_full(outfd, &rep, sizeof rep)) _exit(EXIT_INTERNAL);
        sigprocmask(SIG_UNBLOCK, &term, NULL);
    }
    outbuf o = {slots[self].out, 0, SLOT_OUT_CAP, true, false};
    free(slots);
    stats_write(&b->st, &o);
    report rep = make_report(REPORT_STATS, 0, o.len, o.full);
    write_full(outfd, &rep, sizeof rep);
    _exit(0);
}

/* Ends what is left of the fan-out (every worker on an error; on success
 * only the mappings are left) and frees it. */
static void fanout_stop(fanout *f)
{
    if (f->queue >= 0) close(f->queue);
    f->queue = -1;
    for (unsigned k = 0; f->w && k < f->jobs; k++) {
        worker *w = &f->w[k];
        if (w->from >= 0) close(w->from);
        w->from = -1;
        if (w->pid > 0) {
            kill(w->pid, SIGTERM);
            kill(w->pid, SIGCONT); /* a stopped worker acts on it */
            waitpid(w->pid, NULL, 0);
            w->pid = 0;
        }
    }
    for (unsigned s = 0; f->slots && s < f->nslot; s++)
        if (f->slots[s].c) munmap(f->slots[s].c, f->slots[s].size);
    free(f->slots);
    free(f->w);
    f->slots = NULL;
    f->w = NULL;
}

/*
 * How many workers, with how many chunk slots each, fit in this process's
 * address space: all of them unless a limit is set (ulimit -v), else the
 * most slots (4, 2, 1) and then the most workers whose slots, with
 * HEADROOM for the heap, can be mapped (tried with a mapping that is
 * never touched).  *jobs is 1 when not even two workers fit.
 */
static void plan_workers(unsigned *jobs, unsigned *nslots)
{
    *nslots = SLOTS;
    struct rlimit lim;
    if (getrlimit(RLIMIT_AS, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return;
    for (unsigned j = *jobs; j >= 2; j--)
        for (unsigned n = SLOTS; n >= 1; n /= 2) {
            size_t total = (size_t)j * n * slot_size() + HEADROOM;
            void *p = mmap(NULL, total, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            if (p == MAP_FAILED) continue;
            munmap(p, total);
            *jobs = j;
            *nslots = n;
            return;
        }
    *jobs = 1;
}

/* Maps the slots, opens the queue and forks the workers.  Returns 0 or an
 * exit code (said on stderr; f is then stopped). */
static int fanout_start(batch *b, fanout *f, unsigned jobs)
{
    memset(f, 0, sizeof *f);
    f->queue = -1;
    f->jobs = jobs;
    f->nslot = jobs * b->nslots;
    f->w = calloc(jobs, sizeof *f->w);
    f->slots = calloc(f->nslot, sizeof *f->slots);
    int q[2] = {-1, -1};
    bool ok = f->w && f->slots;
    for (unsigned k = 0; ok && k < jobs; k++) f->w[k].from = -1;
    for (unsigned s = 0; ok && s < f->nslot; s++) ok = slot_map(&f->slots[s]);
    if (ok && socketpair(AF_UNIX, SOCK_SEQPACKET, 0, q) != 0) ok = false;
    f->queue = q[0];
    fflush(stdout);
    fflush(stderr);
    for (unsigned k = 0; ok && k < jobs; k++) {
        int up[2];
        if (pipe(up) != 0) {
            ok = false;
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(up[0]);
            close(up[1]);
            ok = false;
            break;
        }
        if (pid == 0) {
            /* Only the queue's reading end and this worker's own pipe stay
             * open here: the queue closes, and each other worker's pipe
             * with it, when the processes holding the other ends do. */
            close(q[0]);
            close(up[0]);
            for (unsigned j = 0; j < k; j++) close(f->w[j].from);
            /* The worker keeps the slot array and nothing else of the
             * main process's heap. */
            slot *slots = f->slots;
            unsigned nslot = f->nslot;
            free(f->w);
            worker_main(b, slots, nslot, k, q[1], up[1]);
        }
        close(up[1]);
        f->w[k].pid = pid;
        f->w[k].from = up[0];
    }
    if (q[1] >= 0) close(q[1]);
    if (ok) return 0;
    fprintf(stderr, "%s: cannot start the worker processes: %s\n", cli_prog,
            strerror(errno));
    fanout_stop(f);
    return EXIT_INTERNAL;
}

static int worker_lost(void)
{
    fprintf(stderr, "%s: a worker process stopped unexpectedly\n", cli_prog);
    return EXIT_INTERNAL;
}

/*
 * Reads the chunks into the slots in turn, hands each to whichever worker
 * is free, and writes the outputs in input order; counts each worker's
 * records in b->worker_records.  At most one chunk per slot is in flight.
 * While input from a pipe would wait, the outputs that are done are
 * written, so that a slow writer sees each verdict at once.  Returns 0 or
 * an exit code.
 */
static int hand_out(batch *b, reader *rd, fanout *f)
{
    const unsigned ns = f->nslot, jobs = f->jobs;
    slot_state *ss = calloc(ns, sizeof *ss);
    struct pollfd *pf = calloc(jobs + 1, sizeof *pf);
    if (!ss || !pf) {
        free(ss);
        free(pf);
        return EXIT_INTERNAL;
    }
    uint64_t dispatched = 0, written = 0;
    bool eof = false;
    int rc = 0;
    while (rc == 0 && (!eof || written < dispatched)) {
        /* The oldest chunk's output, once its worker has reported. */
        uint32_t old = (uint32_t)(written % ns);
        if (written < dispatched && ss[old].reported) {
            slot_state *x = &ss[old];
            const chunk *c = f->slots[old].c;
            x->reported = false;
            if (x->rep.oom) b->oom = true;
            outbuf o = {f->slots[old].out, x->rep.len, SLOT_OUT_CAP, true, false};
            bool done = x->rep.next >= c->nrec;
            if (!emit(b, &o, x->rep.next - x->from, done ? c->bytes_done : 0)) {
                rc = EXIT_INTERNAL;
                break;
            }
            if (done) {
                written++;
                continue;
            }
            /* The output area filled up: the rest of the chunk is a new
             * order, for whichever worker is free. */
            x->from = x->rep.next;
            x->busy = true;
            if (!send_order(f, old, x->from)) rc = worker_lost();
            continue;
        }
        /* The next chunk, into the next slot, when one is free and the
         * input is ready (or nothing else is left to wait for). */
        bool room = !eof && dispatched - written < ns;
        if (room && (!rd->waiting || written == dispatched || !would_wait(rd))) {
            uint32_t sl = (uint32_t)(dispatched % ns);
            if (!reader_fill(rd, f->slots[sl].c)) {
                read_error(rd);
                rc = EXIT_INTERNAL;
                break;
            }
            if (f->slots[sl].c->nrec == 0) {
                eof = true;
                continue;
            }
            ss[sl].from = 0;
            ss[sl].busy = true;
            ss[sl].reported = false;
            if (!send_order(f, sl, 0)) {
                rc = worker_lost();
                break;
            }
            dispatched++;
            continue;
        }
        /* Wait for a report, or for input when a slot is free. */
        nfds_t n = 0;
        for (unsigned k = 0; k < jobs; k++)
            pf[n++] = (struct pollfd){f->w[k].from, POLLIN, 0};
        if (room) pf[n++] = (struct pollfd){rd->fd, POLLIN, 0};
        if (poll(pf, n, -1) < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "%s: poll: %s\n", cli_prog, strerror(errno));
            rc = EXIT_INTERNAL;
            break;
        }
        for (unsigned k = 0; k < jobs && rc == 0; k++) {
            if (!pf[k].revents) continue;
            report rep;
            if (!read_full(f->w[k].from, &rep, sizeof rep) || rep.slot >= ns ||
                !ss[rep.slot].busy) {
                rc = worker_lost();
                break;
            }
            slot_state *x = &ss[rep.slot];
            x->busy = false;
            x->reported = true;
            x->rep = rep;
            if (rep.next > x->from) b->worker_records[k] += rep.next - x->from;
        }
    }
    free(ss);
    free(pf);
    return rc;
}

/* Closes the queue, which ends the workers: each sends its counters first,
 * as text in a slot (unmapped at the end: keys are copied).  Returns 0 or
 * an exit code. */
static int collect_counts(batch *b, fanout *f)
{
    b->st.verdicts.owned = b->st.head_verdicts.owned = b->st.rules.owned = true;
    close(f->queue);
    f->queue = -1;
    for (unsigned k = 0; k < f->jobs; k++) {
        report rep;
        if (!read_full(f->w[k].from, &rep, sizeof rep) || rep.slot != REPORT_STATS)
            return worker_lost();
        if (rep.oom) b->oom = true;
        stats_merge(&b->st, f->slots[k].out, rep.len, &b->oom);
        int status;
        if (waitpid(f->w[k].pid, &status, 0) == f->w[k].pid) f->w[k].pid = 0;
    }
    return 0;
}

static int run_parallel(batch *b, reader *rd, unsigned jobs)
{
    fanout f;
    int rc = fanout_start(b, &f, jobs);
    if (rc) return rc;
    b->worker_records = calloc(jobs, sizeof *b->worker_records);
    if (!b->worker_records) rc = EXIT_INTERNAL;
    b->nworkers = jobs;
    if (rc == 0) rc = hand_out(b, rd, &f);
    if (rc == 0) rc = collect_counts(b, &f);
    fanout_stop(&f);
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
    if (b->worker_records) {
        /* Each chunk goes to whichever worker is free: a worker the
         * machine left waiting shows here with fewer records. */
        fprintf(stderr, "  records evaluated by each worker process:");
        for (unsigned k = 0; k < b->nworkers; k++)
            fprintf(stderr, "%s %s", k ? "," : "",
                    grouped(b->worker_records[k], g1, sizeof g1));
        fputc('\n', stderr);
    }
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
    remit_stream_format input_format = REMIT_STREAM_FORMAT_COUNT; /* by name */
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
        char name[32];
        const char *val = cli_split_option(a, name, sizeof name);
        if (val) a = name;
        bool takes = strcmp(a, "--rules") == 0 || strcmp(a, "--today") == 0 ||
                     strcmp(a, "--format") == 0 || strcmp(a, "--jobs") == 0 ||
                     strcmp(a, "--input-format") == 0 ||
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
        } else if (strcmp(a, "--input-format") == 0) {
            if (strcmp(val, "jsonl") == 0) input_format = REMIT_STREAM_JSONL;
            else if (strcmp(val, "csv") == 0) input_format = REMIT_STREAM_CSV;
            else if (strcmp(val, "json") == 0) input_format = REMIT_STREAM_JSON;
            else
                bad = cli_usage_error("batch ", "--input-format must be jsonl, csv or json, not '%s'",
                                      val);
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
    int rc = list_inputs(inputs, ninputs, input_format, &srcs, &nsrc);
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
    /* One evaluation date for the whole run: the stream reads the clock
     * once when it is made (a run across midnight would mix dates). */
    /* Records often carry members no rule reads: count them, rather than
     * make a warning for each, unless they are to be printed. */
    remit_stream_options so;
    memset(&so, 0, sizeof so);
    so.eval = opt;
    so.eval.flags = (strict ? REMIT_EVAL_STRICT : 0u) |
                    (warnings ? 0u : REMIT_EVAL_QUIET_UNKNOWN);
    so.output = strcmp(format, "csv") == 0 ? REMIT_STREAM_CSV : REMIT_STREAM_JSONL;
    so.json_flags = compact ? REMIT_JSON_COMPACT : 0u;
    b.warnings = warnings;
    b.summary = summary;
    b.srcs = srcs;
    b.nsrc = nsrc;
    for (size_t k = 0; k < nsrc; k++)
        if (srcs[k].format == REMIT_STREAM_JSON) b.several = true;
    if (nsrc > 1) b.several = true;
    b.progress = strcmp(progress_when, "always") == 0 ||
                 (strcmp(progress_when, "auto") == 0 && isatty(STDERR_FILENO));
    b.total_bytes = b.progress ? total_size(srcs, nsrc) : 0;
    b.t0 = t0;
    if (!jobs) jobs = cores_available();
    if (jobs > MAX_JOBS) jobs = MAX_JOBS;
    if (jobs > 1) {
        unsigned asked = jobs;
        plan_workers(&jobs, &b.nslots);
        if (jobs < asked && jobs > 1)
            fprintf(stderr,
                    "%s: warning: the memory limit (ulimit -v) leaves room for %u "
                    "worker processes, not %u: going on with %u (the output is the "
                    "same)\n",
                    cli_prog, jobs, asked, jobs);
        else if (jobs < asked)
            fprintf(stderr,
                    "%s: warning: the memory limit (ulimit -v) leaves no room for %u "
                    "worker processes: going on in one process (the output is the "
                    "same)\n",
                    cli_prog, asked);
    }

    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.srcs = srcs;
    rd.nsrc = nsrc;
    rd.rs = b.rs;
    rd.fd = -1;
    rd.cap = READ_SIZE;
    rd.buf = malloc(rd.cap);
    if (!rd.buf) rc = EXIT_INTERNAL;
    /* The stream that writes the lines: made here, so that a CSV output's
     * header comes first; each worker process evaluates on its own copy. */
    if (rc == 0 && remit_stream_new(b.rs, &so, &b.es) != REMIT_OK) rc = EXIT_INTERNAL;
    if (rc == 0) {
        size_t n;
        const char *head = remit_stream_output(b.es, &n);
        if (n && !write_all(head, n)) rc = EXIT_INTERNAL;
        remit_stream_output_clear(b.es);
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
    free(b.worker_records);
    remit_stream_free(b.es);
    remit_ruleset_free(b.rs);
    for (size_t k = 0; k < nsrc; k++) free((char *)srcs[k].name);
    free(srcs);
    return rc;
}

/* ---- remit schema --csv ---------------------------------------------------------------- */

/* The header row of the CSV layout (README, "CSV in"), for `remit schema
 * --csv [--heads N] [--rules PATH]`. */
int cmd_schema_csv(int argc, char **argv)
{
    const char *rules = NULL;
    unsigned heads = 3;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (strcmp(a, "--csv") == 0) continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_schema, stdout);
            return EXIT_DECIDED;
        }
        if (strncmp(a, "--rules=", 8) == 0 || strncmp(a, "--heads=", 8) == 0) {
            val = a + 8;
        } else if (strcmp(a, "--rules") == 0 || strcmp(a, "--heads") == 0) {
            if (i + 1 >= argc) return cli_usage_error("schema ", "option '%s' needs a value", a);
            val = argv[++i];
        } else {
            return cli_usage_error("schema ", "unexpected argument '%s'", a);
        }
        if (a[2] == 'r') {
            rules = val;
        } else {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || end == val || n < 1 || n > 1000)
                return cli_usage_error("schema ", "--heads needs a number from 1 to 1000, not '%s'",
                                       val);
            heads = (unsigned)n;
        }
    }
    remit_ruleset *rs = NULL;
    int rc = cli_load_rules(rules, &rs);
    if (rc != EXIT_DECIDED) return rc;
    char *row = NULL;
    remit_status st = remit_ruleset_csv_header(rs, heads, &row);
    if (st != REMIT_OK) {
        fprintf(stderr, "%s: %s\n", cli_prog, remit_status_str(st));
        remit_ruleset_free(rs);
        return EXIT_INTERNAL;
    }
    bool ok = write_all(row, strlen(row));
    remit_string_free(rs, row);
    remit_ruleset_free(rs);
    if (!ok) {
        fprintf(stderr, "%s: cannot write the output: %s\n", cli_prog, strerror(errno));
        return EXIT_INTERNAL;
    }
    return EXIT_DECIDED;
}
