/* SPDX-License-Identifier: Apache-2.0 */
/*
 * resolve.c -- the resolver: checks a parsed condition against the fact
 * vocabulary and gives every node its static type.  Facts become slot
 * numbers, string literals become enum value indexes, lists become masks.
 * Produces the compiled tree the evaluator walks; reports the first type
 * or name error with its span.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "ruleset.h"

typedef struct rctx {
    const resolve_env *env;
    expr_error *err;
    bool failed;
} rctx;

REMIT_PRINTF(4, 5)
static bool fail(rctx *c, const char *code, const expr_node *n,
                 const char *fmt, ...)
{
    if (c->failed) return false;
    c->failed = true;
    c->err->pos = n->pos;
    c->err->len = n->len ? n->len : 1;
    c->err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
    va_end(ap);
    return false;
}

const char *fact_type_name(fact_type t)
{
    switch (t) {
    case FT_BOOL: return "bool";
    case FT_INT: return "integer";
    case FT_DATE: return "date";
    case FT_ENUM: return "enum";
    case FT_SET: return "set";
    case FT_TEXT: return "text";
    case FT_DURATION: return "duration";
    case FT_STRING: return "string";
    case FT_LIST: return "list";
    default: return "?";
    }
}

/* A string literal for a message: at most 60 characters and 100 bytes,
 * cut before a character, never inside one (found by fuzz_expr: the whole
 * literal was quoted, and a message buffer could cut it in the middle of a
 * letter; then 60 four-byte letters still overflowed the 128 bytes that
 * describe() writes into). */
static const char *literal(const char *s, char *out, size_t size)
{
    size_t n = strlen(s), chars = 0, k = 0;
    while (k < n && chars < 60) {
        size_t next = k + 1;
        while (next < n && ((unsigned char)s[next] & 0xc0) == 0x80) next++;
        if (next > 100) break;
        k = next;
        chars++;
    }
    snprintf(out, size, "%.*s%s", (int)k, s, k < n ? "..." : "");
    return out;
}

/* A phrase for a typed node in messages, with its article: "a date fact
 * 'first_aware_date'", "an integer", "the string \"a\"". */
static void describe(const expr_node *n, char *out, size_t size)
{
    const char *t = fact_type_name(n->type);
    const char *art = (t[0] == 'e' || t[0] == 'i') ? "an" : "a";
    if (n->op == OP_FACT)
        snprintf(out, size, "%s %s fact '%s'", art, t, n->name);
    else if (n->op == OP_STR) {
        char lit[104]; /* literal() writes at most 100 bytes and "..." */
        snprintf(out, size, "the string \"%s\"",
                 literal(n->name, lit, sizeof lit));
    }
    else if (n->op == OP_CALL && n->name)
        snprintf(out, size, "%s %s from %s()", art, t, n->name);
    else
        snprintf(out, size, "%s %s", art, t);
}

/* Levenshtein distance, capped, for "did you mean" suggestions. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63) return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

void ruleset_allowed_values(const fact_def *f, char *out, size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t k = 0; k < f->nvalues && at < size; k++) {
        int w = snprintf(out + at, size - at, "%s\"%s\"", k ? ", " : "",
                         f->values[k].value);
        if (w < 0) break;
        at += (size_t)w;
    }
}

void ruleset_pointer(buf *b, const fact_def *f, int head)
{
    if (head >= 0) buf_printf(b, "/heads/%d", head);
    buf_putc(b, '/');
    for (const char *s = f->key; *s; s++) {
        if (*s == '~') buf_add(b, "~0", 2);
        else if (*s == '/') buf_add(b, "~1", 2);
        else if (*s == '.') buf_putc(b, '/'); /* nested member */
        else buf_putc(b, *s);
    }
}

/* Binds string literal s to a value of enum/set fact f. */
static bool bind_value(rctx *c, expr_node *s, const fact_def *f)
{
    for (size_t k = 0; k < f->nvalues; k++)
        if (strcmp(f->values[k].value, s->name) == 0) {
            s->i = (int64_t)k;
            s->mask = (uint64_t)1 << k;
            s->type = FT_ENUM;
            s->en = f;
            return true;
        }
    char allowed[400], lit[256];
    ruleset_allowed_values(f, allowed, sizeof allowed);
    return fail(c, "unknown-value", s,
                "\"%s\" is not a value of '%s' (allowed: %s)",
                literal(s->name, lit, sizeof lit), f->name, allowed);
}

