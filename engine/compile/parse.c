/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parse.c -- lexer and recursive-descent parser for conditions.
 * Consumes the condition text; produces an untyped AST (expr.h) whose nodes
 * carry their byte span for diagnostics.
 *
 * Grammar (loosest first):
 *   expr     := or
 *   or       := and { "or" and }
 *   and      := unary { "and" unary }
 *   unary    := "not" unary | compare
 *   compare  := sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum
 *                   | "in" list | "not" "in" list ]
 *   sum      := primary { ("+" | "-") primary }
 *   primary  := INT [ UNIT ] | "-" INT | DATE | STRING | "true" | "false"
 *             | "today"
 *             | list | NAME "(" [ expr { "," expr } ] ")" | NAME
 *             | "(" expr ")"
 *   list     := "[" [ primary { "," primary } ] "]"
 *   UNIT     := day | days | month | months | year | years
 */
#include "expr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "date.h"

typedef enum tok_kind {
    T_EOF, T_NAME, T_INT, T_DATE, T_STRING, T_LPAREN, T_RPAREN, T_LBRACK,
    T_RBRACK, T_COMMA, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_PLUS, T_MINUS,
    T_AND, T_OR, T_NOT, T_IN, T_TRUE, T_FALSE, T_TODAY
} tok_kind;

typedef struct token {
    tok_kind kind;
    unsigned pos, len;
    int64_t i; /* T_INT value, T_DATE days */
} token;

typedef struct parser {
    arena *a;
    const char *s;
    size_t n;
    size_t at;     /* lexer position */
    token tok;     /* current token */
    unsigned depth;
    expr_error *err;
    bool failed;
} parser;

