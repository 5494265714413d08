/*
 * ask.c -- `remit ask`: a guided interview for an adviser on the phone.
 * Builds the complaint answer by answer, re-evaluating after each one and
 * asking the next question the rules say could change the verdict (never a
 * script), until the verdict is settled or nothing more can be learnt.
 * Answers come from the terminal or, when standard input is not one, from
 * its lines, so the interview can be scripted and tested.
 */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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
    "  ?        don't know (the fact stays unknown and the verdict says so)\n"
    "  why      why this question is asked: the rules that hang on it\n"
    "  back     change the previous answer\n"
    "  add      add another head of complaint (another thing the person is\n"
    "           unhappy about)\n"
    "  quit     stop; offers to save the answers so far\n"
    "Yes/no questions take y or n; choices take their number (or name);\n"
    "several choices are separated by commas; dates are YYYY-MM-DD or\n"
    "DD/MM/YYYY.  A bad answer is explained and asked again.\n"
    "\n"
    "Options:\n"
    "  --rules PATH       rule file or directory (default: the shipped rules)\n"
    "  --today YYYY-MM-DD the evaluation date (default: today in the UK)\n"
    "  --save FILE        write the complaint as JSON (accepted by `remit\n"
    "                     check`, which gives the same verdict)\n"
    "  --width N          wrap the verdict at N columns\n"
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

typedef struct history {
    char *pointer;   /* where the answer went */
    cJSON *previous; /* the value before (NULL: absent) */
    bool skipped;    /* it was a "don't know" */
    bool added_head; /* the entry added a head (undo removes it) */
} history;

typedef struct interview {
    const remit_ruleset *rs;
    remit_eval_options opt;
    cJSON *complaint;
    char **skipped; /* pointers answered "don't know" */
    size_t nskipped, capskipped;
    history hist[ASK_MAX_HISTORY];
    size_t nhist;
    bool tty;
    unsigned asked;
} interview;

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

/* Records an answer for `back`, then applies it (v NULL: don't know). */
static void answer(interview *iv, const char *pointer, cJSON *v)
{
    if (iv->nhist == ASK_MAX_HISTORY) {
        /* Forget the oldest answer. */
        free(iv->hist[0].pointer);
        cJSON_Delete(iv->hist[0].previous);
        memmove(iv->hist, iv->hist + 1, (ASK_MAX_HISTORY - 1) * sizeof iv->hist[0]);
        iv->nhist--;
    }
    history *h = &iv->hist[iv->nhist++];
    memset(h, 0, sizeof *h);
    h->pointer = strdup(pointer);
    cJSON *old = get_at(iv->complaint, pointer);
    h->previous = old ? cJSON_Duplicate(old, 1) : NULL;
    if (v) {
        set_at(iv->complaint, pointer, v);
    } else {
        h->skipped = true;
        skip(iv, pointer);
    }
}

/* Undoes the last answer.  False when there is none. */
static bool undo(interview *iv)
{
    if (!iv->nhist) return false;
    history *h = &iv->hist[--iv->nhist];
    if (h->added_head) {
        cJSON *heads = cJSON_GetObjectItemCaseSensitive(iv->complaint, "heads");
        int n = cJSON_GetArraySize(heads);
        if (n > 0) cJSON_DeleteItemFromArray(heads, n - 1);
    } else if (h->skipped) {
        unskip(iv, h->pointer);
    } else {
        set_at(iv->complaint, h->pointer, h->previous);
        h->previous = NULL;
    }
    free(h->pointer);
    cJSON_Delete(h->previous);
    return true;
}

/* ---- Typed answers ------------------------------------------------------- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Parses YYYY-MM-DD or D/M/YYYY into ISO; on error writes why into err. */
static bool parse_date_answer(const char *s, char iso[16], char *err, size_t esize)
{
    int y, m, d;
    char extra;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && strlen(s) == 10) {
    } else if (sscanf(s, "%2d/%2d/%4d%c", &d, &m, &y, &extra) == 3 &&
               strlen(s) >= 8) {
    } else {
        snprintf(err, esize,
                 "'%.60s' is not a date: write YYYY-MM-DD or DD/MM/YYYY", s);
        return false;
    }
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int days = m >= 1 && m <= 12 ? dm[m - 1] + (m == 2 && leap(y)) : 0;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days) {
        snprintf(err, esize, "%.60s is not a date", s);
        return false;
    }
    snprintf(iso, 16, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return true;
}

