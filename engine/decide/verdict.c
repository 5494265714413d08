/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verdict.c -- runs the compiled rules over one complaint and decides.
 * Consumes fact values (complaint.c); produces, per head, the state of every
 * rule, the verdict by precedence, whether unknown facts could still change
 * it (then "needs information" and the questions, most decisive first), and
 * the complaint's combined verdict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "result.h"

/* Divisible by 1..8: a rule with k unknown facts gives each WEIGHT / k. */
#define QUESTION_WEIGHT 840u

const char *verdict_id(const remit_result *r, int v)
{
    if (v == V_NEEDS_INFO) return REMIT_VERDICT_NEEDS_INFORMATION;
    if (v == V_PARTLY) return REMIT_VERDICT_PARTLY_IN_SCOPE;
    if (v >= 0 && r->f && (size_t)v < r->f->noutcomes) return r->f->outcomes[v].id;
    return NULL;
}

const char *verdict_label(const remit_result *r, int v)
{
    if (v == V_NEEDS_INFO) return "More information is needed";
    if (v == V_PARTLY) return "Partly within the Ombudsman's remit";
    if (v >= 0 && r->f && (size_t)v < r->f->noutcomes)
        return r->f->outcomes[v].label;
    return NULL;
}

const char *verdict_head_label(const remit_result *r, const head_result *h)
{
    if (h->needs_info) return verdict_label(r, V_NEEDS_INFO);
    const outcome_def *o = &r->f->outcomes[h->outcome];
    if (h->basis == BASIS_DISCRETION && o->label_discretionary)
        return o->label_discretionary;
    return o->label;
}

const char *verdict_head_name(const remit_result *r, size_t k, char num[24])
{
    if (r->heads[k].hid) return r->heads[k].hid;
    snprintf(num, 24, "%zu", k + 1);
    return num;
}

const char *verdict_basis_id(head_basis b)
{
    return b == BASIS_LEGAL_BAR ? "legal_bar"
           : b == BASIS_DISCRETION ? "discretion"
                                   : NULL;
}

const char *verdict_assessment_id(assessment a)
{
    switch (a) {
    case ASSESS_LIKELY_ACCEPT: return "likely_accept";
    case ASSESS_LIKELY_DECLINE: return "likely_decline";
    case ASSESS_DEPENDS: return "depends";
    default: return NULL;
    }
}

/* Evaluates rule k over vals; records its state and, if undetermined, the
 * unknown facts it hangs on. */
static remit_status run_rule(remit_result *r, const rule_def *rule,
                             const eval_env *env, uint8_t *state,
                             factset **deps)
{
    /* Most rules are settled: evaluate without tracking the unknown facts,
     * and again, tracking them, only when the result is unknown (the
     * evaluation has no side effects). */
    int t = expr_truth(rule->cond, env);
    if (t != 2) {
        *state = t ? RS_FIRED : RS_NOT_FIRED;
        *deps = NULL;
        return REMIT_OK;
    }
    factset d = {{0}};
    (void)expr_eval(rule->cond, env, &d);
    *state = RS_UNDETERMINED;
    *deps = arena_alloc(&r->mem, sizeof d);
    if (!*deps) return REMIT_ENOMEM;
    **deps = d;
    return REMIT_OK;
}

static int cmp_question(const void *a, const void *b)
{
    const question_item *x = a, *y = b;
    if (x->strongest != y->strongest) return x->strongest < y->strongest ? -1 : 1;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    if (x->head != y->head) return x->head < y->head ? -1 : 1;
    return (x->slot > y->slot) - (x->slot < y->slot);
}

/* Adds (slot, head) to a question list, merging duplicates. */
static void add_question(question_item *q, size_t *n, unsigned slot, int head,
                         int strongest, unsigned count)
{
    for (size_t k = 0; k < *n; k++)
        if (q[k].slot == slot && q[k].head == head) {
            if (strongest < q[k].strongest) q[k].strongest = strongest;
            q[k].count += count;
            return;
        }
    q[*n].slot = slot;
    q[*n].head = head;
    q[*n].strongest = strongest;
    q[*n].count = count;
    (*n)++;
}

