/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr.h -- the condition language: the AST that crosses from the parser to
 * the resolver and the evaluator, and the three stages' entry points.
 *
 *   text --lex/parse--> AST (names, literals, positions)
 *        --resolve-->   typed tree: facts are slot numbers, enum literals
 *                       are value indexes, lists are masks (the compiled
 *                       form; nothing is looked up by name when evaluating)
 *        --eval-->      a three-valued value, and the unknown facts it
 *                       hangs on.
 */
#ifndef EXPR_H
#define EXPR_H

#include "arena.h"

/* Node kinds.  X(name, text for messages, semantics). */
#define EXPR_OPS(X)                                                          \
    X(OR, "or", "Kleene or: true if either is true")                         \
    X(AND, "and", "Kleene and: false if either is false")                    \
    X(NOT, "not", "Kleene not: unknown stays unknown")                       \
    X(EQ, "==", "equal; unknown if either side is unknown")                  \
    X(NE, "!=", "not equal; unknown if either side is unknown")              \
    X(LT, "<", "less than (dates, integers)")                                \
    X(LE, "<=", "less than or equal")                                        \
    X(GT, ">", "greater than")                                               \
    X(GE, ">=", "greater than or equal")                                     \
    X(IN, "in", "left is one of the listed values")                          \
    X(NOTIN, "not in", "left is none of the listed values")                  \
    X(ADD, "+", "date plus a duration")                                      \
    X(SUB, "-", "date minus a duration")                                     \
    X(CALL, "call", "a built-in function, see FUNCS")                        \
    X(FACT, "fact", "the value of a declared fact (a slot)")                 \
    X(TODAY, "today", "the evaluation date")                                 \
    X(BOOL, "boolean", "true / false")                                       \
    X(INT, "integer", "an integer literal")                                  \
    X(DATE, "date", "a date literal YYYY-MM-DD")                             \
    X(STR, "string", "a string literal (an enum value once resolved)")       \
    X(DUR, "duration", "N days / months / years")                            \
    X(LIST, "list", "[a, b, ...] of literals")

typedef enum expr_op {
#define X(n, t, s) OP_##n,
    EXPR_OPS(X)
#undef X
    OP_COUNT
} expr_op;

/* Built-in functions.  X(name, min args, max args, semantics). */
#define EXPR_FUNCS(X)                                                        \
    X(known, 1, 1, "true if the argument has a value; never unknown")        \
    X(has, 2, 2, "set fact contains the value (any of the listed values)")   \
    X(first_known, 2, 8, "the first argument that is known")                 \
    X(period_end, 2, 2, "last day of the period of N months beginning with") \
    X(days_between, 2, 2, "whole days from a to b")                          \
    X(months_between, 2, 2, "whole calendar months from a to b")             \
    X(working_days_between, 2, 2, "weekdays not holidays in (a, b]")

typedef enum expr_func {
#define X(n, lo, hi, s) FN_##n,
    EXPR_FUNCS(X)
#undef X
    FN_COUNT
} expr_func;

/*
 * An expression node.  The parser fills op, pos/len (byte offsets into the
 * condition text, for diagnostics), the children and the literal payload;
 * the resolver fills type, slot (OP_FACT), the enum of typed string
 * literals and list masks.  After resolution the tree is read-only.
 */
typedef struct expr_node {
    expr_op op;
    fact_type type;     /* static type, set by the resolver */
    expr_func func;     /* OP_CALL */
    unsigned pos, len;  /* span in the condition text */
    unsigned slot;      /* OP_FACT: fact slot */
    int64_t i;          /* INT, DATE (days), BOOL, DUR amount, STR enum index */
    char unit;          /* DUR: 'd' or 'm' (years are 12 months) */
    uint64_t mask;      /* LIST of enum values / STR in has(): value bits */
    const char *name;   /* FACT identifier, STR text, CALL name */
    const struct fact_def *en; /* ENUM/SET typed nodes: whose values */
    struct expr_node **kids;
    unsigned nkids;
} expr_node;

/** A problem found while parsing or resolving: where and what. */
typedef struct expr_error {
    unsigned pos, len;
    const char *code; /* "expr-syntax", "expr-type", "unknown-fact", ... */
    char message[512];
} expr_error;

/** Parses `text` (len bytes) into an AST in `a`.  NULL on error (*err set;
 *  err->code is "oom" when out of memory). */
REMIT_HIDDEN expr_node *expr_parse(arena *a, const char *text, size_t len,
                                   expr_error *err);

/* The facts a condition may read, for the resolver. */
struct fact_def;
typedef struct resolve_env {
    const struct fact_def *facts;
    size_t nfacts;
    bool allow_head; /* head facts readable (head-scope rules) */
} resolve_env;

/** Types the tree and resolves names to slots.  Returns false on the first
 *  error (*err set).  The root must be boolean. */
REMIT_HIDDEN bool expr_resolve(expr_node *root, const resolve_env *env,
                               expr_error *err);

/** As expr_resolve, for an expression whose value must be a date (a next
 *  step's `by`). */
REMIT_HIDDEN bool expr_resolve_date(expr_node *root, const resolve_env *env,
                                    expr_error *err);

/** Adds to `out` every fact slot the tree reads. */
REMIT_HIDDEN void expr_reads(const expr_node *n, factset *out);

/* Evaluation context: the values of every fact slot (complaint facts and,
 * for head-scope rules, this head's facts), the date, the holidays. */
typedef struct eval_env {
    const value *vals;
    int64_t today;
    const int64_t *holidays; /* sorted */
    size_t nholidays;
} eval_env;

/** Evaluates n.  If deps is not NULL and the result is unknown, adds the
 *  unknown fact slots the result hangs on (those whose values could make it
 *  known). */
REMIT_HIDDEN value expr_eval(const expr_node *n, const eval_env *env,
                             factset *deps);

/** The truth of boolean condition n: 0 false, 1 true, 2 unknown.  The same
 *  answer as expr_eval(n, env, NULL), faster for the logic and comparisons
 *  of facts with literals that make up most conditions. */
REMIT_HIDDEN int expr_truth(const expr_node *n, const eval_env *env);

REMIT_HIDDEN const char *expr_op_text(expr_op op);

#endif