/* Finds the fact behind a question: its values' labels. */
static bool fact_of(const interview *iv, const remit_result *res,
                    const char *name, remit_fact_info *fi)
{
    const char *rid = remit_result_ruleset_id(res);
    for (size_t f = 0; f < remit_ruleset_count(iv->rs); f++) {
        remit_ruleset_info info;
        if (remit_ruleset_get_info(iv->rs, f, &info) != REMIT_OK ||
            !rid || strcmp(info.id, rid) != 0)
            continue;
        for (size_t i = 0; i < remit_ruleset_fact_count(iv->rs, f); i++)
            if (remit_ruleset_get_fact(iv->rs, f, i, fi) == REMIT_OK &&
                strcmp(fi->name, name) == 0)
                return true;
    }
    return false;
}

/* One choice: a number 1..n or a value name.  -1 if neither. */
static int choice(const remit_fact_info *fi, const char *s)
{
    char *end;
    long k = strtol(s, &end, 10);
    if (*s && !*end) return k >= 1 && (size_t)k <= fi->value_count ? (int)k - 1 : -1;
    for (size_t v = 0; v < fi->value_count; v++)
        if (strcasecmp(fi->values[v], s) == 0) return (int)v;
    return -1;
}

/* Turns a typed answer into a JSON value, or explains why it cannot. */
static cJSON *typed(const remit_fact_info *fi, const char *s, char *err,
                    size_t esize)
{
    if (strcmp(fi->type, "bool") == 0) {
        if (word_is(s, "y") || word_is(s, "yes") || word_is(s, "true"))
            return cJSON_CreateTrue();
        if (word_is(s, "n") || word_is(s, "no") || word_is(s, "false"))
            return cJSON_CreateFalse();
        snprintf(err, esize, "please answer y (yes) or n (no), or ? if you don't know");
        return NULL;
    }
    if (strcmp(fi->type, "enum") == 0) {
        int k = choice(fi, s);
        if (k < 0) {
            snprintf(err, esize, "'%.60s' is not one of the choices: type a number from 1 to %zu",
                     s, fi->value_count);
            return NULL;
        }
        return cJSON_CreateString(fi->values[k]);
    }
    if (strcmp(fi->type, "set") == 0) {
        cJSON *arr = cJSON_CreateArray();
        if (word_is(s, "none") || word_is(s, "0")) return arr;
        char copy[1024];
        snprintf(copy, sizeof copy, "%s", s);
        for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
            int k = choice(fi, tok);
            if (k < 0) {
                snprintf(err, esize,
                         "'%.60s' is not one of the choices: type numbers from 1 "
                         "to %zu separated by commas, or none", tok,
                         fi->value_count);
                cJSON_Delete(arr);
                return NULL;
            }
            bool dup = false;
            cJSON *e;
            cJSON_ArrayForEach(e, arr) if (strcmp(e->valuestring, fi->values[k]) == 0) dup = true;
            if (!dup) cJSON_AddItemToArray(arr, cJSON_CreateString(fi->values[k]));
        }
        if (cJSON_GetArraySize(arr) == 0) {
            snprintf(err, esize, "type the numbers of the choices, or none");
            cJSON_Delete(arr);
            return NULL;
        }
        return arr;
    }
    if (strcmp(fi->type, "date") == 0) {
        char iso[16];
        if (!parse_date_answer(s, iso, err, esize)) return NULL;
        return cJSON_CreateString(iso);
    }
    if (strcmp(fi->type, "integer") == 0) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (!*s || *end || errno) {
            snprintf(err, esize, "'%.60s' is not a whole number", s);
            return NULL;
        }
        return cJSON_CreateNumber((double)v);
    }
    if (!*s) {
        snprintf(err, esize, "please type an answer, or ? if you don't know");
        return NULL;
    }
    return cJSON_CreateString(s);
}

/* ---- The interview ---------------------------------------------------------- */

static remit_status evaluate(interview *iv, remit_result **res)
{
    char *text = cJSON_PrintUnformatted(iv->complaint);
    if (!text) return REMIT_ENOMEM;
    remit_diagnostics *d = NULL;
    remit_status st = remit_evaluate(iv->rs, text, strlen(text), &iv->opt, res, &d);
    if (st != REMIT_OK) cli_print_diags(d);
    remit_diagnostics_free(d);
    free(text);
    return st;
}

/* The JSON member of a head's summary: the rules' first head-scope text
 * fact (NULL if they have none). */
static const char *summary_key(const interview *iv)
{
    for (size_t f = 0; f < remit_ruleset_count(iv->rs); f++)
        for (size_t i = 0; i < remit_ruleset_fact_count(iv->rs, f); i++) {
            remit_fact_info fi;
            if (remit_ruleset_get_fact(iv->rs, f, i, &fi) == REMIT_OK &&
                strcmp(fi.scope, "head") == 0 && strcmp(fi.type, "text") == 0)
                return fi.key;
        }
    return NULL;
}