REMIT_PRINTF(5, 6)
static void fail(parser *p, const char *code, unsigned pos, unsigned len,
                 const char *fmt, ...)
{
    if (p->failed) return;
    p->failed = true;
    p->err->pos = pos;
    p->err->len = len ? len : 1;
    p->err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

static const char *tok_text(tok_kind k)
{
    switch (k) {
    case T_EOF: return "end of condition";
    case T_NAME: return "name";
    case T_INT: return "integer";
    case T_DATE: return "date";
    case T_STRING: return "string";
    case T_LPAREN: return "'('";
    case T_RPAREN: return "')'";
    case T_LBRACK: return "'['";
    case T_RBRACK: return "']'";
    case T_COMMA: return "','";
    case T_EQ: return "'=='";
    case T_NE: return "'!='";
    case T_LT: return "'<'";
    case T_LE: return "'<='";
    case T_GT: return "'>'";
    case T_GE: return "'>='";
    case T_PLUS: return "'+'";
    case T_MINUS: return "'-'";
    case T_AND: return "'and'";
    case T_OR: return "'or'";
    case T_NOT: return "'not'";
    case T_IN: return "'in'";
    case T_TRUE: return "'true'";
    case T_FALSE: return "'false'";
    case T_TODAY: return "'today'";
    }
    return "token";
}

/* Describes the current token for "expected X, found Y" messages. */
static void describe(parser *p, char *out, size_t size)
{
    token t = p->tok;
    if (t.kind == T_EOF) {
        snprintf(out, size, "the end of the condition");
        return;
    }
    unsigned l = t.len > 40 ? 40 : t.len;
    /* Cut before a character, not inside one (found by fuzz_expr: a long
     * string literal of accented letters was shown with half a letter). */
    if (l < t.len)
        while (l > 0 && ((unsigned char)p->s[t.pos + l] & 0xc0) == 0x80) l--;
    snprintf(out, size, "'%.*s'", (int)l, p->s + t.pos);
}

static void next(parser *p)
{
    const char *s = p->s;
    size_t i = p->at;
    while (i < p->n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                        s[i] == '\r'))
        i++;
    token t = {T_EOF, (unsigned)i, 0, 0};
    if (i >= p->n) {
        p->tok = t;
        p->at = i;
        return;
    }
    char c = s[i];
    size_t start = i;
    if (is_name_start(c)) {
        while (i < p->n && is_name_char(s[i])) i++;
        size_t l = i - start;
        t.kind = T_NAME;
        static const struct { const char *w; tok_kind k; } kw[] = {
            {"and", T_AND}, {"or", T_OR}, {"not", T_NOT}, {"in", T_IN},
            {"true", T_TRUE}, {"false", T_FALSE}, {"today", T_TODAY}};
        for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++)
            if (strlen(kw[k].w) == l && memcmp(kw[k].w, s + start, l) == 0)
                t.kind = kw[k].k;
    } else if (is_digit(c)) {
        while (i < p->n && is_digit(s[i])) i++;
        if (i - start == 4 && i + 6 <= p->n && s[i] == '-' &&
            is_digit(s[i + 1]) && is_digit(s[i + 2]) && s[i + 3] == '-' &&
            is_digit(s[i + 4]) && is_digit(s[i + 5]) &&
            (i + 6 == p->n || !is_name_char(s[i + 6]))) {
            i += 6;
            t.kind = T_DATE;
            if (!date_parse(s + start, 10, &t.i)) {
                fail(p, "bad-date", (unsigned)start, 10,
                     "%.10s is not a real date", s + start);
            }
        } else {
            t.kind = T_INT;
            int64_t v = 0;
            for (size_t k = start; k < i; k++) {
                int digit = s[k] - '0';
                if (v > (INT64_MAX - digit) / 10) {
                    fail(p, "expr-syntax", (unsigned)start,
                         (unsigned)(i - start), "integer too large");
                    break;
                }
                v = v * 10 + digit;
            }
            t.i = v;
            if (i < p->n && is_name_start(s[i]))
                fail(p, "expr-syntax", (unsigned)start, (unsigned)(i - start + 1),
                     "a number must be followed by a space or an operator");
        }
    } else if (c == '"' || c == '\'') {
        i++;
        while (i < p->n && s[i] != c && s[i] != '\n') i++;
        if (i >= p->n || s[i] != c) {
            fail(p, "expr-syntax", (unsigned)start, 1,
                 "unterminated string: expected a closing %c", c);
            i = p->n;
        } else {
            i++;
        }
        t.kind = T_STRING;
    } else {
        i++;
        switch (c) {
        case '(': t.kind = T_LPAREN; break;
        case ')': t.kind = T_RPAREN; break;
        case '[': t.kind = T_LBRACK; break;
        case ']': t.kind = T_RBRACK; break;
        case ',': t.kind = T_COMMA; break;
        case '+': t.kind = T_PLUS; break;
        case '-': t.kind = T_MINUS; break;
        case '=':
            if (i < p->n && s[i] == '=') { i++; t.kind = T_EQ; }
            else fail(p, "expr-syntax", (unsigned)start, 1,
                      "'=' is not an operator: write '==' to compare");
            break;
        case '!':
            if (i < p->n && s[i] == '=') { i++; t.kind = T_NE; }
            else fail(p, "expr-syntax", (unsigned)start, 1,
                      "'!' is not an operator: write 'not' or '!='");
            break;
        case '<':
            if (i < p->n && s[i] == '=') { i++; t.kind = T_LE; }
            else t.kind = T_LT;
            break;
        case '>':
            if (i < p->n && s[i] == '=') { i++; t.kind = T_GE; }
            else t.kind = T_GT;
            break;
        default:
            if (c == '&' || c == '|')
                fail(p, "expr-syntax", (unsigned)start, 1,
                     "'%c' is not an operator: write '%s'", c,
                     c == '&' ? "and" : "or");
            else if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
                fail(p, "expr-syntax", (unsigned)start, 1,
                     "unexpected character '%c'", c);
            else
                fail(p, "expr-syntax", (unsigned)start, 1,
                     "unexpected character (byte 0x%02x)", (unsigned char)c);
            break;
        }
    }
    t.pos = (unsigned)start;
    t.len = (unsigned)(i - start);
    p->at = i;
    p->tok = t;
}

/* Copies text into the arena; NULL (and an "oom" failure) when out of
 * memory. */
static const char *copy(parser *p, const char *s, size_t n)
{
    const char *d = arena_strndup(p->a, s, n);
    if (!d) fail(p, "oom", 0, 1, "out of memory");
    return d;
}

static expr_node *mk(parser *p, expr_op op, unsigned pos, unsigned len,
                     unsigned nkids)
{
    expr_node *n = arena_alloc(p->a, sizeof *n);
    if (!n) {
        fail(p, "oom", pos, len, "out of memory");
        return NULL;
    }
    n->op = op;
    n->pos = pos;
    n->len = len;
    if (nkids) {
        n->kids = arena_alloc(p->a, nkids * sizeof *n->kids);
        if (!n->kids) {
            fail(p, "oom", pos, len, "out of memory");
            return NULL;
        }
    }
    n->nkids = nkids;
    return n;
}

/* Widens n's span to end where `end` ends. */
static void span_to(expr_node *n, const expr_node *end)
{
    if (n && end && end->pos + end->len > n->pos)
        n->len = end->pos + end->len - n->pos;
}