static bool resolve(rctx *c, expr_node *n);

static bool resolve_kids(rctx *c, expr_node *n)
{
    for (unsigned k = 0; k < n->nkids; k++)
        if (!resolve(c, n->kids[k])) return false;
    return true;
}

/* Text is shown to people, never compared: only known() may test it. */
static bool text_error(rctx *c, const expr_node *n)
{
    if (n->op == OP_FACT)
        return fail(c, "expr-type", n,
                    "'%s' is a text fact: a condition can only test "
                    "known(%s)", n->name, n->name);
    return fail(c, "expr-type", n,
                "this is text: a condition can only test whether text is "
                "known()");
}

/* Two enum (or set) facts are comparable when they declare the same values
 * in the same order: their value indexes then mean the same thing. */
static bool same_values(const fact_def *a, const fact_def *b)
{
    if (a == b) return true;
    if (!a || !b || a->nvalues != b->nvalues) return false;
    for (size_t k = 0; k < a->nvalues; k++)
        if (strcmp(a->values[k].value, b->values[k].value) != 0) return false;
    return true;
}

static bool want(rctx *c, expr_node *n, fact_type t, const char *what)
{
    if (n->type == t) return true;
    char d[128];
    describe(n, d, sizeof d);
    if (n->type == FT_TEXT)
        return text_error(c, n);
    const char *tn = fact_type_name(t);
    return fail(c, "expr-type", n, "%s needs %s %s, but this is %s", what,
                (tn[0] == 'e' || tn[0] == 'i') ? "an" : "a", tn, d);
}

/* Makes both sides of a comparison the same type, binding a string literal
 * to the enum on the other side. */
static bool unify(rctx *c, expr_node *op, expr_node *l, expr_node *r)
{
    if (l->type == FT_STRING && r->type == FT_ENUM) return bind_value(c, l, r->en);
    if (r->type == FT_STRING && l->type == FT_ENUM) return bind_value(c, r, l->en);
    const expr_node *bad = NULL;
    if (l->type == FT_TEXT) bad = l;
    else if (r->type == FT_TEXT) bad = r;
    if (bad) return text_error(c, bad);
    if (l->type == FT_STRING && r->type == FT_STRING)
        return fail(c, "expr-type", op,
                    "comparing two strings: one side must be an enum fact");
    if (l->type != r->type) {
        char dl[128], dr[128];
        describe(l, dl, sizeof dl);
        describe(r, dr, sizeof dr);
        return fail(c, "expr-type", op, "cannot compare %s with %s", dl, dr);
    }
    if (l->type == FT_ENUM && !same_values(l->en, r->en))
        return fail(c, "expr-type", op,
                    "cannot compare enum facts '%s' and '%s': their values "
                    "differ", l->en->name, r->en->name);
    if (l->type == FT_SET || l->type == FT_DURATION || l->type == FT_LIST)
        return fail(c, "expr-type", op, "cannot compare %s values with '%s'",
                    fact_type_name(l->type), expr_op_text(op->op));
    return true;
}

static bool resolve_fact(rctx *c, expr_node *n)
{
    const resolve_env *e = c->env;
    for (size_t k = 0; k < e->nfacts; k++) {
        const fact_def *f = &e->facts[k];
        if (f->name[0] != n->name[0] || strcmp(f->name, n->name) != 0) continue;
        if (f->scope == SCOPE_HEAD && !e->allow_head)
            return fail(c, "scope-mismatch", n,
                        "'%s' is a fact of each head of complaint; here only "
                        "whole-complaint facts can be read (make the rule "
                        "'scope: head')", n->name);
        n->slot = (unsigned)k;
        n->type = f->type;
        n->en = f;
        return true;
    }
    const char *best = NULL;
    size_t bd = 3;
    for (size_t k = 0; k < e->nfacts; k++) {
        size_t d = edit_distance(n->name, e->facts[k].name);
        if (d < bd) {
            bd = d;
            best = e->facts[k].name;
        }
    }
    if (best)
        return fail(c, "unknown-fact", n,
                    "unknown fact '%s' (did you mean '%s'?)", n->name, best);
    return fail(c, "unknown-fact", n,
                "unknown fact '%s': declare it under 'facts'", n->name);
}