bool verdict_blocks(const remit_result *r, const head_result *h, size_t k)
{
    const rule_def *rule = &r->f->rules[k];
    if (h->state[k] != RS_UNDETERMINED || rule->outcome < 0) return false;
    return h->any_fired ? rule->outcome < h->outcome
                        : rule->outcome != h->outcome;
}

/*
 * The discretion assessment of head h, decided by discretionary rule
 * h->deciding: each factor it weighs is evaluated over the head's facts;
 * factors that apply leaning one way only give likely_accept or
 * likely_decline, otherwise (both ways, or none) depends.  The unknown
 * facts of undetermined factors become questions (Q_DISCRETION: asked after
 * every question that could change a verdict).
 */
static remit_status assess_discretion(remit_result *r, head_result *h,
                                      size_t hi, const eval_env *env,
                                      question_item *q, size_t *nq)
{
    const rsfile *f = r->f;
    const rule_def *rule = &f->rules[h->deciding];
    h->fstate = arena_alloc(&r->mem, rule->nweighs + 1);
    if (!h->fstate) return REMIT_ENOMEM;
    bool accept = false, decline = false;
    for (size_t k = 0; k < rule->nweighs; k++) {
        const factor_def *fd = &rule->weighs[k];
        int t = expr_truth(fd->cond, env);
        h->fstate[k] = t == 1 ? RS_FIRED : t == 0 ? RS_NOT_FIRED : RS_UNDETERMINED;
        if (t == 1) {
            if (fd->accept) accept = true;
            else decline = true;
        } else if (t == 2) {
            factset d = {{0}};
            (void)expr_eval(fd->cond, env, &d);
            unsigned k_unknown = 0;
            for (unsigned s = 0; s < f->nfacts; s++)
                if (factset_has(&d, s)) k_unknown++;
            for (unsigned s = 0; s < f->nfacts; s++)
                if (factset_has(&d, s))
                    add_question(q, nq, s,
                                 f->facts[s].scope == SCOPE_HEAD ? (int)hi : -1,
                                 Q_DISCRETION, QUESTION_WEIGHT / k_unknown);
        }
    }
    h->assess = accept && !decline   ? ASSESS_LIKELY_ACCEPT
                : decline && !accept ? ASSESS_LIKELY_DECLINE
                                     : ASSESS_DEPENDS;
    return REMIT_OK;
}

/* True for the derived fact of a head that names the heads it handles: the
 * engine sets it (from their verdicts, provisional ones included); it is
 * never asked. */
static bool derived_pending(const rsfile *f, const head_result *h, unsigned s)
{
    return (int)s == f->handled_slot && h->has_handling;
}

/* True if head o's verdict puts the matter itself outside the Ombudsman's
 * remit: its outcome is marked outside_remit, unless its deciding rule says
 * otherwise (`outside_remit:` on the rule). */
static bool matter_outside(const rsfile *f, const head_result *o)
{
    if (o->deciding >= 0 && f->rules[o->deciding].outside_remit >= 0)
        return f->rules[o->deciding].outside_remit == 1;
    return f->outcomes[o->outcome].outside_remit;
}

/*
 * handled_matter of a complaint-handling head, from the heads it is the
 * handling of (already decided): within_remit when one of them is settled
 * on a verdict that does not put the matter outside the remit (the
 * Ombudsman can look at the matter, perhaps later or only at its
 * discretion), or when it names none (the matter behind it is not a point
 * of this complaint, so nothing shows it is outside); outside_remit when
 * every one is settled outside the remit.  While one of them still needs
 * information and the others do not settle it, the value follows their
 * provisional verdicts and *pending is set: the head then needs the same
 * information (follow_pending).
 */
static value handled_matter(const remit_result *r, const head_result *h,
                            bool *pending)
{
    const rsfile *f = r->f;
    value v = {false, false, 0, 0, 0, NULL, 0, 0};
    bool within_settled = false, within_prov = false, open = false;
    for (size_t k = 0; k < h->nhandling; k++) {
        const head_result *o = &r->heads[h->handling[k]];
        bool out = matter_outside(f, o);
        if (o->needs_info) {
            open = true;
            if (!out) within_prov = true;
        } else if (!out) {
            within_settled = true;
        }
    }
    v.known = true;
    v.i = within_settled || within_prov || h->nhandling == 0 ? f->hm_within
                                                             : f->hm_outside;
    *pending = open && !within_settled;
    return v;
}

