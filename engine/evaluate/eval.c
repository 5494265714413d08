/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eval.c -- the evaluator: walks a resolved condition over the fact values
 * of one complaint (and head) with Kleene three-valued logic.  When asked,
 * it also reports which unknown facts an unknown result hangs on: a node
 * adds to `deps` only when its own result is unknown, so facts behind a
 * short-circuited branch are never reported.  Consumes a typed tree
 * (resolve.c) and fact value slots; produces a three-valued value.
 */
#include "date.h"
#include "expr.h"

static const value UNKNOWN = {false, false, 0, 0, 0, NULL, 0, 0};

static value known_int(int64_t i)
{
    value v = {true, false, 0, i, 0, NULL, 0, 0};
    return v;
}

static value known_bool(bool b)
{
    return known_int(b ? 1 : 0);
}

/* Weekdays in (a, b] that are not holidays; a <= b. */
static int64_t working_days(int64_t a, int64_t b, const eval_env *env)
{
    int64_t n = b - a;
    int64_t weeks = n / 7, count = weeks * 5;
    for (int64_t d = a + 1 + weeks * 7; d <= b; d++)
        if (date_weekday(d) < 5) count++;
    for (size_t k = 0; k < env->nholidays; k++) {
        int64_t h = env->holidays[k];
        if (h > a && h <= b && date_weekday(h) < 5) count--;
    }
    return count;
}

static value eval_call(const expr_node *n, const eval_env *env, factset *deps)
{
    expr_node *const *k = n->kids;
    switch (n->func) {
    case FN_known: {
        value a = expr_eval(k[0], env, NULL);
        return known_bool(a.known);
    }
    case FN_has: {
        value s = expr_eval(k[0], env, deps);
        if (!s.known) return UNKNOWN;
        return known_bool((s.mask & k[1]->mask) != 0);
    }
    case FN_first_known: {
        factset all = {{0}};
        for (unsigned j = 0; j < n->nkids; j++) {
            factset d = {{0}};
            value v = expr_eval(k[j], env, deps ? &d : NULL);
            if (v.known) return v;
            if (deps) factset_union(&all, &d);
        }
        if (deps) factset_union(deps, &all);
        return UNKNOWN;
    }
    case FN_period_end: {
        value d = expr_eval(k[0], env, deps);
        if (!d.known) return UNKNOWN;
        if (k[1]->unit == 'm') return known_int(date_period_end(d.i, k[1]->i));
        return known_int(d.i + k[1]->i - 1);
    }
    case FN_days_between:
    case FN_months_between:
    case FN_working_days_between: {
        value a = expr_eval(k[0], env, deps);
        value b = expr_eval(k[1], env, deps);
        if (!a.known || !b.known) return UNKNOWN;
        if (n->func == FN_days_between) return known_int(b.i - a.i);
        if (n->func == FN_months_between)
            return known_int(date_months_between(a.i, b.i));
        if (b.i >= a.i) return known_int(working_days(a.i, b.i, env));
        return known_int(-working_days(b.i, a.i, env));
    }
    case FN_COUNT:
        break;
    }
    return UNKNOWN;
}

static bool in_list(const expr_node *list, const value *v, fact_type t)
{
    if (t == FT_ENUM) return (list->mask >> (v->i & 63)) & 1u;
    for (unsigned j = 0; j < list->nkids; j++)
        if (list->kids[j]->i == v->i) return true;
    return false;
}