static expr_node *binary(parser *p, expr_op op, expr_node *l, expr_node *r)
{
    if (!l || !r) return NULL;
    expr_node *n = mk(p, op, l->pos, 0, 2);
    if (!n) return NULL;
    n->kids[0] = l;
    n->kids[1] = r;
    span_to(n, r);
    return n;
}

static expr_node *parse_or(parser *p);

static bool enter(parser *p)
{
    if (++p->depth > REMIT_MAX_EXPR_DEPTH) {
        fail(p, "expr-too-deep", p->tok.pos, p->tok.len,
             "condition nested too deeply (more than %u levels)",
             REMIT_MAX_EXPR_DEPTH);
        return false;
    }
    return true;
}

static bool expect(parser *p, tok_kind k, const char *context)
{
    if (p->failed) return false;
    if (p->tok.kind == k) {
        next(p);
        return true;
    }
    char found[64];
    describe(p, found, sizeof found);
    fail(p, "expr-syntax", p->tok.pos, p->tok.len, "expected %s %s, found %s",
         tok_text(k), context, found);
    return false;
}

static bool is_unit(parser *p, char *unit, int64_t *mult)
{
    if (p->tok.kind != T_NAME) return false;
    static const struct { const char *w; char u; int64_t m; } units[] = {
        {"day", 'd', 1}, {"days", 'd', 1}, {"month", 'm', 1},
        {"months", 'm', 1}, {"year", 'm', 12}, {"years", 'm', 12}};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (strlen(units[k].w) == p->tok.len &&
            memcmp(units[k].w, p->s + p->tok.pos, p->tok.len) == 0) {
            *unit = units[k].u;
            *mult = units[k].m;
            return true;
        }
    return false;
}

/* list := "[" [ primary { "," primary } ] "]" */
static expr_node *parse_list(parser *p)
{
    unsigned pos = p->tok.pos;
    next(p); /* [ */
    expr_node *items[REMIT_MAX_ENUM_VALUES];
    unsigned n = 0;
    while (!p->failed && p->tok.kind != T_RBRACK) {
        if (n == REMIT_MAX_ENUM_VALUES) {
            fail(p, "expr-syntax", p->tok.pos, p->tok.len,
                 "a list may hold at most %u values", REMIT_MAX_ENUM_VALUES);
            return NULL;
        }
        token t = p->tok;
        expr_node *it = NULL;
        if (t.kind == T_STRING) {
            it = mk(p, OP_STR, t.pos, t.len, 0);
            if (it && !(it->name = copy(p, p->s + t.pos + 1, t.len - 2))) return NULL;
        } else if (t.kind == T_INT) {
            it = mk(p, OP_INT, t.pos, t.len, 0);
            if (it) it->i = t.i;
        } else if (t.kind == T_DATE) {
            it = mk(p, OP_DATE, t.pos, t.len, 0);
            if (it) it->i = t.i;
        } else {
            char found[64];
            describe(p, found, sizeof found);
            fail(p, "expr-syntax", t.pos, t.len,
                 "expected a value in the list (a quoted string, a number or "
                 "a date), found %s", found);
            return NULL;
        }
        if (!it) return NULL;
        items[n++] = it;
        next(p);
        if (p->tok.kind == T_COMMA) {
            next(p);
            if (p->tok.kind == T_RBRACK) {
                fail(p, "expr-syntax", p->tok.pos, p->tok.len,
                     "expected a value after ',' in the list");
                return NULL;
            }
        } else if (p->tok.kind != T_RBRACK) {
            char found[64];
            describe(p, found, sizeof found);
            fail(p, "expr-syntax", p->tok.pos, p->tok.len,
                 "expected ',' or ']' in the list, found %s", found);
            return NULL;
        }
    }
    if (p->failed) return NULL;
    expr_node *l = mk(p, OP_LIST, pos, p->tok.pos + 1 - pos, n);
    if (!l) return NULL;
    for (unsigned k = 0; k < n; k++) l->kids[k] = items[k];
    next(p); /* ] */
    return l;
}

