/* SPDX-License-Identifier: Apache-2.0 */
/*
 * whatif.c -- counterfactuals for a decided head.  Consumes a decided
 * result; for each `what_if` fact read by the rules that decided the head,
 * tries the values declared after its current one (for a boolean, true
 * after false) and, for dates, the boundary found by bisection, and re-evaluates every rule over the
 * changed values.  A change is kept when the head's verdict becomes settled
 * and more favourable (later in the ruleset's precedence).
 */
#include <string.h>

#include "whatif.h"

/* True if slot k is read by a fired rule with the head's outcome. */
static bool read_by_deciding(const remit_result *r, const head_result *h,
                             unsigned k)
{
    const rsfile *f = r->f;
    for (size_t i = 0; i < f->nrules; i++) {
        const rule_def *rule = &f->rules[i];
        if (h->state[i] != RS_FIRED || rule->outcome != h->outcome) continue;
        for (size_t j = 0; j < rule->nreads; j++)
            if (rule->reads[j] == k) return true;
    }
    return false;
}

static bool better(const rsfile *f, int candidate, int current)
{
    (void)f;
    return candidate > current; /* later in precedence: more favourable */
}

static void add(whatif *out, size_t *n, unsigned slot, whatif_kind kind,
                value v, int outcome)
{
    if (*n == WHATIF_MAX) {
        /* Keep the most favourable: replace the worst if this is better. */
        size_t worst = 0;
        for (size_t i = 1; i < *n; i++)
            if (out[i].outcome < out[worst].outcome) worst = i;
        if (out[worst].outcome >= outcome) return;
        out[worst] = (whatif){slot, kind, v, outcome};
        return;
    }
    out[(*n)++] = (whatif){slot, kind, v, outcome};
}

/* For a date fact: bisects for the nearest date in direction dir (+1 or -1)
 * from the current value at which the verdict becomes `target` or better,
 * assuming one boundary within ten years.  Returns false if none. */
static bool date_boundary(const remit_result *r, value *vals, unsigned k,
                          int current, int dir, int64_t *at, int *outcome)
{
    const rsfile *f = r->f;
    int64_t d0 = vals[k].i, far = d0 + dir * 3653;
    value saved = vals[k];
    vals[k].i = far;
    int o_far = verdict_over(f, vals, r->today);
    if (o_far < 0 || !better(f, o_far, current)) {
        vals[k] = saved;
        return false;
    }
    /* Invariant: at `lo` the verdict is not better, at `hi` it is. */
    int64_t lo = d0, hi = far;
    while ((hi - lo) * dir > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        vals[k].i = mid;
        int o = verdict_over(f, vals, r->today);
        if (o >= 0 && better(f, o, current)) hi = mid;
        else lo = mid;
    }
    vals[k].i = hi;
    *outcome = verdict_over(f, vals, r->today);
    vals[k] = saved;
    *at = hi;
    return *outcome >= 0;
}

size_t whatif_head(const remit_result *r, size_t hi, whatif out[WHATIF_MAX])
{
    const rsfile *f = r->f;
    const head_result *h = &r->heads[hi];
    if (h->needs_info || f->outcomes[h->outcome].in_scope) return 0;
    /* A scratch copy of the head's values, changed one fact at a time. */
    value vals[REMIT_MAX_FACTS];
    memcpy(vals, h->vals, f->nfacts * sizeof *vals);
    size_t n = 0;
    for (unsigned k = 0; k < f->nfacts; k++) {
        if (!f->facts[k].what_if || !vals[k].known || vals[k].presumed ||
            !read_by_deciding(r, h, k))
            continue;
        const fact_def *fd = &f->facts[k];
        value saved = vals[k];
        if (fd->type == FT_BOOL || fd->type == FT_ENUM) {
            /* Steps move forward: a later value in the declared order (for
             * a yes/no fact, from no to yes). */
            size_t nv = fd->type == FT_BOOL ? 2 : fd->nvalues, found = 0;
            for (size_t v = (size_t)saved.i + 1; v < nv && found < WHATIF_PER_FACT;
                 v++) {
                vals[k].i = (int64_t)v;
                int o = verdict_over(f, vals, r->today);
                if (o >= 0 && better(f, o, h->outcome)) {
                    add(out, &n, k, WHATIF_EQUALS, vals[k], o);
                    found++;
                }
            }
        } else if (fd->type == FT_DATE) {
            for (int dir = 1; dir >= -1; dir -= 2) {
                int64_t at;
                int o;
                if (date_boundary(r, vals, k, h->outcome, dir, &at, &o)) {
                    value v = saved;
                    v.i = at;
                    add(out, &n, k,
                        dir > 0 ? WHATIF_ON_OR_AFTER : WHATIF_ON_OR_BEFORE, v, o);
                }
            }
        }
        vals[k] = saved;
    }
    /* Most favourable first; stable otherwise (declaration order). */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && out[j].outcome > out[j - 1].outcome; j--) {
            whatif t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

/* Whether trying the other values of slot k changes the verdict of head hi. */
static bool changes_head(const remit_result *r, size_t hi, unsigned k)
{
    const rsfile *f = r->f;
    const head_result *h = &r->heads[hi];
    const fact_def *fd = &f->facts[k];
    value vals[REMIT_MAX_FACTS];
    memcpy(vals, h->vals, f->nfacts * sizeof *vals);
    int now = verdict_over(f, vals, r->today);
    if (fd->type == FT_BOOL || fd->type == FT_ENUM) {
        size_t nv = fd->type == FT_BOOL ? 2 : fd->nvalues;
        for (size_t v = 0; v < nv; v++) {
            if ((int64_t)v == h->vals[k].i) continue;
            vals[k].i = (int64_t)v;
            if (verdict_over(f, vals, r->today) != now) return true;
        }
        return false;
    }
    /* Dates and integers: unknown instead of the presumption. */
    vals[k].known = false;
    return verdict_over(f, vals, r->today) != now;
}

bool whatif_presumption_matters(const remit_result *r, unsigned slot, int head)
{
    if (head >= 0) return changes_head(r, (size_t)head, slot);
    for (size_t hi = 0; hi < r->nheads; hi++)
        if (changes_head(r, hi, slot)) return true;
    return false;
}
