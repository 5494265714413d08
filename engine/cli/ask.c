/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ask.c -- `remit ask`: a guided interview for an adviser on the phone.
 * Builds the complaint answer by answer.  What to ask next comes from the
 * library (remit_interview_next), the same call behind the web page and
 * POST /v1/next, so every interface asks the same questions in the same
 * order; this file reads the answers from the terminal, keeps the history
 * for `back` and `edit`, and prints questions wrapped to the terminal.
 * Answers come from the terminal or, when standard input is not one, from
 * its lines, so the interview can be scripted and tested.
 */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"

const char usage_ask[] =
    "Usage: remit ask [OPTIONS] [PARTIAL.json]\n"
    "\n"
    "A guided interview: asks only the questions that could change the\n"
    "verdict, most decisive first, and ends with the verdict, the reasons and\n"
    "their citations, the next steps and what would change it.  Starts from\n"
    "nothing, or from a partial complaint (JSON, as for `remit check`).\n"
    "\n"
    "At each question you can answer, or type:\n"
    "  ?        don't know (the answer stays unknown and the verdict says so)\n"
    "  why      why this question is asked: what the answer could decide\n"
    "  back     change the previous answer (works at every question,\n"
    "           including a head's description)\n"
    "  edit     list the answers so far and change any of them (a head's\n"
    "           description too)\n"
    "  add      add another head of complaint (another thing the person is\n"
    "           unhappy about)\n"
    "  ... for all  after an answer (\"03/2026 for all\"): give it to every\n"
    "           head split from the same point\n"
    "  quit     stop; offers to save the answers so far\n"
    "Yes/no questions take y or n; choices take their number (or name);\n"
    "several choices are separated by commas.  Where one point covers\n"
    "several matters (what it is about, who did it), type the number of\n"
    "each, separated by commas: the point becomes one head per matter, with\n"
    "the answers so far copied to each (back undoes it).  Dates are\n"
    "YYYY-MM-DD or DD/MM/YYYY, or, when only the month or year is known,\n"
    "YYYY-MM, MM/YYYY or YYYY.  A bad answer is explained and asked again.\n"
    "\n"
    "Options:\n"
    "  --rules PATH       rule file or directory (default: the shipped rules)\n"
    "  --today YYYY-MM-DD the evaluation date (default: today in the UK)\n"
    "  --save FILE        write the complaint as JSON (accepted by `remit\n"
    "                     check`, which gives the same verdict)\n"
    "  --width N          wrap the questions and the verdict at N columns\n"
    "                     (default: the terminal's width)\n"
    "  --color WHEN       auto (default), always or never; NO_COLOR or\n"
    "                     TERM=dumb disables\n"
    "  -h, --help         show this help\n"
    "\n"
    "When standard input is not a terminal, answers are read from it, one per\n"
    "line, and each is echoed after its prompt.\n"
    "\n"
    "Exit status: 0 decided, 1 still needs information (or quit), 2 usage\n"
    "error, 3 invalid partial complaint, 4 invalid rules, 5 internal error.\n";

/* Most heads the interview creates at the start. */
#define ASK_MAX_HEADS 20
/* Most answers remembered for `back`. */
#define ASK_MAX_HISTORY 512
/* Most heads a complaint can have after a split (the library's limit is
 * higher; a call never needs more). */
#define ASK_MAX_SPLIT_HEADS 100
/* Longest answer line. */
#define ASK_LINE 1024

/* What `back` undoes: one answer, the heads made at the start or by
 * `add`, or a change to several heads at once (a head split, an answer
 * given for all the heads of a split), undone from a snapshot. */
typedef enum hist_kind { H_ANSWER, H_HEADS, H_ADD_HEAD, H_SNAPSHOT } hist_kind;

typedef struct history {
    hist_kind kind;
    char *pointer;   /* H_ANSWER: where the answer went */
    cJSON *previous; /* the value before (NULL: absent); H_SNAPSHOT: the
                        whole complaint before */
    bool skipped;    /* before, it was passed over ("don't know") */
    cJSON *marks;    /* H_SNAPSHOT: the "don't know" pointers and the heads'
                        split groups before ({"skipped": [], "group": []}) */
    const char *what; /* H_SNAPSHOT: what `back` undoes, for the adviser */
} history;

typedef struct interview {
    const remit_ruleset *rs;
    remit_eval_options opt;
    cJSON *complaint;
    char **skipped; /* pointers answered "don't know" or confirmed */
    size_t nskipped, capskipped;
    history hist[ASK_MAX_HISTORY];
    size_t nhist;
    bool tty;
    unsigned asked;
    unsigned width;
    const char *summary_key; /* the head's description member, or NULL */
    char ruleset_id[128];    /* the ruleset that applied last */
    /* Heads made by splitting one point share a group number (from 1;
     * 0: none), so that an answer can be given for all of them. */
    cJSON *group; /* array: head index -> group (missing: 0) */
    int groups;   /* the last group number given */
    cJSON *needed; /* the pointers of the questions the last step's verdict
                      still needs (for "for all") */
} interview;

/* ---- Printing, wrapped ----------------------------------------------------- */

/* Display columns of the UTF-8 text s[0..n): wide characters two,
 * combining marks none. */
static size_t columns(const char *s, size_t n)
{
    return remit_display_width(s, n);
}

/*
 * Prints text wrapped to the interview's width, never inside a word: the
 * first line indented by `first` spaces, the others by `rest`.  A word
 * longer than a line gets a line of its own.  Newlines in the text start
 * new lines (indented by `rest`).
 */
static void wrap(const interview *iv, const char *text, unsigned first, unsigned rest)
{
    size_t width = iv->width ? iv->width : 80;
    size_t col = first;
    printf("%*s", (int)first, "");
    bool line_empty = true;
    const char *s = text;
    while (*s) {
        if (*s == '\n') {
            printf("\n%*s", (int)rest, "");
            col = rest;
            line_empty = true;
            s++;
            continue;
        }
        if (*s == ' ') {
            s++;
            continue;
        }
        size_t n = strcspn(s, " \n");
        size_t w = columns(s, n);
        if (!line_empty && col + 1 + w > width) {
            printf("\n%*s", (int)rest, "");
            col = rest;
            line_empty = true;
        }
        if (!line_empty) {
            putchar(' ');
            col++;
        }
        fwrite(s, 1, n, stdout);
        col += w;
        line_empty = false;
        s += n;
    }
    putchar('\n');
}

/* ---- Reading answers ---------------------------------------------------- */

/* Prints the prompt and reads one line (without its newline) into buf.
 * Returns false at end of input. */
static bool read_answer(interview *iv, const char *prompt, char *buf, size_t size)
{
    fputs(prompt, stdout);
    fflush(stdout);
    if (!fgets(buf, (int)size, stdin)) {
        if (!iv->tty) putchar('\n');
        return false;
    }
    size_t n = strcspn(buf, "\r\n");
    bool whole = buf[n] != '\0' || feof(stdin);
    buf[n] = '\0';
    if (!whole) { /* drop the rest of an over-long line */
        int ch;
        while ((ch = getchar()) != EOF && ch != '\n') {}
    }
    if (!iv->tty) printf("%s\n", buf);
    /* Trim blanks. */
    char *s = buf;
    while (isspace((unsigned char)*s)) s++;
    memmove(buf, s, strlen(s) + 1);
    n = strlen(buf);
    while (n && isspace((unsigned char)buf[n - 1])) buf[--n] = '\0';
    return true;
}

static bool word_is(const char *s, const char *w)
{
    return strcasecmp(s, w) == 0;
}

static bool is_dont_know(const char *s)
{
    return word_is(s, "?") || word_is(s, "dk") || word_is(s, "don't know") ||
           word_is(s, "dont know") || word_is(s, "unknown") || word_is(s, "skip");
}

static bool is_quit(const char *s)
{
    return word_is(s, "quit") || word_is(s, "q") || word_is(s, "exit");
}

/* ---- JSON pointers into the complaint ------------------------------------ */

/* The object that holds the member a pointer names, creating objects on the
 * way; *last receives the member name (owned by the caller's buffer). */