static expr_node *parse_call(parser *p, token name)
{
    expr_func fn = FN_COUNT;
    static const struct { const char *n; expr_func f; } fns[] = {
#define X(n, lo, hi, s) {#n, FN_##n},
        EXPR_FUNCS(X)
#undef X
    };
    for (size_t k = 0; k < FN_COUNT; k++)
        if (strlen(fns[k].n) == name.len &&
            memcmp(fns[k].n, p->s + name.pos, name.len) == 0)
            fn = fns[k].f;
    if (fn == FN_COUNT) {
        fail(p, "unknown-function", name.pos, name.len,
             "unknown function '%.*s' (known: known, has, first_known, "
             "period_end, days_between, months_between, "
             "working_days_between)",
             (int)name.len, p->s + name.pos);
        return NULL;
    }
    next(p); /* ( */
    expr_node *args[8];
    unsigned n = 0;
    if (p->tok.kind != T_RPAREN) {
        for (;;) {
            if (n == 8) {
                fail(p, "expr-syntax", p->tok.pos, p->tok.len,
                     "too many arguments");
                return NULL;
            }
            expr_node *a = parse_or(p);
            if (!a) return NULL;
            args[n++] = a;
            if (p->tok.kind == T_COMMA) {
                next(p);
                continue;
            }
            break;
        }
    }
    unsigned end = p->tok.pos + 1;
    if (!expect(p, T_RPAREN, "to close the function's arguments")) return NULL;
    static const unsigned lo[] = {
#define X(n, l, h, s) l,
        EXPR_FUNCS(X)
#undef X
    };
    static const unsigned hi[] = {
#define X(n, l, h, s) h,
        EXPR_FUNCS(X)
#undef X
    };
    if (n < lo[fn] || n > hi[fn]) {
        if (lo[fn] == hi[fn])
            fail(p, "expr-arity", name.pos, end - name.pos,
                 "%.*s() takes %u argument%s, not %u", (int)name.len,
                 p->s + name.pos, lo[fn], lo[fn] == 1 ? "" : "s", n);
        else
            fail(p, "expr-arity", name.pos, end - name.pos,
                 "%.*s() takes %u to %u arguments, not %u", (int)name.len,
                 p->s + name.pos, lo[fn], hi[fn], n);
        return NULL;
    }
    expr_node *c = mk(p, OP_CALL, name.pos, end - name.pos, n);
    if (!c) return NULL;
    c->func = fn;
    if (!(c->name = copy(p, p->s + name.pos, name.len))) return NULL;
    for (unsigned k = 0; k < n; k++) c->kids[k] = args[k];
    return c;
}

static expr_node *parse_primary(parser *p)
{
    if (p->failed) return NULL;
    token t = p->tok;
    expr_node *n = NULL;
    switch (t.kind) {
    case T_INT: {
        next(p);
        char unit;
        int64_t mult;
        if (is_unit(p, &unit, &mult)) {
            n = mk(p, OP_DUR, t.pos, p->tok.pos + p->tok.len - t.pos, 0);
            if (!n) return NULL;
            if (t.i > 100000) {
                fail(p, "expr-syntax", t.pos, t.len, "duration too long");
                return NULL;
            }
            n->i = t.i * mult;
            n->unit = unit;
            next(p);
            return n;
        }
        n = mk(p, OP_INT, t.pos, t.len, 0);
        if (n) n->i = t.i;
        return n;
    }
    case T_MINUS: {
        /* A negative integer literal: "-" directly before a number. */
        next(p);
        token num = p->tok;
        if (num.kind != T_INT) {
            char found[64];
            describe(p, found, sizeof found);
            fail(p, "expr-syntax", num.pos, num.len,
                 "expected a number after '-', found %s", found);
            return NULL;
        }
        next(p);
        n = mk(p, OP_INT, t.pos, num.pos + num.len - t.pos, 0);
        if (n) n->i = -num.i;
        return n;
    }
    case T_DATE:
        n = mk(p, OP_DATE, t.pos, t.len, 0);
        if (n) n->i = t.i;
        next(p);
        return n;
    case T_STRING:
        n = mk(p, OP_STR, t.pos, t.len, 0);
        if (n && !(n->name = copy(p, p->s + t.pos + 1, t.len - 2))) return NULL;
        next(p);
        return n;
    case T_TRUE:
    case T_FALSE:
        n = mk(p, OP_BOOL, t.pos, t.len, 0);
        if (n) n->i = t.kind == T_TRUE;
        next(p);
        return n;
    case T_TODAY:
        n = mk(p, OP_TODAY, t.pos, t.len, 0);
        next(p);
        return n;
    case T_LBRACK:
        return parse_list(p);
    case T_NAME:
        next(p);
        if (p->tok.kind == T_LPAREN) return parse_call(p, t);
        n = mk(p, OP_FACT, t.pos, t.len, 0);
        if (n && !(n->name = copy(p, p->s + t.pos, t.len))) return NULL;
        return n;
    case T_LPAREN: {
        next(p);
        n = parse_or(p); /* parse_or counts the nesting level */
        if (!n) return NULL;
        unsigned end = p->tok.pos + 1;
        if (!expect(p, T_RPAREN, "to close '('")) return NULL;
        /* Keep the inner node; widen its span to the parentheses. */
        n->len = end - t.pos;
        n->pos = t.pos;
        return n;
    }
    default: {
        char found[64];
        describe(p, found, sizeof found);
        fail(p, "expr-syntax", t.pos, t.len,
             "expected a fact, a value or '(', found %s", found);
        return NULL;
    }
    }
}

