/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.c -- renders a result: JSON with the documented field names
 * (rules/verdict.schema.json) and text for a person at a terminal.
 * Consumes a decided remit_result; produces text in its buffers.
 */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "result.h"
#include "whatif.h"

/* ---- JSON ---------------------------------------------------------------- */

typedef struct jw {
    buf *b;
    bool pretty;
    int depth;
    bool first; /* no comma needed before the next member */
    /* Where the reason of complaint-scope rule k was first written in b
     * (offset, length; length 0: not yet), for complaints of several
     * heads: such a reason reads complaint facts only, so it is the same
     * in every head, and later heads copy it.  NULL: no copying. */
    size_t *reasons;
} jw;

static void nl(jw *w)
{
    if (!w->pretty) return;
    buf_putc(w->b, '\n');
    for (int k = 0; k < w->depth; k++) buf_add(w->b, "  ", 2);
}

static inline void open_(jw *w, char c)
{
    buf_putc(w->b, c);
    w->depth++;
    w->first = true;
}

static inline void close_(jw *w, char c)
{
    w->depth--;
    if (!w->first) nl(w);
    buf_putc(w->b, c);
    w->first = false;
}

static void key_pretty(jw *w, const char *k)
{
    if (!w->first) buf_putc(w->b, ',');
    w->first = false;
    nl(w);
    if (k) {
        buf_putc(w->b, '"');
        buf_puts(w->b, k);
        buf_add(w->b, "\": ", 3);
    }
}

/* Starts a member (key may be NULL inside arrays).  Keys are the field
 * names of the schema and fact names (snake_case), which never need
 * escaping.  On one line, the comma, key and colon are written in one step
 * (inline, so that a literal key's length is known when compiling): this
 * runs for every member of every verdict. */
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static ALWAYS_INLINE void key(jw *w, const char *k)
{
    if (w->pretty) {
        key_pretty(w, k);
        return;
    }
    buf *b = w->b;
    size_t n = k ? strlen(k) : 0;
    if (b->len + n + 5 > b->cap && !buf_grow(b, n + 4)) return;
    char *d = b->p + b->len;
    if (!w->first) *d++ = ',';
    w->first = false;
    if (k) {
        *d++ = '"';
        memcpy(d, k, n);
        d += n;
        *d++ = '"';
        *d++ = ':';
    }
    *d = '\0';
    b->len = (size_t)(d - b->p);
}

/* A date as a JSON string "YYYY-MM-DD", as date_format writes it. */
static void json_date(buf *b, int64_t days)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    if (y < 1 || y > 9999) y = m = d = 0;
    char t[12] = {'"', (char)('0' + y / 1000), (char)('0' + y / 100 % 10),
                  (char)('0' + y / 10 % 10), (char)('0' + y % 10), '-',
                  (char)('0' + m / 10), (char)('0' + m % 10), '-',
                  (char)('0' + d / 10), (char)('0' + d % 10), '"'};
    buf_add(b, t, sizeof t);
}

static void kstr(jw *w, const char *k, const char *v)
{
    key(w, k);
    if (v) buf_json_str(w->b, v);
    else buf_puts(w->b, "null");
}

static void kbool(jw *w, const char *k, bool v)
{
    key(w, k);
    buf_puts(w->b, v ? "true" : "false");
}

/* "pointer": the JSON pointer of fact f in the complaint (head -1: a
 * complaint fact), built in the result's arena. */
static void kpointer(jw *w, const remit_result *r, const fact_def *f, int head)
{
    key(w, "pointer");
    buf ptr;
    buf_init(&ptr, &r->mem);
    ruleset_pointer(&ptr, f, head);
    if (ptr.oom) w->b->oom = true;
    buf_json_str(w->b, buf_cstr(&ptr));
    buf_free(&ptr);
}