static cJSON *parent_of(cJSON *root, const char *pointer, char *last, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s", pointer);
    cJSON *node = root;
    char *p = path + (path[0] == '/');
    for (;;) {
        char *slash = strchr(p, '/');
        if (!slash) break;
        *slash = '\0';
        cJSON *next;
        if (cJSON_IsArray(node)) {
            next = cJSON_GetArrayItem(node, atoi(p));
        } else {
            next = cJSON_GetObjectItemCaseSensitive(node, p);
            if (!next) next = cJSON_AddObjectToObject(node, p);
        }
        if (!next) return NULL;
        node = next;
        p = slash + 1;
    }
    snprintf(last, size, "%s", p);
    return node;
}

static cJSON *get_at(cJSON *root, const char *pointer)
{
    char last[256];
    cJSON *parent = parent_of(root, pointer, last, sizeof last);
    return parent ? cJSON_GetObjectItemCaseSensitive(parent, last) : NULL;
}

/* Sets (or, with v NULL, removes) the member at pointer.  Takes v. */
static void set_at(cJSON *root, const char *pointer, cJSON *v)
{
    char last[256];
    cJSON *parent = parent_of(root, pointer, last, sizeof last);
    if (!parent) {
        cJSON_Delete(v);
        return;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(parent, last);
    if (v) cJSON_AddItemToObject(parent, last, v);
}

static bool was_skipped(const interview *iv, const char *pointer)
{
    for (size_t i = 0; i < iv->nskipped; i++)
        if (strcmp(iv->skipped[i], pointer) == 0) return true;
    return false;
}

static void skip(interview *iv, const char *pointer)
{
    if (was_skipped(iv, pointer)) return;
    if (iv->nskipped == iv->capskipped) {
        size_t cap = iv->capskipped ? iv->capskipped * 2 : 16;
        char **n = realloc(iv->skipped, cap * sizeof *n);
        if (!n) return;
        iv->skipped = n;
        iv->capskipped = cap;
    }
    char *p = strdup(pointer);
    if (p) iv->skipped[iv->nskipped++] = p;
}

static void unskip(interview *iv, const char *pointer)
{
    for (size_t i = 0; i < iv->nskipped; i++)
        if (strcmp(iv->skipped[i], pointer) == 0) {
            free(iv->skipped[i]);
            iv->skipped[i] = iv->skipped[--iv->nskipped];
            return;
        }
}

static cJSON *heads_of(const interview *iv)
{
    cJSON *heads = cJSON_GetObjectItemCaseSensitive(iv->complaint, "heads");
    return cJSON_IsArray(heads) ? heads : NULL;
}

/* ---- History, for back ------------------------------------------------------- */

static history *push(interview *iv, hist_kind kind)
{
    if (iv->nhist == ASK_MAX_HISTORY) {
        /* Forget the oldest answer. */
        free(iv->hist[0].pointer);
        cJSON_Delete(iv->hist[0].previous);
        cJSON_Delete(iv->hist[0].marks);
        memmove(iv->hist, iv->hist + 1, (ASK_MAX_HISTORY - 1) * sizeof iv->hist[0]);
        iv->nhist--;
    }
    history *h = &iv->hist[iv->nhist++];
    memset(h, 0, sizeof *h);
    h->kind = kind;
    return h;
}

/* Records an answer for `back`, then applies it (v NULL: don't know, or a
 * presumption confirmed: never asked again). */
static void answer(interview *iv, const char *pointer, cJSON *v)
{
    history *h = push(iv, H_ANSWER);
    h->pointer = strdup(pointer);
    cJSON *old = get_at(iv->complaint, pointer);
    h->previous = old ? cJSON_Duplicate(old, 1) : NULL;
    h->skipped = was_skipped(iv, pointer);
    set_at(iv->complaint, pointer, v);
    if (v) unskip(iv, pointer);
    else skip(iv, pointer);
}

/* Adds n empty heads (one history entry). */
static void add_heads(interview *iv, int n, hist_kind kind)
{
    cJSON *heads = heads_of(iv);
    if (!heads) {
        cJSON_DeleteItemFromObjectCaseSensitive(iv->complaint, "heads");
        heads = cJSON_AddArrayToObject(iv->complaint, "heads");
    }
    if (!heads) return;
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(heads, cJSON_CreateObject());
    history *h = push(iv, kind);
    h->previous = cJSON_CreateNumber(n);
}

/* Undoes the last answer.  False when there is none.  When `said` is not
 * NULL, writes there what was undone, for the adviser. */
static bool undo(interview *iv, char *said, size_t size)
{
    if (!iv->nhist) return false;
    history *h = &iv->hist[--iv->nhist];
    if (said) {
        size_t pl = h->pointer ? strlen(h->pointer) : 0;
        size_t sl = iv->summary_key ? strlen(iv->summary_key) : 0;
        if (h->kind == H_SNAPSHOT && h->what)
            snprintf(said, size, "Undone: %s.", h->what);
        else if (h->kind == H_ANSWER && h->previous && sl && pl > sl + 8 &&
                 strncmp(h->pointer, "/heads/", 7) == 0 &&
                 strcmp(h->pointer + pl - sl, iv->summary_key) == 0 &&
                 h->pointer[pl - sl - 1] == '/')
            snprintf(said, size, "Going back to the previous question. Head "
                     "%d's description is as it was before the change.",
                     atoi(h->pointer + 7) + 1);
        else
            snprintf(said, size, "Going back to the previous question.");
    }
    if (h->kind == H_SNAPSHOT) {
        /* Back to the complaint, the "don't know"s and the groups before. */
        cJSON_Delete(iv->complaint);
        iv->complaint = h->previous;
        h->previous = NULL;
        for (size_t i = 0; i < iv->nskipped; i++) free(iv->skipped[i]);
        iv->nskipped = 0;
        const cJSON *p;
        cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(h->marks, "skipped"))
            skip(iv, p->valuestring);
        cJSON_Delete(iv->group);
        iv->group = cJSON_DetachItemFromObjectCaseSensitive(h->marks, "group");
    } else if (h->kind != H_ANSWER) {
        cJSON *heads = heads_of(iv);
        int n = h->previous ? (int)h->previous->valuedouble : 1;
        for (int i = 0; i < n && cJSON_GetArraySize(heads) > 0; i++)
            cJSON_DeleteItemFromArray(heads, cJSON_GetArraySize(heads) - 1);
        if (h->kind == H_HEADS && cJSON_GetArraySize(heads) == 0)
            cJSON_DeleteItemFromObjectCaseSensitive(iv->complaint, "heads");
    } else {
        /* Back to the value and the "don't know" mark before. */
        set_at(iv->complaint, h->pointer, h->previous);
        h->previous = NULL;
        if (h->skipped) skip(iv, h->pointer);
        else unskip(iv, h->pointer);
    }
    free(h->pointer);
    cJSON_Delete(h->previous);
    cJSON_Delete(h->marks);
    return true;
}

/* Records the whole state for `back`, before a change to several heads.
 * False when there is no memory for it (the change is then not made). */
static bool snapshot(interview *iv)
{
    cJSON *c = cJSON_Duplicate(iv->complaint, 1);
    cJSON *marks = cJSON_CreateObject();
    cJSON *sk = cJSON_AddArrayToObject(marks, "skipped");
    for (size_t i = 0; sk && i < iv->nskipped; i++)
        cJSON_AddItemToArray(sk, cJSON_CreateString(iv->skipped[i]));
    cJSON *g = iv->group ? cJSON_Duplicate(iv->group, 1) : cJSON_CreateArray();
    if (!c || !marks || !sk || !g) {
        cJSON_Delete(c);
        cJSON_Delete(marks);
        cJSON_Delete(g);
        return false;
    }
    cJSON_AddItemToObject(marks, "group", g);
    history *h = push(iv, H_SNAPSHOT);
    h->previous = c;
    h->marks = marks;
    return true;
}

/* ---- Typed answers ------------------------------------------------------- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Parses a date answer: YYYY-MM-DD or D/M/YYYY, or when only the month or
 * year is known YYYY-MM, M/YYYY or YYYY, into ISO (reduced precision kept);
 * on error writes why into err. */
