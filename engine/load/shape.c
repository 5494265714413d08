/* SPDX-License-Identifier: Apache-2.0 */
/*
 * shape.c -- the shape checker of rule files.  Consumes a rule file's text
 * (as a ytree); produces a diagnostic for every key that does not belong,
 * every required key that is missing, every value of the wrong kind, and a
 * repaired copy of the text for loading what can be loaded.
 *
 * The schema is rulefile.h's, the one libcyaml loads with (loader.c), so
 * the two cannot disagree on a key.  Messages match the loader's rendering
 * of libcyaml's first error, so a file with one problem reads the same
 * either way.
 */
#include "shape.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulefile.h"
#include "yamlpos.h"
#include "ytree.h"

/* ---- The schema ---------------------------------------------------------- */

typedef enum skind {
    SK_STR,       /* a scalar */
    SK_BOOL,      /* true or false */
    SK_MAP,       /* a mapping with `sub` fields (NULL: any members) */
    SK_LIST_STR,  /* a sequence of scalars */
    SK_LIST_MAP,  /* a sequence of mappings with `sub` fields */
    /* rulefile.h's kinds that differ only to the loader: */
    SK_ANY_MAP = SK_MAP,  /* a mapping of any members (sub NULL) */
    SK_TREE = SK_LIST_MAP /* a list libcyaml skips; checked here the same */
} skind;

typedef struct sfield {
    const char *key;
    skind kind;
    bool required;
    const struct sfield *sub;
    unsigned min, max;       /* sequences: entries (max 0: unlimited) */
    const char *placeholder; /* repair: a flow value (SK_STR, list items) */
} sfield;