/* sum := primary { ("+" | "-") primary }
 * Date arithmetic groups from the left and is not associative (month ends),
 * so a chain stays one level deeper per operator: each counts against
 * REMIT_MAX_EXPR_DEPTH, like a parenthesis (found by fuzz_expr: 16 KiB of
 * "1-1-1..." made a tree 8000 levels deep, and the resolver, which
 * recurses over it, overflowed the stack). */
static expr_node *parse_sum(parser *p)
{
    expr_node *l = parse_primary(p);
    unsigned entered = 0;
    while (l && !p->failed &&
           (p->tok.kind == T_PLUS || p->tok.kind == T_MINUS)) {
        expr_op op = p->tok.kind == T_PLUS ? OP_ADD : OP_SUB;
        if (!enter(p)) break;
        entered++;
        next(p);
        l = binary(p, op, l, parse_primary(p));
    }
    p->depth -= entered;
    return p->failed ? NULL : l;
}

/* compare := sum [ cmp sum | "in" list | "not" "in" list ] */
static expr_node *parse_compare(parser *p)
{
    expr_node *l = parse_sum(p);
    if (!l) return NULL;
    expr_op op;
    switch (p->tok.kind) {
    case T_EQ: op = OP_EQ; break;
    case T_NE: op = OP_NE; break;
    case T_LT: op = OP_LT; break;
    case T_LE: op = OP_LE; break;
    case T_GT: op = OP_GT; break;
    case T_GE: op = OP_GE; break;
    case T_IN: op = OP_IN; break;
    case T_NOT: op = OP_NOTIN; break;
    default: return l;
    }
    next(p);
    if (op == OP_NOTIN && !expect(p, T_IN, "after 'not' here")) return NULL;
    expr_node *r;
    if (op == OP_IN || op == OP_NOTIN) {
        if (p->tok.kind != T_LBRACK) {
            char found[64];
            describe(p, found, sizeof found);
            fail(p, "expr-syntax", p->tok.pos, p->tok.len,
                 "expected a list '[...]' after 'in', found %s", found);
            return NULL;
        }
        r = parse_list(p);
    } else {
        r = parse_sum(p);
    }
    expr_node *n = binary(p, op, l, r);
    if (!n) return NULL;
    switch (p->tok.kind) {
    case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
    case T_IN:
        fail(p, "expr-syntax", p->tok.pos, p->tok.len,
             "comparisons do not chain: use 'and' between them, or "
             "parentheses");
        return NULL;
    default:
        break;
    }
    return n;
}

/* unary := "not" unary | compare */
static expr_node *parse_unary(parser *p)
{
    if (p->tok.kind == T_NOT) {
        token t = p->tok;
        next(p);
        if (!enter(p)) return NULL;
        expr_node *k = parse_unary(p);
        p->depth--;
        if (!k) return NULL;
        expr_node *n = mk(p, OP_NOT, t.pos, 0, 1);
        if (!n) return NULL;
        n->kids[0] = k;
        span_to(n, k);
        return n;
    }
    return parse_compare(p);
}

/*
 * The operands v[lo..hi) of a chain of `op` (and, or) as a tree.  Kleene
 * and/or are associative, so neither the value nor the unknown facts it
 * hangs on depend on the grouping: up to 16 operands group from the left as
 * written ((a and b) and c), and a longer chain is split in halves, so that
 * it is about log2(n) levels deep, not n.  The resolver and the evaluator
 * recurse over the tree; 16 KiB of "b1 or b1 or ..." made 2700 levels, a
 * stack overflow in a thread with a small stack (found by fuzz_expr).
 */