void output_value_json(buf *b, const fact_def *f, const value *v)
{
    if (!v->known) {
        buf_puts(b, "null");
        return;
    }
    switch (f->type) {
    case FT_BOOL: buf_puts(b, v->i ? "true" : "false"); break;
    case FT_INT: buf_int(b, v->i); break;
    case FT_DATE:
        if (v->precision != DATE_DAY) {
            /* As given: "2023-05" or "2023". */
            char d[11];
            date_format_approx(v->i, v->precision, d);
            buf_json_str(b, d);
        } else {
            json_date(b, v->i);
        }
        break;
    case FT_ENUM: buf_json_str(b, f->values[v->i].value); break;
    case FT_SET: {
        buf_putc(b, '[');
        bool first = true;
        for (size_t k = 0; k < f->nvalues; k++)
            if ((v->mask >> k) & 1u) {
                if (!first) buf_putc(b, ',');
                first = false;
                buf_json_str(b, f->values[k].value);
            }
        buf_putc(b, ']');
        break;
    }
    case FT_TEXT: buf_json_str(b, v->text); break;
    default: buf_puts(b, "null");
    }
}

static void contact_json(jw *w, const contact_def *c)
{
    open_(w, '{');
    kstr(w, "id", c->id);
    kstr(w, "name", c->name);
    kstr(w, "phone", c->phone);
    kstr(w, "url", c->url);
    kstr(w, "note", c->note);
    close_(w, '}');
}

/* The facts a rule read, with their values, as an object. */
static void facts_json(jw *w, const rsfile *f, const rule_def *rule,
                       const value *vals)
{
    open_(w, '{');
    for (size_t k = 0; k < rule->nreads; k++) {
        const fact_def *fd = &f->facts[rule->reads[k]];
        key(w, fd->name);
        output_value_json(w->b, fd, &vals[rule->reads[k]]);
    }
    close_(w, '}');
}

static void reason_json(jw *w, const remit_result *r, const rule_def *rule,
                        const value *vals)
{
    const rsfile *f = r->f;
    open_(w, '{');
    kstr(w, "rule", rule->id);
    kstr(w, "title", rule->title);
    kstr(w, "outcome", rule->outcome >= 0 ? f->outcomes[rule->outcome].id : "note");
    kstr(w, "scope", rule->scope == SCOPE_HEAD ? "head" : "complaint");
    kstr(w, "explanation", rule->explanation);
    kbool(w, "discretionary", rule->discretionary);
    kstr(w, "discretion", rule->discretion);
    key(w, "citations");
    open_(w, '[');
    for (size_t k = 0; k < rule->ncites; k++) {
        const source_def *s = rule->cites[k];
        key(w, NULL);
        open_(w, '{');
        kstr(w, "id", s->id);
        kstr(w, "title", s->title);
        kstr(w, "section", s->section);
        kstr(w, "quote", s->quote);
        kstr(w, "url", s->url);
        close_(w, '}');
    }
    close_(w, ']');
    key(w, "facts");
    facts_json(w, f, rule, vals);
    close_(w, '}');
}

static const char *head_summary(const remit_result *r, const head_result *h);

/* The values of the derived fact's question: the other heads (its answer
 * goes to "handling_of"), each by its id, or by its number as people count
 * ("2") when it has none, labelled with their summaries; as strings only
 * when `compact`. */
static void head_id_values(jw *w, const remit_result *r, int head, bool compact)
{
    for (size_t k = 0; k < r->nheads; k++) {
        const head_result *o = &r->heads[k];
        if ((int)k == head) continue;
        char num[24];
        const char *v = verdict_head_name(r, k, num);
        key(w, NULL);
        if (compact) {
            buf_json_str(w->b, v);
            continue;
        }
        open_(w, '{');
        kstr(w, "value", v);
        const char *s = head_summary(r, o);
        if (s) {
            kstr(w, "label", s);
        } else {
            char l[40];
            snprintf(l, sizeof l, "Head %zu", k + 1);
            kstr(w, "label", l);
        }
        close_(w, '}');
    }
}

void output_head_choices(buf *b, const remit_result *r, int head)
{
    jw w = {b, false, 0, true, NULL};
    open_(&w, '[');
    head_id_values(&w, r, head, false);
    close_(&w, ']');
}