/*
 * A head whose handled_matter follows a provisional verdict: if the other
 * value would give it another verdict, it needs what the heads it follows
 * need; their questions become its own (for their heads), and the head is
 * marked as following them (h->follows_open).
 */
static remit_status follow_pending(remit_result *r, head_result *h)
{
    const rsfile *f = r->f;
    unsigned s = (unsigned)f->handled_slot;
    value *vals = arena_alloc(&r->mem, (f->nfacts + 1) * sizeof *vals);
    if (!vals) return REMIT_ENOMEM;
    memcpy(vals, h->vals, f->nfacts * sizeof *vals);
    int cur = verdict_over(f, vals, r->today);
    vals[s].i = vals[s].i == f->hm_within ? f->hm_outside : f->hm_within;
    int alt = verdict_over(f, vals, r->today);
    if (cur == alt && cur >= 0) return REMIT_OK; /* it does not matter */
    h->follows_open = true;
    h->needs_info = true;
    size_t total = h->nquestions;
    for (size_t k = 0; k < h->nhandling; k++)
        total += r->heads[h->handling[k]].nquestions;
    question_item *q = arena_alloc(&r->mem, (total + 1) * sizeof *q);
    if (!q) return REMIT_ENOMEM;
    size_t nq = h->nquestions;
    if (nq) memcpy(q, h->questions, nq * sizeof *q);
    for (size_t k = 0; k < h->nhandling; k++) {
        const head_result *o = &r->heads[h->handling[k]];
        if (!o->needs_info) continue;
        for (size_t j = 0; j < o->nquestions; j++)
            add_question(q, &nq, o->questions[j].slot, o->questions[j].head,
                         o->questions[j].strongest, o->questions[j].count);
    }
    qsort(q, nq, sizeof *q, cmp_question);
    h->questions = q;
    h->nquestions = nq;
    return REMIT_OK;
}

/* Orders the heads so that every head comes after the heads it is the
 * handling of (complaint.c refused circles).  order has r->nheads slots. */
static void head_order(const remit_result *r, size_t *order, uint8_t *placed)
{
    size_t n = 0;
    while (n < r->nheads) {
        size_t before = n;
        for (size_t hi = 0; hi < r->nheads; hi++) {
            if (placed[hi]) continue;
            bool ready = true;
            for (size_t k = 0; k < r->heads[hi].nhandling; k++)
                if (!placed[r->heads[hi].handling[k]]) ready = false;
            if (!ready) continue;
            placed[hi] = 1;
            order[n++] = hi;
        }
        if (n == before) break; /* a circle: cannot happen */
    }
    for (size_t hi = 0; hi < r->nheads && n < r->nheads; hi++)
        if (!placed[hi]) order[n++] = hi;
}

/* ---- Approximate dates ------------------------------------------------
 *
 * A date given as a month or a year ("2023-05", "2023") stands for every
 * day of its range.  The head is decided as usual over the range's first
 * day, and also over every other day (every combination, for several such
 * dates): when all give the same verdict the approximation did not matter;
 * otherwise the head needs the exact date, asked as a question, and the
 * verdict says which date mattered.
 */

/* The head's verdict over vals, settled outcome or -1 (an undetermined rule
 * could change it): decide_head without recording anything. */
int verdict_over(const rsfile *f, const value *vals, int64_t today)
{
    eval_env env = {vals, today, f->holidays, f->nholidays};
    int best = -1, strongest_open = -1;
    bool open_any = false;
    for (size_t k = 0; k < f->nrules; k++) {
        const rule_def *rule = &f->rules[k];
        if (rule->outcome < 0) continue;
        int t = expr_truth(rule->cond, &env);
        if (t == 1) {
            if (best < 0 || rule->outcome < best) best = rule->outcome;
        } else if (t == 2) {
            open_any = true;
            if (strongest_open < 0 || rule->outcome < strongest_open)
                strongest_open = rule->outcome;
        }
    }
    if (best < 0) return open_any ? -1 : f->default_outcome;
    if (strongest_open >= 0 && strongest_open < best) return -1;
    return best;
}

/* Tries slot a[j] over its whole range (the other slots as in vals);
 * true if some day gives a verdict other than base.  *strongest takes the
 * strongest settled outcome seen. */
