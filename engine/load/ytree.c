/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ytree.c -- builds a YAML document tree with positions from libyaml's
 * event stream.  Consumes YAML text; produces ynodes in an arena, with byte
 * offsets for editing the text and 1-based line:column for messages.
 */
#include "ytree.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 64

/* An open collection: its node and the kids read so far. */
typedef struct frame {
    ynode *node;
    ynode **kids;
    size_t n, cap;
} frame;

/* Line starts of the text, to turn libyaml's (line, character column)
 * marks into byte offsets. */
typedef struct lines {
    size_t *start;
    size_t n;
} lines;

static size_t utf8_advance(const char *text, size_t len, size_t at,
                           size_t chars)
{
    while (chars > 0 && at < len && text[at] != '\n') {
        at++;
        while (at < len && ((unsigned char)text[at] & 0xC0u) == 0x80u) at++;
        chars--;
    }
    return at;
}

size_t ytree_offset(const char *text, size_t len, unsigned line,
                    unsigned column)
{
    size_t at = 0;
    for (unsigned l = 1; l < line && at < len; at++)
        if (text[at] == '\n') l++;
    return utf8_advance(text, len, at, column ? column - 1 : 0);
}

void ytree_position(const char *text, size_t len, size_t offset,
                    unsigned *line, unsigned *column)
{
    unsigned l = 1, c = 1;
    for (size_t k = 0; k < offset && k < len; k++) {
        if (text[k] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[k] & 0xC0u) != 0x80u) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

static size_t mark_offset(const lines *ls, const char *text, size_t len,
                          const yaml_mark_t *m)
{
    if (m->line >= ls->n) return len;
    return utf8_advance(text, len, ls->start[m->line], m->column);
}

static ynode *new_node(ytree *t, ynode_kind kind, const yaml_event_t *ev,
                       const lines *ls, const char *text, size_t len)
{
    ynode *n = arena_alloc(&t->mem, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->start = mark_offset(ls, text, len, &ev->start_mark);
    n->end = mark_offset(ls, text, len, &ev->end_mark);
    n->line = (unsigned)ev->start_mark.line + 1;
    n->column = (unsigned)ev->start_mark.column + 1;
    return n;
}

/* Appends node n to the open collection f. */
static bool push_kid(ytree *t, frame *f, ynode *n)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        ynode **k = arena_raw_realloc(&t->mem, f->kids, cap * sizeof *k);
        if (!k) return false;
        f->kids = k;
        f->cap = cap;
    }
    f->kids[f->n++] = n;
    return true;
}

/* Moves the kids of a closed collection into the arena. */
static bool close_frame(ytree *t, frame *f)
{
    ynode *n = f->node;
    n->nkids = f->n;
    if (f->n) {
        n->kids = arena_alloc(&t->mem, f->n * sizeof *n->kids);
        if (!n->kids) {
            /* The caller pops the frame: its list goes too. */
            arena_raw_free(&t->mem, f->kids);
            f->kids = NULL;
            f->n = f->cap = 0;
            return false;
        }
        memcpy(n->kids, f->kids, f->n * sizeof *n->kids);
    }
    arena_raw_free(&t->mem, f->kids);
    f->kids = NULL;
    f->n = f->cap = 0;
    return true;
}