static void question_json(jw *w, const remit_result *r, const question_item *q)
{
    const fact_def *f = &r->f->facts[q->slot];
    open_(w, '{');
    kstr(w, "fact", f->name);
    kpointer(w, r, f, q->head);
    key(w, "head");
    if (q->head >= 0) buf_int(w->b, q->head);
    else buf_puts(w->b, "null");
    kstr(w, "question", f->question);
    kstr(w, "asked_for", q->strongest == Q_DISCRETION ? "discretion" : "verdict");
    kstr(w, "help", f->help);
    kstr(w, "type", f->derived ? "set" : fact_type_name(f->type));
    key(w, "values");
    open_(w, '[');
    if (f->derived) head_id_values(w, r, q->head, false);
    for (size_t k = 0; k < f->nvalues && !f->derived; k++) {
        key(w, NULL);
        open_(w, '{');
        kstr(w, "value", f->values[k].value);
        kstr(w, "label", f->values[k].label);
        close_(w, '}');
    }
    close_(w, ']');
    close_(w, '}');
}

/* The head's label: its first text fact (e.g. "summary"), if known. */
static const char *head_summary(const remit_result *r, const head_result *h)
{
    for (size_t k = 0; k < r->f->nfacts; k++)
        if (r->f->facts[k].scope == SCOPE_HEAD && r->f->facts[k].type == FT_TEXT)
            return h->vals[k].known ? h->vals[k].text : NULL;
    return NULL;
}

/* Fired rules of head h, strongest outcome first (notes excluded). */
static size_t fired_order(const remit_result *r, const head_result *h,
                          size_t *order, bool notes)
{
    const rsfile *f = r->f;
    size_t n = 0;
    if (notes) {
        for (size_t k = 0; k < f->nrules; k++)
            if (h->state[k] == RS_FIRED && f->rules[k].outcome < 0) order[n++] = k;
        return n;
    }
    if (h->deciding >= 0) order[n++] = (size_t)h->deciding;
    /* The other fired rules (a few of many), then by outcome: the same
     * order as a pass over all rules per outcome, at less cost. */
    size_t first = n;
    for (size_t k = 0; k < f->nrules; k++)
        if (h->state[k] == RS_FIRED && f->rules[k].outcome >= 0 &&
            (int)k != h->deciding)
            order[n++] = k;
    size_t nfired = n - first;
    if (nfired > 1) {
        /* Stable insertion sort by outcome (the list is short). */
        for (size_t i = first + 1; i < n; i++) {
            size_t k = order[i], j = i;
            while (j > first && f->rules[order[j - 1]].outcome > f->rules[k].outcome) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = k;
        }
    }
    return n;
}

/* Whether the next steps of fired rule k are for head h: a rule whose
 * outcome is in scope gives none to a head that is not ("complain to the
 * Ombudsman" beside "late" or "refer to the ICO" would contradict the
 * verdict); a note's steps always. */
static bool head_step_applies(const rsfile *f, const head_result *h,
                                     size_t k)
{
    int o = f->rules[k].outcome;
    return o < 0 || !f->outcomes[o].in_scope || h->outcome < 0 ||
           f->outcomes[h->outcome].in_scope;
}

/* The steps of the rules in order[0..n), for head h: each text once, none
 * of a rule whose outcome is in scope when the head is not.  Into s, which
 * has room for every step of the ruleset; returns how many. */
static size_t steps_of(const rsfile *f, const head_result *h,
                       const size_t *order, size_t n, head_step *s)
{
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        if (!head_step_applies(f, h, order[i])) continue;
        const rule_def *rule = &f->rules[order[i]];
        for (size_t k = 0; k < rule->nsteps; k++) {
            bool dup = false;
            for (size_t j = 0; j < ns && !dup; j++)
                dup = strcmp(s[j].step->text, rule->steps[k].text) == 0;
            if (!dup) s[ns++] = (head_step){rule, &rule->steps[k]};
        }
    }
    return ns;
}

/* Room for every step of the ruleset, in r's arena. */
static head_step *steps_room(remit_result *r)
{
    size_t total = 0;
    for (size_t k = 0; k < r->f->nrules; k++) total += r->f->rules[k].nsteps;
    return arena_alloc(&r->mem, (total + 1) * sizeof(head_step));
}

remit_status output_head_steps(remit_result *r, const head_result *h,
                               const head_step **steps, size_t *n)
{
    size_t *order = arena_alloc(&r->mem, (r->f->nrules + 1) * sizeof *order);
    head_step *s = steps_room(r);
    if (!order || !s) return REMIT_ENOMEM;
    size_t no = fired_order(r, h, order, false);
    no += fired_order(r, h, order + no, true);
    *n = steps_of(r->f, h, order, no, s);
    *steps = s;
    return REMIT_OK;
}