static bool parse_date_answer(const char *s, char iso[16], char *err, size_t esize)
{
    int y = 0, m = 0, d = 0, used = 0;
    size_t n = strlen(s);
    if (n == 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10) {
    } else if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &used) == 3 &&
               (size_t)used == n && n >= 8) {
    } else if (n == 7 && sscanf(s, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7) {
        d = -1;
    } else if (sscanf(s, "%2d/%4d%n", &m, &y, &used) == 2 && (size_t)used == n &&
               n >= 6) {
        d = -1;
    } else if (n == 4 && sscanf(s, "%4d%n", &y, &used) == 1 && used == 4) {
        m = d = -1;
    } else {
        snprintf(err, esize,
                 "'%.60s' is not a date: write DD/MM/YYYY or YYYY-MM-DD, or, if "
                 "the person knows only the month or the year, MM/YYYY or YYYY. "
                 "For a season or \"around then\", ask which month; if they "
                 "cannot say, give the year.", s);
        return false;
    }
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool ok = y >= 1900 && y <= 2999;
    if (ok && m != -1) ok = m >= 1 && m <= 12;
    if (ok && d != -1 && m != -1) ok = d >= 1 && d <= dm[m - 1] + (m == 2 && leap(y));
    if (!ok) {
        snprintf(err, esize, "%.60s is not a date", s);
        return false;
    }
    if (m == -1)
        snprintf(iso, 16, "%04u", (unsigned)y % 10000u);
    else if (d == -1)
        snprintf(iso, 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
    else
        snprintf(iso, 16, "%04u-%02u-%02u", (unsigned)y % 10000u,
                 (unsigned)m % 100u, (unsigned)d % 100u);
    return true;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* One choice: a number 1..n or a value name.  -1 if neither. */
static int choice(const cJSON *values, const char *s)
{
    int n = cJSON_GetArraySize(values);
    char *end;
    long k = strtol(s, &end, 10);
    if (*s && !*end) return k >= 1 && k <= n ? (int)k - 1 : -1;
    for (int v = 0; v < n; v++)
        if (strcasecmp(str_of(cJSON_GetArrayItem(values, v), "value"), s) == 0)
            return v;
    return -1;
}

/* Choices separated by commas (or spaces), each a number or a value name:
 * the array of their values, each once; NULL with the reason in err when
 * one is not a choice.  `set` words the reason for a set's question (or
 * none), otherwise for a question whose several choices split the head. */
static cJSON *choice_list(const cJSON *values, const char *s, bool set,
                          char *err, size_t esize)
{
    int nv = cJSON_GetArraySize(values);
    cJSON *arr = cJSON_CreateArray();
    char copy[ASK_LINE];
    snprintf(copy, sizeof copy, "%s", s);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        int k = choice(values, tok);
        if (k < 0) {
            if (set)
                snprintf(err, esize, "'%.60s' is not one of the choices: type numbers "
                         "from 1 to %d separated by commas, or none.", tok, nv);
            else
                snprintf(err, esize, "'%.60s' is not one of the choices: type a number "
                         "from 1 to %d, or several separated by commas.", tok, nv);
            cJSON_Delete(arr);
            return NULL;
        }
        const char *val = str_of(cJSON_GetArrayItem(values, k), "value");
        bool dup = false;
        cJSON *e;
        cJSON_ArrayForEach(e, arr) if (strcmp(e->valuestring, val) == 0) dup = true;
        if (!dup) cJSON_AddItemToArray(arr, cJSON_CreateString(val));
    }
    return arr;
}

/* Turns a typed answer into a JSON value, or explains why it cannot. */
static cJSON *typed(const cJSON *q, const char *s, char *err, size_t esize)
{
    const char *type = str_of(q, "type");
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(q, "values");
    int nv = cJSON_GetArraySize(values);
    if (!*s) {
        snprintf(err, esize, "Please type an answer, or ? if you don't know.");
        return NULL;
    }
    if (strcmp(type, "bool") == 0) {
        if (word_is(s, "y") || word_is(s, "yes") || word_is(s, "true"))
            return cJSON_CreateTrue();
        if (word_is(s, "n") || word_is(s, "no") || word_is(s, "false"))
            return cJSON_CreateFalse();
        snprintf(err, esize, "Please answer y (yes) or n (no), or ? if you don't know.");
        return NULL;
    }
    bool split = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "split"));
    if (strcmp(type, "enum") == 0 && split && strchr(s, ',')) {
        /* Several matters in one point: an array, to split the head. */
        cJSON *arr = choice_list(values, s, false, err, esize);
        if (!arr) return NULL;
        if (cJSON_GetArraySize(arr) == 1) { /* "3," or "3, 3": one */
            cJSON *one = cJSON_DetachItemFromArray(arr, 0);
            cJSON_Delete(arr);
            return one;
        }
        if (cJSON_GetArraySize(arr) == 0) {
            snprintf(err, esize, "Type the number of a choice, or several separated by commas.");
            cJSON_Delete(arr);
            return NULL;
        }
        return arr;
    }
    if (strcmp(type, "enum") == 0) {
        int k = choice(values, s);
        if (k < 0) {
            if (strchr(s, ','))
                snprintf(err, esize, "Only one choice fits here: type a number from 1 to %d.", nv);
            else
                snprintf(err, esize, "'%.60s' is not one of the choices: type a number from 1 to %d.",
                         s, nv);
            return NULL;
        }
        return cJSON_CreateString(str_of(cJSON_GetArrayItem(values, k), "value"));
    }
    if (strcmp(type, "set") == 0) {
        if (word_is(s, "none") || word_is(s, "0")) return cJSON_CreateArray();
        cJSON *arr = choice_list(values, s, true, err, esize);
        if (!arr) return NULL;
        if (cJSON_GetArraySize(arr) == 0) {
            snprintf(err, esize, "Type the numbers of the choices, or none.");
            cJSON_Delete(arr);
            return NULL;
        }
        return arr;
    }
    if (strcmp(type, "date") == 0) {
        char iso[16];
        if (!parse_date_answer(s, iso, err, esize)) return NULL;
        return cJSON_CreateString(iso);
    }
    if (strcmp(type, "integer") == 0) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (!*s || *end || errno) {
            snprintf(err, esize, "'%.60s' is not a whole number.", s);
            return NULL;
        }
        return cJSON_CreateNumber((double)v);
    }
    if (!*s) {
        snprintf(err, esize, "Please type an answer, or ? if you don't know.");
        return NULL;
    }
    return cJSON_CreateString(s);
}

/* A value as the adviser reads it: labels for choices, yes or no. */
static void describe_value(const cJSON *values, const cJSON *v, char *out, size_t size)
{
    out[0] = '\0';
    if (cJSON_IsBool(v)) {
        snprintf(out, size, "%s", cJSON_IsTrue(v) ? "yes" : "no");
    } else if (cJSON_IsNumber(v)) {
        snprintf(out, size, "%.0f", v->valuedouble);
    } else if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        const cJSON *e;
        cJSON_ArrayForEach(e, values) if (strcmp(str_of(e, "value"), s) == 0) s = str_of(e, "label");
        snprintf(out, size, "%s", s);
    } else if (cJSON_IsArray(v)) {
        size_t len = 0;
        const cJSON *item;
        if (cJSON_GetArraySize(v) == 0) snprintf(out, size, "none");
        cJSON_ArrayForEach(item, v) {
            char one[512];
            describe_value(values, item, one, sizeof one);
            int w = snprintf(out + len, size - len, "%s%s", len ? "; " : "", one);
            if (w < 0 || (size_t)w >= size - len) break;
            len += (size_t)w;
        }
    }
}

/* ---- The steps --------------------------------------------------------------- */

/* The JSON member of a head's description: the rules' first head-scope text
 * fact (NULL if they have none). */
static const char *find_summary_key(const remit_ruleset *rs)
{
    for (size_t f = 0; f < remit_ruleset_count(rs); f++)
        for (size_t i = 0; i < remit_ruleset_fact_count(rs, f); i++) {
            remit_fact_info fi;
            if (remit_ruleset_get_fact(rs, f, i, &fi) == REMIT_OK &&
                strcmp(fi.scope, "head") == 0 && strcmp(fi.type, "text") == 0)
                return fi.key;
        }
    return NULL;
}