static bool range_differs(const rsfile *f, value *vals, unsigned s,
                          int64_t today, int base, int *strongest)
{
    int64_t first = vals[s].i;
    bool differs = false;
    for (int64_t d = first; d <= vals[s].last; d++) {
        vals[s].i = d;
        int o = verdict_over(f, vals, today);
        if (o >= 0 && (*strongest < 0 || o < *strongest)) *strongest = o;
        if (o != base) differs = true;
    }
    vals[s].i = first;
    return differs;
}

/*
 * Finds head h's approximate dates and whether the exact day matters.
 * Returns true if it does (the head then needs the exact date); *strongest
 * receives the strongest outcome some day gives.
 */
static remit_status approx_scan(remit_result *r, head_result *h,
                                bool *differs_out, int *strongest)
{
    const rsfile *f = r->f;
    *differs_out = false;
    size_t n = 0;
    for (unsigned s = 0; s < f->nfacts; s++)
        if (f->facts[s].type == FT_DATE && h->vals[s].known &&
            h->vals[s].precision != DATE_DAY && h->vals[s].last > h->vals[s].i)
            n++;
    h->napprox = 0;
    if (!n) return REMIT_OK;
    h->approx = arena_alloc(&r->mem, n * sizeof *h->approx);
    h->approx_mattered = arena_alloc(&r->mem, n);
    value *vals = arena_alloc(&r->mem, (f->nfacts + 1) * sizeof *vals);
    if (!h->approx || !h->approx_mattered || !vals) return REMIT_ENOMEM;
    memcpy(vals, h->vals, f->nfacts * sizeof *vals);
    double combos = 1;
    for (unsigned s = 0; s < f->nfacts; s++)
        if (f->facts[s].type == FT_DATE && h->vals[s].known &&
            h->vals[s].precision != DATE_DAY && h->vals[s].last > h->vals[s].i) {
            h->approx[h->napprox++] = s;
            combos *= (double)(h->vals[s].last - h->vals[s].i + 1);
        }
    int base = verdict_over(f, vals, r->today);
    *strongest = base;
    /* Each date over its own range, the others at their first day (and,
     * when there are several, at their last day too). */
    bool any = false;
    for (size_t j = 0; j < n; j++) {
        unsigned s = h->approx[j];
        bool m = range_differs(f, vals, s, r->today, base, strongest);
        if (n > 1) {
            for (size_t o = 0; o < n; o++)
                if (o != j) vals[h->approx[o]].i = vals[h->approx[o]].last;
            m = range_differs(f, vals, s, r->today, base, strongest) || m;
            for (size_t o = 0; o < n; o++) vals[h->approx[o]].i = h->vals[h->approx[o]].i;
        }
        h->approx_mattered[j] = m;
        if (m) any = true;
    }
    /* Several dates: every combination, when there are not too many. */
    if (!any && n > 1 && combos <= REMIT_MAX_APPROX_COMBINATIONS) {
        for (;;) {
            size_t j = 0;
            for (; j < n; j++) {
                unsigned s = h->approx[j];
                if (vals[s].i < h->vals[s].last) {
                    vals[s].i++;
                    break;
                }
                vals[s].i = h->vals[s].i;
            }
            if (j == n) break;
            int o = verdict_over(f, vals, r->today);
            if (o >= 0 && (*strongest < 0 || o < *strongest)) *strongest = o;
            if (o != base) {
                any = true;
                for (size_t m = 0; m < n; m++) h->approx_mattered[m] = 1;
                break;
            }
        }
    }
    *differs_out = any;
    return REMIT_OK;
}

