/* SPDX-License-Identifier: Apache-2.0 */
/*
 * loader.c -- the YAML rules adapter: the only file that includes libcyaml.
 * Consumes a rule file's text; loads it against a strict schema (rulefile.h,
 * the one the shape checker uses too) into plain structs - on the happy
 * path filled by that schema from yfast's tree (one fast pass over the
 * text), else by libcyaml, which reports every problem - then validates
 * and copies everything into the ruleset's arena (ids resolved to pointers,
 * conditions parsed and resolved) and frees the libcyaml data (in a
 * scratch arena) before returning.  Every problem becomes a diagnostic with
 * file:line:col.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>

#include "date.h"
#include "rulefile.h"
#include "ruleset.h"
#include "sha256.h"
#include "shape.h"
#include "yamlpos.h"
#include "yfast.h"
#include "ytree.h"

/* ---- The raw shape, as libcyaml loads it -------------------------------- */

/*
 * rulefile.h's lists, expanded twice: into the structs libcyaml fills (a
 * member per key, named as the key; a list's count in <key>_count) and
 * into libcyaml's schema tables.  Every value is a string to libcyaml: the
 * checks of booleans, names and dates are build()'s.  A TREE key (legacy)
 * is a list whose entries hold an ANY_MAP (`becomes`), which libcyaml
 * cannot load: libcyaml loads the entries' other keys and skips the
 * ANY_MAP, and build_legacy reads the list again from a ytree of its own
 * lines (all of it: checked against what libcyaml loaded), or takes it
 * from yfast's tree on the happy path.
 */
#define RAW_STR(key, sub) char *key;
#define RAW_BOOL(key, sub) char *key;
#define RAW_MAP(key, sub) struct raw_##sub *key;
#define RAW_LIST_STR(key, sub) char **key; unsigned key##_count;
#define RAW_LIST_MAP(key, sub) struct raw_##sub *key; unsigned key##_count;
#define RAW_ANY_MAP(key, sub)
#define RAW_TREE RAW_LIST_MAP
#define RAW_MEMBER(map, kind, key, req, sub, min, max, ph) RAW_##kind(key, sub)
#define RAW_STRUCT(map, LIST) struct raw_##map { LIST(RAW_MEMBER) };

RAW_STRUCT(value, RF_VALUE)
RAW_STRUCT(fact, RF_FACT)
RAW_STRUCT(source, RF_SOURCE)
RAW_STRUCT(contact, RF_CONTACT)
RAW_STRUCT(outcome, RF_OUTCOME)
RAW_STRUCT(step, RF_STEP)
RAW_STRUCT(factor, RF_FACTOR)
RAW_STRUCT(rule, RF_RULE)
RAW_STRUCT(legacy, RF_LEGACY)
RAW_STRUCT(header, RF_HEADER)
RAW_STRUCT(file, RF_FILE)

static const cyaml_schema_value_t string_entry = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

#define CY_REQ 0
#define CY_OPT CYAML_FLAG_OPTIONAL
#define CY_MAX(max) ((max) ? (max) : CYAML_UNLIMITED)
#define CY_STR(map, key, req, sub, min, max)                                 \
    CYAML_FIELD_STRING_PTR(#key, CYAML_FLAG_POINTER | CY_##req,              \
                           struct raw_##map, key, 0, CYAML_UNLIMITED),
#define CY_BOOL CY_STR
#define CY_MAP(map, key, req, sub, min, max)                                 \
    CYAML_FIELD_MAPPING_PTR(#key, CYAML_FLAG_POINTER | CY_##req,             \
                            struct raw_##map, key, sub##_fields),
#define CY_LIST_STR(map, key, req, sub, min, max)                            \
    CYAML_FIELD_SEQUENCE(#key, CYAML_FLAG_POINTER | CY_##req,                \
                         struct raw_##map, key, &string_entry, min,         \
                         CY_MAX(max)),
#define CY_LIST_MAP(map, key, req, sub, min, max)                            \
    CYAML_FIELD_SEQUENCE(#key, CYAML_FLAG_POINTER | CY_##req,                \
                         struct raw_##map, key, &sub##_schema, min,         \
                         CY_MAX(max)),
#define CY_ANY_MAP(map, key, req, sub, min, max)                             \
    CYAML_FIELD_IGNORE(#key, CYAML_FLAG_OPTIONAL),
#define CY_TREE(map, key, req, sub, min, max)                                \
    CYAML_FIELD_SEQUENCE(#key, CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,     \
                         struct raw_##map, key, &sub##_schema, 0,           \
                         CYAML_UNLIMITED),
#define CY_FIELD(map, kind, key, req, sub, min, max, ph)                     \
    CY_##kind(map, key, req, sub, min, max)
/* A TREE's entries: every key optional to libcyaml, so that build_legacy
 * reports a missing one with its own message and position. */
#define CY_FIELD_OPT(map, kind, key, req, sub, min, max, ph)                 \
    CY_##kind(map, key, OPT, sub, min, max)
#define CY_FIELDS(map, LIST)                                                 \
    static const cyaml_schema_field_t map##_fields[] = {                     \
        LIST(CY_FIELD) CYAML_FIELD_END};
/* An entry of a list of these mappings. */
#define CY_SCHEMA(map)                                                       \
    static const cyaml_schema_value_t map##_schema = {CYAML_VALUE_MAPPING(   \
        CYAML_FLAG_DEFAULT, struct raw_##map, map##_fields)};

CY_FIELDS(value, RF_VALUE)
CY_SCHEMA(value)
CY_FIELDS(fact, RF_FACT)
CY_SCHEMA(fact)
CY_FIELDS(source, RF_SOURCE)
CY_SCHEMA(source)
CY_FIELDS(contact, RF_CONTACT)
CY_SCHEMA(contact)
CY_FIELDS(outcome, RF_OUTCOME)
CY_SCHEMA(outcome)
CY_FIELDS(step, RF_STEP)
CY_SCHEMA(step)
CY_FIELDS(factor, RF_FACTOR)
CY_SCHEMA(factor)
CY_FIELDS(rule, RF_RULE)
CY_SCHEMA(rule)
static const cyaml_schema_field_t legacy_fields[] = {
    RF_LEGACY(CY_FIELD_OPT) CYAML_FIELD_END};
CY_SCHEMA(legacy)
CY_FIELDS(header, RF_HEADER)
CY_FIELDS(file, RF_FILE)

static const cyaml_schema_value_t file_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct raw_file, file_fields)};

/* ---- Loading context -------------------------------------------------- */

typedef struct lctx {
    remit_ruleset *rs;
    arena *a;
    const char *name;
    const char *text; /* NUL-terminated copy */
    size_t len;
    remit_diagnostics *diags;
    bool oom;
    arena scratch; /* the raw data and its tree, freed at once */
    const ynode *tree; /* the file as yfast read it, or NULL (libcyaml) */
    /* libcyaml log capture */
    char logbuf[2048];
    size_t loglen;
} lctx;

/* Reports a problem at `path` in the YAML (key position if want_key). */
REMIT_PRINTF(5, 6)
static void err_at(lctx *c, const char *code, const char *path, bool want_key,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    yaml_where w = yamlpos_find(c->text, c->len, path, want_key);
    diag_pos pos = {c->name, w.line, w.column, NULL,
                    w.found ? yamlpos_line(c->text, c->len, w.line) : NULL};
    diag_add(c->diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, code, &pos, "%s",
             msg);
}

/* Reports a condition error at an offset inside the scalar at `path`. */
static void expr_err_at(lctx *c, const char *path, const char *scalar,
                        const expr_error *e)
{
    yaml_where w = yamlpos_find(c->text, c->len, path, false);
    unsigned line = 0, col = 0;
    if (w.found) yamlpos_offset(c->text, c->len, &w, scalar, e->pos, &line, &col);
    diag_pos pos = {c->name, line, col, NULL,
                    line ? yamlpos_line(c->text, c->len, line) : NULL};
    if (strcmp(e->code, "oom") == 0) {
        c->oom = true;
        return;
    }
    diag_add(c->diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, e->code, &pos,
             "%s", e->message);
}

/*
 * libcyaml's memory: bump-allocated from the scratch arena and freed all at
 * once when loading ends, instead of a malloc and a free for each of the
 * ten thousand strings of the shipped rules (and cyaml_free's walk over
 * them).  libcyaml reallocates without saying the old size, so each block
 * carries it in front, in 16 bytes that keep the block aligned.
 */
static void *cyaml_mem_adapter(void *ctx, void *ptr, size_t size)
{
    lctx *c = ctx;
    if (size == 0) return NULL; /* a free: the arena frees all at the end */
    if (size > SIZE_MAX - 16) return NULL;
    unsigned char *blk = arena_alloc(&c->scratch, size + 16);
    if (!blk) return NULL;
    memcpy(blk, &size, sizeof size);
    if (ptr) {
        size_t old;
        memcpy(&old, (unsigned char *)ptr - 16, sizeof old);
        memcpy(blk + 16, ptr, old < size ? old : size);
    }
    return blk + 16;
}

/* libcyaml's messages, kept for report_cyaml.  The format attribute lets
 * clang's -Wformat-nonliteral see that fmt is libcyaml's format string. */