/* The description of head i, if given. */
static const char *head_summary(const interview *iv, int i)
{
    cJSON *h = cJSON_GetArrayItem(heads_of(iv), i);
    cJSON *s = iv->summary_key ? cJSON_GetObjectItemCaseSensitive(h, iv->summary_key) : NULL;
    return cJSON_IsString(s) && *s->valuestring ? s->valuestring : NULL;
}

/* ---- Splitting a head that holds several matters ---------------------- */

static int group_of(const interview *iv, int h);

/* True if an answer "for all" to question `pointer` of head h goes to head
 * i: h itself, or a head split from the same point that the verdict still
 * needs the same answer for. */
static bool takes(const interview *iv, int h, const char *pointer, int i)
{
    if (i == h) return true;
    int g = group_of(iv, h);
    if (!g || group_of(iv, i) != g) return false;
    char prefix[32], p[512];
    int plen = snprintf(prefix, sizeof prefix, "/heads/%d/", h);
    if (strncmp(pointer, prefix, (size_t)plen) != 0) return false;
    snprintf(p, sizeof p, "/heads/%d/%s", i, pointer + plen);
    const cJSON *e;
    cJSON_ArrayForEach(e, iv->needed) if (cJSON_IsString(e) && strcmp(e->valuestring, p) == 0) return true;
    return false;
}

/* Gives answer v (NULL: don't know; taken) at `pointer`, a question of head
 * h, and the same to every head split from the same point, as one step for
 * `back`.  False (nothing changed) if it cannot. */
static bool answer_for_all(interview *iv, int h, const char *pointer, cJSON *v)
{
    char prefix[32];
    int plen = snprintf(prefix, sizeof prefix, "/heads/%d/", h);
    if (strncmp(pointer, prefix, (size_t)plen) != 0 || !snapshot(iv)) {
        cJSON_Delete(v);
        return false;
    }
    int n = cJSON_GetArraySize(heads_of(iv));
    bool *to = calloc((size_t)n + 1, sizeof *to);
    if (!to) {
        cJSON_Delete(v);
        undo(iv, NULL, 0);
        return false;
    }
    for (int i = 0; i < n; i++) to[i] = takes(iv, h, pointer, i);
    iv->hist[iv->nhist - 1].what = "the answer given for all the heads split from one point";
    for (int i = 0; i < n; i++) {
        if (!to[i]) continue;
        char p[512];
        snprintf(p, sizeof p, "/heads/%d/%s", i, pointer + plen);
        set_at(iv->complaint, p, v ? cJSON_Duplicate(v, 1) : NULL);
        if (v) unskip(iv, p);
        else skip(iv, p);
    }
    free(to);
    cJSON_Delete(v);
    return true;
}

static int group_of(const interview *iv, int h)
{
    const cJSON *g = cJSON_GetArrayItem(iv->group, h);
    return cJSON_IsNumber(g) ? g->valueint : 0;
}

static void set_group(interview *iv, int h, int g)
{
    if (!iv->group) iv->group = cJSON_CreateArray();
    if (!iv->group) return;
    while (cJSON_GetArraySize(iv->group) <= h)
        cJSON_AddItemToArray(iv->group, cJSON_CreateNumber(0));
    cJSON_ReplaceItemInArray(iv->group, h, cJSON_CreateNumber(g));
}

/* The label of value v among a question's values without its bracketed
 * parts ("How a child protection enquiry was carried out"). */
static void short_label(const cJSON *values, const char *v, char *out, size_t size)
{
    const char *label = v;
    const cJSON *e;
    cJSON_ArrayForEach(e, values) if (strcmp(str_of(e, "value"), v) == 0) label = str_of(e, "label");
    size_t n = 0;
    int depth = 0;
    for (const char *s = label; *s && n + 1 < size; s++) {
        if (*s == '(') {
            depth++;
            while (n && out[n - 1] == ' ') n--; /* the space before it */
            continue;
        }
        if (*s == ')' && depth) {
            depth--;
            continue;
        }
        if (!depth) out[n++] = *s;
    }
    while (n && out[n - 1] == ' ') n--;
    out[n] = '\0';
}

/* True if the "handling_of" list of a head names head h (by its id, or by
 * its number when it has none). */
static bool names_head(const cJSON *list, const cJSON *head, int h)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(head, "id");
    char num[16];
    snprintf(num, sizeof num, "%d", h + 1);
    const char *want = cJSON_IsString(id) && *id->valuestring ? id->valuestring : num;
    const cJSON *e;
    cJSON_ArrayForEach(e, list) if (cJSON_IsString(e) && strcmp(e->valuestring, want) == 0) return true;
    return false;
}

/*
 * Splits head h, asked question q (a "split" question), into one head per
 * value of `chosen` (an array of two or more value names), as remit.h
 * describes for remit_interview_next: head h keeps the first value, a copy
 * of it is appended for each other, every description starts with the
 * matter of its head, and "handling_of" lists that name head h name the copies
 * too.  Answers and "don't know"s so far are copied; one `back` undoes it.
 * Tells the adviser what it did.  False (nothing changed) if it cannot.
 */
static bool split_head(interview *iv, const cJSON *q, const cJSON *chosen)
{
    const char *pointer = str_of(q, "pointer");
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(q, "values");
    cJSON *heads = heads_of(iv);
    int h = cJSON_GetObjectItemCaseSensitive(q, "head")->valueint;
    cJSON *orig = cJSON_GetArrayItem(heads, h);
    int n = cJSON_GetArraySize(chosen), n0 = cJSON_GetArraySize(heads);
    char prefix[32];
    int plen = snprintf(prefix, sizeof prefix, "/heads/%d/", h);
    if (!orig || n < 2 || n0 + n - 1 > ASK_MAX_SPLIT_HEADS ||
        strncmp(pointer, prefix, (size_t)plen) != 0 || !snapshot(iv))
        return false;
    iv->hist[iv->nhist - 1].what = "the split - the point is one head again, as before";
    const char *key = pointer + plen; /* the member, as in the pointer */
    char *summary = head_summary(iv, h) ? strdup(head_summary(iv, h)) : NULL;
    size_t nskipped = iv->nskipped;
    int g = group_of(iv, h) ? group_of(iv, h) : ++iv->groups;
    set_group(iv, h, g);
    for (int k = 0; k < n; k++) {
        const char *v = cJSON_GetArrayItem(chosen, k)->valuestring;
        cJSON *head = k ? cJSON_Duplicate(orig, 1) : orig;
        if (!head) break;
        if (k) {
            cJSON_DeleteItemFromObjectCaseSensitive(head, "id");
            cJSON_AddItemToArray(heads, head);
            set_group(iv, n0 + k - 1, g);
            /* Its "don't know"s, as the head's. */
            for (size_t i = 0; i < nskipped; i++)
                if (strncmp(iv->skipped[i], prefix, (size_t)plen) == 0) {
                    char p[512];
                    snprintf(p, sizeof p, "/heads/%d/%s", n0 + k - 1, iv->skipped[i] + plen);
                    skip(iv, p);
                }
        }
        cJSON_DeleteItemFromObjectCaseSensitive(head, key);
        cJSON_AddStringToObject(head, key, v);
        if (iv->summary_key) {
            char label[320], text[ASK_LINE + 400];
            short_label(values, v, label, sizeof label);
            snprintf(text, sizeof text, "%s%s%.*s", label, summary ? " - part of: " : "",
                     ASK_LINE, summary ? summary : "");
            cJSON_DeleteItemFromObjectCaseSensitive(head, iv->summary_key);
            cJSON_AddStringToObject(head, iv->summary_key, text);
        }
    }
    /* The split question is answered now, for each head. */
    for (int k = 0; k < n; k++) {
        char p[512];
        snprintf(p, sizeof p, "/heads/%d/%s", k ? n0 + k - 1 : h, key);
        unskip(iv, p);
    }
    /* A complaint-handling head about head h is about every part of it. */
    int total = cJSON_GetArraySize(heads);
    for (int j = 0; j < n0; j++) {
        cJSON *other = cJSON_GetArrayItem(heads, j);
        cJSON *list = cJSON_GetObjectItemCaseSensitive(other, "handling_of");
        if (j == h || !cJSON_IsArray(list) || !names_head(list, orig, h)) continue;
        for (int k = n0; k < total; k++) {
            char num[16];
            snprintf(num, sizeof num, "%d", k + 1);
            cJSON_AddItemToArray(list, cJSON_CreateString(num));
        }
    }
    free(summary);

    char line[ASK_LINE + 64];
    printf("\n");
    snprintf(line, sizeof line, "This point covers %d matters, so it is now %d heads "
             "(one matter each), with the answers given so far copied to each:", n, n);
    wrap(iv, line, 0, 0);
    for (int k = 0; k < n; k++) {
        int i = k ? n0 + k - 1 : h;
        const char *sm = head_summary(iv, i);
        snprintf(line, sizeof line, "Head %d: %.900s", i + 1, sm ? sm : "(not described)");
        wrap(iv, line, 2, 4);
    }
    wrap(iv, "The questions still to come are asked for each head; to give "
             "the same answer for all of them, type it followed by \"for all\". "
             "Type back to undo the split.", 0, 0);
    return true;
}