static void steps_json(jw *w, remit_result *r, const head_result *h,
                       const size_t *order, size_t n)
{
    const rsfile *f = r->f;
    head_step *s = steps_room(r);
    if (!s) {
        w->b->oom = true;
        return;
    }
    size_t ns = steps_of(f, h, order, n, s);
    key(w, "next_steps");
    open_(w, '[');
    for (size_t i = 0; i < ns; i++) {
        const step_def *st = s[i].step;
        key(w, NULL);
        open_(w, '{');
        kstr(w, "text", st->text);
        kstr(w, "rule", s[i].rule->id);
        /* The last day for it (`by`), over the head's facts. */
        key(w, "by");
        {
            eval_env env = {h->vals, r->today, f->holidays, f->nholidays};
            value bv = st->by ? expr_eval(st->by, &env, NULL)
                              : (value){false, false, 0, 0, 0, NULL, 0, 0};
            if (bv.known) json_date(w->b, bv.i);
            else buf_puts(w->b, "null");
        }
        key(w, "contact");
        if (st->contact) contact_json(w, st->contact);
        else buf_puts(w->b, "null");
        close_(w, '}');
    }
    close_(w, ']');
}

static const char *state_name(uint8_t s)
{
    return s == RS_FIRED ? "fired" : s == RS_UNDETERMINED ? "undetermined"
                                                          : "not_fired";
}

static void trace_json(jw *w, const remit_result *r, const head_result *h,
                       fact_scope scope)
{
    const rsfile *f = r->f;
    open_(w, '[');
    for (size_t k = 0; k < f->nrules; k++) {
        const rule_def *rule = &f->rules[k];
        if (rule->scope != scope) continue;
        key(w, NULL);
        open_(w, '{');
        kstr(w, "rule", rule->id);
        kstr(w, "state", state_name(h->state[k]));
        key(w, "facts");
        facts_json(w, f, rule, h->vals);
        close_(w, '}');
    }
    close_(w, ']');
}

/* Facts of `scope` that took the ruleset's presumption, as an array. */
static void presumed_json(jw *w, const remit_result *r, const value *vals,
                          fact_scope scope, int head)
{
    const rsfile *f = r->f;
    key(w, "presumed");
    open_(w, '[');
    for (unsigned k = 0; k < f->nfacts; k++) {
        const fact_def *fd = &f->facts[k];
        if (fd->scope != scope || !vals[k].presumed ||
            !whatif_presumption_matters(r, k, head))
            continue;
        key(w, NULL);
        open_(w, '{');
        kstr(w, "fact", fd->name);
        kpointer(w, r, fd, head);
        key(w, "value");
        output_value_json(w->b, fd, &vals[k]);
        kstr(w, "question", fd->question);
        close_(w, '}');
    }
    close_(w, ']');
}

/* "what_would_change": the single fact changes that would give the head a
 * more favourable verdict (whatif.c). */
static void whatif_json(jw *w, const remit_result *r, size_t hi)
{
    whatif wi[WHATIF_MAX];
    size_t n = whatif_head(r, hi, wi);
    key(w, "what_would_change");
    open_(w, '[');
    for (size_t i = 0; i < n; i++) {
        const fact_def *fd = &r->f->facts[wi[i].slot];
        key(w, NULL);
        open_(w, '{');
        kstr(w, "fact", fd->name);
        kpointer(w, r, fd, fd->scope == SCOPE_HEAD ? (int)hi : -1);
        kstr(w, "change", wi[i].kind == WHATIF_EQUALS ? "equals"
                          : wi[i].kind == WHATIF_ON_OR_AFTER ? "on_or_after"
                                                             : "on_or_before");
        key(w, "value");
        output_value_json(w->b, fd, &wi[i].v);
        kstr(w, "verdict", verdict_id(r, wi[i].outcome));
        close_(w, '}');
    }
    close_(w, ']');
}

/* reason_json, or a copy of the same reason written for an earlier head
 * (see jw.reasons). */