static expr_node *chain(parser *p, expr_op op, expr_node *const *v, size_t lo,
                        size_t hi)
{
    if (hi - lo <= 16) {
        expr_node *l = v[lo];
        for (size_t k = lo + 1; k < hi && l; k++) l = binary(p, op, l, v[k]);
        return l;
    }
    size_t mid = lo + (hi - lo) / 2;
    expr_node *l = chain(p, op, v, lo, mid);
    return binary(p, op, l, l ? chain(p, op, v, mid, hi) : NULL);
}

/* Parses `item { tok item }` and builds it with chain(). */
static expr_node *parse_chain(parser *p, tok_kind tok, expr_op op,
                              expr_node *(*item)(parser *))
{
    expr_node *first = item(p);
    if (!first || p->failed || p->tok.kind != tok) return p->failed ? NULL : first;
    size_t n = 1, cap = 16;
    expr_node **v = arena_alloc(p->a, cap * sizeof *v);
    if (!v) {
        fail(p, "oom", p->tok.pos, p->tok.len, "out of memory");
        return NULL;
    }
    v[0] = first;
    while (p->tok.kind == tok) {
        next(p);
        expr_node *e = item(p);
        if (!e || p->failed) return NULL;
        if (n == cap) {
            expr_node **w = arena_alloc(p->a, 2 * cap * sizeof *w);
            if (!w) {
                fail(p, "oom", p->tok.pos, p->tok.len, "out of memory");
                return NULL;
            }
            memcpy(w, v, n * sizeof *v);
            v = w;
            cap *= 2;
        }
        v[n++] = e;
    }
    expr_node *tree = chain(p, op, v, 0, n);
    return p->failed ? NULL : tree;
}

static expr_node *parse_and(parser *p)
{
    return parse_chain(p, T_AND, OP_AND, parse_unary);
}

static expr_node *parse_or(parser *p)
{
    if (!enter(p)) return NULL;
    expr_node *l = parse_chain(p, T_OR, OP_OR, parse_and);
    p->depth--;
    return l;
}

/*
 * The first node deeper than REMIT_MAX_EXPR_HEIGHT levels of the tree, or
 * NULL: the last bound on the depth the resolver and evaluator recurse to.
 * Parentheses, `not` and '+'/'-' chains are limited as the parser goes
 * (REMIT_MAX_EXPR_DEPTH) and long and/or chains are balanced (chain()), so
 * only a condition built to be deep at every level reaches it.  Walked
 * without recursion, keeping only the path.
 */
static const expr_node *too_deep(const expr_node *root)
{
    struct {
        const expr_node *n;
        unsigned next;
    } path[REMIT_MAX_EXPR_HEIGHT];
    unsigned top = 0; /* path[top] is at level top + 1 */
    path[0].n = root;
    path[0].next = 0;
    for (;;) {
        if (path[top].next < path[top].n->nkids) {
            const expr_node *kid = path[top].n->kids[path[top].next++];
            if (top + 1 == REMIT_MAX_EXPR_HEIGHT) return kid;
            top++;
            path[top].n = kid;
            path[top].next = 0;
        } else if (top == 0) {
            return NULL;
        } else {
            top--;
        }
    }
}

expr_node *expr_parse(arena *a, const char *text, size_t len, expr_error *err)
{
    parser p = {a, text, len, 0, {T_EOF, 0, 0, 0}, 0, err, false};
    memset(err, 0, sizeof *err);
    if (len > REMIT_MAX_EXPR_BYTES) {
        fail(&p, "expr-too-long", 0, 1,
             "condition too long (%zu bytes; the limit is %u)", len,
             REMIT_MAX_EXPR_BYTES);
        return NULL;
    }
    next(&p);
    if (p.tok.kind == T_EOF && !p.failed) {
        fail(&p, "expr-syntax", 0, 1, "empty condition");
        return NULL;
    }
    expr_node *root = parse_or(&p);
    if (root && !p.failed && p.tok.kind != T_EOF) {
        char found[64];
        describe(&p, found, sizeof found);
        fail(&p, "expr-syntax", p.tok.pos, p.tok.len,
             "expected 'and', 'or' or the end of the condition, found %s",
             found);
    }
    const expr_node *deep = root && !p.failed ? too_deep(root) : NULL;
    if (deep)
        fail(&p, "expr-too-deep", deep->pos, deep->len,
             "condition too deep (its tree has more than %u levels)",
             REMIT_MAX_EXPR_HEIGHT);
    return p.failed ? NULL : root;
}

const char *expr_op_text(expr_op op)
{
    static const char *const names[] = {
#define X(n, t, s) t,
        EXPR_OPS(X)
#undef X
    };
    return op < OP_COUNT ? names[op] : "?";
}