REMIT_PRINTF(3, 0)
static void cyaml_log_adapter(cyaml_log_t level, void *ctx, const char *fmt,
                              va_list args)
{
    lctx *c = ctx;
    if (level < CYAML_LOG_ERROR) return;
    if (c->loglen < sizeof c->logbuf - 1) {
        int n = vsnprintf(c->logbuf + c->loglen, sizeof c->logbuf - c->loglen,
                          fmt, args);
        if (n > 0) {
            c->loglen += (size_t)n;
            if (c->loglen >= sizeof c->logbuf) c->loglen = sizeof c->logbuf - 1;
        }
    }
}

/*
 * Turns libcyaml's log into one diagnostic.  The log reads
 *   Load: Unexpected key: foo
 *   Load: Backtrace:
 *   Load:   in mapping (line: 3, column: 8)
 *   Load:   in sequence entry '2' (line: 3, column: 5)
 *   Load:   in mapping field 'rules' (line: 2, column: 3)
 * The backtrace gives the path of the node at fault (innermost first); its
 * line numbers are those of the last event read, so the position is taken
 * from a libyaml walk to that path instead.
 */
static void report_cyaml(lctx *c, cyaml_err_t err)
{
    char first[512] = "";
    char comps[16][128];
    int ncomp = 0;
    unsigned bt_line = 0, bt_col = 0;
    c->logbuf[c->loglen] = '\0';
    char *save = NULL;
    for (char *l = strtok_r(c->logbuf, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save)) {
        while (strncmp(l, "Load: ", 6) == 0) l += 6;
        while (*l == ' ') l++;
        if (strncmp(l, "Backtrace", 9) == 0) continue;
        if (strncmp(l, "in ", 3) == 0) {
            const char *lp = strstr(l, "(line: ");
            if (lp && !bt_line) {
                if (sscanf(lp, "(line: %u, column: %u)", &bt_line, &bt_col) != 2)
                    bt_line = bt_col = 0;
            }
            const char *q = strchr(l, '\'');
            const char *q2 = q ? strchr(q + 1, '\'') : NULL;
            if (q && q2 && ncomp < 16) {
                size_t n = (size_t)(q2 - q - 1);
                if (n >= sizeof comps[0]) n = sizeof comps[0] - 1;
                if (strncmp(l, "in sequence entry", 17) == 0) {
                    unsigned idx = (unsigned)atoi(q + 1);
                    snprintf(comps[ncomp++], sizeof comps[0], "%u",
                             idx ? idx - 1 : 0);
                } else {
                    memcpy(comps[ncomp], q + 1, n);
                    comps[ncomp++][n] = '\0';
                }
            }
            continue;
        }
        if (!first[0]) snprintf(first, sizeof first, "%s", l);
    }
    /* The path, outermost first. */
    char path[1024] = "";
    size_t at = 0;
    for (int k = ncomp - 1; k >= 0 && at < sizeof path; k--) {
        int w = snprintf(path + at, sizeof path - at, "%s%s", at ? "/" : "",
                         comps[k]);
        if (w > 0) at += (size_t)w;
    }
    unsigned line = 0, col = 0;
    char msg[2048];
    const char *code = "yaml-shape";
    const char *arg;
    if (err == CYAML_ERR_LIBYAML_PARSER) {
        code = "yaml-syntax";
        yamlpos_syntax(c->text, c->len, msg, sizeof msg, &line, &col);
    } else if ((arg = strstr(first, "Unexpected key: ")) != NULL) {
        arg += 16;
        char kp[1200];
        snprintf(kp, sizeof kp, "%s%s%s", path, path[0] ? "/" : "", arg);
        yaml_where w = yamlpos_find(c->text, c->len, kp, true);
        line = w.line;
        col = w.column;
        snprintf(msg, sizeof msg, "unknown key '%s'%s%s (see rules/README.md "
                 "for the keys allowed here)", arg, path[0] ? " in " : "", path);
    } else if ((arg = strstr(first, "Missing required mapping field: ")) != NULL) {
        arg += 32;
        /* The backtrace may end with the last field read (or the missing
         * one): if the path does not name a mapping, go up one level. */
        yaml_where w = yamlpos_find(c->text, c->len, path, false);
        if (!w.found || w.kind != 2) {
            char *slash = strrchr(path, '/');
            if (slash) *slash = '\0';
            else path[0] = '\0';
            w = yamlpos_find(c->text, c->len, path, false);
        }
        line = w.line;
        col = w.column;
        snprintf(msg, sizeof msg, "missing required key '%s'%s%s", arg,
                 path[0] ? " in " : "", path);
    } else if ((arg = strstr(first, "Mapping field already seen: ")) != NULL) {
        arg += 28;
        yaml_where w = yamlpos_find_last_key(c->text, c->len, path);
        line = w.line;
        col = w.column;
        snprintf(msg, sizeof msg, "key '%s' appears twice in the same mapping",
                 arg);
    } else if (strstr(first, "alias") || strstr(first, "anchor") ||
               err == CYAML_ERR_ALIAS) {
        yaml_where w = yamlpos_find(c->text, c->len, path, false);
        line = w.line ? w.line : bt_line;
        col = w.line ? w.column : bt_col;
        snprintf(msg, sizeof msg,
                 "YAML aliases and anchors (*name, &name) are not allowed in "
                 "rule files: write the value out");
    } else if ((arg = strstr(first, "Expecting ")) != NULL) {
        yaml_where w = yamlpos_find(c->text, c->len, path, false);
        line = w.line;
        col = w.column;
        const char *found = strstr(first, "SEQUENCE_START") ? "a list"
                            : strstr(first, "MAPPING_START") ? "a mapping"
                            : strstr(first, "SCALAR") ? "a single value"
                                                      : "something else";
        const char *want = strstr(first, "Expecting STRING") ? "a single value"
                           : strstr(first, "Expecting SEQUENCE") ? "a list"
                           : strstr(first, "Expecting MAPPING") ? "a mapping"
                                                                : "another kind of value";
        snprintf(msg, sizeof msg, "expected %s%s%s, found %s", want,
                 path[0] ? " for " : "", path, found);
    } else {
        yaml_where w = yamlpos_find(c->text, c->len, path, false);
        line = w.found ? w.line : bt_line;
        col = w.found ? w.column : bt_col;
        snprintf(msg, sizeof msg, "%s%s%s",
                 first[0] ? first : cyaml_strerror(err), path[0] ? " at " : "",
                 path);
        if (msg[0]) msg[0] = (char)tolower((unsigned char)msg[0]);
    }
    diag_pos pos = {c->name, line, col, NULL,
                    line ? yamlpos_line(c->text, c->len, line) : NULL};
    diag_add(c->diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, code, &pos, "%s", msg);
}

/* strcmp(a, b) == 0, the first bytes compared inline: most names looked up
 * differ there. */