static void reason_once(jw *w, const remit_result *r, size_t k,
                        const value *vals)
{
    const rule_def *rule = &r->f->rules[k];
    if (!w->reasons || rule->scope != SCOPE_COMPLAINT) {
        reason_json(w, r, rule, vals);
        return;
    }
    size_t *at = &w->reasons[2 * k];
    buf *b = w->b;
    if (at[1] == 0) {
        at[0] = b->len;
        reason_json(w, r, rule, vals);
        at[1] = b->oom ? 0 : b->len - at[0];
        return;
    }
    if (!buf_grow(b, at[1])) return;
    memcpy(b->p + b->len, b->p + at[0], at[1]);
    b->len += at[1];
    b->p[b->len] = '\0';
}

/* One factor of a discretion assessment. */
static void factor_json(jw *w, const factor_def *fd)
{
    key(w, NULL);
    open_(w, '{');
    kstr(w, "leans", fd->accept ? "accept" : "decline");
    kstr(w, "text", fd->says);
    key(w, "cite");
    open_(w, '[');
    for (size_t c = 0; c < fd->ncites; c++) {
        key(w, NULL);
        buf_json_str(w->b, fd->cites[c]->id);
    }
    close_(w, ']');
    close_(w, '}');
}

/* "discretion" of a head decided by a discretionary rule: the rule, the
 * assessment, the factors that apply and those not yet known. */
static void discretion_json(jw *w, const remit_result *r, const head_result *h)
{
    const rule_def *rule = &r->f->rules[h->deciding];
    open_(w, '{');
    kstr(w, "rule", rule->id);
    kstr(w, "text", rule->discretion);
    kstr(w, "assessment", verdict_assessment_id(h->assess));
    for (int pass = 0; pass < 2; pass++) {
        key(w, pass == 0 ? "factors" : "undetermined");
        open_(w, '[');
        for (size_t k = 0; k < rule->nweighs; k++)
            if (h->fstate[k] == (pass == 0 ? RS_FIRED : RS_UNDETERMINED))
                factor_json(w, &rule->weighs[k]);
        close_(w, ']');
    }
    close_(w, '}');
}

const char *output_verdict_label(const remit_result *r)
{
    if (r->verdict >= 0 && r->all_discretion &&
        r->f->outcomes[r->verdict].label_discretionary)
        return r->f->outcomes[r->verdict].label_discretionary;
    return verdict_label(r, r->verdict);
}

/* "approximate_dates": the dates given as a month or a year that the head
 * read, the days they stand for, and whether the exact day mattered. */
static void approx_json(jw *w, const remit_result *r, const head_result *h,
                        size_t hi)
{
    key(w, "approximate_dates");
    open_(w, '[');
    for (size_t j = 0; j < h->napprox; j++) {
        const fact_def *fd = &r->f->facts[h->approx[j]];
        const value *v = &h->vals[h->approx[j]];
        key(w, NULL);
        open_(w, '{');
        kstr(w, "fact", fd->name);
        kpointer(w, r, fd, fd->scope == SCOPE_HEAD ? (int)hi : -1);
        key(w, "given");
        output_value_json(w->b, fd, v);
        key(w, "from");
        json_date(w->b, v->i);
        key(w, "to");
        json_date(w->b, v->last);
        kbool(w, "mattered", h->approx_mattered[j]);
        close_(w, '}');
    }
    close_(w, ']');
}