/* Decides head h from the states of all rules (complaint rules included). */
static remit_status decide_head(remit_result *r, size_t hi, const eval_env *env)
{
    const rsfile *f = r->f;
    head_result *h = &r->heads[hi];
    int best = -1;
    for (size_t k = 0; k < f->nrules; k++)
        if (h->state[k] == RS_FIRED && f->rules[k].outcome >= 0 &&
            (best < 0 || f->rules[k].outcome < best))
            best = f->rules[k].outcome;
    h->any_fired = best >= 0;
    if (!h->any_fired) best = f->default_outcome;
    h->outcome = best;

    /* Deciding rule: a fired rule of the winning outcome, preferring one that
     * is not discretionary (a firm bar holds whatever the discretion). */
    h->deciding = -1;
    h->discretionary = false;
    for (size_t k = 0; k < f->nrules; k++)
        if (h->state[k] == RS_FIRED && f->rules[k].outcome == best) {
            if (h->deciding < 0 || (f->rules[h->deciding].discretionary &&
                                    !f->rules[k].discretionary))
                h->deciding = (int)k;
        }
    if (h->deciding >= 0) h->discretionary = f->rules[h->deciding].discretionary;
    h->basis = BASIS_NONE;
    if (h->deciding >= 0 && !f->outcomes[best].in_scope)
        h->basis = h->discretionary ? BASIS_DISCRETION : BASIS_LEGAL_BAR;
    h->assess = ASSESS_NONE;
    h->fstate = NULL;

    /* Blocking rules: undetermined ones that could change the verdict. */
    question_item *q = arena_alloc(&r->mem, (f->nfacts + 1) * sizeof *q);
    if (!q) return REMIT_ENOMEM;
    size_t nq = 0;
    for (size_t k = 0; k < f->nrules; k++) {
        const rule_def *rule = &f->rules[k];
        if (!verdict_blocks(r, h, k)) continue;
        h->needs_info = true;
        /* A fact weighs more the fewer other unknowns share its rule: its
         * answer is then more likely to settle the rule on its own. */
        unsigned k_unknown = 0;
        for (unsigned s = 0; s < f->nfacts; s++)
            if (factset_has(h->deps[k], s)) k_unknown++;
        for (unsigned s = 0; s < f->nfacts; s++)
            if (factset_has(h->deps[k], s) && !derived_pending(f, h, s))
                add_question(q, &nq, s, f->facts[s].scope == SCOPE_HEAD ? (int)hi : -1,
                             rule->outcome, QUESTION_WEIGHT / k_unknown);
    }
    if (h->discretionary &&
        assess_discretion(r, h, hi, env, q, &nq) != REMIT_OK)
        return REMIT_ENOMEM;
    qsort(q, nq, sizeof *q, cmp_question);
    h->questions = q;
    h->nquestions = nq;
    return REMIT_OK;
}

/* Combines head outcomes: all alike -> that one; some in scope and some
 * not -> partly; otherwise the strongest. */
static int combine(const remit_result *r, const int *v, size_t n)
{
    bool same = true, some_in = false, some_out = false;
    int strongest = v[0];
    for (size_t k = 0; k < n; k++) {
        if (v[k] != v[0]) same = false;
        if (v[k] == V_PARTLY) {
            some_in = some_out = true;
            continue;
        }
        if (r->f->outcomes[v[k]].in_scope) some_in = true;
        else some_out = true;
        if (strongest == V_PARTLY || v[k] < strongest) strongest = v[k];
    }
    if (same) return v[0];
    if (some_in && some_out) return V_PARTLY;
    return strongest;
}