/* The heads an answer "for all" to question `pointer` of head h goes to
 * (takes), as a list for the adviser ("heads 1, 4 and 5", h included) in
 * out; how many besides h. */
static int siblings(const interview *iv, int h, const char *pointer, char *out, size_t size)
{
    int n = 0, total = 0;
    int nheads = cJSON_GetArraySize(heads_of(iv));
    out[0] = '\0';
    if (!group_of(iv, h)) return 0;
    for (int i = 0; i < nheads; i++) total += takes(iv, h, pointer, i);
    if (total < 2) return 0;
    for (int i = 0, k = 0; i < nheads; i++) {
        if (!takes(iv, h, pointer, i)) continue;
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%d", k == 0 ? "heads " : k == total - 1 ? " and " : ", ",
                 i + 1);
        k++;
        n += i != h;
    }
    return n;
}

/* Strips a trailing "for all" from an answer; true if there was one. */
static bool for_all(char *line)
{
    size_t n = strlen(line);
    if (n < 7 || strcasecmp(line + n - 7, "for all") != 0) return false;
    if (n > 7 && line[n - 8] != ' ') return false;
    n -= 7;
    while (n && isspace((unsigned char)line[n - 1])) n--;
    line[n] = '\0';
    return true;
}

/*
 * Asks the library for the next step.  Returns the step (owned by the
 * caller, cJSON_Delete), or NULL with *st set: REMIT_EINPUT when the
 * complaint as answered so far cannot be evaluated, with *diags.
 */
static cJSON *next_step(interview *iv, const char *ask, remit_status *st,
                        remit_diagnostics **diags)
{
    char *text = cJSON_PrintUnformatted(iv->complaint);
    if (!text) {
        *st = REMIT_ENOMEM;
        return NULL;
    }
    remit_interview_options o;
    memset(&o, 0, sizeof o);
    o.eval = iv->opt;
    o.dont_know = (const char *const *)iv->skipped;
    o.dont_know_count = iv->nskipped;
    o.ask = ask;
    char *step = NULL;
    *st = remit_interview_next(iv->rs, text, strlen(text), &o, &step, diags);
    free(text);
    cJSON *j = NULL;
    if (*st == REMIT_OK) {
        j = cJSON_Parse(step);
        if (!j) *st = REMIT_ENOMEM;
    }
    remit_string_free(iv->rs, step);
    if (j) {
        cJSON *rsid = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "verdict"),
                                             "ruleset"), "id");
        if (cJSON_IsString(rsid))
            snprintf(iv->ruleset_id, sizeof iv->ruleset_id, "%s", rsid->valuestring);
        /* The questions the verdict still needs, by where they go. */
        cJSON *needed = cJSON_CreateArray();
        const cJSON *qs = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(j, "verdict"), "questions");
        const cJSON *e;
        cJSON_ArrayForEach(e, qs) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "pointer");
            if (needed && cJSON_IsString(p))
                cJSON_AddItemToArray(needed, cJSON_CreateString(p->valuestring));
        }
        cJSON_Delete(iv->needed);
        iv->needed = needed;
    }
    return j;
}

static void explain_why(const interview *iv, const cJSON *q, bool presumed)
{
    printf("\n");
    if (presumed) {
        wrap(iv, "The rules take this answer as given when the person does not "
                 "say otherwise, and the verdict rests on it, so it is worth "
                 "confirming.", 0, 0);
        printf("\n");
        return;
    }
    wrap(iv, "This is asked because the answer could still change the verdict.", 0, 0);
    const char *help = str_of(q, "help");
    if (*help) wrap(iv, help, 0, 0);
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(q, "why");
    if (cJSON_GetArraySize(why)) printf("Rules that hang on it:\n");
    const cJSON *r;
    cJSON_ArrayForEach(r, why) {
        char line[1024];
        snprintf(line, sizeof line, "- %s (could make it: %s%s)", str_of(r, "title"),
                 str_of(r, "outcome_label"),
                 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "discretionary"))
                     ? ", at the Ombudsman's discretion" : "");
        wrap(iv, line, 2, 4);
    }
    printf("\n");
}

static const char *hint_of(const char *type)
{
    return strcmp(type, "bool") == 0    ? "y or n"
           : strcmp(type, "enum") == 0  ? "a number"
           : strcmp(type, "set") == 0   ? "numbers separated by commas, or none"
           : strcmp(type, "date") == 0  ? "a date, DD/MM/YYYY (or MM/YYYY, YYYY)"
           : strcmp(type, "integer") == 0 ? "a whole number"
                                          : "text";
}

/* The approximate date (YYYY-MM or YYYY) the complaint holds at pointer,
 * in words ("November 2025", "2019") in out; false when there is none. */
static bool approximate_date(interview *iv, const char *pointer, char *out,
                             size_t size)
{
    static const char *const months[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    const cJSON *v = get_at(iv->complaint, pointer);
    if (!cJSON_IsString(v)) return false;
    const char *s = v->valuestring;
    size_t n = strlen(s);
    if (n == 4) {
        snprintf(out, size, "%s", s);
        return true;
    }
    if (n == 7 && s[4] == '-') {
        int m = atoi(s + 5);
        if (m < 1 || m > 12) return false;
        snprintf(out, size, "%s %.4s", months[m - 1], s);
        return true;
    }
    return false;
}

/* Text s cut to at most `cols` display columns, at a space, with "..." when
 * cut, into out. */
static void clip(const char *s, size_t cols, char *out, size_t size)
{
    size_t n = strlen(s);
    if (columns(s, n) <= cols) {
        snprintf(out, size, "%s", s);
        return;
    }
    size_t cut = 0;
    for (size_t i = 0; i < n && columns(s, i) + 3 <= cols; i++)
        if (s[i] == ' ') cut = i;
    if (!cut) { /* one long word: cut it at a character */
        while (cut < n && columns(s, cut + 1) + 3 <= cols) cut++;
        while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    }
    while (cut && (s[cut - 1] == ' ' || s[cut - 1] == ',')) cut--;
    snprintf(out, size, "%.*s...", (int)(cut < size - 4 ? cut : size - 4), s);
}

static void show_question(interview *iv, const cJSON *q, const char *title,
                          bool presumed)
{
    const cJSON *head = cJSON_GetObjectItemCaseSensitive(q, "head");
    char line[ASK_LINE + 64];
    if (cJSON_IsNumber(head)) {
        int h = head->valueint;
        const char *s = head_summary(iv, h);
        /* The head's description, at most two lines: it names the head; in
         * full under `edit`. */
        char name[ASK_LINE];
        size_t width = iv->width ? iv->width : 80, room = strlen(title) + 20;
        if (s) clip(s, 2 * width > room + 20 ? 2 * width - room : 20, name, sizeof name);
        snprintf(line, sizeof line, "%s - head %d%s%.900s%s", title, h + 1,
                 s ? " (\"" : "", s ? name : "", s ? "\")" : "");
    } else {
        snprintf(line, sizeof line, "%s", title);
    }
    printf("\n");
    wrap(iv, line, 0, 2);
    wrap(iv, str_of(q, "text"), 0, 0);
    const char *help = str_of(q, "help");
    if (*help) {
        snprintf(line, sizeof line, "(%.1000s)", help);
        wrap(iv, line, 2, 3);
    }
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(q, "values");
    int v = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, values) {
        snprintf(line, sizeof line, "%d. %.1000s", ++v, str_of(e, "label"));
        wrap(iv, line, v < 10 ? 3 : 2, 6);
    }
    char approx[64];
    if (strcmp(str_of(q, "type"), "date") == 0 &&
        approximate_date(iv, str_of(q, "pointer"), approx, sizeof approx)) {
        snprintf(line, sizeof line, "The answer so far is \"%s\", and the "
                 "day within it changes the verdict: ask for the exact date. "
                 "If the person cannot give it, type ? to keep \"%s\" (the "
                 "verdict then stays open on this point).", approx, approx);
        wrap(iv, line, 0, 0);
    }
    if (presumed) {
        char val[600];
        describe_value(values, cJSON_GetObjectItemCaseSensitive(q, "presumed"),
                       val, sizeof val);
        snprintf(line, sizeof line, "Taken as \"%s\" unless the person says "
                 "otherwise: press Enter to confirm it, or answer.", val);
        wrap(iv, line, 0, 0);
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "split")))
        wrap(iv, "If several of these fit this point (it holds several "
                 "matters), type each one's number, separated by commas: the "
                 "point becomes one head for each.", 0, 0);
    char others[256];
    if (cJSON_IsNumber(head) &&
        siblings(iv, head->valueint, str_of(q, "pointer"), others, sizeof others)) {
        snprintf(line, sizeof line, "The same answer for %s (split from one "
                 "point)? Type it followed by \"for all\".", others);
        wrap(iv, line, 0, 0);
    }
    snprintf(line, sizeof line, "Answer with %s; or type ? (don't know), why, "
             "back, edit, add or quit.", hint_of(str_of(q, "type")));
    wrap(iv, line, 0, 0);
}