static bool resolve_call(rctx *c, expr_node *n)
{
    if (!resolve_kids(c, n)) return false;
    expr_node **k = n->kids;
    switch (n->func) {
    case FN_known:
        if (k[0]->type == FT_DURATION || k[0]->type == FT_LIST ||
            k[0]->type == FT_STRING)
            return fail(c, "expr-type", k[0],
                        "known() takes a fact or a value computed from facts");
        n->type = FT_BOOL;
        return true;
    case FN_has: {
        if (k[0]->type != FT_SET)
            return fail(c, "expr-type", k[0],
                        "has() needs a set fact as its first argument");
        const fact_def *f = k[0]->en;
        if (k[1]->type == FT_STRING) {
            if (!bind_value(c, k[1], f)) return false;
        } else if (k[1]->op == OP_LIST) {
            k[1]->mask = 0;
            for (unsigned j = 0; j < k[1]->nkids; j++) {
                expr_node *it = k[1]->kids[j];
                if (it->type != FT_STRING)
                    return fail(c, "expr-type", it,
                                "has() lists values of '%s' as strings",
                                f->name);
                if (!bind_value(c, it, f)) return false;
                k[1]->mask |= it->mask;
            }
        } else {
            return fail(c, "expr-type", k[1],
                        "has() needs a value (\"v\") or a list of values as "
                        "its second argument");
        }
        n->type = FT_BOOL;
        return true;
    }
    case FN_first_known: {
        fact_type t = FT_COUNT;
        const fact_def *en = NULL;
        for (unsigned j = 0; j < n->nkids; j++)
            if (k[j]->type != FT_STRING) {
                t = k[j]->type;
                en = k[j]->en;
                break;
            }
        if (t == FT_COUNT)
            return fail(c, "expr-type", n,
                        "first_known() needs at least one fact argument");
        for (unsigned j = 0; j < n->nkids; j++) {
            if (k[j]->type == FT_STRING && t == FT_ENUM) {
                if (!bind_value(c, k[j], en)) return false;
            } else if (k[j]->type == FT_ENUM && t == FT_ENUM &&
                       !same_values(k[j]->en, en)) {
                return fail(c, "expr-type", k[j],
                            "first_known() arguments must be enum facts with "
                            "the same values ('%s' and '%s' differ)",
                            en->name, k[j]->en->name);
            } else if (k[j]->type != t) {
                char d[128];
                describe(k[j], d, sizeof d);
                return fail(c, "expr-type", k[j],
                            "first_known() arguments must all be of one "
                            "type (%s), but this is %s",
                            fact_type_name(t), d);
            }
        }
        if (t == FT_DURATION || t == FT_LIST || t == FT_SET)
            return fail(c, "expr-type", n,
                        "first_known() cannot take %s values",
                        fact_type_name(t));
        n->type = t;
        n->en = en;
        return true;
    }
    case FN_period_end:
        if (!want(c, k[0], FT_DATE, "period_end()'s first argument"))
            return false;
        if (k[1]->type != FT_DURATION)
            return fail(c, "expr-type", k[1],
                        "period_end()'s second argument is a duration, like "
                        "12 months");
        n->type = FT_DATE;
        return true;
    case FN_days_between:
    case FN_months_between:
    case FN_working_days_between:
        if (!want(c, k[0], FT_DATE, n->name) || !want(c, k[1], FT_DATE, n->name))
            return false;
        n->type = FT_INT;
        return true;
    case FN_COUNT:
        break;
    }
    return fail(c, "expr-type", n, "unknown function");
}