/* The summary of head i, if given. */
static const char *head_summary(const interview *iv, int i)
{
    const char *k = summary_key(iv);
    cJSON *heads = cJSON_GetObjectItemCaseSensitive(iv->complaint, "heads");
    cJSON *h = cJSON_GetArrayItem(heads, i);
    cJSON *s = k ? cJSON_GetObjectItemCaseSensitive(h, k) : NULL;
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

static void explain_why(const remit_result *res, size_t qi, const remit_question *q)
{
    size_t n = remit_result_question_rule_count(res, qi);
    printf("\nThis is asked because the verdict could still change with the "
           "answer.\n");
    if (q->help[0]) printf("%s\n", q->help);
    printf("Rules that hang on it:\n");
    for (size_t k = 0; k < n; k++) {
        remit_rule_ref rr;
        if (remit_result_get_question_rule(res, qi, k, &rr) == REMIT_OK)
            printf("  - %s: %s (gives %s%s)\n", rr.id, rr.title, rr.outcome,
                   rr.discretionary ? ", discretionary" : "");
    }
    printf("\n");
}

static void show_question(const interview *iv, const remit_question *q,
                          const remit_fact_info *fi, int head)
{
    printf("\nQuestion %u", iv->asked);
    if (head >= 0) {
        const char *s = head_summary(iv, head);
        printf(" - head %d%s%s%s", head + 1, s ? " (\"" : "", s ? s : "", s ? "\")" : "");
    }
    printf("\n%s\n", q->question);
    if (q->help[0]) printf("  (%s)\n", q->help);
    if (fi && fi->value_count) {
        for (size_t v = 0; v < fi->value_count; v++)
            printf("  %2zu. %s\n", v + 1, fi->labels[v][0] ? fi->labels[v] : fi->values[v]);
    }
    const char *hint = strcmp(q->type, "bool") == 0 ? "y or n"
                       : strcmp(q->type, "enum") == 0 ? "a number"
                       : strcmp(q->type, "set") == 0 ? "numbers separated by commas, or none"
                       : strcmp(q->type, "date") == 0 ? "YYYY-MM-DD or DD/MM/YYYY"
                       : strcmp(q->type, "integer") == 0 ? "a whole number"
                                                          : "text";
    printf("[%s] (%s; ? don't know, why, back, add, quit)\n", q->pointer, hint);
}

/* Adds an empty head and asks for its summary (when the rules have one). */
static bool add_head(interview *iv, bool from_history)
{
    cJSON *heads = cJSON_GetObjectItemCaseSensitive(iv->complaint, "heads");
    if (!cJSON_IsArray(heads)) {
        cJSON_DeleteItemFromObjectCaseSensitive(iv->complaint, "heads");
        heads = cJSON_AddArrayToObject(iv->complaint, "heads");
    }
    if (!heads) return false;
    cJSON_AddItemToArray(heads, cJSON_CreateObject());
    int n = cJSON_GetArraySize(heads);
    if (from_history && iv->nhist < ASK_MAX_HISTORY) {
        history *h = &iv->hist[iv->nhist++];
        memset(h, 0, sizeof *h);
        h->pointer = strdup("/heads");
        h->added_head = true;
    }
    const char *key = summary_key(iv);
    if (!key) return true;
    char line[1024];
    printf("\nHead %d: in one sentence, what went wrong?\n", n);
    if (!read_answer(iv, "> ", line, sizeof line)) return false;
    if (*line && !is_dont_know(line)) {
        char ptr[300];
        snprintf(ptr, sizeof ptr, "/heads/%d/%s", n - 1, key);
        set_at(iv->complaint, ptr, cJSON_CreateString(line));
    }
    return true;
}

/* Asks how many separate things the person is unhappy about. */
static bool start_heads(interview *iv)
{
    char line[256];
    for (;;) {
        printf("\nHow many separate things is the person unhappy about? "
               "(each is a head of complaint; 1 to %d)\n", ASK_MAX_HEADS);
        if (!read_answer(iv, "> ", line, sizeof line)) return false;
        char *end;
        long n = strtol(line, &end, 10);
        if (*line && !*end && n >= 1 && n <= ASK_MAX_HEADS) {
            for (long i = 0; i < n; i++)
                if (!add_head(iv, false)) return false;
            return true;
        }
        printf("Please type a number from 1 to %d.\n", ASK_MAX_HEADS);
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
    char line[1024];
    printf("\nSave the answers so far? Type a file name, or press Enter to "
           "leave without saving.\n");
    if (read_answer(iv, "> ", line, sizeof line) && *line && !word_is(line, "n") &&
        !word_is(line, "no") && !word_is(line, "quit"))
        save(iv, line);
}

static void print_verdict(remit_result *res, unsigned width, bool color)
{
    printf("\n");
    const char *t = remit_result_text(res, width, color ? REMIT_TEXT_COLOR : 0u);
    if (t) fputs(t, stdout);
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

    printf("remit ask - answer each question, or type ? if you don't know "
           "(why, back, add, quit also work).\n");
    bool quit = false, eof = false;
    cJSON *heads = cJSON_GetObjectItemCaseSensitive(iv.complaint, "heads");
    if (cJSON_GetArraySize(heads) == 0 && !start_heads(&iv)) eof = true;

    remit_result *res = NULL;
    rc = EXIT_NEEDS_INFO;
    while (!eof && !quit) {
        remit_result_free(res);
        res = NULL;
        remit_status st = evaluate(&iv, &res);
        if (st != REMIT_OK) {
            rc = st == REMIT_ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
            break;
        }
        bool decided =
            strcmp(remit_result_verdict(res), REMIT_VERDICT_NEEDS_INFORMATION) != 0;
        /* The most decisive question not answered "don't know"; once there
         * is none, the presumptions the verdict rests on, to confirm. */
        size_t qi = 0, nq = decided ? 0 : remit_result_question_count(res);
        remit_question q;
        for (; qi < nq; qi++)
            if (remit_result_get_question(res, qi, &q) == REMIT_OK &&
                !was_skipped(&iv, q.pointer))
                break;
        const char *presumed = NULL;
        if (qi == nq) {
            size_t np = remit_result_presumed_count(res), pi = 0;
            for (; pi < np; pi++)
                if (remit_result_get_presumed(res, pi, &q, &presumed) == REMIT_OK &&
                    !was_skipped(&iv, q.pointer))
                    break;
            if (pi == np) {
                rc = decided ? EXIT_DECIDED : EXIT_NEEDS_INFO;
                break; /* nothing more can be learnt */
            }
            qi = SIZE_MAX;
        }
        remit_fact_info fi;
        bool have_fi = fact_of(&iv, res, q.fact, &fi);
        int head = strncmp(q.pointer, "/heads/", 7) == 0 ? atoi(q.pointer + 7) : -1;
        iv.asked++;
        show_question(&iv, &q, have_fi ? &fi : NULL, head);
        if (presumed)
            printf("Presumed so far: %s.  Press Enter to confirm, or answer.\n",
                   presumed);
        for (;;) {
            char line[1024], err[256];
            if (!read_answer(&iv, "> ", line, sizeof line)) {
                eof = true;
                break;
            }
            if (word_is(line, "quit") || word_is(line, "q") || word_is(line, "exit")) {
                quit = true;
                break;
            }
            if (word_is(line, "why")) {
                if (presumed)
                    printf("\nThe rules presume this when the complaint does not "
                           "say; the verdict rests on it, so it is worth "
                           "confirming.\n\n");
                else
                    explain_why(res, qi, &q);
                continue;
            }
            if (presumed && !*line) {
                /* Confirmed: keep the presumption, ask no more about it. */
                answer(&iv, q.pointer, NULL);
                break;
            }
            if (word_is(line, "back")) {
                if (!undo(&iv)) {
                    printf("There is no earlier answer to change.\n");
                    continue;
                }
                iv.asked = iv.asked > 1 ? iv.asked - 2 : 0;
                printf("Going back to the previous question.\n");
                break;
            }
            if (word_is(line, "add")) {
                if (!add_head(&iv, true)) eof = true;
                iv.asked--;
                break;
            }
            if (is_dont_know(line)) {
                answer(&iv, q.pointer, NULL);
                break;
            }
            cJSON *v = have_fi ? typed(&fi, line, err, sizeof err) : cJSON_CreateString(line);
            if (!v) {
                printf("%s\n", err);
                continue;
            }
            answer(&iv, q.pointer, v);
            break;
        }
    }
    if (res && !quit) {
        if (eof) {
            /* Input ended mid-interview: report where things stand. */
            remit_result_free(res);
            res = NULL;
            if (evaluate(&iv, &res) != REMIT_OK) res = NULL;
        }
        if (res) {
            print_verdict(res, width, use_color);
            rc = strcmp(remit_result_verdict(res), REMIT_VERDICT_NEEDS_INFORMATION) == 0
                     ? EXIT_NEEDS_INFO : EXIT_DECIDED;
        }
        if (save_path) save(&iv, save_path);
    } else if (quit) {
        offer_save(&iv, save_path);
        rc = EXIT_NEEDS_INFO;
    } else if (save_path) {
        save(&iv, save_path);
    }
    remit_result_free(res);
    while (iv.nhist) {
        history *h = &iv.hist[--iv.nhist];
        free(h->pointer);
        cJSON_Delete(h->previous);
    }
    for (size_t i = 0; i < iv.nskipped; i++) free(iv.skipped[i]);
    free(iv.skipped);
    cJSON_Delete(iv.complaint);
    remit_ruleset_free(rs);
    return rc;
}