static void head_json(jw *w, remit_result *r, size_t hi)
{
    const rsfile *f = r->f;
    const head_result *h = &r->heads[hi];
    size_t *order = arena_alloc(&r->mem, (f->nrules + 1) * sizeof *order);
    if (!order) {
        w->b->oom = true;
        return;
    }
    open_(w, '{');
    key(w, "index");
    buf_int(w->b, (int64_t)hi);
    kstr(w, "id", h->hid);
    key(w, "handling_of");
    open_(w, '[');
    for (size_t k = 0; k < h->nhandling; k++) {
        key(w, NULL);
        buf_int(w->b, h->handling[k]);
    }
    close_(w, ']');
    if (h->follows_open) kbool(w, "follows_provisional", true);
    kstr(w, "summary", head_summary(r, h));
    approx_json(w, r, h, hi);
    int v = h->needs_info ? V_NEEDS_INFO : h->outcome;
    kstr(w, "verdict", verdict_id(r, v));
    kstr(w, "verdict_label", verdict_head_label(r, h));
    kstr(w, "provisional_verdict",
         h->needs_info ? verdict_id(r, h->outcome) : NULL);
    key(w, "in_scope");
    if (h->needs_info) buf_puts(w->b, "null");
    else buf_puts(w->b, f->outcomes[h->outcome].in_scope ? "true" : "false");
    kstr(w, "deciding_rule", h->deciding >= 0 ? f->rules[h->deciding].id : NULL);
    kbool(w, "discretionary", h->discretionary);
    if (h->basis != BASIS_NONE) kstr(w, "basis", verdict_basis_id(h->basis));
    key(w, "discretion");
    if (h->discretionary) discretion_json(w, r, h);
    else buf_puts(w->b, "null");
    size_t n = fired_order(r, h, order, false);
    key(w, "reasons");
    open_(w, '[');
    for (size_t i = 0; i < n; i++) {
        key(w, NULL);
        reason_once(w, r, order[i], h->vals);
    }
    close_(w, ']');
    size_t nn = fired_order(r, h, order + n, true);
    key(w, "notes");
    open_(w, '[');
    for (size_t i = 0; i < nn; i++) {
        key(w, NULL);
        reason_once(w, r, order[n + i], h->vals);
    }
    close_(w, ']');
    steps_json(w, r, h, order, n + nn);
    key(w, "questions");
    open_(w, '[');
    for (size_t i = 0; i < h->nquestions; i++) {
        key(w, NULL);
        question_json(w, r, &h->questions[i]);
    }
    close_(w, ']');
    presumed_json(w, r, h->vals, SCOPE_HEAD, (int)hi);
    whatif_json(w, r, hi);
    if (r->trace) {
        key(w, "trace");
        trace_json(w, r, h, SCOPE_HEAD);
    }
    close_(w, '}');
}

/* ---- Compact JSON --------------------------------------------------------- */

/*
 * The verdict for routing (--compact, REMIT_JSON_COMPACT; the schema's
 * $defs/compact): the complaint's id and verdict; per head its verdict, the
 * deciding rule and every rule that gave that verdict (deciding rule first),
 * and for a discretionary head the assessment; the questions that would
 * settle what is open.  A provisional verdict only
 * where the verdict is "needs_information"; the trace when asked for.  What
 * an adviser reads (labels, reasons, citations, next steps) is in the full
 * verdict only: an intake system routes on ids and looks the rest up.
 */
static void compact_json(jw *w, remit_result *r)
{
    const rsfile *f = r->f;
    buf *b = w->b;
    open_(w, '{');
    kstr(w, "id", r->id);
    kstr(w, "verdict", verdict_id(r, r->verdict));
    if (r->verdict == V_NEEDS_INFO && r->provisional != V_NONE)
        kstr(w, "provisional_verdict", verdict_id(r, r->provisional));
    key(w, "heads");
    open_(w, '[');
    for (size_t hi = 0; hi < r->nheads; hi++) {
        const head_result *h = &r->heads[hi];
        key(w, NULL);
        open_(w, '{');
        kstr(w, "verdict", verdict_id(r, h->needs_info ? V_NEEDS_INFO : h->outcome));
        if (h->needs_info && h->outcome >= 0)
            kstr(w, "provisional_verdict", verdict_id(r, h->outcome));
        kstr(w, "deciding_rule", h->deciding >= 0 ? f->rules[h->deciding].id : NULL);
        /* A discretionary head: which way the Ombudsman is likely to go
         * routes it as much as the verdict does. */
        if (h->discretionary && h->assess != ASSESS_NONE)
            kstr(w, "assessment", verdict_assessment_id(h->assess));
        key(w, "rules");
        open_(w, '[');
        if (h->deciding >= 0) {
            key(w, NULL);
            buf_json_str(b, f->rules[h->deciding].id);
        }
        for (size_t k = 0; k < f->nrules; k++)
            if (h->state[k] == RS_FIRED && (int)k != h->deciding &&
                f->rules[k].outcome >= 0 && f->rules[k].outcome == h->outcome) {
                key(w, NULL);
                buf_json_str(b, f->rules[k].id);
            }
        close_(w, ']');
        if (r->trace) {
            key(w, "trace");
            trace_json(w, r, h, SCOPE_HEAD);
        }
        close_(w, '}');
    }
    close_(w, ']');
    key(w, "questions");
    open_(w, '[');
    for (size_t i = 0; i < r->nquestions; i++) {
        const question_item *q = &r->questions[i];
        const fact_def *fd = &f->facts[q->slot];
        key(w, NULL);
        open_(w, '{');
        kpointer(w, r, fd, q->head);
        kstr(w, "question", fd->question);
        kstr(w, "asked_for", q->strongest == Q_DISCRETION ? "discretion" : "verdict");
        kstr(w, "type", fd->derived ? "set" : fact_type_name(fd->type));
        key(w, "values");
        open_(w, '[');
        if (fd->derived) head_id_values(w, r, q->head, true);
        for (size_t k = 0; k < fd->nvalues && !fd->derived; k++) {
            key(w, NULL);
            buf_json_str(b, fd->values[k].value);
        }
        close_(w, ']');
        close_(w, '}');
    }
    close_(w, ']');
    if (r->trace && r->nheads) {
        key(w, "trace");
        trace_json(w, r, &r->heads[0], SCOPE_COMPLAINT);
    }
    close_(w, '}');
}