/* rulefile.h's lists as tables of sfield, one per mapping. */
#define SH_REQ true
#define SH_OPT false
#define SH_SUB_STR(sub) NULL
#define SH_SUB_BOOL(sub) NULL
#define SH_SUB_LIST_STR(sub) NULL
#define SH_SUB_ANY_MAP(sub) NULL
#define SH_SUB_MAP(sub) sub##_fields
#define SH_SUB_LIST_MAP(sub) sub##_fields
#define SH_SUB_TREE(sub) sub##_fields
#define SH_FIELD(map, kind, key, req, sub, min, max, ph) \
    {#key, SK_##kind, SH_##req, SH_SUB_##kind(sub), min, max, ph},
#define SH_TABLE(map, LIST) \
    static const sfield map##_fields[] = {LIST(SH_FIELD){NULL, SK_STR, false, NULL, 0, 0, NULL}};

SH_TABLE(value, RF_VALUE)
SH_TABLE(fact, RF_FACT)
SH_TABLE(source, RF_SOURCE)
SH_TABLE(contact, RF_CONTACT)
SH_TABLE(outcome, RF_OUTCOME)
SH_TABLE(step, RF_STEP)
SH_TABLE(factor, RF_FACTOR)
SH_TABLE(rule, RF_RULE)
SH_TABLE(legacy, RF_LEGACY)
SH_TABLE(header, RF_HEADER)
SH_TABLE(file, RF_FILE)

static const char *const shape_codes[] = {"yaml-shape", "no-citation",
                                          "no-question", "bad-bool"};

bool shape_is_code(const char *code)
{
    for (size_t k = 0; k < sizeof shape_codes / sizeof shape_codes[0]; k++)
        if (strcmp(code, shape_codes[k]) == 0) return true;
    return false;
}

/* ---- Checking context ---------------------------------------------------- */

typedef struct pending {
    unsigned line, column;
    size_t seq;
    const char *code;
    char *msg;
} pending;

typedef struct edit {
    size_t at;
    size_t seq; /* insertions at one offset keep their order */
    char *text;
} edit;

typedef struct sctx {
    arena mem; /* scratch: messages, edit texts */
    const char *name, *text;
    size_t len;
    pending *found;
    size_t nfound, capfound;
    shape_counts counts;
    bool repair;
    char *out; /* the text being repaired (blanked in place) */
    edit *edits;
    size_t nedits, capedits;
    bool unrepairable;
    bool oom;
    const ynode *root;
} sctx;

static const char *kind_words(const ynode *n)
{
    switch (n->kind) {
    case YN_SEQ: return "a list";
    case YN_MAP: return "a mapping";
    default: return "a single value";
    }
}

static const char *want_words(skind k)
{
    switch (k) {
    case SK_MAP: return "a mapping";
    case SK_LIST_STR:
    case SK_LIST_MAP: return "a list";
    default: return "a single value";
    }
}

REMIT_PRINTF(5, 6)
static void report(sctx *c, const ynode *at, const char *code, bool structural,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (structural) c->counts.structural++;
    else c->counts.bools++;
    if (c->nfound == c->capfound) {
        size_t cap = c->capfound ? c->capfound * 2 : 16;
        pending *p = arena_raw_realloc(&c->mem, c->found, cap * sizeof *p);
        if (!p) {
            c->oom = true;
            return;
        }
        c->found = p;
        c->capfound = cap;
    }
    pending *p = &c->found[c->nfound];
    p->line = at->line;
    p->column = at->column;
    p->seq = c->nfound;
    p->code = code;
    p->msg = arena_strdup(&c->mem, msg);
    if (!p->msg) {
        c->oom = true;
        return;
    }
    c->nfound++;
}

/* ---- Repair -------------------------------------------------------------- */

static void add_edit(sctx *c, size_t at, const char *text)
{
    if (!c->repair) return;
    if (c->nedits == c->capedits) {
        size_t cap = c->capedits ? c->capedits * 2 : 16;
        edit *e = arena_raw_realloc(&c->mem, c->edits, cap * sizeof *e);
        if (!e) {
            c->oom = true;
            return;
        }
        c->edits = e;
        c->capedits = cap;
    }
    c->edits[c->nedits].at = at;
    c->edits[c->nedits].seq = c->nedits;
    c->edits[c->nedits].text = arena_strdup(&c->mem, text);
    if (!c->edits[c->nedits].text) {
        c->oom = true;
        return;
    }
    c->nedits++;
}

/* Replaces [a, b) by spaces, keeping line breaks (nothing else moves). */
static void blank(sctx *c, size_t a, size_t b)
{
    if (!c->repair) return;
    for (size_t k = a; k < b && k < c->len; k++)
        if (c->out[k] != '\n' && c->out[k] != '\r') c->out[k] = ' ';
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* In a flow collection, the comma that separates [a, b) from its
 * neighbours goes with it: the one after, or for the last entry the one
 * before. */
static void widen_flow(const sctx *c, size_t *a, size_t *b)
{
    size_t k = *b;
    while (k < c->len && is_space(c->text[k])) k++;
    if (k < c->len && c->text[k] == ',') {
        *b = k + 1;
        return;
    }
    k = *a;
    while (k > 0 && is_space(c->text[k - 1])) k--;
    if (k > 0 && c->text[k - 1] == ',') *a = k - 1;
}

/* Blanks the k-th pair of mapping m. */
static void blank_pair(sctx *c, const ynode *m, size_t k)
{
    const ynode *key = m->kids[k], *val = m->kids[k + 1];
    size_t a = key->start, b = val->end > key->end ? val->end : key->end;
    /* An empty value ends at its key: take the ':' too. */
    if (val->end <= key->end) {
        size_t j = key->end;
        while (j < c->len && c->text[j] != ':' && c->text[j] != '\n') j++;
        if (j < c->len && c->text[j] == ':') b = j + 1;
    }
    if (m->flow) widen_flow(c, &a, &b);
    blank(c, a, b);
}

/* Blanks item n of sequence s, with its "- " indicator. */
static void blank_item(sctx *c, const ynode *s, const ynode *n)
{
    size_t a = n->start, b = n->end;
    if (s->flow) {
        widen_flow(c, &a, &b);
    } else {
        size_t k = a;
        while (k > 0 && (c->text[k - 1] == ' ' || c->text[k - 1] == '\t')) k--;
        if (k > 0 && c->text[k - 1] == '-') a = k - 1;
    }
    blank(c, a, b);
}

/* The flow text of a placeholder value for field f. */
static void placeholder(const sfield *f, char *out, size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    switch (f->kind) {
    case SK_STR: snprintf(out, size, "%s", f->placeholder ? f->placeholder : "\"?\""); return;
    case SK_BOOL: snprintf(out, size, "false"); return;
    case SK_LIST_STR:
        snprintf(out, size, f->min ? "[%s]" : "[]",
                 f->placeholder ? f->placeholder : "\"?\"");
        return;
    case SK_MAP:
    case SK_LIST_MAP: {
        if (f->kind == SK_LIST_MAP && !f->min) {
            snprintf(out, size, "[]");
            return;
        }
        at += (size_t)snprintf(out + at, size - at, "%s{",
                               f->kind == SK_LIST_MAP ? "[" : "");
        bool first = true;
        for (const sfield *s = f->sub; s && s->key && at < size; s++) {
            if (!s->required) continue;
            char v[512];
            placeholder(s, v, sizeof v);
            at += (size_t)snprintf(out + at, size - at, "%s%s: %s",
                                   first ? "" : ", ", s->key, v);
            first = false;
        }
        if (at < size)
            snprintf(out + at, size - at, "}%s", f->kind == SK_LIST_MAP ? "]" : "");
        return;
    }
    }
}

/* Inserts `key: placeholder` into mapping m. */
static void insert_key(sctx *c, const ynode *m, const sfield *f)
{
    if (!c->repair) return;
    char v[2048], line[2200];
    placeholder(f, v, sizeof v);
    if (m->flow) {
        size_t close = m->end;
        while (close > m->start && c->text[close - 1] != '}') close--;
        if (close == m->start) {
            c->unrepairable = true;
            return;
        }
        close--;
        size_t k = close;
        while (k > m->start && is_space(c->text[k - 1])) k--;
        bool comma = k > m->start && c->text[k - 1] != ',' && c->text[k - 1] != '{';
        for (size_t e = 0; e < c->nedits; e++)
            if (c->edits[e].at == close) comma = true;
        snprintf(line, sizeof line, "%s%s: %s", comma ? ", " : "", f->key, v);
        add_edit(c, close, line);
        return;
    }
    if (m->nkids == 0) {
        c->unrepairable = true;
        return;
    }
    unsigned indent = m->kids[0]->column - 1;
    size_t p = m->kids[m->nkids - 1]->end;
    if (p > c->len) p = c->len;
    size_t ls = p;
    while (ls > 0 && c->text[ls - 1] != '\n') ls--;
    bool blank_before = true;
    for (size_t k = ls; k < p; k++)
        if (!is_space(c->text[k])) blank_before = false;
    if (blank_before)
        snprintf(line, sizeof line, "%*s%s: %s\n", (int)indent, "", f->key, v);
    else
        snprintf(line, sizeof line, "\n%*s%s: %s", (int)indent, "", f->key, v);
    add_edit(c, blank_before ? ls : p, line);
}

/* ---- The walk ------------------------------------------------------------ */

static void check_map(sctx *c, const ynode *m, const sfield *fields,
                      const char *path);

/* What a rule or fact is called in messages: its id or name, else its
 * path. */
static const char *label_of(const ynode *m, const char *key, const char *path)
{
    const ynode *v = ytree_get(m, key);
    return v && v->kind == YN_SCALAR && v->len ? v->value : path;
}

static bool is_bool_text(const char *s)
{
    static const char *const ok[] = {"true", "false", "True", "False", "TRUE",
                                     "FALSE"};
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
        if (strcmp(s, ok[k]) == 0) return true;
    return false;
}

/* An alias: reported where its anchor is (libcyaml's position). */
static void report_alias(sctx *c, const ynode *alias)
{
    const ynode *at = ytree_anchor(c->root, alias->value);
    report(c, at ? at : alias, "yaml-shape", true,
           "YAML aliases and anchors (*name, &name) are not allowed in rule "
           "files: write the value out");
}

/* Checks one value against field f.  False if it is of the wrong kind (the
 * caller blanks it). */
static bool check_value(sctx *c, const ynode *parent, const sfield *f,
                        const ynode *n, const char *path)
{
    if (n->kind == YN_ALIAS) {
        report_alias(c, n);
        return false;
    }
    bool list = f->kind == SK_LIST_STR || f->kind == SK_LIST_MAP;
    ynode_kind want = f->kind == SK_MAP ? YN_MAP : list ? YN_SEQ : YN_SCALAR;
    if (n->kind != want) {
        report(c, n, "yaml-shape", true, "expected %s for %s, found %s",
               want_words(f->kind), path, kind_words(n));
        return false;
    }
    switch (f->kind) {
    case SK_STR: break;
    case SK_BOOL:
        if (!is_bool_text(n->value))
            report(c, n, "bad-bool", false,
                   "expected true or false for %s, found '%s'", path, n->value);
        break;
    case SK_MAP:
        if (f->sub) check_map(c, n, f->sub, path); /* NULL: any members */
        break;
    case SK_LIST_STR:
    case SK_LIST_MAP: {
        char ipath[544];
        for (size_t i = 0; i < n->nkids; i++) {
            const ynode *it = n->kids[i];
            snprintf(ipath, sizeof ipath, "%s/%zu", path, i);
            if (it->kind == YN_ALIAS) {
                report_alias(c, it);
                blank_item(c, n, it);
            } else if (f->kind == SK_LIST_STR && it->kind != YN_SCALAR) {
                report(c, it, "yaml-shape", true, "expected a single value for %s, found %s",
                       ipath, kind_words(it));
                blank_item(c, n, it);
            } else if (f->kind == SK_LIST_MAP && it->kind != YN_MAP) {
                report(c, it, "yaml-shape", true, "expected a mapping for %s, found %s",
                       ipath, kind_words(it));
                blank_item(c, n, it);
            } else if (f->kind == SK_LIST_MAP) {
                check_map(c, it, f->sub, ipath);
            }
        }
        if (n->nkids < f->min) {
            if (strcmp(f->key, "cite") == 0) {
                char rpath[512];
                snprintf(rpath, sizeof rpath, "%s", path);
                char *slash = strrchr(rpath, '/');
                if (slash) *slash = '\0';
                report(c, n, "no-citation", true,
                       "rule '%s' cites no source: list the sources it rests "
                       "on under 'cite'", label_of(parent, "id", rpath));
            } else {
                report(c, n, "yaml-shape", true,
                       "%s needs at least %u entr%s", path, f->min,
                       f->min == 1 ? "y" : "ies");
            }
            /* An empty flow list takes a placeholder entry. */
            if (n->flow && n->start < c->len && c->text[n->start] == '[') {
                char v[2048];
                sfield item = *f;
                item.kind = f->kind == SK_LIST_STR ? SK_STR : SK_MAP;
                placeholder(&item, v, sizeof v);
                add_edit(c, n->start + 1, v);
            } else {
                c->unrepairable = true;
            }
        }
        if (f->max && n->nkids > f->max) {
            report(c, n, "yaml-shape", true, "%s has %zu entries; the limit is %u",
                   path, n->nkids, f->max);
            c->unrepairable = true;
        }
        break;
    }
    }
    return true;
}

static void check_map(sctx *c, const ynode *m, const sfield *fields,
                      const char *path)
{
    size_t nf = 0;
    while (fields[nf].key) nf++;
    bool seen[32] = {false}, bad[32] = {false};
    char kpath[512];
    for (size_t k = 0; k + 1 < m->nkids; k += 2) {
        const ynode *key = m->kids[k];
        const char *name = key->kind == YN_SCALAR ? key->value : "?";
        size_t fi = nf;
        for (size_t j = 0; j < nf; j++)
            if (strcmp(fields[j].key, name) == 0) fi = j;
        if (fi == nf) {
            report(c, key, "yaml-shape", true,
                   "unknown key '%s'%s%s (see rules/README.md for the keys "
                   "allowed here)", name, path[0] ? " in " : "", path);
            blank_pair(c, m, k);
            continue;
        }
        if (seen[fi]) {
            report(c, key, "yaml-shape", true,
                   "key '%s' appears twice in the same mapping", name);
            blank_pair(c, m, k);
            continue;
        }
        seen[fi] = true;
        snprintf(kpath, sizeof kpath, "%s%s%s", path, path[0] ? "/" : "", name);
        if (!check_value(c, m, &fields[fi], m->kids[k + 1], kpath)) {
            bad[fi] = true;
            blank_pair(c, m, k);
        }
    }
    for (size_t j = 0; j < nf; j++) {
        if (!fields[j].required) continue;
        if (bad[j]) {
            insert_key(c, m, &fields[j]);
            continue;
        }
        if (seen[j]) continue;
        if (strcmp(fields[j].key, "cite") == 0)
            report(c, m, "no-citation", true,
                   "rule '%s' cites no source: list the sources it rests on "
                   "under 'cite'", label_of(m, "id", path));
        else if (strcmp(fields[j].key, "question") == 0 && fields == fact_fields)
            report(c, m, "no-question", true,
                   "fact '%s' needs a question for the adviser",
                   label_of(m, "name", path));
        else
            report(c, m, "yaml-shape", true, "missing required key '%s'%s%s",
                   fields[j].key, path[0] ? " in " : "", path);
        insert_key(c, m, &fields[j]);
    }
}

/* ---- Entry points -------------------------------------------------------- */

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->column != y->column) return x->column < y->column ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int cmp_edit(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Builds fix from the blanked copy and the insertions. */
static remit_status build_fix(sctx *c, const arena *a, shape_fix *fix)
{
    if (c->nedits) qsort(c->edits, c->nedits, sizeof *c->edits, cmp_edit);
    size_t extra = 0;
    for (size_t k = 0; k < c->nedits; k++) extra += strlen(c->edits[k].text);
    fix->text = arena_raw_alloc(a, c->len + extra + 1);
    fix->ins = arena_raw_alloc(a, (c->nedits + 1) * sizeof *fix->ins);
    if (!fix->text || !fix->ins) {
        shape_fix_free(a, fix);
        return REMIT_ENOMEM;
    }
    size_t at = 0, o = 0;
    for (size_t k = 0; k < c->nedits; k++) {
        size_t e = c->edits[k].at;
        memcpy(fix->text + o, c->out + at, e - at);
        o += e - at;
        at = e;
        size_t l = strlen(c->edits[k].text);
        memcpy(fix->text + o, c->edits[k].text, l);
        o += l;
        fix->ins[k].at = e;
        fix->ins[k].len = l;
    }
    memcpy(fix->text + o, c->out + at, c->len - at);
    o += c->len - at;
    fix->text[o] = '\0';
    fix->len = o;
    fix->nins = c->nedits;
    return REMIT_OK;
}

remit_status shape_check(const arena *a, const char *name, const char *text,
                         size_t len, remit_diagnostics *diags,
                         shape_counts *counts, shape_fix *fix)
{
    shape_counts zero = {0, 0};
    if (counts) *counts = zero;
    if (fix) memset(fix, 0, sizeof *fix);
    ytree t;
    remit_status st = ytree_parse(&t, a->alloc, a->ctx, text, len);
    if (st != REMIT_OK) {
        ytree_free(&t);
        return st;
    }
    sctx c;
    memset(&c, 0, sizeof c);
    arena_init(&c.mem, a->alloc, a->ctx);
    c.name = name;
    c.text = text;
    c.len = len;
    c.repair = fix != NULL;
    if (c.repair) {
        c.out = arena_raw_alloc(&c.mem, len + 1);
        if (!c.out) c.oom = true;
        else memcpy(c.out, text, len);
    }
    const ynode *root = t.root;
    c.root = root;
    if (!c.oom && root) {
        if (root->kind != YN_MAP) {
            report(&c, root, "yaml-shape", true, "expected a mapping, found %s",
                   kind_words(root));
            c.unrepairable = true;
        } else {
            check_map(&c, root, file_fields, "");
        }
    }
    if (!c.oom) {
        if (c.nfound) qsort(c.found, c.nfound, sizeof *c.found, cmp_pending);
        for (size_t k = 0; k < c.nfound; k++) {
            const pending *p = &c.found[k];
            diag_pos pos = {name, p->line, p->column, NULL,
                            yamlpos_line(text, len, p->line)};
            diag_add(diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, p->code, &pos,
                     "%s", p->msg);
        }
    }
    if (!c.oom && fix && c.counts.structural && !c.unrepairable)
        st = build_fix(&c, a, fix);
    if (c.oom) st = REMIT_ENOMEM;
    if (counts) *counts = c.counts;
    arena_raw_free(&c.mem, c.out);
    arena_raw_free(&c.mem, c.found);
    arena_raw_free(&c.mem, c.edits);
    arena_free_all(&c.mem);
    ytree_free(&t);
    return st;
}

void shape_fix_free(const arena *a, shape_fix *fix)
{
    if (!fix) return;
    arena_raw_free(a, fix->text);
    arena_raw_free(a, fix->ins);
    memset(fix, 0, sizeof *fix);
}

bool shape_fix_map(const shape_fix *fix, const char *orig, size_t orig_len,
                   unsigned *line, unsigned *column)
{
    size_t r = ytree_offset(fix->text, fix->len, *line, *column);
    size_t shift = 0;
    for (size_t k = 0; k < fix->nins; k++) {
        size_t s = fix->ins[k].at + shift;
        if (r < s) break;
        if (r < s + fix->ins[k].len) return false;
        shift += fix->ins[k].len;
    }
    ytree_position(orig, orig_len, r - shift, line, column);
    return true;
}