static bool same_str(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

/* ---- The happy path: yfast's tree into libcyaml's structs --------------- */

/*
 * libcyaml reads the file in about three quarters of the load's time (its
 * own work and libyaml's tokenizer).  When yfast reads the file (yfast.h:
 * the plain YAML rule files are written in), the structs are filled from
 * its tree instead, by the same schema tables libcyaml would use, doing
 * what libcyaml does for the kinds they hold (a mapping of known keys,
 * each once, the required ones present; a list within its bounds; a
 * string).  Anything else - an unknown, repeated or missing key, a value
 * of the wrong kind, a list out of bounds, an empty list or value - and
 * the file goes to libcyaml as before, which reports it: every error
 * comes from the libyaml path, with its message and position unchanged.
 * tests/unit/test_yfast.c checks that both fill the same structs from
 * every rule file of the repository and from mutations of them
 * (loader_fast_agrees).
 */

static bool fill_value(lctx *c, const cyaml_schema_value_t *v, const ynode *n,
                       uint8_t *slot);

/* A list: its entries (in the scratch arena) and their count. */
static bool fill_seq(lctx *c, const cyaml_schema_value_t *v, const ynode *n,
                     uint8_t **arr_out, unsigned *count_out)
{
    if (v->type != CYAML_SEQUENCE || !(v->flags & CYAML_FLAG_POINTER) ||
        n->kind != YN_SEQ || n->nkids == 0 || n->nkids < v->sequence.min ||
        n->nkids > v->sequence.max || n->nkids > UINT32_MAX)
        return false;
    const cyaml_schema_value_t *e = v->sequence.entry;
    size_t size = e->flags & CYAML_FLAG_POINTER ? sizeof(void *) : e->data_size;
    uint8_t *arr = arena_alloc(&c->scratch, n->nkids * size);
    if (!arr) {
        c->oom = true;
        return false;
    }
    for (size_t k = 0; k < n->nkids; k++)
        if (!fill_value(c, e, n->kids[k], arr + k * size)) return false;
    *arr_out = arr;
    *count_out = (unsigned)n->nkids;
    return true;
}

/* A mapping's keys into the struct at base. */
static bool fill_fields(lctx *c, const cyaml_schema_field_t *fields,
                        const ynode *n, uint8_t *base)
{
    if (n->kind != YN_MAP) return false;
    uint64_t seen = 0;
    for (size_t k = 0; k + 1 < n->nkids; k += 2) {
        const ynode *key = n->kids[k];
        if (key->kind != YN_SCALAR) return false;
        unsigned i = 0;
        while (fields[i].key && (fields[i].key[0] != key->value[0] ||
                                 strcmp(fields[i].key, key->value) != 0))
            i++;
        if (!fields[i].key || i >= 64 || (seen >> i & 1u)) return false;
        seen |= (uint64_t)1 << i;
        const cyaml_schema_field_t *f = &fields[i];
        if (f->value.type == CYAML_IGNORE) continue;
        if (f->value.type == CYAML_SEQUENCE) {
            uint8_t *arr;
            unsigned count;
            if (f->count_size != sizeof count ||
                !fill_seq(c, &f->value, n->kids[k + 1], &arr, &count))
                return false;
            memcpy(base + f->data_offset, &arr, sizeof arr);
            memcpy(base + f->count_offset, &count, sizeof count);
        } else if (!fill_value(c, &f->value, n->kids[k + 1],
                               base + f->data_offset)) {
            return false;
        }
    }
    for (unsigned i = 0; fields[i].key; i++)
        if (!(fields[i].value.flags & CYAML_FLAG_OPTIONAL) && !(seen >> i & 1u))
            return false;
    return true;
}

/* A string (never one libcyaml might read as null) or a mapping. */
static bool fill_value(lctx *c, const cyaml_schema_value_t *v, const ynode *n,
                       uint8_t *slot)
{
    if (v->type == CYAML_STRING) {
        if (!(v->flags & CYAML_FLAG_POINTER) || n->kind != YN_SCALAR ||
            n->len < v->string.min || n->len > v->string.max)
            return false; /* (yfast's values hold no NUL: it reads none) */
        if (n->plain && (n->len == 0 || (n->len == 1 && n->value[0] == '~') ||
                         (n->len == 4 && (strcmp(n->value, "null") == 0 ||
                                          strcmp(n->value, "Null") == 0 ||
                                          strcmp(n->value, "NULL") == 0))))
            return false;
        const char *s = n->value; /* lives in the scratch arena too */
        memcpy(slot, &s, sizeof s);
        return true;
    }
    if (v->type != CYAML_MAPPING) return false;
    uint8_t *base = slot;
    if (v->flags & CYAML_FLAG_POINTER) {
        base = arena_alloc(&c->scratch, v->data_size);
        if (!base) {
            c->oom = true;
            return false;
        }
        memcpy(slot, &base, sizeof base);
    }
    return fill_fields(c, v->mapping.fields, n, base);
}

/* The structs, when yfast reads the file and they are filled from its
 * tree; NULL when not (then libcyaml loads it), with c->oom set when that
 * is for lack of memory (then the load fails so, as libcyaml's would). */
static struct raw_file *fast_load(lctx *c)
{
    const ynode *root = NULL;
    struct raw_file *raw = NULL;
    remit_status st = yfast_parse(&c->scratch, c->text, c->len, &root);
    if (st == REMIT_ENOMEM) c->oom = true;
    if (st != REMIT_OK || !fill_value(c, &file_schema, root, (uint8_t *)&raw))
        return NULL;
    c->tree = root;
    return raw;
}

/* Whether the data at slots a and b are the same, by schema v. */
static bool same_value(const cyaml_schema_value_t *v, const uint8_t *a,
                       const uint8_t *b);

static bool same_fields(const cyaml_schema_field_t *fields, const uint8_t *a,
                        const uint8_t *b)
{
    for (const cyaml_schema_field_t *f = fields; f->key; f++) {
        if (f->value.type == CYAML_IGNORE) continue;
        if (f->value.type != CYAML_SEQUENCE) {
            if (!same_value(&f->value, a + f->data_offset, b + f->data_offset))
                return false;
            continue;
        }
        unsigned na, nb;
        const uint8_t *pa, *pb;
        memcpy(&na, a + f->count_offset, sizeof na);
        memcpy(&nb, b + f->count_offset, sizeof nb);
        memcpy(&pa, a + f->data_offset, sizeof pa);
        memcpy(&pb, b + f->data_offset, sizeof pb);
        if (na != nb || (!pa != !pb)) return false;
        const cyaml_schema_value_t *e = f->value.sequence.entry;
        size_t size = e->flags & CYAML_FLAG_POINTER ? sizeof(void *) : e->data_size;
        for (unsigned k = 0; k < na; k++)
            if (!same_value(e, pa + k * size, pb + k * size)) return false;
    }
    return true;
}

static bool same_value(const cyaml_schema_value_t *v, const uint8_t *a,
                       const uint8_t *b)
{
    if (v->flags & CYAML_FLAG_POINTER) {
        const uint8_t *pa, *pb;
        memcpy(&pa, a, sizeof pa);
        memcpy(&pb, b, sizeof pb);
        if (!pa || !pb) return !pa && !pb;
        if (v->type == CYAML_STRING)
            return strcmp((const char *)pa, (const char *)pb) == 0;
        a = pa;
        b = pb;
    }
    return v->type == CYAML_MAPPING && same_fields(v->mapping.fields, a, b);
}

int loader_fast_agrees(const char *text, size_t len)
{
    lctx c;
    memset(&c, 0, sizeof c);
    arena_init(&c.scratch, NULL, NULL);
    c.text = text;
    c.len = len;
    int r = -1;
    struct raw_file *fast = fast_load(&c);
    if (c.oom) r = -2;
    if (fast) {
        cyaml_config_t cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.log_fn = cyaml_log_adapter;
        cfg.log_ctx = &c;
        cfg.mem_fn = cyaml_mem_adapter;
        cfg.mem_ctx = &c;
        cfg.log_level = CYAML_LOG_ERROR;
        cfg.flags = CYAML_CFG_NO_ALIAS;
        struct raw_file *slow = NULL;
        cyaml_err_t err = cyaml_load_data((const uint8_t *)text, len, &cfg,
                                          &file_schema, (cyaml_data_t **)&slow,
                                          NULL);
        r = err == CYAML_ERR_OOM ? -2
            : err == CYAML_OK &&
                    same_value(&file_schema, (const uint8_t *)&fast,
                               (const uint8_t *)&slow)
                ? 1
                : 0;
    }
    arena_free_all(&c.scratch);
    return r;
}

/* ---- Validation helpers ------------------------------------------------- */

/*
 * The path of a value in the file ("rules/12/when"), for the messages about
 * it: as snprintf, for %u, %zu and %s only (anything else goes to
 * vsnprintf).  A load formats about 1,800 of them, almost all never used,
 * and snprintf costs some 900 instructions each.
 */
REMIT_PRINTF(3, 4)
static void path_fmt(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = 0;
    for (const char *f = fmt; *f; f++) {
        char num[24];
        const char *piece = f;
        size_t pl = 1;
        if (*f != '%') {
            while (f[pl] && f[pl] != '%') pl++;
            f += pl - 1;
        } else if (f[1] == 's') {
            piece = va_arg(ap, const char *);
            pl = strlen(piece);
            f++;
        } else if (f[1] == 'u' || (f[1] == 'z' && f[2] == 'u')) {
            size_t v = f[1] == 'u' ? va_arg(ap, unsigned) : va_arg(ap, size_t);
            f += f[1] == 'u' ? 1 : 2;
            char *e = num + sizeof num, *d = e;
            do {
                *--d = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            piece = d;
            pl = (size_t)(e - d);
        } else {
            va_end(ap);
            va_start(ap, fmt);
            vsnprintf(out, size, fmt, ap);
            va_end(ap);
            return;
        }
        if (pl > size - 1 - n) pl = size - 1 - n;
        memcpy(out + n, piece, pl);
        n += pl;
    }
    out[n] = '\0';
    va_end(ap);
}

static bool valid_id(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
            return false;
    return true;
}

static bool valid_name(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z')) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* A JSON member path: snake_case names joined by '.', at most 255 bytes. */
static bool valid_key(const char *s)
{
    if (strlen(s) > 255) return false;
    char part[256];
    for (;;) {
        size_t n = strcspn(s, ".");
        memcpy(part, s, n);
        part[n] = '\0';
        if (!valid_name(part)) return false;
        if (!s[n]) return true;
        s += n + 1;
    }
}

static bool blank(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

static char *dup(lctx *c, const char *s)
{
    char *d = arena_strdup(c->a, s ? s : "");
    if (!d) c->oom = true;
    return d;
}

/* Trims trailing newlines left by YAML block scalars. */
static char *dup_trim(lctx *c, const char *s)
{
    char *d = dup(c, s);
    if (d) {
        size_t n = strlen(d);
        while (n && (d[n - 1] == '\n' || d[n - 1] == ' ')) d[--n] = '\0';
    }
    return d;
}

unsigned *ruleset_reads(arena *a, const expr_node *n, size_t *count_out)
{
    factset s = {{0}};
    expr_reads(n, &s);
    size_t cnt = 0;
    for (size_t w = 0; w < REMIT_MAX_FACTS / 64; w++)
        for (uint64_t b = s.w[w]; b; b &= b - 1) cnt++;
    unsigned *out = arena_alloc(a, (cnt ? cnt : 1) * sizeof *out);
    if (!out) return NULL;
    size_t i = 0;
    for (unsigned w = 0; w < REMIT_MAX_FACTS / 64; w++)
        for (unsigned k = 0; k < 64 && s.w[w] >> k; k++)
            if (s.w[w] >> k & 1u) out[i++] = w * 64 + k;
    *count_out = cnt;
    return out;
}

/* A yes/no field: true or false, as YAML 1.2 spells them (libcyaml would
 * read any other word as true).  Absent: `dflt`. */
static bool parse_bool(lctx *c, const char *path, const char *s, bool dflt)
{
    if (!s) return dflt;
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0)
        return true;
    if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
        return false;
    err_at(c, "bad-bool", path, false, "expected true or false for %s, found '%s'",
           path, s);
    return dflt;
}

/* Parses a fact's presumption (its value when the complaint does not give
 * one) according to the fact's type. */
static void parse_presume(lctx *c, fact_def *d, const char *s, const char *path)
{
    value v;
    memset(&v, 0, sizeof v);
    v.known = true;
    v.presumed = true;
    bool ok = true;
    switch (d->type) {
    case FT_BOOL:
        if (strcmp(s, "true") == 0) v.i = 1;
        else if (strcmp(s, "false") == 0) v.i = 0;
        else ok = false;
        break;
    case FT_INT: {
        char *end;
        long long n = strtoll(s, &end, 10);
        ok = *s && !*end;
        v.i = n;
        break;
    }
    case FT_DATE: ok = date_parse(s, strlen(s), &v.i); break;
    case FT_ENUM:
        ok = false;
        for (size_t k = 0; k < d->nvalues; k++)
            if (strcmp(d->values[k].value, s) == 0) {
                v.i = (int64_t)k;
                ok = true;
            }
        break;
    default:
        err_at(c, "bad-presume", path, false,
               "a %s fact cannot have a presumption", fact_type_name(d->type));
        return;
    }
    if (!ok) {
        if (d->type == FT_BOOL)
            err_at(c, "bad-presume", path, false,
                   "presumption '%s' of fact '%s' must be true or false", s,
                   d->name);
        else
            err_at(c, "bad-presume", path, false,
                   "presumption '%s' is not a %s value of fact '%s'", s,
                   fact_type_name(d->type), d->name);
        return;
    }
    d->has_presume = true;
    d->presume = v;
}

/* Parses and resolves the condition at `path`; NULL after reporting. */
static const expr_node *compile(lctx *c, const char *path, const char *text,
                                const fact_def *facts, size_t nfacts,
                                bool allow_head)
{
    expr_error e;
    expr_node *n = expr_parse(c->a, text, strlen(text), &e);
    if (!n) {
        expr_err_at(c, path, text, &e);
        return NULL;
    }
    resolve_env env = {facts, nfacts, allow_head};
    if (!expr_resolve(n, &env, &e)) {
        expr_err_at(c, path, text, &e);
        return NULL;
    }
    return n;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static const char *const reserved_outcomes[] = {
    REMIT_VERDICT_NEEDS_INFORMATION, REMIT_VERDICT_PARTLY_IN_SCOPE, "note"};

/* ---- Building the compiled file ------------------------------------------ */

/*
 * The derived head fact handled_matter: declared by the ruleset (so that
 * conditions can read it), set by the engine from the head's "handling_of"
 * (verdict.c).  It must be a head enum with the values within_remit and
 * outside_remit, without presumption or key; its JSON member is
 * "handling_of", where the answer to its question goes.
 */
static void derived_fact(lctx *c, const struct raw_file *r, rsfile *f,
                         fact_def *facts)
{
    char path[64];
    f->handled_slot = f->hm_within = f->hm_outside = -1;
    for (unsigned i = 0; i < r->facts_count; i++) {
        const struct raw_fact *s = &r->facts[i];
        fact_def *d = &facts[i];
        if (strcmp(s->name, HANDLED_MATTER) != 0) continue;
        path_fmt(path, sizeof path, "facts/%u/name", i);
        for (size_t k = 0; k < d->nvalues; k++) {
            if (strcmp(d->values[k].value, "within_remit") == 0)
                f->hm_within = (int)k;
            if (strcmp(d->values[k].value, "outside_remit") == 0)
                f->hm_outside = (int)k;
        }
        if (d->scope != SCOPE_HEAD || d->type != FT_ENUM || f->hm_within < 0 ||
            f->hm_outside < 0 || d->nvalues != 2)
            err_at(c, "bad-derived", path, false,
                   "fact '" HANDLED_MATTER "' is set by the engine: declare it "
                   "as a head enum with exactly the values within_remit and "
                   "outside_remit");
        if (s->key || s->presume || d->what_if)
            err_at(c, "bad-derived", path, false,
                   "fact '" HANDLED_MATTER "' is set by the engine from the "
                   "head's \"" HANDLING_OF "\": it takes no key, presume or "
                   "what_if");
        d->derived = true;
        d->key = HANDLING_OF;
        f->handled_slot = (int)i;
    }
}

/* ---- legacy: format-1 members read in format 2 --------------------------- */

/* The fact of `scope` whose JSON member is `key`, or NULL. */
static const fact_def *fact_by_key(const rsfile *f, fact_scope scope,
                                   const char *key)
{
    for (size_t k = 0; k < f->nfacts; k++)
        if (f->facts[k].scope == scope && strcmp(f->facts[k].key, key) == 0)
            return &f->facts[k];
    return NULL;
}

static bool enum_has(const fact_def *fd, const char *v)
{
    for (size_t k = 0; k < fd->nvalues; k++)
        if (strcmp(fd->values[k].value, v) == 0) return true;
    return false;
}

/* Reads one `becomes` value n for target fact fd into *s; false after
 * reporting at path. */
static bool legacy_value(lctx *c, const fact_def *fd, const ynode *n,
                         const char *path, legacy_set *s)
{
    s->type = fd->type;
    if (fd->type == FT_SET) {
        size_t cnt = n->kind == YN_SEQ ? n->nkids : 1;
        const char **list = arena_alloc(c->a, (cnt + 1) * sizeof *list);
        if (!list) {
            c->oom = true;
            return false;
        }
        for (size_t k = 0; k < cnt; k++) {
            const ynode *it = n->kind == YN_SEQ ? n->kids[k] : n;
            if (it->kind != YN_SCALAR || !enum_has(fd, it->value)) {
                err_at(c, "bad-legacy", path, false,
                       "legacy: '%s' is a set: give values it declares",
                       fd->name);
                return false;
            }
            list[k] = dup(c, it->value);
        }
        s->list = list;
        s->nlist = cnt;
        return true;
    }
    if (n->kind != YN_SCALAR) {
        err_at(c, "bad-legacy", path, false,
               "legacy: expected a single value for '%s'", fd->name);
        return false;
    }
    const char *v = n->value;
    int64_t a, b;
    int p;
    char *end = NULL;
    switch (fd->type) {
    case FT_BOOL:
        if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0) break;
        s->b = strcmp(v, "true") == 0;
        return true;
    case FT_INT:
        s->i = strtoll(v, &end, 10);
        if (!*v || *end) break;
        return true;
    case FT_ENUM:
        if (!enum_has(fd, v)) break;
        s->s = dup(c, v);
        return true;
    case FT_DATE:
        if (!date_parse_approx(v, strlen(v), &a, &b, &p)) break;
        s->s = dup(c, v);
        return true;
    case FT_TEXT:
        s->s = dup(c, v);
        return true;
    default: break;
    }
    err_at(c, "bad-legacy", path, false,
           "legacy: '%s' cannot be a value of fact '%s' (%s)", v, fd->name,
           fact_type_name(fd->type));
    return false;
}

/*
 * The lines of the top-level key `legacy:`, when the file writes it plainly
 * once ("legacy:" at the start of a line, then only a comment): from that
 * line to the next line that starts with anything but a space, a tab, a
 * '#', a '-' (the list's entries may sit at column 0) or its end, or to
 * the end of the file.  False otherwise (the caller then parses the
 * whole file).
 */
static bool legacy_lines(const char *text, size_t len, size_t *from,
                         size_t *to)
{
    static const char key[] = "legacy";
    const size_t kl = sizeof key - 1;
    const char *e = text + len, *at = NULL;
    for (const char *p = text; p < e;) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *end = nl ? nl : e;
        if ((size_t)(end - p) >= kl && memcmp(p, key, kl) == 0) {
            const char *q = p + kl;
            while (q < end && (*q == ' ' || *q == '\t')) q++;
            if (q < end && *q == ':') {
                q++;
                while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
                if (q < end && *q != '#') return false; /* a flow list */
                if (at) return false;                    /* twice */
                at = p;
            }
        }
        p = nl ? nl + 1 : e;
    }
    if (!at) return false;
    *from = (size_t)(at - text);
    *to = len;
    for (const char *p = memchr(at, '\n', (size_t)(e - at)); p && p + 1 < e;
         p = memchr(p + 1, '\n', (size_t)(e - p - 1))) {
        char ch = p[1];
        if (ch == ' ' || ch == '\t' || ch == '#' || ch == '\n' || ch == '\r')
            continue;
        if (ch == '-' && !(e - p > 3 && p[2] == '-' && p[3] == '-'))
            continue;
        *to = (size_t)(p + 1 - text);
        break;
    }
    return true;
}

/* Whether scalar node n holds s (both absent counts as the same). */
static bool same_scalar(const ynode *n, const char *s)
{
    if (!n || !s) return !n && !s;
    return n->kind == YN_SCALAR && n->value && strcmp(n->value, s) == 0;
}

/*
 * The `legacy:` list of a tree parsed from the legacy lines alone, if it
 * is the list libcyaml loaded from the whole file: the same entries with
 * the same fact, scope and value.  NULL otherwise.
 */
static const ynode *legacy_checked(const ynode *root,
                                   const struct raw_file *r)
{
    if (!root || root->kind != YN_MAP || root->nkids != 2) return NULL;
    const ynode *list = ytree_get(root, "legacy");
    if (!list || list->kind != YN_SEQ || list->nkids != r->legacy_count)
        return NULL;
    for (size_t i = 0; i < list->nkids; i++) {
        const ynode *e = list->kids[i];
        const struct raw_legacy *l = &r->legacy[i];
        if (e->kind != YN_MAP || !same_scalar(ytree_get(e, "fact"), l->fact) ||
            !same_scalar(ytree_get(e, "scope"), l->scope) ||
            !same_scalar(ytree_get(e, "value"), l->value))
            return NULL;
    }
    return list;
}

/*
 * The `legacy:` list: how each member of a format-1 complaint reads in
 * format 2.  libcyaml cannot load `becomes` (a mapping of any members), so
 * the list is read from a tree: of the list's own lines when they can be
 * told apart and give the list libcyaml loaded (a parse of a few dozen
 * lines), else of the whole file (a second parse as long as libcyaml's).
 */
static void build_legacy(lctx *c, const struct raw_file *r, rsfile *f)
{
    char path[128];
    ytree t;
    memset(&t, 0, sizeof t);
    f->legacy = NULL;
    f->nlegacy = 0;
    if (!r->legacy) return; /* libcyaml found no legacy key */
    size_t from, to;
    remit_status st;
    const ynode *list = c->tree ? ytree_get(c->tree, "legacy") : NULL;
    if (!list && legacy_lines(c->text, c->len, &from, &to)) {
        st = ytree_parse(&t, c->a->alloc, c->a->ctx, c->text + from, to - from);
        if (st == REMIT_ENOMEM) {
            c->oom = true;
            ytree_free(&t);
            return;
        }
        if (st == REMIT_OK) list = legacy_checked(t.root, r);
        if (!list) ytree_free(&t);
    }
    if (!list) {
        st = ytree_parse(&t, c->a->alloc, c->a->ctx, c->text, c->len);
        if (st == REMIT_ENOMEM) c->oom = true;
        list = st == REMIT_OK && t.root ? ytree_get(t.root, "legacy") : NULL;
    }
    if (list && list->kind != YN_SEQ) {
        err_at(c, "yaml-shape", "legacy", false,
               "expected a list for legacy, found another kind of value");
        list = NULL;
    }
    if (list && list->nkids) {
        legacy_def *ld = arena_alloc(c->a, list->nkids * sizeof *ld);
        if (!ld) c->oom = true;
        for (size_t i = 0; ld && i < list->nkids && !c->oom; i++) {
            const ynode *e = list->kids[i];
            legacy_def *d = &ld[f->nlegacy];
            memset(d, 0, sizeof *d);
            const ynode *fact = e->kind == YN_MAP ? ytree_get(e, "fact") : NULL;
            const ynode *scope = e->kind == YN_MAP ? ytree_get(e, "scope") : NULL;
            const ynode *val = e->kind == YN_MAP ? ytree_get(e, "value") : NULL;
            const ynode *becomes = e->kind == YN_MAP ? ytree_get(e, "becomes") : NULL;
            path_fmt(path, sizeof path, "legacy/%zu", i);
            if (!fact || fact->kind != YN_SCALAR || !valid_name(fact->value) ||
                !scope || scope->kind != YN_SCALAR ||
                (strcmp(scope->value, "complaint") != 0 &&
                 strcmp(scope->value, "head") != 0) ||
                !becomes || becomes->kind != YN_MAP ||
                (val && val->kind != YN_SCALAR)) {
                err_at(c, "bad-legacy", path, false,
                       "a legacy entry needs 'fact' (the old member, "
                       "snake_case), 'scope' (complaint or head), 'becomes' "
                       "(a mapping of new members to values, {} to drop it) "
                       "and optionally 'value' (one value)");
                continue;
            }
            d->member = dup(c, fact->value);
            d->scope = strcmp(scope->value, "head") == 0 ? SCOPE_HEAD
                                                         : SCOPE_COMPLAINT;
            d->value = val ? dup(c, val->value) : NULL;
            size_t n = becomes->nkids / 2;
            legacy_set *sets = arena_alloc(c->a, (n + 1) * sizeof *sets);
            if (!sets) {
                c->oom = true;
                break;
            }
            bool ok = true;
            for (size_t k = 0; k < n; k++) {
                const ynode *key = becomes->kids[2 * k];
                const ynode *v = becomes->kids[2 * k + 1];
                path_fmt(path, sizeof path, "legacy/%zu/becomes/%s", i,
                         key->value ? key->value : "");
                const fact_def *fd = key->value ? fact_by_key(f, d->scope, key->value)
                                                : NULL;
                if (!fd || fd->derived || strchr(key->value, '.')) {
                    err_at(c, "bad-legacy", path, true,
                           "legacy: '%s' is not the member of a %s fact",
                           key->value ? key->value : "",
                           d->scope == SCOPE_HEAD ? "head" : "complaint");
                    ok = false;
                    continue;
                }
                sets[k].key = fd->key;
                if (!legacy_value(c, fd, v, path, &sets[k])) ok = false;
            }
            if (!ok) continue;
            d->sets = sets;
            d->nsets = n;
            f->nlegacy++;
        }
        f->legacy = ld;
    }
    ytree_free(&t);
}

/* Resolves source ids to the file's sources; reports unknown ones at
 * `where`/k.  Returns the count found (into cites, which has room). */
static size_t resolve_cites(lctx *c, const rsfile *f, char **ids, unsigned n,
                            const source_def **cites, const char *where,
                            const char *rule_id)
{
    char path[320];
    size_t found_n = 0;
    for (unsigned k = 0; k < n; k++) {
        const source_def *found = NULL;
        for (size_t j = 0; j < f->nsources && !found; j++)
            if (same_str(f->sources[j].id, ids[k])) found = &f->sources[j];
        if (!found) {
            path_fmt(path, sizeof path, "%s/%u", where, k);
            err_at(c, "unknown-source", path, false,
                   "rule '%s' cites '%s', which is not under 'sources'",
                   rule_id, ids[k]);
        } else {
            cites[found_n++] = found;
        }
    }
    return found_n;
}

/* A rule's `weighs:` list: each factor's leaning, condition (the rule's
 * scope), text and citations.  Only a discretionary rule weighs. */
static void build_factors(lctx *c, const struct raw_rule *s, unsigned i,
                          rule_def *d, const rsfile *f, const fact_def *facts,
                          size_t nfacts)
{
    char path[256];
    d->weighs = NULL;
    d->nweighs = 0;
    if (!s->weighs_count) return;
    if (!d->discretionary) {
        path_fmt(path, sizeof path, "rules/%u/weighs", i);
        err_at(c, "weighs-not-discretionary", path, true,
               "rule '%s' weighs factors but is not discretionary: only the "
               "Ombudsman's discretion weighs (add 'discretionary: true' or "
               "remove 'weighs')", s->id);
    }
    factor_def *fs = arena_alloc(c->a, s->weighs_count * sizeof *fs);
    if (!fs) {
        c->oom = true;
        return;
    }
    bool head_scope = strcmp(s->scope, "complaint") != 0;
    for (unsigned k = 0; k < s->weighs_count && !c->oom; k++) {
        const struct raw_factor *x = &s->weighs[k];
        factor_def *fd = &fs[k];
        memset(fd, 0, sizeof *fd);
        path_fmt(path, sizeof path, "rules/%u/weighs/%u/leans", i, k);
        if (strcmp(x->leans, "accept") == 0) fd->accept = true;
        else if (strcmp(x->leans, "decline") == 0) fd->accept = false;
        else
            err_at(c, "bad-leans", path, false,
                   "leans must be 'accept' or 'decline', not '%s'", x->leans);
        fd->says = dup_trim(c, x->says);
        if (blank(x->says)) {
            path_fmt(path, sizeof path, "rules/%u/weighs/%u/says", i, k);
            err_at(c, "empty-field", path, false,
                   "rule '%s': a factor needs 'says', what the Ombudsman "
                   "weighs in plain English", s->id);
        }
        fd->when = dup_trim(c, x->when);
        fd->cites = arena_alloc(c->a, (x->cite_count + 1) * sizeof *fd->cites);
        if (!fd->cites) {
            c->oom = true;
            return;
        }
        path_fmt(path, sizeof path, "rules/%u/weighs/%u/cite", i, k);
        fd->ncites = resolve_cites(c, f, x->cite, x->cite_count, fd->cites,
                                   path, s->id);
        path_fmt(path, sizeof path, "rules/%u/weighs/%u/when", i, k);
        fd->cond = compile(c, path, fd->when ? fd->when : "", facts, nfacts,
                           head_scope);
        if (fd->cond) {
            unsigned *reads = ruleset_reads(c->a, fd->cond, &fd->nreads);
            if (!reads) c->oom = true;
            fd->reads = reads;
        }
    }
    d->weighs = fs;
    d->nweighs = s->weighs_count;
}

static void build(lctx *c, const struct raw_file *r, rsfile *f)
{
    char path[256];
    const struct raw_header *h = r->ruleset;

    /* Header. */
    if (!valid_id(h->id))
        err_at(c, "bad-id", "ruleset/id", false,
               "ruleset id '%s' may hold only letters, digits, '-', '_' and "
               "'.'", h->id);
    f->id = dup(c, h->id);
    f->title = dup_trim(c, h->title);
    f->jurisdiction = dup_trim(c, h->jurisdiction);
    f->version = dup(c, h->version);
    f->law_checked = dup(c, h->law_checked);
    f->applies_text = dup_trim(c, h->applies_when);
    int64_t day;
    if (!date_parse(h->law_checked, strlen(h->law_checked), &day))
        err_at(c, "bad-date", "ruleset/law_checked", false,
               "law_checked must be a date YYYY-MM-DD, not '%s'",
               h->law_checked);

    /* Holidays. */
    int64_t *hol = arena_alloc(c->a, (r->holidays_count + 1) * sizeof *hol);
    if (!hol) {
        c->oom = true;
        return;
    }
    for (unsigned i = 0; i < r->holidays_count; i++) {
        if (!date_parse(r->holidays[i], strlen(r->holidays[i]), &hol[i])) {
            path_fmt(path, sizeof path, "holidays/%u", i);
            err_at(c, "bad-date", path, false,
                   "holiday '%s' is not a date YYYY-MM-DD", r->holidays[i]);
        }
    }
    qsort(hol, r->holidays_count, sizeof *hol, cmp_i64);
    f->holidays = hol;
    f->nholidays = r->holidays_count;

    /* Sources. */
    source_def *src = arena_alloc(c->a, r->sources_count * sizeof *src);
    if (!src) {
        c->oom = true;
        return;
    }
    for (unsigned i = 0; i < r->sources_count; i++) {
        const struct raw_source *s = &r->sources[i];
        path_fmt(path, sizeof path, "sources/%u/id", i);
        if (!valid_id(s->id))
            err_at(c, "bad-id", path, false,
                   "source id '%s' may hold only letters, digits, '-', '_' "
                   "and '.'", s->id);
        for (unsigned j = 0; j < i; j++)
            if (strcmp(r->sources[j].id, s->id) == 0)
                err_at(c, "duplicate-id", path, false,
                       "duplicate source id '%s' (also source %u)", s->id, j + 1);
        if (blank(s->quote)) {
            path_fmt(path, sizeof path, "sources/%u/quote", i);
            err_at(c, "empty-field", path, false,
                   "source '%s' needs a short quote", s->id);
        }
        src[i].id = dup(c, s->id);
        src[i].title = dup_trim(c, s->title);
        src[i].section = dup_trim(c, s->section);
        src[i].quote = dup_trim(c, s->quote);
        src[i].url = s->url ? dup(c, s->url) : NULL;
        src[i].document = s->document ? dup(c, s->document) : NULL;
        src[i].grounds = GROUNDS_NONE;
        if (s->grounds) {
            if (strcmp(s->grounds, "bar") == 0) src[i].grounds = GROUNDS_BAR;
            else if (strcmp(s->grounds, "discretion") == 0)
                src[i].grounds = GROUNDS_DISCRETION;
            else if (strcmp(s->grounds, "context") == 0)
                src[i].grounds = GROUNDS_CONTEXT;
            else {
                path_fmt(path, sizeof path, "sources/%u/grounds", i);
                err_at(c, "bad-grounds", path, false,
                       "grounds must be 'bar', 'discretion' or 'context', not "
                       "'%s'", s->grounds);
            }
        }
    }
    f->sources = src;
    f->nsources = r->sources_count;

    /* Contacts. */
    contact_def *con = arena_alloc(c->a, (r->contacts_count + 1) * sizeof *con);
    if (!con) {
        c->oom = true;
        return;
    }
    for (unsigned i = 0; i < r->contacts_count; i++) {
        const struct raw_contact *s = &r->contacts[i];
        path_fmt(path, sizeof path, "contacts/%u/id", i);
        if (!valid_id(s->id))
            err_at(c, "bad-id", path, false,
                   "contact id '%s' may hold only letters, digits, '-', '_' "
                   "and '.'", s->id);
        for (unsigned j = 0; j < i; j++)
            if (strcmp(r->contacts[j].id, s->id) == 0)
                err_at(c, "duplicate-id", path, false,
                       "duplicate contact id '%s'", s->id);
        con[i].id = dup(c, s->id);
        con[i].name = dup_trim(c, s->name);
        con[i].phone = s->phone ? dup(c, s->phone) : NULL;
        con[i].url = s->url ? dup(c, s->url) : NULL;
        con[i].note = s->note ? dup_trim(c, s->note) : NULL;
    }
    f->contacts = con;
    f->ncontacts = r->contacts_count;

    /* Facts. */
    fact_def *facts = arena_alloc(c->a, r->facts_count * sizeof *facts);
    if (!facts) {
        c->oom = true;
        return;
    }
    for (unsigned i = 0; i < r->facts_count; i++) {
        const struct raw_fact *s = &r->facts[i];
        fact_def *d = &facts[i];
        path_fmt(path, sizeof path, "facts/%u/name", i);
        if (!valid_name(s->name))
            err_at(c, "bad-name", path, false,
                   "fact name '%s' must be snake_case (a-z, 0-9, '_', "
                   "starting with a letter)", s->name);
        if (strcmp(s->name, "id") == 0 || strcmp(s->name, "heads") == 0 ||
            strcmp(s->name, HANDLING_OF) == 0 || strcmp(s->name, "format") == 0)
            err_at(c, "reserved-name", path, false,
                   "'%s' is reserved by the complaint format", s->name);
        for (unsigned j = 0; j < i; j++)
            if (strcmp(r->facts[j].name, s->name) == 0)
                err_at(c, "duplicate-id", path, false,
                       "duplicate fact '%s'", s->name);
        d->name = dup(c, s->name);
        d->key = dup(c, s->key ? s->key : s->name);
        /* The complaint reader looks members up by names of at most this
         * length: a longer one loaded, but its value was never read and
         * remit kept asking for it (found while cataloguing the limits). */
        size_t kl = strlen(s->key ? s->key : s->name);
        if (kl > REMIT_MAX_KEY_BYTES) {
            path_fmt(path, sizeof path, "facts/%u/%s", i, s->key ? "key" : "name");
            err_at(c, "too-long", path, false,
                   "the member name '%.40s...' of fact %u is %zu bytes long; "
                   "the limit is %u", s->key ? s->key : s->name, i + 1, kl,
                   REMIT_MAX_KEY_BYTES);
        } else if (s->key && !valid_key(s->key)) {
            path_fmt(path, sizeof path, "facts/%u/key", i);
            err_at(c, "bad-name", path, false,
                   "key '%s' must be a snake_case member name, or names "
                   "joined by '.' for a member of a nested object "
                   "(court.proceedings)", s->key);
        }
        if (s->key && (strcmp(s->key, "id") == 0 || strcmp(s->key, "heads") == 0 ||
                       strncmp(s->key, "heads.", 6) == 0 ||
                       strcmp(s->key, HANDLING_OF) == 0 ||
                       strcmp(s->key, "format") == 0)) {
            path_fmt(path, sizeof path, "facts/%u/key", i);
            err_at(c, "reserved-name", path, false,
                   "'%s' is reserved by the complaint format", s->key);
        }
        d->question = dup_trim(c, s->question);
        path_fmt(path, sizeof path, "facts/%u/what_if", i);
        d->what_if = parse_bool(c, path, s->what_if, false);
        d->help = dup_trim(c, s->help ? s->help : "");
        path_fmt(path, sizeof path, "facts/%u/scope", i);
        if (strcmp(s->scope, "complaint") == 0) d->scope = SCOPE_COMPLAINT;
        else if (strcmp(s->scope, "head") == 0) d->scope = SCOPE_HEAD;
        else
            err_at(c, "bad-scope", path, false,
                   "scope must be 'complaint' or 'head', not '%s'", s->scope);
        static const struct { const char *n; fact_type t; } types[] = {
            {"bool", FT_BOOL}, {"enum", FT_ENUM}, {"set", FT_SET},
            {"date", FT_DATE}, {"integer", FT_INT}, {"text", FT_TEXT}};
        d->type = FT_COUNT;
        for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
            if (strcmp(s->type, types[k].n) == 0) d->type = types[k].t;
        path_fmt(path, sizeof path, "facts/%u/type", i);
        if (d->type == FT_COUNT) {
            err_at(c, "bad-type", path, false,
                   "type must be one of bool, enum, set, date, integer, text; "
                   "not '%s'", s->type);
            d->type = FT_TEXT;
        }
        bool needs_values = d->type == FT_ENUM || d->type == FT_SET;
        if (needs_values && s->values_count == 0)
            err_at(c, "missing-values", path, false,
                   "fact '%s' is a %s: list its values under 'values'",
                   s->name, s->type);
        if (!needs_values && s->values_count) {
            path_fmt(path, sizeof path, "facts/%u/values", i);
            err_at(c, "unexpected-values", path, true,
                   "fact '%s' is a %s: only enum and set facts have values",
                   s->name, s->type);
        }
        if (s->values_count > REMIT_MAX_ENUM_VALUES) {
            path_fmt(path, sizeof path, "facts/%u/values", i);
            err_at(c, "too-many-values", path, true,
                   "fact '%s' has %u values; the limit is %u", s->name,
                   s->values_count, REMIT_MAX_ENUM_VALUES);
        }
        enum_value *vals =
            arena_alloc(c->a, (s->values_count + 1) * sizeof *vals);
        if (!vals) {
            c->oom = true;
            return;
        }
        for (unsigned k = 0; k < s->values_count; k++) {
            path_fmt(path, sizeof path, "facts/%u/values/%u/value", i, k);
            if (!valid_name(s->values[k].value))
                err_at(c, "bad-name", path, false,
                       "value '%s' must be snake_case", s->values[k].value);
            for (unsigned j = 0; j < k; j++)
                if (strcmp(s->values[j].value, s->values[k].value) == 0)
                    err_at(c, "duplicate-id", path, false,
                           "duplicate value '%s' of fact '%s'",
                           s->values[k].value, s->name);
            vals[k].value = dup(c, s->values[k].value);
            vals[k].label = dup_trim(c, s->values[k].label ? s->values[k].label : "");
        }
        d->values = vals;
        d->value_ids = arena_alloc(c->a, (s->values_count + 1) * sizeof *d->value_ids);
        d->value_labels =
            arena_alloc(c->a, (s->values_count + 1) * sizeof *d->value_labels);
        if (!d->value_ids || !d->value_labels) {
            c->oom = true;
            return;
        }
        for (unsigned k = 0; k < s->values_count; k++) {
            d->value_ids[k] = vals[k].value;
            d->value_labels[k] = vals[k].label;
        }
        d->nvalues = s->values_count > REMIT_MAX_ENUM_VALUES
                         ? REMIT_MAX_ENUM_VALUES : s->values_count;
        if (s->presume) {
            path_fmt(path, sizeof path, "facts/%u/presume", i);
            parse_presume(c, d, s->presume, path);
        }
        if (blank(s->question)) {
            path_fmt(path, sizeof path, "facts/%u/question", i);
            err_at(c, "empty-field", path, false,
                   "fact '%s' needs a question for the adviser", s->name);
        }
    }
    f->facts = facts;
    f->nfacts = r->facts_count;
    derived_fact(c, r, f, facts);
    build_legacy(c, r, f);
    for (unsigned i = 0; i < r->facts_count; i++)
        for (unsigned j = 0; j < i; j++)
            if (facts[i].scope == facts[j].scope &&
                strcmp(facts[i].key, facts[j].key) == 0 &&
                strcmp(facts[i].name, facts[j].name) != 0) {
                path_fmt(path, sizeof path, "facts/%u", i);
                err_at(c, "duplicate-id", path, false,
                       "facts '%s' and '%s' read the same JSON member '%s'",
                       facts[j].name, facts[i].name, facts[i].key);
            }

    /* Outcomes. */
    outcome_def *out = arena_alloc(c->a, r->outcomes_count * sizeof *out);
    if (!out) {
        c->oom = true;
        return;
    }
    for (unsigned i = 0; i < r->outcomes_count; i++) {
        const struct raw_outcome *s = &r->outcomes[i];
        path_fmt(path, sizeof path, "outcomes/%u/id", i);
        if (!valid_name(s->id))
            err_at(c, "bad-name", path, false,
                   "outcome id '%s' must be snake_case", s->id);
        for (size_t k = 0; k < 3; k++)
            if (strcmp(s->id, reserved_outcomes[k]) == 0)
                err_at(c, "reserved-name", path, false,
                       "'%s' is reserved by the engine and cannot be declared",
                       s->id);
        for (unsigned j = 0; j < i; j++)
            if (strcmp(r->outcomes[j].id, s->id) == 0)
                err_at(c, "duplicate-id", path, false,
                       "duplicate outcome '%s'", s->id);
        out[i].id = dup(c, s->id);
        out[i].label = dup_trim(c, s->label);
        out[i].description = dup_trim(c, s->description ? s->description : "");
        out[i].label_discretionary =
            s->label_discretionary ? dup_trim(c, s->label_discretionary) : NULL;
        if (s->label_discretionary && blank(s->label_discretionary)) {
            path_fmt(path, sizeof path, "outcomes/%u/label_discretionary", i);
            err_at(c, "empty-field", path, false,
                   "outcome '%s': label_discretionary is empty", s->id);
        }
        path_fmt(path, sizeof path, "outcomes/%u/in_scope", i);
        out[i].in_scope = parse_bool(c, path, s->in_scope, false);
        path_fmt(path, sizeof path, "outcomes/%u/outside_remit", i);
        out[i].outside_remit = parse_bool(c, path, s->outside_remit, false);
        if (out[i].outside_remit && out[i].in_scope)
            err_at(c, "bad-bool", path, false,
                   "outcome '%s' is in scope: it cannot be outside the remit",
                   s->id);
    }
    f->outcomes = out;
    f->noutcomes = r->outcomes_count;
    if (f->handled_slot >= 0) {
        bool any = false;
        for (unsigned i = 0; i < r->outcomes_count; i++)
            if (out[i].outside_remit) any = true;
        if (!any)
            err_at(c, "no-outside-remit", "outcomes", true,
                   "fact '" HANDLED_MATTER "' is declared, so mark the outcomes "
                   "that put a matter outside the Ombudsman's remit with "
                   "'outside_remit: true' (the engine reads them to set it)");
    }
    f->default_outcome = 0;
    {
        bool found = false;
        for (unsigned i = 0; i < r->outcomes_count; i++)
            if (strcmp(r->outcomes[i].id, r->default_outcome) == 0) {
                f->default_outcome = (int)i;
                found = true;
            }
        if (!found)
            err_at(c, "unknown-outcome", "default_outcome", false,
                   "default_outcome '%s' is not a declared outcome",
                   r->default_outcome);
    }

    if (c->oom) return;

    /* applies_when: complaint facts only. */
    f->applies = compile(c, "ruleset/applies_when", f->applies_text, facts,
                         r->facts_count, false);
    if (f->applies) {
        f->applies_reads = ruleset_reads(c->a, f->applies, &f->napplies_reads);
        if (!f->applies_reads) c->oom = true;
    }

    /* Rules. */
    rule_def *rules = arena_alloc(c->a, r->rules_count * sizeof *rules);
    if (!rules) {
        c->oom = true;
        return;
    }
    for (unsigned i = 0; i < r->rules_count && !c->oom; i++) {
        const struct raw_rule *s = &r->rules[i];
        rule_def *d = &rules[i];
        path_fmt(path, sizeof path, "rules/%u/id", i);
        if (!valid_id(s->id))
            err_at(c, "bad-id", path, false,
                   "rule id '%s' may hold only letters, digits, '-', '_' and "
                   "'.'", s->id);
        for (unsigned j = 0; j < i; j++)
            if (strcmp(r->rules[j].id, s->id) == 0)
                err_at(c, "duplicate-id", path, false,
                       "duplicate rule id '%s' (also rule %u)", s->id, j + 1);
        d->id = dup(c, s->id);
        d->title = dup_trim(c, s->title);
        d->explanation = dup_trim(c, s->explanation);
        d->discretion = s->discretion ? dup_trim(c, s->discretion) : NULL;
        d->when = dup_trim(c, s->when);
        path_fmt(path, sizeof path, "rules/%u/discretionary", i);
        d->discretionary = parse_bool(c, path, s->discretionary, false);
        path_fmt(path, sizeof path, "rules/%u/outside_remit", i);
        d->outside_remit =
            s->outside_remit ? parse_bool(c, path, s->outside_remit, false) : -1;
        path_fmt(path, sizeof path, "rules/%u/scope", i);
        if (strcmp(s->scope, "complaint") == 0) d->scope = SCOPE_COMPLAINT;
        else if (strcmp(s->scope, "head") == 0) d->scope = SCOPE_HEAD;
        else
            err_at(c, "bad-scope", path, false,
                   "scope must be 'complaint' or 'head', not '%s'", s->scope);
        path_fmt(path, sizeof path, "rules/%u/outcome", i);
        d->outcome = OUTCOME_NOTE;
        if (strcmp(s->outcome, "note") != 0) {
            bool found = false;
            for (unsigned k = 0; k < r->outcomes_count; k++)
                if (strcmp(r->outcomes[k].id, s->outcome) == 0) {
                    d->outcome = (int)k;
                    found = true;
                }
            if (!found)
                err_at(c, "unknown-outcome", path, false,
                       "rule '%s': outcome '%s' is not declared under "
                       "'outcomes' (nor 'note')", s->id, s->outcome);
        }
        if (d->outside_remit == 1 &&
            (d->outcome < 0 || f->outcomes[d->outcome].in_scope)) {
            path_fmt(path, sizeof path, "rules/%u/outside_remit", i);
            err_at(c, "bad-bool", path, false,
                   "rule '%s': only a rule whose outcome is not in scope can "
                   "put the matter outside the remit", s->id);
        }
        if (d->discretionary && blank(s->discretion)) {
            path_fmt(path, sizeof path, "rules/%u/discretionary", i);
            err_at(c, "missing-discretion", path, false,
                   "rule '%s' is discretionary: say under 'discretion' what "
                   "the Ombudsman weighs", s->id);
        }
        if (blank(s->explanation)) {
            path_fmt(path, sizeof path, "rules/%u/explanation", i);
            err_at(c, "empty-field", path, false,
                   "rule '%s' needs an explanation", s->id);
        }
        /* Citations. */
        d->cites = arena_alloc(c->a, (s->cite_count + 1) * sizeof *d->cites);
        if (!d->cites) {
            c->oom = true;
            break;
        }
        d->ncites = 0;
        for (unsigned k = 0; k < s->cite_count; k++) {
            const source_def *found = NULL;
            for (size_t j = 0; j < f->nsources && !found; j++)
                if (same_str(src[j].id, s->cite[k])) found = &src[j];
            if (!found) {
                path_fmt(path, sizeof path, "rules/%u/cite/%u", i, k);
                err_at(c, "unknown-source", path, false,
                       "rule '%s' cites '%s', which is not under 'sources'",
                       s->id, s->cite[k]);
            } else {
                d->cites[d->ncites++] = found;
            }
        }
        /* Next steps. */
        step_def *steps =
            arena_alloc(c->a, (s->next_steps_count + 1) * sizeof *steps);
        if (!steps) {
            c->oom = true;
            break;
        }
        for (unsigned k = 0; k < s->next_steps_count; k++) {
            steps[k].text = dup_trim(c, s->next_steps[k].text);
            steps[k].contact = NULL;
            steps[k].by_text = NULL;
            steps[k].by = NULL;
            if (s->next_steps[k].by) {
                path_fmt(path, sizeof path, "rules/%u/next_steps/%u/by", i, k);
                steps[k].by_text = dup_trim(c, s->next_steps[k].by);
                expr_error e;
                expr_node *n = steps[k].by_text
                                   ? expr_parse(c->a, steps[k].by_text,
                                                strlen(steps[k].by_text), &e)
                                   : NULL;
                resolve_env env = {facts, r->facts_count,
                                   strcmp(s->scope, "complaint") != 0};
                if (!n) {
                    if (steps[k].by_text) expr_err_at(c, path, steps[k].by_text, &e);
                } else if (!expr_resolve_date(n, &env, &e)) {
                    expr_err_at(c, path, steps[k].by_text, &e);
                } else {
                    steps[k].by = n;
                }
            }
            const char *cid = s->next_steps[k].contact;
            if (cid) {
                for (size_t j = 0; j < f->ncontacts && !steps[k].contact; j++)
                    if (same_str(con[j].id, cid)) steps[k].contact = &con[j];
                if (!steps[k].contact) {
                    path_fmt(path, sizeof path, "rules/%u/next_steps/%u/contact",
                             i, k);
                    err_at(c, "unknown-contact", path, false,
                           "rule '%s': contact '%s' is not under 'contacts'",
                           s->id, cid);
                }
            }
        }
        d->steps = steps;
        d->nsteps = s->next_steps_count;
        build_factors(c, s, i, d, f, facts, r->facts_count);
        /* Condition. */
        path_fmt(path, sizeof path, "rules/%u/when", i);
        /* An invalid scope was reported above: compile as a head rule so
         * that it does not cause a second, misleading error. */
        bool head_scope = strcmp(s->scope, "complaint") != 0;
        d->cond = compile(c, path, d->when ? d->when : "", facts,
                          r->facts_count, head_scope);
        if (d->cond) {
            unsigned *reads = ruleset_reads(c->a, d->cond, &d->nreads);
            if (!reads) c->oom = true;
            d->reads = reads;
        }
    }
    f->rules = rules;
    f->nrules = r->rules_count;
}

remit_status loader_load(remit_ruleset *rs, const char *name, const char *text,
                         size_t len, remit_diagnostics *diags)
{
    lctx *c = arena_raw_alloc(&rs->mem, sizeof *c);
    if (!c) return REMIT_ENOMEM;
    memset(c, 0, sizeof *c);
    c->rs = rs;
    c->a = &rs->mem;
    c->diags = diags;
    c->name = arena_strdup(&rs->mem, name);
    char *copy = arena_raw_alloc(&rs->mem, len + 1);
    if (!copy || !c->name) {
        arena_raw_free(&rs->mem, copy);
        arena_raw_free(&rs->mem, c);
        return REMIT_ENOMEM;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    arena_init(&c->scratch, rs->mem.alloc, rs->mem.ctx);
    c->text = copy;
    c->len = len;
    remit_status st = REMIT_OK;
    size_t errors_before = diag_errors(diags);

    if (len > REMIT_MAX_RULES_FILE_BYTES) {
        diag_pos pos = {name, 0, 0, NULL, NULL};
        diag_add(diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, "too-large", &pos,
                 "rule file too large (%zu bytes; the limit is %u)", len,
                 REMIT_MAX_RULES_FILE_BYTES);
        st = REMIT_ERULES;
        goto out;
    }
    if (memchr(copy, '\0', len)) {
        diag_pos pos = {name, 0, 0, NULL, NULL};
        diag_add(diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, "yaml-syntax", &pos,
                 "rule file contains a NUL byte");
        st = REMIT_ERULES;
        goto out;
    }
    /* Rule texts are shown to people, in terminals too: no control
     * characters but tab and line feed.  Only a double-quoted escape can
     * make one (libyaml refuses them written out), so look only when the
     * text has an escape that could.  A "\0" would also cut a string short. */
    unsigned cl, cc;
    long cp;
    if (yamlpos_may_have_control(copy, len) &&
        yamlpos_control(copy, len, &cl, &cc, &cp)) {
        diag_pos pos = {name, cl, cc, NULL, yamlpos_line(copy, len, cl)};
        diag_add(diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, "control-character",
                 &pos, "control character U+%04lX in a string (rule texts "
                 "are for people: only tab and line feed are allowed)", cp);
        st = REMIT_ERULES;
        goto out;
    }

    cyaml_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.log_fn = cyaml_log_adapter;
    cfg.log_ctx = c;
    cfg.mem_fn = cyaml_mem_adapter;
    cfg.mem_ctx = c;
    cfg.log_level = CYAML_LOG_ERROR;
    cfg.flags = CYAML_CFG_NO_ALIAS;

    struct raw_file *raw = fast_load(c);
    if (c->oom) {
        st = REMIT_ENOMEM;
        goto out;
    }
    cyaml_err_t err = CYAML_OK;
    if (!raw)
        err = cyaml_load_data((const uint8_t *)copy, len, &cfg, &file_schema,
                              (cyaml_data_t **)&raw, NULL);
    if (err == CYAML_ERR_OOM) {
        st = REMIT_ENOMEM;
        goto out;
    }
    if (err != CYAML_OK) {
        /* libcyaml stops at the first problem of shape: shape.c reports
         * every one.  libcyaml's own message is the fallback. */
        shape_counts sc = {0, 0};
        if (err == CYAML_ERR_LIBYAML_PARSER ||
            shape_check(&rs->mem, c->name, copy, len, diags, &sc, NULL) !=
                REMIT_OK ||
            sc.structural == 0)
            report_cyaml(c, err);
        st = REMIT_ERULES;
        goto out;
    }
    if (!raw) {
        diag_pos pos = {name, 1, 1, NULL, NULL};
        diag_add(diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, "empty-file", &pos,
                 "the rule file is empty: expected a mapping with ruleset, "
                 "sources, facts, outcomes, default_outcome and rules");
        st = REMIT_ERULES;
        goto out;
    }

    rsfile *files = arena_raw_realloc(&rs->mem, rs->files,
                                      (rs->nfiles + 1) * sizeof *files);
    if (!files) {
        st = REMIT_ENOMEM;
        goto out;
    }
    rs->files = files;
    rsfile *f = &files[rs->nfiles];
    memset(f, 0, sizeof *f);
    f->file = c->name;
    char digest[72];
    sha256_hex(copy, len, digest);
    f->digest = arena_strdup(&rs->mem, digest);
    if (!f->digest) c->oom = true;

    build(c, raw, f);
    if (c->oom) st = REMIT_ENOMEM;
    else if (diag_errors(diags) > errors_before) st = REMIT_ERULES;
    else rs->nfiles++;
out:
    /* A diagnostic lost for lack of memory leaves the list incomplete:
     * that is out of memory, not "invalid rules" with part of the list. */
    if (st == REMIT_ERULES && diags && diags->oom) st = REMIT_ENOMEM;
    arena_free_all(&c->scratch); /* libcyaml's data */
    arena_raw_free(&rs->mem, copy);
    arena_raw_free(&rs->mem, c);
    return st;
}