/* The answers so far, numbered, for `edit`.  Fills ptrs with the pointer
 * of each (the caller frees them); returns how many. */
static int list_answers(interview *iv, char **ptrs, int max)
{
    int n = 0;
    size_t file = SIZE_MAX;
    for (size_t f = 0; f < remit_ruleset_count(iv->rs); f++) {
        remit_ruleset_info info;
        if (remit_ruleset_get_info(iv->rs, f, &info) == REMIT_OK &&
            strcmp(info.id, iv->ruleset_id) == 0)
            file = f;
    }
    if (file == SIZE_MAX) file = 0;
    printf("\nThe answers so far:\n");
    cJSON *heads = heads_of(iv);
    int nheads = cJSON_GetArraySize(heads);
    for (int h = -1; h < nheads; h++) {
        cJSON *obj = h < 0 ? iv->complaint : cJSON_GetArrayItem(heads, h);
        if (h >= 0) {
            const char *s = head_summary(iv, h);
            printf("Head %d:\n", h + 1);
            if (iv->summary_key && n < max) {
                char p[64], line[ASK_LINE + 64];
                snprintf(p, sizeof p, "/heads/%d/%s", h, iv->summary_key);
                ptrs[n++] = strdup(p);
                snprintf(line, sizeof line, "%d. What went wrong: %.1000s", n,
                         s ? s : "(not given)");
                wrap(iv, line, n < 10 ? 3 : 2, 6);
            }
        }
        for (size_t i = 0; i < remit_ruleset_fact_count(iv->rs, file) && n < max; i++) {
            remit_fact_info fi;
            if (remit_ruleset_get_fact(iv->rs, file, i, &fi) != REMIT_OK ||
                strcmp(fi.scope, h < 0 ? "complaint" : "head") != 0 ||
                strchr(fi.key, '.') ||
                (iv->summary_key && h >= 0 && strcmp(fi.key, iv->summary_key) == 0))
                continue;
            cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, fi.key);
            char p[300];
            if (h < 0) snprintf(p, sizeof p, "/%s", fi.key);
            else snprintf(p, sizeof p, "/heads/%d/%s", h, fi.key);
            bool dk = was_skipped(iv, p);
            if (!v && !dk) continue;
            cJSON *vals = cJSON_CreateArray();
            for (size_t k = 0; k < fi.value_count; k++) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "value", fi.values[k]);
                cJSON_AddStringToObject(e, "label", fi.labels[k][0] ? fi.labels[k] : fi.values[k]);
                cJSON_AddItemToArray(vals, e);
            }
            char val[600], line[2048];
            if (v) describe_value(vals, v, val, sizeof val);
            else snprintf(val, sizeof val, "don't know");
            cJSON_Delete(vals);
            ptrs[n++] = strdup(p);
            snprintf(line, sizeof line, "%d. %.1000s - %s", n, fi.question, val);
            wrap(iv, line, n < 10 ? 3 : 2, 6);
        }
    }
    return n;
}

typedef enum outcome { GO_ON, GO_BACK, GO_EDIT, GO_ADD, GO_QUIT, GO_EOF } outcome;

/* Asks for the description of head h (new or changed): GO_ON once
 * answered, or what the adviser typed instead. */
static outcome ask_summary(interview *iv, int h)
{
    char line[ASK_LINE], ptr[300];
    snprintf(ptr, sizeof ptr, "/heads/%d/%s", h, iv->summary_key);
    for (;;) {
        printf("\n");
        char title[128];
        snprintf(title, sizeof title, "Head %d: in one sentence, what went wrong?", h + 1);
        wrap(iv, title, 0, 0);
        const char *s = head_summary(iv, h);
        if (s) {
            size_t n = strlen(s);
            bool stop = n && strchr(".!?", s[n - 1]);
            snprintf(line, sizeof line, "(Now: \"%.900s\"%s Press Enter to keep it.)", s,
                     stop ? "" : ".");
            wrap(iv, line, 2, 3);
        }
        wrap(iv, "Type the description; or back, edit, add or quit.", 0, 0);
        if (!read_answer(iv, "> ", line, sizeof line)) return GO_EOF;
        if (is_quit(line)) return GO_QUIT;
        if (word_is(line, "back")) return GO_BACK;
        if (word_is(line, "edit")) return GO_EDIT;
        if (word_is(line, "add")) return GO_ADD;
        if (word_is(line, "why")) {
            wrap(iv, "Each head is one thing the person is unhappy about; the "
                     "description tells them apart.", 0, 0);
            continue;
        }
        if (!*line && s) return GO_ON; /* kept */
        if (!*line || is_dont_know(line)) answer(iv, ptr, NULL);
        else answer(iv, ptr, cJSON_CreateString(line));
        return GO_ON;
    }
}

static void save(const interview *iv, const char *path)
{
    char *text = cJSON_Print(iv->complaint);
    FILE *fp = text ? fopen(path, "w") : NULL;
    if (!fp || fputs(text, fp) == EOF || fputc('\n', fp) == EOF) {
        fprintf(stderr, "%s: cannot save to %s: %s\n", cli_prog, path,
                strerror(errno));
    } else {
        printf("Saved the answers to %s (check it with: remit check %s)\n",
               path, path);
    }
    if (fp) fclose(fp);
    free(text);
}

/* Offers to save after quit, unless --save names the file already. */
static void offer_save(interview *iv, const char *save_path)
{
    if (save_path) {
        save(iv, save_path);
        return;
    }
    char line[ASK_LINE];
    printf("\n");
    wrap(iv, "Save the answers so far? Type a file name, or press Enter to "
             "leave without saving.", 0, 0);
    if (read_answer(iv, "> ", line, sizeof line) && *line && !word_is(line, "n") &&
        !word_is(line, "no") && !is_quit(line))
        save(iv, line);
}

/* Prints the problems of an answer the rules cannot take, in plain words. */
static void print_refusal(const remit_diagnostics *d)
{
    for (size_t i = 0; i < remit_diagnostics_count(d); i++) {
        const remit_diagnostic *g = remit_diagnostics_get(d, i);
        if (g && g->severity == REMIT_SEVERITY_ERROR)
            printf("That answer cannot be used: %s\n", g->message);
    }
}