value expr_eval(const expr_node *n, const eval_env *env, factset *deps)
{
    switch (n->op) {
    case OP_FACT: {
        const value *v = &env->vals[n->slot];
        if (!v->known && deps) factset_add(deps, n->slot);
        return *v;
    }
    case OP_TODAY: return known_int(env->today);
    case OP_DATE:
    case OP_INT:
    case OP_BOOL:
    case OP_STR: return known_int(n->i);
    case OP_DUR: {
        value v = known_int(n->i);
        v.unit = n->unit;
        return v;
    }
    case OP_LIST: return UNKNOWN; /* only read through its parent */
    case OP_AND:
    case OP_OR: {
        /* Kleene: a dominant operand (false for and, true for or) decides
         * alone; otherwise unknown if any operand is unknown. */
        bool dominant = n->op == OP_OR;
        if (!deps) {
            value a = expr_eval(n->kids[0], env, NULL);
            if (a.known && (a.i != 0) == dominant) return known_bool(dominant);
            value b = expr_eval(n->kids[1], env, NULL);
            if (b.known && (b.i != 0) == dominant) return known_bool(dominant);
            if (a.known && b.known) return known_bool(!dominant);
            return UNKNOWN;
        }
        factset d0 = {{0}}, d1 = {{0}};
        value a = expr_eval(n->kids[0], env, deps ? &d0 : NULL);
        if (a.known && (a.i != 0) == dominant) return known_bool(dominant);
        value b = expr_eval(n->kids[1], env, deps ? &d1 : NULL);
        if (b.known && (b.i != 0) == dominant) return known_bool(dominant);
        if (a.known && b.known) return known_bool(!dominant);
        if (deps) {
            if (!a.known) factset_union(deps, &d0);
            if (!b.known) factset_union(deps, &d1);
        }
        return UNKNOWN;
    }
    case OP_NOT: {
        value a = expr_eval(n->kids[0], env, deps);
        return a.known ? known_bool(a.i == 0) : UNKNOWN;
    }
    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE: {
        value a = expr_eval(n->kids[0], env, deps);
        value b = expr_eval(n->kids[1], env, deps);
        if (!a.known || !b.known) return UNKNOWN;
        switch (n->op) {
        case OP_EQ: return known_bool(a.i == b.i);
        case OP_NE: return known_bool(a.i != b.i);
        case OP_LT: return known_bool(a.i < b.i);
        case OP_LE: return known_bool(a.i <= b.i);
        case OP_GT: return known_bool(a.i > b.i);
        default: return known_bool(a.i >= b.i);
        }
    }
    case OP_IN:
    case OP_NOTIN: {
        value a = expr_eval(n->kids[0], env, deps);
        if (!a.known) return UNKNOWN;
        bool in = in_list(n->kids[1], &a, n->kids[0]->type);
        return known_bool(n->op == OP_IN ? in : !in);
    }
    case OP_ADD:
    case OP_SUB: {
        value d = expr_eval(n->kids[0], env, deps);
        if (!d.known) return UNKNOWN;
        int64_t amount = n->op == OP_ADD ? n->kids[1]->i : -n->kids[1]->i;
        if (n->kids[1]->unit == 'm') return known_int(date_add_months(d.i, amount));
        return known_int(d.i + amount);
    }
    case OP_CALL: return eval_call(n, env, deps);
    case OP_COUNT: break;
    }
    return UNKNOWN;
}

/* ---- Truth without dependencies ---------------------------------------------
 *
 * What run_rule asks of most rules: true, false or unknown, with no need
 * for the facts an unknown hangs on.  Logic and comparisons are done here
 * on the fact slots and literals directly; every other node (dates,
 * functions) goes through expr_eval.  Kleene logic as in expr_eval.
 */

/* The value of an operand: a fact or a literal without a call. */
static value operand(const expr_node *n, const eval_env *env)
{
    switch (n->op) {
    case OP_FACT: return env->vals[n->slot];
    case OP_DATE:
    case OP_INT:
    case OP_BOOL:
    case OP_STR: return known_int(n->i);
    default: return expr_eval(n, env, NULL);
    }
}

int expr_truth(const expr_node *n, const eval_env *env)
{
    switch (n->op) {
    case OP_AND: {
        int a = expr_truth(n->kids[0], env);
        if (a == 0) return 0;
        int b = expr_truth(n->kids[1], env);
        if (b == 0) return 0;
        return a == 1 && b == 1 ? 1 : 2;
    }
    case OP_OR: {
        int a = expr_truth(n->kids[0], env);
        if (a == 1) return 1;
        int b = expr_truth(n->kids[1], env);
        if (b == 1) return 1;
        return a == 0 && b == 0 ? 0 : 2;
    }
    case OP_NOT: {
        int a = expr_truth(n->kids[0], env);
        return a == 2 ? 2 : !a;
    }
    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE: {
        value a = operand(n->kids[0], env);
        value b = operand(n->kids[1], env);
        if (!a.known || !b.known) return 2;
        switch (n->op) {
        case OP_EQ: return a.i == b.i;
        case OP_NE: return a.i != b.i;
        case OP_LT: return a.i < b.i;
        case OP_LE: return a.i <= b.i;
        case OP_GT: return a.i > b.i;
        default: return a.i >= b.i;
        }
    }
    case OP_IN:
    case OP_NOTIN: {
        value a = operand(n->kids[0], env);
        if (!a.known) return 2;
        bool in = in_list(n->kids[1], &a, n->kids[0]->type);
        return n->op == OP_IN ? in : !in;
    }
    default: {
        value v = expr_eval(n, env, NULL);
        return v.known ? v.i != 0 : 2;
    }
    }
}