/* ---- The verdict --------------------------------------------------------- */

const char *output_json(remit_result *r, unsigned flags)
{
    buf *b = &r->json;
    b->len = 0;
    b->oom = false;
    jw w = {b, (flags & REMIT_JSON_PRETTY) != 0, 0, true, NULL};
    if (flags & REMIT_JSON_COMPACT) {
        compact_json(&w, r);
        if (w.pretty) buf_putc(b, '\n');
        return buf_cstr(b);
    }
    const rsfile *f = r->f;
    if (r->nheads > 1)
        w.reasons = arena_alloc(&r->mem, (2 * f->nrules + 1) * sizeof *w.reasons);
    open_(&w, '{');
    kstr(&w, "remit_version", REMIT_VERSION_STRING);
    kstr(&w, "id", r->id);
    key(&w, "ruleset");
    open_(&w, '{');
    kstr(&w, "id", f->id);
    kstr(&w, "title", f->title);
    kstr(&w, "jurisdiction", f->jurisdiction);
    kstr(&w, "version", f->version);
    kstr(&w, "law_checked", f->law_checked);
    kstr(&w, "digest", f->digest);
    kbool(&w, "chosen", !r->selecting);
    close_(&w, '}');
    key(&w, "evaluated_on");
    json_date(b, r->today);
    kstr(&w, "verdict", verdict_id(r, r->verdict));
    kstr(&w, "verdict_label", output_verdict_label(r));
    kstr(&w, "provisional_verdict",
         r->verdict == V_NEEDS_INFO && r->provisional != V_NONE
             ? verdict_id(r, r->provisional) : NULL);
    kbool(&w, "discretionary", r->discretionary);
    /* Which heads are in scope and which are not (settled heads only). */
    for (int pass = 0; pass < 2; pass++) {
        key(&w, pass == 0 ? "in_scope_heads" : "not_in_scope_heads");
        open_(&w, '[');
        for (size_t hi = 0; hi < r->nheads; hi++) {
            const head_result *h = &r->heads[hi];
            if (h->needs_info) continue;
            if (f->outcomes[h->outcome].in_scope == (pass == 0)) {
                key(&w, NULL);
                buf_int(b, (int64_t)hi);
            }
        }
        close_(&w, ']');
    }
    key(&w, "heads");
    open_(&w, '[');
    for (size_t hi = 0; hi < r->nheads; hi++) {
        key(&w, NULL);
        head_json(&w, r, hi);
    }
    close_(&w, ']');
    key(&w, "questions");
    open_(&w, '[');
    for (size_t i = 0; i < r->nquestions; i++) {
        key(&w, NULL);
        question_json(&w, r, &r->questions[i]);
    }
    close_(&w, ']');
    presumed_json(&w, r, r->cvals, SCOPE_COMPLAINT, -1);
    if (r->trace && r->nheads) {
        key(&w, "trace");
        trace_json(&w, r, &r->heads[0], SCOPE_COMPLAINT);
    }
    close_(&w, '}');
    if (w.pretty) buf_putc(b, '\n');
    return buf_cstr(b);
}