/* Reads answers to question q until one is taken; says what to do next. */
static outcome ask_question(interview *iv, const cJSON *q, bool presumed)
{
    const char *pointer = str_of(q, "pointer");
    for (;;) {
        char line[ASK_LINE], err[512];
        if (!read_answer(iv, "> ", line, sizeof line)) return GO_EOF;
        if (is_quit(line)) return GO_QUIT;
        if (word_is(line, "why")) {
            explain_why(iv, q, presumed);
            continue;
        }
        if (word_is(line, "back")) return GO_BACK;
        if (word_is(line, "edit")) return GO_EDIT;
        if (word_is(line, "add")) return GO_ADD;
        const cJSON *pv = cJSON_GetObjectItemCaseSensitive(q, "presumed");
        if (presumed && !*line) {
            /* Confirmed: the person says so; recorded, so that the verdict
             * no longer calls it presumed. */
            answer(iv, pointer, pv && !cJSON_IsNull(pv) ? cJSON_Duplicate(pv, 1) : NULL);
            return GO_ON;
        }
        char others[256];
        const cJSON *hj = cJSON_GetObjectItemCaseSensitive(q, "head");
        int h = cJSON_IsNumber(hj) ? hj->valueint : -1;
        if (h >= 0 && for_all(line)) {
            if (!siblings(iv, h, pointer, others, sizeof others)) {
                wrap(iv, "\"for all\" gives one answer to all the heads split "
                         "from one point that need it; no other head needs this "
                         "one. Type the answer alone.", 0, 0);
                continue;
            }
            cJSON *v = NULL;
            if (presumed && !*line && pv && !cJSON_IsNull(pv)) {
                v = cJSON_Duplicate(pv, 1);
            } else if (!is_dont_know(line) && !(presumed && !*line)) {
                v = typed(q, line, err, sizeof err);
                if (!v) {
                    wrap(iv, err, 0, 0);
                    continue;
                }
                if (cJSON_IsArray(v) && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "split"))) {
                    cJSON_Delete(v);
                    wrap(iv, "Several choices split a head: give them for this "
                             "head alone (without \"for all\").", 0, 0);
                    continue;
                }
            }
            if (!answer_for_all(iv, h, pointer, v)) {
                wrap(iv, "That answer could not be given for all the heads; type "
                         "it again, without \"for all\".", 0, 0);
                continue;
            }
            snprintf(err, sizeof err, "Given for %s.", others);
            wrap(iv, err, 0, 0);
            return GO_ON;
        }
        if (is_dont_know(line)) {
            /* An approximate date stays: the person knows the month or
             * the year, only not the day. */
            char approx[64];
            if (approximate_date(iv, pointer, approx, sizeof approx)) {
                answer(iv, pointer, cJSON_Duplicate(get_at(iv->complaint, pointer), 1));
                skip(iv, pointer);
            } else {
                answer(iv, pointer, NULL);
            }
            return GO_ON;
        }
        cJSON *v = typed(q, line, err, sizeof err);
        if (!v) {
            wrap(iv, err, 0, 0);
            continue;
        }
        if (cJSON_IsArray(v) && strcmp(str_of(q, "type"), "enum") == 0) {
            /* Several matters in this point: one head each. */
            bool done = split_head(iv, q, v);
            cJSON_Delete(v);
            if (!done) {
                wrap(iv, "This point could not be split; type one number.", 0, 0);
                continue;
            }
            return GO_ON;
        }
        answer(iv, pointer, v);
        return GO_ON;
    }
}

static void go_back(interview *iv)
{
    char said[160];
    if (!undo(iv, said, sizeof said)) {
        printf("There is no earlier answer to change.\n");
        return;
    }
    wrap(iv, said, 0, 0);
}

/* `edit`: lists the answers and asks the chosen one again.  False at the
 * end of input. */
static bool edit(interview *iv, bool *quit)
{
    char *ptrs[400];
    int n = list_answers(iv, ptrs, 400);
    bool ok = true;
    if (!n) {
        printf("There are no answers yet.\n");
        return true;
    }
    char line[ASK_LINE];
    wrap(iv, "Type the number of the answer to change, or press Enter to go on.", 0, 0);
    for (;;) {
        if (!read_answer(iv, "> ", line, sizeof line)) {
            ok = false;
            break;
        }
        if (!*line) break;
        if (is_quit(line)) {
            *quit = true;
            break;
        }
        char *end;
        long k = strtol(line, &end, 10);
        if (*end || k < 1 || k > n) {
            printf("Please type a number from 1 to %d, or press Enter.\n", n);
            continue;
        }
        const char *p = ptrs[k - 1];
        size_t pl = strlen(p), sl = iv->summary_key ? strlen(iv->summary_key) : 0;
        if (sl && pl > sl && strcmp(p + pl - sl, iv->summary_key) == 0 &&
            strncmp(p, "/heads/", 7) == 0 && p[pl - sl - 1] == '/') {
            outcome o = ask_summary(iv, atoi(p + 7));
            if (o == GO_EOF) ok = false;
            if (o == GO_QUIT) *quit = true;
            break;
        }
        remit_status st;
        remit_diagnostics *d = NULL;
        cJSON *step = next_step(iv, p, &st, &d);
        remit_diagnostics_free(d);
        if (!step) {
            printf("That answer cannot be asked again now.\n");
            break;
        }
        const cJSON *q = cJSON_GetObjectItemCaseSensitive(step, "question");
        show_question(iv, q, "Change the answer", false);
        outcome o = ask_question(iv, q, false);
        cJSON_Delete(step);
        if (o == GO_EOF) ok = false;
        if (o == GO_QUIT) *quit = true;
        if (o == GO_BACK) go_back(iv);
        if (o == GO_ADD) add_heads(iv, 1, H_ADD_HEAD);
        break;
    }
    for (int i = 0; i < n; i++) free(ptrs[i]);
    return ok;
}

/* How many heads, at the start.  GO_ON, GO_QUIT or GO_EOF. */
static outcome ask_head_count(interview *iv)
{
    char line[ASK_LINE];
    for (;;) {
        printf("\n");
        char q[200];
        snprintf(q, sizeof q, "How many separate things is the person unhappy "
                 "about? (each is a head of complaint; 1 to %d)", ASK_MAX_HEADS);
        wrap(iv, q, 0, 0);
        if (!read_answer(iv, "> ", line, sizeof line)) return GO_EOF;
        if (is_quit(line)) return GO_QUIT;
        char *end;
        long n = strtol(line, &end, 10);
        if (*line && !*end && n >= 1 && n <= ASK_MAX_HEADS) {
            add_heads(iv, (int)n, H_HEADS);
            return GO_ON;
        }
        if (word_is(line, "back")) printf("There is no earlier answer to change.\n");
        else printf("Please type a number from 1 to %d.\n", ASK_MAX_HEADS);
    }
}

/* The first head with no description (and not passed over), or -1. */
static int head_without_summary(const interview *iv)
{
    if (!iv->summary_key) return -1;
    int n = cJSON_GetArraySize(heads_of(iv));
    for (int h = 0; h < n; h++) {
        char p[300];
        snprintf(p, sizeof p, "/heads/%d/%s", h, iv->summary_key);
        if (!head_summary(iv, h) && !was_skipped(iv, p)) return h;
    }
    return -1;
}

/*
 * When nothing more can be asked but the verdict still needs answers the
 * person did not know: lists them (most decisive first) and offers to ask
 * them again - the caller may find out (the council's name tells England
 * from Wales), or the adviser may have passed one over too soon.  True if
 * the adviser wants to; their "don't know" marks are then cleared.
 */