remit_status verdict_run(remit_result *r)
{
    const rsfile *f = r->f;
    eval_env env = {r->cvals, r->today, f->holidays, f->nholidays};
    uint8_t *cstate = arena_alloc(&r->mem, f->nrules + 1);
    factset **cdeps = arena_alloc(&r->mem, (f->nrules + 1) * sizeof *cdeps);
    if (!cstate || !cdeps) return REMIT_ENOMEM;
    for (size_t k = 0; k < f->nrules; k++)
        if (f->rules[k].scope == SCOPE_COMPLAINT &&
            run_rule(r, &f->rules[k], &env, &cstate[k], &cdeps[k]) != REMIT_OK)
            return REMIT_ENOMEM;

    int *outs = arena_alloc(&r->mem, (r->nheads + 1) * sizeof *outs);
    if (!outs) return REMIT_ENOMEM;
    bool needs = false;
    size_t *order = arena_alloc(&r->mem, (r->nheads + 1) * sizeof *order);
    uint8_t *placed = arena_alloc(&r->mem, r->nheads + 1);
    if (!order || !placed) return REMIT_ENOMEM;
    head_order(r, order, placed);
    for (size_t oi = 0; oi < r->nheads; oi++) {
        size_t hi = order[oi];
        head_result *h = &r->heads[hi];
        bool pending = false;
        if (f->handled_slot >= 0 && (h->has_handling || r->nheads == 1))
            h->vals[f->handled_slot] = handled_matter(r, h, &pending);
        h->state = arena_alloc(&r->mem, f->nrules + 1);
        h->deps = arena_alloc(&r->mem, (f->nrules + 1) * sizeof *h->deps);
        if (!h->state || !h->deps) return REMIT_ENOMEM;
        env.vals = h->vals;
        for (size_t k = 0; k < f->nrules; k++) {
            if (f->rules[k].scope == SCOPE_COMPLAINT) {
                h->state[k] = cstate[k];
                h->deps[k] = cdeps[k];
            } else if (run_rule(r, &f->rules[k], &env, &h->state[k],
                                &h->deps[k]) != REMIT_OK) {
                return REMIT_ENOMEM;
            }
        }
        if (decide_head(r, hi, &env) != REMIT_OK) return REMIT_ENOMEM;
        if (pending && follow_pending(r, h) != REMIT_OK) return REMIT_ENOMEM;
        bool differs = false;
        int strongest = -1;
        if (approx_scan(r, h, &differs, &strongest) != REMIT_OK)
            return REMIT_ENOMEM;
        if (differs) {
            /* The exact date decides: ask it, first among the head's
             * questions when it could lead to the strongest outcome. */
            h->needs_info = true;
            size_t nq = h->nquestions;
            for (size_t j = 0; j < h->napprox; j++)
                if (h->approx_mattered[j])
                    add_question(h->questions, &nq, h->approx[j],
                                 f->facts[h->approx[j]].scope == SCOPE_HEAD
                                     ? (int)hi : -1,
                                 strongest >= 0 ? strongest : h->outcome,
                                 QUESTION_WEIGHT);
            h->nquestions = nq;
            qsort(h->questions, nq, sizeof *h->questions, cmp_question);
        }
        outs[hi] = h->outcome;
        if (h->needs_info) needs = true;
    }
    int combined = r->nheads ? combine(r, outs, r->nheads) : f->default_outcome;
    /* Discretionary when a head that carries the verdict rests on a
     * discretionary rule: for a single outcome, a head with that outcome;
     * for partly in scope, a head that is not in scope. */
    r->discretionary = false;
    r->all_discretion = r->nheads > 0;
    for (size_t hi = 0; hi < r->nheads; hi++) {
        const head_result *h = &r->heads[hi];
        bool carries = combined == V_PARTLY ? !f->outcomes[h->outcome].in_scope
                                            : h->outcome == combined;
        if (carries && h->discretionary) r->discretionary = true;
        if (carries && h->basis != BASIS_DISCRETION) r->all_discretion = false;
    }
    if (needs) {
        r->verdict = V_NEEDS_INFO;
        r->provisional = combined;
    } else {
        r->verdict = combined;
        r->provisional = V_NONE;
    }

    /* The complaint's questions: every head's, complaint facts merged. */
    size_t total = 0;
    for (size_t hi = 0; hi < r->nheads; hi++) total += r->heads[hi].nquestions;
    r->questions = arena_alloc(&r->mem, (total + 1) * sizeof *r->questions);
    if (!r->questions) return REMIT_ENOMEM;
    r->nquestions = 0;
    for (size_t hi = 0; hi < r->nheads; hi++)
        for (size_t k = 0; k < r->heads[hi].nquestions; k++) {
            const question_item *x = &r->heads[hi].questions[k];
            add_question(r->questions, &r->nquestions, x->slot, x->head,
                         x->strongest, x->count);
        }
    qsort(r->questions, r->nquestions, sizeof *r->questions, cmp_question);
    return REMIT_OK;
}

remit_status verdict_selection_questions(remit_result *r, const factset *deps)
{
    const rsfile *f = r->f;
    r->questions = arena_alloc(&r->mem, (f->nfacts + 1) * sizeof *r->questions);
    if (!r->questions) return REMIT_ENOMEM;
    r->nquestions = 0;
    for (unsigned s = 0; s < f->nfacts; s++)
        if (factset_has(deps, s))
            add_question(r->questions, &r->nquestions, s, -1, -1, 1);
    r->verdict = V_NEEDS_INFO;
    r->provisional = V_NONE;
    return REMIT_OK;
}