static bool resolve(rctx *c, expr_node *n)
{
    switch (n->op) {
    case OP_FACT: return resolve_fact(c, n);
    case OP_TODAY:
    case OP_DATE: n->type = FT_DATE; return true;
    case OP_INT: n->type = FT_INT; return true;
    case OP_BOOL: n->type = FT_BOOL; return true;
    case OP_STR: n->type = FT_STRING; return true;
    case OP_DUR: n->type = FT_DURATION; return true;
    case OP_LIST:
        if (!resolve_kids(c, n)) return false;
        n->type = FT_LIST;
        return true;
    case OP_CALL: return resolve_call(c, n);
    case OP_AND:
    case OP_OR:
        if (!resolve_kids(c, n)) return false;
        if (!want(c, n->kids[0], FT_BOOL, n->op == OP_AND ? "'and'" : "'or'") ||
            !want(c, n->kids[1], FT_BOOL, n->op == OP_AND ? "'and'" : "'or'"))
            return false;
        n->type = FT_BOOL;
        return true;
    case OP_NOT:
        if (!resolve_kids(c, n)) return false;
        if (!want(c, n->kids[0], FT_BOOL, "'not'")) return false;
        n->type = FT_BOOL;
        return true;
    case OP_EQ:
    case OP_NE:
        if (!resolve_kids(c, n)) return false;
        if (!unify(c, n, n->kids[0], n->kids[1])) return false;
        n->type = FT_BOOL;
        return true;
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE: {
        if (!resolve_kids(c, n)) return false;
        expr_node *l = n->kids[0], *r = n->kids[1];
        if (l->type != FT_DATE && l->type != FT_INT) {
            char d[128];
            describe(l, d, sizeof d);
            return fail(c, "expr-type", l,
                        "'%s' compares dates or integers, not %s",
                        expr_op_text(n->op), d);
        }
        if (r->type != l->type) {
            char dl[128], dr[128];
            describe(l, dl, sizeof dl);
            describe(r, dr, sizeof dr);
            return fail(c, "expr-type", n, "cannot compare %s with %s", dl,
                        dr);
        }
        n->type = FT_BOOL;
        return true;
    }
    case OP_IN:
    case OP_NOTIN: {
        if (!resolve_kids(c, n)) return false;
        expr_node *l = n->kids[0], *list = n->kids[1];
        if (l->type == FT_ENUM) {
            list->mask = 0;
            for (unsigned j = 0; j < list->nkids; j++) {
                expr_node *it = list->kids[j];
                if (it->type != FT_STRING)
                    return fail(c, "expr-type", it,
                                "'%s' is an enum: list its values as strings",
                                l->en->name);
                if (!bind_value(c, it, l->en)) return false;
                list->mask |= it->mask;
            }
        } else if (l->type == FT_INT || l->type == FT_DATE) {
            for (unsigned j = 0; j < list->nkids; j++)
                if (list->kids[j]->type != l->type)
                    return fail(c, "expr-type", list->kids[j],
                                "the list must hold %s values",
                                fact_type_name(l->type));
        } else {
            char d[128];
            describe(l, d, sizeof d);
            if (l->type == FT_SET)
                return fail(c, "expr-type", l,
                            "'in' does not apply to %s: use has(%s, [...])",
                            d, l->name ? l->name : "fact");
            return fail(c, "expr-type", l, "'in' does not apply to %s", d);
        }
        n->type = FT_BOOL;
        return true;
    }
    case OP_ADD:
    case OP_SUB:
        if (!resolve_kids(c, n)) return false;
        if (n->kids[0]->type != FT_DATE || n->kids[1]->type != FT_DURATION)
            return fail(c, "expr-type", n,
                        "'%s' works on a date and a duration, as in "
                        "first_aware_date + 12 months",
                        expr_op_text(n->op));
        n->type = FT_DATE;
        return true;
    case OP_COUNT:
        break;
    }
    return fail(c, "expr-type", n, "internal error: unknown node");
}

bool expr_resolve_date(expr_node *root, const resolve_env *env,
                       expr_error *err)
{
    rctx c = {env, err, false};
    memset(err, 0, sizeof *err);
    if (!resolve(&c, root)) return false;
    if (root->type != FT_DATE) {
        char d[128];
        describe(root, d, sizeof d);
        return fail(&c, "expr-type", root,
                    "a 'by' must be a date, but this is %s", d);
    }
    return true;
}

bool expr_resolve(expr_node *root, const resolve_env *env, expr_error *err)
{
    rctx c = {env, err, false};
    memset(err, 0, sizeof *err);
    if (!resolve(&c, root)) return false;
    if (root->type != FT_BOOL) {
        char d[128];
        describe(root, d, sizeof d);
        return fail(&c, "expr-type", root,
                    "a condition must be true or false, but this is %s", d);
    }
    return true;
}

void expr_reads(const expr_node *n, factset *out)
{
    if (n->op == OP_FACT) factset_add(out, n->slot);
    for (unsigned k = 0; k < n->nkids; k++) expr_reads(n->kids[k], out);
}