remit_status ytree_parse(ytree *t, remit_alloc_fn fn, void *ctx,
                         const char *text, size_t len)
{
    memset(t, 0, sizeof *t);
    arena_init(&t->mem, fn, ctx);
    lines ls = {NULL, 0};
    size_t nl = 1;
    for (size_t k = 0; k < len; k++)
        if (text[k] == '\n') nl++;
    ls.start = arena_raw_alloc(&t->mem, (nl + 1) * sizeof *ls.start);
    if (!ls.start) return REMIT_ENOMEM;
    ls.start[ls.n++] = 0;
    for (size_t k = 0; k < len; k++)
        if (text[k] == '\n') ls.start[ls.n++] = k + 1;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        arena_raw_free(&t->mem, ls.start);
        return REMIT_ENOMEM;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    frame st[MAX_DEPTH];
    int depth = -1;
    remit_status status = REMIT_OK;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            if (parser.error == YAML_MEMORY_ERROR) {
                status = REMIT_ENOMEM;
                break;
            }
            t->line = (unsigned)parser.problem_mark.line + 1;
            t->column = (unsigned)parser.problem_mark.column + 1;
            snprintf(t->problem, sizeof t->problem, "%s%s%s",
                     parser.problem ? parser.problem : "error",
                     parser.context ? " " : "",
                     parser.context ? parser.context : "");
            status = REMIT_ERULES;
            break;
        }
        ynode *n = NULL;
        switch (ev.type) {
        case YAML_SCALAR_EVENT:
            n = new_node(t, YN_SCALAR, &ev, &ls, text, len);
            if (n) {
                n->value = arena_strndup(&t->mem, (const char *)ev.data.scalar.value,
                                         ev.data.scalar.length);
                n->len = ev.data.scalar.length;
                n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                if (ev.data.scalar.anchor)
                    n->anchor = arena_strdup(&t->mem, (const char *)ev.data.scalar.anchor);
                if (!n->value || (ev.data.scalar.anchor && !n->anchor)) n = NULL;
            }
            if (!n) status = REMIT_ENOMEM;
            break;
        case YAML_ALIAS_EVENT:
            n = new_node(t, YN_ALIAS, &ev, &ls, text, len);
            if (n) {
                n->value = arena_strdup(&t->mem, (const char *)ev.data.alias.anchor);
                if (!n->value) n = NULL;
            }
            if (!n) status = REMIT_ENOMEM;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            bool map = ev.type == YAML_MAPPING_START_EVENT;
            if (depth + 1 >= MAX_DEPTH) {
                snprintf(t->problem, sizeof t->problem,
                         "nesting deeper than %d levels", MAX_DEPTH);
                t->line = (unsigned)ev.start_mark.line + 1;
                t->column = (unsigned)ev.start_mark.column + 1;
                status = REMIT_ERULES;
                break;
            }
            ynode *c = new_node(t, map ? YN_MAP : YN_SEQ, &ev, &ls, text, len);
            if (!c) {
                status = REMIT_ENOMEM;
                break;
            }
            c->flow = map ? ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                          : ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
            const yaml_char_t *anchor = map ? ev.data.mapping_start.anchor
                                            : ev.data.sequence_start.anchor;
            if (anchor) {
                c->anchor = arena_strdup(&t->mem, (const char *)anchor);
                if (!c->anchor) {
                    status = REMIT_ENOMEM;
                    break;
                }
            }
            depth++;
            memset(&st[depth], 0, sizeof st[depth]);
            st[depth].node = c;
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth < 0) break;
            st[depth].node->end = mark_offset(&ls, text, len, &ev.end_mark);
            n = st[depth].node;
            if (!close_frame(t, &st[depth])) {
                status = REMIT_ENOMEM;
                n = NULL;
            }
            depth--;
            break;
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (status != REMIT_OK) break;
        /* A completed node joins its parent, or is the root. */
        if (n) {
            if (depth >= 0) {
                if (!push_kid(t, &st[depth], n)) status = REMIT_ENOMEM;
            } else if (!t->root) {
                t->root = n;
            }
        }
        if (status != REMIT_OK) break;
    }
    for (; depth >= 0; depth--) arena_raw_free(&t->mem, st[depth].kids);
    yaml_parser_delete(&parser);
    arena_raw_free(&t->mem, ls.start);
    /* An empty document is a null plain scalar. */
    if (status == REMIT_OK && t->root && t->root->kind == YN_SCALAR &&
        t->root->plain && t->root->len == 0)
        t->root = NULL;
    return status;
}

void ytree_free(ytree *t)
{
    if (t) arena_free_all(&t->mem);
}

const ynode *ytree_anchor(const ynode *n, const char *anchor)
{
    if (!n) return NULL;
    if (n->anchor && strcmp(n->anchor, anchor) == 0) return n;
    for (size_t k = 0; k < n->nkids; k++) {
        const ynode *f = ytree_anchor(n->kids[k], anchor);
        if (f) return f;
    }
    return NULL;
}

const ynode *ytree_get(const ynode *map, const char *key)
{
    if (!map || map->kind != YN_MAP) return NULL;
    for (size_t k = 0; k + 1 < map->nkids; k += 2) {
        const ynode *kn = map->kids[k];
        if (kn->kind == YN_SCALAR && strcmp(kn->value, key) == 0)
            return map->kids[k + 1];
    }
    return NULL;
}