static bool offer_again(interview *iv, const cJSON *step)
{
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(step, "verdict"), "questions");
    const cJSON *e;
    int n = 0;
    char line[ASK_LINE + 64];
    cJSON_ArrayForEach(e, qs) {
        const char *p = str_of(e, "pointer");
        if (!was_skipped(iv, p)) continue;
        if (!n++) {
            printf("\n");
            wrap(iv, "Nothing more can be asked, and the verdict still needs "
                     "what the person did not know:", 0, 0);
        }
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(e, "head");
        if (cJSON_IsNumber(h))
            snprintf(line, sizeof line, "- head %d: %.900s", h->valueint + 1, str_of(e, "question"));
        else
            snprintf(line, sizeof line, "- %.900s", str_of(e, "question"));
        wrap(iv, line, 2, 4);
    }
    if (!n) return false;
    wrap(iv, "Ask again? Type y to ask these again, or press Enter to see the "
             "verdict as it stands.", 0, 0);
    if (!read_answer(iv, "> ", line, sizeof line)) return false;
    if (!word_is(line, "y") && !word_is(line, "yes")) return false;
    cJSON_ArrayForEach(e, qs) {
        const char *p = str_of(e, "pointer");
        if (was_skipped(iv, p)) unskip(iv, p);
    }
    return true;
}

/* The interview proper.  Returns the exit status. */
static int run(interview *iv, const char *save_path, bool use_color)
{
    bool quit = false, eof = false;
    int rc = EXIT_NEEDS_INFO;
    bool first = true;
    while (!eof && !quit) {
        if (!heads_of(iv) || cJSON_GetArraySize(heads_of(iv)) == 0) {
            outcome o = ask_head_count(iv);
            if (o == GO_EOF) eof = true;
            if (o == GO_QUIT) quit = true;
            continue;
        }
        int h = head_without_summary(iv);
        outcome o = GO_ON;
        cJSON *step = NULL;
        if (h >= 0) {
            o = ask_summary(iv, h);
        } else {
            remit_status st;
            remit_diagnostics *d = NULL;
            step = next_step(iv, NULL, &st, &d);
            if (!step) {
                if (st == REMIT_EINPUT && !first && iv->nhist) {
                    /* The last answer does not fit the rules: say why, take
                     * it back and ask again. */
                    print_refusal(d);
                    remit_diagnostics_free(d);
                    undo(iv, NULL, 0);
                    continue;
                }
                cli_print_diags(d);
                remit_diagnostics_free(d);
                return st == REMIT_ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
            }
            remit_diagnostics_free(d);
            first = false;
            const char *kind = str_of(step, "step");
            const cJSON *q = cJSON_GetObjectItemCaseSensitive(step, "question");
            if (!cJSON_IsObject(q)) {
                rc = strcmp(kind, "settled") == 0 ? EXIT_DECIDED : EXIT_NEEDS_INFO;
                bool again = strcmp(kind, "stuck") == 0 && iv->tty && offer_again(iv, step);
                cJSON_Delete(step);
                if (again) continue;
                break; /* nothing more can be learnt */
            }
            iv->asked++;
            char title[64];
            snprintf(title, sizeof title, "Question %u", iv->asked);
            show_question(iv, q, title, strcmp(kind, "confirm") == 0);
            o = ask_question(iv, q, strcmp(kind, "confirm") == 0);
            cJSON_Delete(step);
            if (o != GO_ON) iv->asked--;
        }
        switch (o) {
        case GO_ON: break;
        case GO_BACK:
            go_back(iv);
            if (iv->asked) iv->asked--;
            break;
        case GO_EDIT:
            if (!edit(iv, &quit)) eof = true;
            break;
        case GO_ADD: add_heads(iv, 1, H_ADD_HEAD); break;
        case GO_QUIT: quit = true; break;
        case GO_EOF: eof = true; break;
        }
    }
    if (quit) {
        offer_save(iv, save_path);
        return EXIT_NEEDS_INFO;
    }
    /* The verdict, as remit check prints it. */
    char *text = cJSON_PrintUnformatted(iv->complaint);
    remit_result *res = NULL;
    remit_diagnostics *d = NULL;
    if (text && heads_of(iv) &&
        remit_evaluate(iv->rs, text, strlen(text), &iv->opt, &res, &d) == REMIT_OK) {
        printf("\n");
        const char *t = remit_result_text(res, iv->width, use_color ? REMIT_TEXT_COLOR : 0u);
        if (t) fputs(t, stdout);
        rc = strcmp(remit_result_verdict(res), REMIT_VERDICT_NEEDS_INFORMATION) == 0
                 ? EXIT_NEEDS_INFO : EXIT_DECIDED;
    }
    remit_result_free(res);
    remit_diagnostics_free(d);
    free(text);
    if (save_path) save(iv, save_path);
    return rc;
}

int cmd_ask(int argc, char **argv)
{
    const char *rules = NULL, *partial = NULL, *save_path = NULL, *color = "auto";
    unsigned width = 0;
    interview iv;
    memset(&iv, 0, sizeof iv);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool takes = strcmp(a, "--rules") == 0 || strcmp(a, "--today") == 0 ||
                     strcmp(a, "--save") == 0 || strcmp(a, "--width") == 0 ||
                     strcmp(a, "--color") == 0;
        const char *val = NULL;
        if (takes) {
            if (i + 1 >= argc) return cli_usage_error("ask ", "option '%s' needs a value", a);
            val = argv[++i];
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_ask, stdout);
            return EXIT_DECIDED;
        } else if (strcmp(a, "--rules") == 0) {
            rules = val;
        } else if (strcmp(a, "--save") == 0) {
            save_path = val;
        } else if (strcmp(a, "--today") == 0) {
            if (!cli_parse_date(val, &iv.opt.today_year, &iv.opt.today_month,
                                &iv.opt.today_day))
                return cli_usage_error("ask ", "--today needs a date YYYY-MM-DD, not '%s'", val);
        } else if (strcmp(a, "--width") == 0) {
            char *end;
            long w = strtol(val, &end, 10);
            if (*end || w < 40 || w > 1000)
                return cli_usage_error("ask ", "--width needs a number from 40 to 1000, not '%s'", val);
            width = (unsigned)w;
        } else if (strcmp(a, "--color") == 0) {
            if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never"))
                return cli_usage_error("ask ", "--color must be auto, always or never, not '%s'", val);
            color = val;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("ask ", "unknown option '%s'", a);
        } else if (partial) {
            return cli_usage_error("ask ", "only one partial complaint (got '%s' too)", a);
        } else {
            partial = a;
        }
    }
    iv.tty = isatty(STDIN_FILENO);
    bool out_tty = isatty(STDOUT_FILENO);
    bool use_color = cli_use_color(color, STDOUT_FILENO);
    if (!width) width = out_tty ? cli_terminal_width() : 80;
    iv.width = width;

    if (partial) {
        FILE *fp = fopen(partial, "rb");
        size_t len = 0;
        char *text = fp ? cli_slurp(fp, &len) : NULL;
        if (fp) fclose(fp);
        if (!text) {
            fprintf(stderr, "%s: %s: %s\n", cli_prog, partial, strerror(errno));
            return EXIT_BAD_INPUT;
        }
        iv.complaint = cJSON_ParseWithLength(text, len);
        free(text);
        if (!cJSON_IsObject(iv.complaint)) {
            fprintf(stderr, "%s: %s: not a JSON object (check it with: remit check %s)\n",
                    cli_prog, partial, partial);
            cJSON_Delete(iv.complaint);
            return EXIT_BAD_INPUT;
        }
    } else {
        iv.complaint = cJSON_CreateObject();
    }
    remit_ruleset *rs = NULL;
    int rc = cli_load_rules(rules, &rs);
    if (rc != EXIT_DECIDED) {
        cJSON_Delete(iv.complaint);
        return rc;
    }
    iv.rs = rs;
    iv.opt.input_name = partial ? partial : "<interview>";
    iv.summary_key = find_summary_key(rs);

    wrap(&iv, "remit ask - answer each question, or type ? if you don't know "
              "(why, back, edit, add and quit also work).", 0, 0);
    rc = run(&iv, save_path, use_color);

    while (iv.nhist) {
        history *h = &iv.hist[--iv.nhist];
        free(h->pointer);
        cJSON_Delete(h->previous);
        cJSON_Delete(h->marks);
    }
    cJSON_Delete(iv.group);
    cJSON_Delete(iv.needed);
    for (size_t i = 0; i < iv.nskipped; i++) free(iv.skipped[i]);
    free(iv.skipped);
    cJSON_Delete(iv.complaint);
    remit_ruleset_free(rs);
    return rc;
}
