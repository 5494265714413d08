/* SPDX-License-Identifier: Apache-2.0 */
/*
 * render.c -- the text rendering of a result, for a person at a terminal:
 * the verdict in one line, then per head why (explanation and citations),
 * what to do next and what is still unknown.  Wraps to a width; ANSI colour
 * only when asked.  Consumes a decided remit_result; produces text in its
 * buffer.
 */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "result.h"
#include "whatif.h"
#include "width.h"

typedef struct tw {
    buf *b;
    unsigned width;
    bool color;
    /* The numbered references: refno[s] is source s's number (0: not yet
     * cited), sources in order of first citation; NULL in nested writers. */
    unsigned *refno;
    const source_def **refs;
    unsigned nrefs;
    /* Across the heads of one text (NULL in nested writers): where the
     * reason of complaint-scope rule k was first given in full (head + 1,
     * 0: not yet), and the contacts given in full so far. */
    unsigned *rule_head;
    const contact_def **contacts;
    size_t ncontacts;
    /* Per head, its next steps in words (NULL: none or not yet), so that
     * a head with the same steps as an earlier one says so in one line. */
    const char **steps;
} tw;

static void sgr(tw *t, const char *code)
{
    if (t->color) {
        buf_puts(t->b, "\x1b[");
        buf_puts(t->b, code);
        buf_putc(t->b, 'm');
    }
}

/* Writes s wrapped at t->width: the first line after `first` (already
 * counted as `col` columns), later lines indented by `indent` spaces. */
static void wrap(tw *t, const char *s, unsigned col, unsigned indent)
{
    bool line_start = true; /* no space before the first word of a line */
    while (*s) {
        while (*s == ' ') s++;
        if (!*s) break;
        size_t wl = strcspn(s, " \n");
        /* Count display columns (width.c: wide characters two, combining
         * marks none), not ANSI colour codes. */
        unsigned cols = 0;
        for (size_t k = 0, len; k < wl; k += len) {
            if (s[k] == '\x1b' && k + 1 < wl && s[k + 1] == '[') {
                while (k < wl && s[k] != 'm') k++;
                len = 1;
                continue;
            }
            cols += width_next(s + k, wl - k, &len);
        }
        if (!line_start && col + 1 + cols > t->width) {
            buf_putc(t->b, '\n');
            for (unsigned k = 0; k < indent; k++) buf_putc(t->b, ' ');
            col = indent;
        } else if (!line_start) {
            buf_putc(t->b, ' ');
            col++;
        }
        buf_add(t->b, s, wl);
        col += cols;
        s += wl;
        line_start = false;
        if (*s == '\n') {
            s++;
            buf_putc(t->b, '\n');
            for (unsigned k = 0; k < indent; k++) buf_putc(t->b, ' ');
            col = indent;
            line_start = true;
        }
    }
    buf_putc(t->b, '\n');
}

/* A line "<lead><text>" wrapped with a hanging indent. */
static void para(tw *t, unsigned indent, const char *lead, const char *text)
{
    for (unsigned k = 0; k < indent; k++) buf_putc(t->b, ' ');
    buf_puts(t->b, lead);
    unsigned col = indent + (unsigned)strlen(lead);
    wrap(t, text, col, col);
}

static const char *verdict_color(const remit_result *r, int v)
{
    if (v == V_NEEDS_INFO) return "1;33";
    if (v == V_PARTLY) return "1;36";
    if (v >= 0 && r->f->outcomes[v].in_scope) return "1;32";
    return "1;31";
}

static void citation_line(tw *t, const source_def *s, const char *lead);

static void citation(tw *t, const source_def *s)
{
    citation_line(t, s, "- ");
}

static void citation_line(tw *t, const source_def *s, const char *lead)
{
    buf line;
    buf_init(&line, t->b->a);
    buf_puts(&line, s->title);
    if (s->section[0] && !strstr(s->title, s->section)) {
        buf_puts(&line, ", ");
        buf_puts(&line, s->section);
    }
    buf_puts(&line, ": \"");
    buf_puts(&line, s->quote);
    buf_puts(&line, "\"");
    if (s->url) {
        buf_puts(&line, " <");
        buf_puts(&line, s->url);
        buf_puts(&line, ">");
    }
    const char *c = buf_cstr(&line);
    if (c) para(t, strcmp(lead, "- ") == 0 ? 6 : 2, lead, c);
    else t->b->oom = true; /* a line lost: no text */
    buf_free(&line);
}

/* A fact's value as an adviser reads it: yes/no, a value's label, a date
 * as given. */
static void value_words(buf *b, const fact_def *f, const value *v)
{
    if (!v->known) {
        buf_puts(b, "not known");
        return;
    }
    switch (f->type) {
    case FT_BOOL: buf_puts(b, v->i ? "yes" : "no"); return;
    case FT_ENUM:
        buf_puts(b, f->values[v->i].label[0] ? f->values[v->i].label
                                              : f->values[v->i].value);
        return;
    case FT_TEXT: buf_puts(b, v->text); return;
    default: break;
    }
    output_value_json(b, f, v);
    /* A date or a number: without JSON's quotes. */
    if (b->len && b->p[b->len - 1] == '"') {
        size_t start = b->len - 1;
        while (start > 0 && b->p[start - 1] != '"') start--;
        if (start > 0) {
            memmove(b->p + start - 1, b->p + start, b->len - start - 1);
            b->len -= 2;
        }
    }
}

static void fact_value_text(buf *b, const fact_def *f, const value *v)
{
    if (!v->known) {
        buf_puts(b, "unknown");
        return;
    }
    if (f->type == FT_TEXT) {
        buf_json_str(b, v->text);
        return;
    }
    output_value_json(b, f, v);
}

/* The number of source src in the references, giving it the next one on
 * its first citation. */
static unsigned ref_of(tw *t, const remit_result *r, const source_def *src)
{
    size_t k = (size_t)(src - r->f->sources);
    if (!t->refno[k]) {
        t->refs[t->nrefs++] = src;
        t->refno[k] = t->nrefs;
    }
    return t->refno[k];
}

static void rule_block(tw *t, const remit_result *r, const rule_def *rule,
                       const value *vals, bool explain)
{
    buf head;
    buf_init(&head, t->b->a);
    buf_puts(&head, rule->title);
    if (explain) buf_printf(&head, " (%s)", rule->id);
    if (rule->outcome < 0) buf_puts(&head, " - note");
    const char *h = buf_cstr(&head);
    if (h) para(t, 4, "", h);
    else t->b->oom = true; /* a line lost: no text */
    buf_free(&head);
    /* The explanation, then its sources as reference numbers. */
    buf ex;
    buf_init(&ex, t->b->a);
    buf_puts(&ex, rule->explanation);
    if (t->refno && rule->ncites) {
        buf_puts(&ex, " [");
        for (size_t k = 0; k < rule->ncites; k++)
            buf_printf(&ex, "%s%u", k ? ", " : "", ref_of(t, r, rule->cites[k]));
        buf_putc(&ex, ']');
    }
    const char *e = buf_cstr(&ex);
    if (e) para(t, 6, "", e);
    else t->b->oom = true;
    buf_free(&ex);
    if (rule->discretionary && rule->discretion) {
        buf dl;
        buf_init(&dl, t->b->a);
        buf_puts(&dl, "What the Ombudsman weighs: ");
        buf_puts(&dl, rule->discretion);
        const char *ds = buf_cstr(&dl);
        if (ds) para(t, 6, "", ds);
        else t->b->oom = true; /* a line lost: no text */
        buf_free(&dl);
    }
    if (!t->refno)
        for (size_t k = 0; k < rule->ncites; k++) citation(t, rule->cites[k]);
    if (explain && rule->nreads) {
        const rsfile *f = r->f;
        buf fl;
        buf_init(&fl, t->b->a);
        for (size_t k = 0; k < rule->nreads; k++) {
            const fact_def *fd = &f->facts[rule->reads[k]];
            if (k) buf_puts(&fl, ", ");
            buf_puts(&fl, fd->name);
            buf_putc(&fl, '=');
            fact_value_text(&fl, fd, &vals[rule->reads[k]]);
        }
        const char *fs = buf_cstr(&fl);
        if (fs) para(t, 6, "Facts: ", fs);
        else t->b->oom = true; /* a line lost: no text */
        buf_free(&fl);
    }
}

static void question_line(tw *t, const remit_result *r, const question_item *q,
                          size_t n, bool explain)
{
    const fact_def *f = &r->f->facts[q->slot];
    buf l;
    buf_init(&l, t->b->a);
    char lead[24];
    snprintf(lead, sizeof lead, "%zu. ", n);
    if (q->head >= 0) buf_printf(&l, "[head %d] ", q->head + 1);
    buf_puts(&l, f->question);
    if (f->derived) {
        /* Answered with other heads (their ids, in "handling_of"). */
        buf_puts(&l, " (which of the other heads:");
        bool any = false;
        for (size_t k = 0; k < r->nheads; k++)
            if ((int)k != q->head) {
                buf_printf(&l, "%s head %zu", any ? "," : "", k + 1);
                any = true;
            }
        buf_putc(&l, ')');
    } else if (f->type == FT_BOOL) {
        buf_puts(&l, " (yes or no)");
    } else if (f->type == FT_DATE) {
        buf_puts(&l, " (a date; a month or a year if that is all that is known)");
    } else if (f->nvalues) {
        buf_puts(&l, f->type == FT_SET ? " (any of: " : " (one of: ");
        for (size_t k = 0; k < f->nvalues; k++) {
            if (k) buf_puts(&l, "; ");
            buf_puts(&l, f->values[k].label[0] ? f->values[k].label
                                               : f->values[k].value);
        }
        buf_putc(&l, ')');
    }
    if (q->strongest == Q_DISCRETION) buf_puts(&l, " - only for the discretion");
    if (explain) {
        buf_puts(&l, " [");
        ruleset_pointer(&l, f, q->head);
        buf_putc(&l, ']');
    }
    const char *s = buf_cstr(&l);
    if (s) para(t, 2, lead, s);
    else t->b->oom = true; /* a line lost: no text */
    buf_free(&l);
}

/* Lists facts that took the ruleset's presumption and that a rule reads. */
static void presumed_text(tw *t, const remit_result *r, const value *vals,
                          fact_scope scope, int head, const char *title)
{
    const rsfile *f = r->f;
    bool any = false;
    for (unsigned k = 0; k < f->nfacts; k++) {
        const fact_def *fd = &f->facts[k];
        if (fd->scope != scope || !vals[k].presumed ||
            !whatif_presumption_matters(r, k, head))
            continue;
        if (!any) para(t, scope == SCOPE_HEAD ? 2 : 0, "", title);
        any = true;
        buf l;
        buf_init(&l, t->b->a);
        buf_puts(&l, fd->question);
        buf_puts(&l, " Presumed: ");
        value_words(&l, fd, &vals[k]);
        const char *s = buf_cstr(&l);
        if (s) para(t, scope == SCOPE_HEAD ? 4 : 2, "- ", s);
        else t->b->oom = true; /* a line lost: no text */
        buf_free(&l);
    }
}

/* A date in words: "13 March 2026". */
static void date_words(buf *b, int64_t d)
{
    static const char *const months[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    if (m >= 1 && m <= 12) buf_printf(b, "%d %s %d", dd, months[m - 1], y);
}

/* "What would change it": the single fact changes that would give the head
 * a more favourable verdict, computed from the rules (whatif.c), in words,
 * without a change that cannot happen (a date after today). */
static void whatif_text(tw *t, const remit_result *r, size_t hi)
{
    whatif w[WHATIF_MAX];
    size_t n = whatif_head(r, hi, w);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const fact_def *fd = &r->f->facts[w[i].slot];
        if (w[i].kind == WHATIF_ON_OR_AFTER && w[i].v.i > r->today) continue;
        if (!any) buf_puts(t->b, "  What would change it:\n");
        any = true;
        buf l;
        buf_init(&l, t->b->a);
        buf_printf(&l, "%s, if the answer to \"%s\" were ",
                   verdict_label(r, w[i].outcome), fd->question);
        if (w[i].kind == WHATIF_EQUALS) {
            value_words(&l, fd, &w[i].v);
        } else {
            buf_printf(&l, "on or %s ",
                       w[i].kind == WHATIF_ON_OR_AFTER ? "after" : "before");
            date_words(&l, w[i].v.i);
        }
        const char *s = buf_cstr(&l);
        if (s) para(t, 4, "- ", s);
        else t->b->oom = true; /* a line lost: no text */
        buf_free(&l);
    }
}

/* "Verdict: <label> [id]; so far: ... - <suffix>", coloured on a terminal
 * and wrapped like any other line. */
static void verdict_line(tw *t, const remit_result *r, unsigned indent, int v,
                         const char *label, int so_far, const char *suffix)
{
    buf l;
    buf_init(&l, t->b->a);
    tw lt = {&l, t->width, t->color, NULL, NULL, 0, NULL, NULL, 0, NULL};
    sgr(&lt, verdict_color(r, v));
    buf_puts(&l, label);
    sgr(&lt, "0");
    if (so_far != V_NONE) buf_printf(&l, "; so far: %s", verdict_label(r, so_far));
    if (suffix) buf_printf(&l, " - %s", suffix);
    const char *s = buf_cstr(&l);
    if (s) para(t, indent, "Verdict: ", s);
    else t->b->oom = true; /* a line lost: no text */
    buf_free(&l);
}

/* What a head's verdict rests on, in words: a legal bar, or the
 * Ombudsman's discretion. */
static const char *basis_words(const head_result *h)
{
    if (h->basis == BASIS_LEGAL_BAR)
        return "a legal bar: the Ombudsman cannot look at this";
    if (h->basis == BASIS_DISCRETION)
        return "not a legal bar: the Ombudsman has discretion";
    if (h->discretionary) return "the Ombudsman has discretion";
    return NULL;
}

/* The factors of rule `rule` in state `st` leaning `accept`, joined by
 * "; ".  True if any. */
static bool factor_list(buf *l, const rule_def *rule, const uint8_t *fstate,
                        bool accept)
{
    bool any = false;
    for (size_t k = 0; k < rule->nweighs; k++)
        if (fstate[k] == RS_FIRED && rule->weighs[k].accept == accept) {
            if (any) buf_puts(l, "; ");
            buf_puts(l, rule->weighs[k].says);
            any = true;
        }
    return any;
}

static bool f_has_weighs(const remit_result *r, const head_result *h)
{
    return h->deciding >= 0 && r->f->rules[h->deciding].nweighs > 0;
}

/* "Discretion: likely to accept - <factor>; <factor>": the assessment of a
 * head decided by a discretionary rule, in one line. */
static void discretion_text(tw *t, const remit_result *r, const head_result *h)
{
    if (!h->discretionary || !h->fstate) return;
    const rule_def *rule = &r->f->rules[h->deciding];
    if (!rule->nweighs) return; /* nothing to assess: the rule's own words */
    buf l;
    buf_init(&l, t->b->a);
    bool open_ = false;
    for (size_t k = 0; k < rule->nweighs; k++)
        if (h->fstate[k] == RS_UNDETERMINED) open_ = true;
    if (h->assess == ASSESS_LIKELY_ACCEPT) {
        buf_puts(&l, "likely to accept - ");
        factor_list(&l, rule, h->fstate, true);
    } else if (h->assess == ASSESS_LIKELY_DECLINE) {
        buf_puts(&l, "likely to decline - ");
        factor_list(&l, rule, h->fstate, false);
    } else {
        buf_puts(&l, "could go either way");
        size_t mark = l.len;
        buf_puts(&l, " - for: ");
        if (!factor_list(&l, rule, h->fstate, true)) l.len = mark;
        size_t mark2 = l.len;
        buf_puts(&l, l.len == mark ? " - against: " : "; against: ");
        if (!factor_list(&l, rule, h->fstate, false)) l.len = mark2;
        if (l.len == mark)
            buf_puts(&l, open_ ? " - not enough is known yet (see the "
                                 "questions)"
                               : " - nothing known tips it either way");
    }
    const char *s = buf_cstr(&l);
    if (s) para(t, 2, "Discretion: ", s);
    else t->b->oom = true; /* a line lost: no text */
    buf_free(&l);
}

/* A date given as a month or a year, in words: "May 2023", "2023". */
static void approx_words(buf *b, const value *v)
{
    static const char *const months[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    int y, m, d;
    date_to_ymd(v->i, &y, &m, &d);
    if (v->precision == DATE_MONTH && m >= 1 && m <= 12)
        buf_printf(b, "%s %d", months[m - 1], y);
    else
        buf_printf(b, "%d", y);
}

/* One line per date given only as a month or year: whether the exact day
 * matters. */
static void approx_text(tw *t, const remit_result *r, const head_result *h)
{
    for (size_t j = 0; j < h->napprox; j++) {
        const fact_def *fd = &r->f->facts[h->approx[j]];
        buf l;
        buf_init(&l, t->b->a);
        buf_puts(&l, "given as ");
        approx_words(&l, &h->vals[h->approx[j]]);
        buf_printf(&l, " (%s) ", fd->question);
        buf_puts(&l, h->approx_mattered[j]
                         ? "- the exact date changes the result: it is asked "
                           "below."
                         : "- every day of it gives the same result.");
        const char *s = buf_cstr(&l);
        if (s) para(t, 2, "Approximate date: ", s);
        else t->b->oom = true; /* a line lost: no text */
        buf_free(&l);
    }
}

/* The last day of a step (its `by`) over head h's facts; false when not
 * given or not known. */
static bool step_by(const remit_result *r, const head_result *h,
                    const step_def *st, int64_t *day)
{
    if (!st->by) return false;
    eval_env env = {h->vals, r->today, r->f->holidays, r->f->nholidays};
    value v = expr_eval(st->by, &env, NULL);
    if (!v.known) return false;
    *day = v.i;
    return true;
}

/* A step's text, with its last day when known: "... by 13 March 2026". */
static void step_words(buf *b, const remit_result *r, const head_result *h,
                       const step_def *st)
{
    buf_puts(b, st->text);
    int64_t day;
    if (step_by(r, h, st, &day)) {
        /* Before the full stop the text may end with. */
        bool stop = b->len && b->p[b->len - 1] == '.';
        if (stop) b->len--;
        buf_puts(b, day < r->today ? " (the last day was " : " - the last day: ");
        date_words(b, day);
        if (day < r->today) buf_putc(b, ')');
        if (stop) buf_putc(b, '.');
    }
}

/* The one next step of head h: the first of output_head_steps (its
 * deciding rule's, else another fired rule's); NULL if none. */
static const step_def *first_step(tw *t, const remit_result *r,
                                  const head_result *h)
{
    const head_step *hs = NULL;
    size_t n = 0;
    if (output_head_steps((remit_result *)r, h, &hs, &n) != REMIT_OK) {
        t->b->oom = true;
        return NULL;
    }
    return n ? hs[0].step : NULL;
}

/* The summary: per head one line - its verdict, whether it rests on a
 * legal bar or the Ombudsman's discretion (and which way that leans), the
 * one next step - then the complaint's verdict. */
static void summary_block(tw *t, const remit_result *r)
{
    buf_putc(t->b, '\n');
    sgr(t, "1");
    buf_puts(t->b, "Summary");
    sgr(t, "0");
    buf_putc(t->b, '\n');
    for (size_t hi = 0; hi < r->nheads; hi++) {
        const head_result *h = &r->heads[hi];
        buf l;
        buf_init(&l, t->b->a);
        buf_puts(&l, verdict_head_label(r, h));
        if (h->needs_info)
            buf_printf(&l, " (so far: %s)", verdict_label(r, h->outcome));
        if (h->basis == BASIS_LEGAL_BAR) buf_puts(&l, " - a legal bar");
        else if (h->discretionary) {
            buf_puts(&l, " - the Ombudsman's discretion");
            if (h->fstate && f_has_weighs(r, h))
                buf_puts(&l, h->assess == ASSESS_LIKELY_ACCEPT ? ", likely to accept"
                             : h->assess == ASSESS_LIKELY_DECLINE ? ", likely to decline"
                                                                  : ", could go either way");
        }
        buf_puts(&l, ". Next: ");
        const step_def *st = first_step(t, r, h);
        if (h->needs_info) buf_puts(&l, "answer the questions below.");
        else if (st) step_words(&l, r, h, st);
        else if (r->f->outcomes[h->outcome].in_scope)
            buf_puts(&l, "complain to the Ombudsman.");
        else buf_puts(&l, "see the reasons below.");
        const char *s = buf_cstr(&l);
        char lead[32];
        snprintf(lead, sizeof lead, "Head %zu: ", hi + 1);
        if (s) para(t, 2, lead, s);
        else t->b->oom = true;
        buf_free(&l);
    }
    para(t, 2, "Overall: ", output_verdict_label(r));
}

/* One next step as a list item; its contact in full the first time the
 * text gives it, "as above" after. */
static void step_line(tw *t, const remit_result *r, const head_result *h,
                      const step_def *step)
{
    buf sl;
    buf_init(&sl, t->b->a);
    step_words(&sl, r, h, step);
    const contact_def *c = step->contact;
    for (size_t u = 0; c && u < t->ncontacts; u++)
        if (t->contacts[u] == c) {
            buf_puts(&sl, " (Contact: as above.)");
            c = NULL;
        }
    if (c && t->contacts) t->contacts[t->ncontacts++] = c;
    const char *st = buf_cstr(&sl);
    if (st) para(t, 4, "- ", st);
    else t->b->oom = true;
    buf_free(&sl);
    if (!c) return;
    buf cl;
    buf_init(&cl, t->b->a);
    buf_puts(&cl, c->name);
    if (c->phone) buf_printf(&cl, ", %s", c->phone);
    if (c->url) buf_printf(&cl, ", %s", c->url);
    if (c->note) buf_printf(&cl, ". %s", c->note);
    const char *cs = buf_cstr(&cl);
    if (cs) para(t, 6, "Contact: ", cs);
    else t->b->oom = true; /* a line lost: no text */
    buf_free(&cl);
}

static void head_block(tw *t, const remit_result *r, size_t hi, bool explain)
{
    const rsfile *f = r->f;
    const head_result *h = &r->heads[hi];
    const char *summary = NULL;
    for (size_t k = 0; k < f->nfacts; k++)
        if (f->facts[k].scope == SCOPE_HEAD && f->facts[k].type == FT_TEXT) {
            summary = h->vals[k].known ? h->vals[k].text : NULL;
            break;
        }
    buf_putc(t->b, '\n');
    sgr(t, "1");
    buf_printf(t->b, "Head %zu", hi + 1);
    sgr(t, "0");
    if (summary) {
        buf_puts(t->b, ": ");
        wrap(t, summary, 8, 4);
    } else {
        buf_putc(t->b, '\n');
    }
    int v = h->needs_info ? V_NEEDS_INFO : h->outcome;
    verdict_line(t, r, 2, v, verdict_head_label(r, h),
                 h->needs_info ? h->outcome : V_NONE, basis_words(h));
    discretion_text(t, r, h);
    approx_text(t, r, h);
    if (h->follows_open) {
        /* Its handled_matter follows heads that still need information. */
        buf l;
        buf_init(&l, t->b->a);
        size_t n = 0;
        for (size_t k = 0; k < h->nhandling; k++)
            if (r->heads[h->handling[k]].needs_info) n++;
        buf_printf(&l, "This follows head%s", n > 1 ? "s" : "");
        size_t j = 0;
        for (size_t k = 0; k < h->nhandling; k++)
            if (r->heads[h->handling[k]].needs_info)
                buf_printf(&l, "%s %d", j++ == 0 ? "" : (j == n ? " and" : ","),
                           h->handling[k] + 1);
        buf_puts(&l, ", which still need");
        if (n == 1) buf_putc(&l, 's');
        buf_puts(&l, " information: the same answers settle it.");
        const char *fs = buf_cstr(&l);
        if (fs) para(t, 2, "", fs);
        else t->b->oom = true;
        buf_free(&l);
    }

    bool any = false;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < f->nrules; k++) {
            const rule_def *rule = &f->rules[k];
            if (h->state[k] != RS_FIRED) continue;
            bool is_note = rule->outcome < 0;
            if ((pass == 0) == is_note) continue;
            if (!any) buf_puts(t->b, "  Why:\n");
            any = true;
            /* A reason's words are the rule's, the same in every head:
             * given in full once (with --explain, whose facts differ from
             * head to head, only a complaint-scope rule's). */
            unsigned *seen = t->rule_head && (!explain || rule->scope == SCOPE_COMPLAINT)
                                 ? &t->rule_head[k] : NULL;
            if (seen && *seen) {
                buf sl;
                buf_init(&sl, t->b->a);
                buf_printf(&sl, "%s%s - as under head %u.", rule->title,
                           is_note ? " (note)" : "", *seen);
                const char *ss = buf_cstr(&sl);
                if (ss) para(t, 4, "", ss);
                else t->b->oom = true;
                buf_free(&sl);
                continue;
            }
            if (seen) *seen = (unsigned)hi + 1;
            rule_block(t, r, rule, h->vals, explain);
        }
    if (!any) {
        /* Nothing said of this point leads anywhere else: it has the rules'
         * usual verdict - said in the adviser's words, not the engine's. */
        buf why;
        buf_init(&why, t->b->a);
        const char *usual = h->outcome >= 0 ? verdict_label(r, h->outcome) : NULL;
        if (h->needs_info)
            buf_printf(&why, "Nothing known so far about this point changes the "
                       "usual verdict%s%s%s; the answers still needed could.",
                       usual ? " (" : "", usual ? usual : "", usual ? ")" : "");
        else
            buf_printf(&why, "Nothing about this point changes the usual "
                       "verdict%s%s%s.", usual ? " (" : "", usual ? usual : "",
                       usual ? ")" : "");
        buf_puts(t->b, "  Why:\n");
        const char *ws = buf_cstr(&why);
        if (ws) para(t, 4, "", ws);
        else t->b->oom = true;
        buf_free(&why);
    }
    /* Next steps, the JSON's (output_head_steps); a head whose steps are
     * an earlier head's says so in one line. */
    const head_step *hs = NULL;
    size_t nhs = 0;
    if (output_head_steps((remit_result *)r, h, &hs, &nhs) != REMIT_OK)
        t->b->oom = true;
    if (nhs) {
        buf key;
        buf_init(&key, t->b->a);
        for (size_t i = 0; i < nhs; i++) {
            step_words(&key, r, h, hs[i].step);
            buf_putc(&key, '\n');
        }
        const char *ks = buf_cstr(&key);
        if (!ks) t->b->oom = true; /* the steps' words lost */
        size_t same = 0;
        for (size_t j = 0; ks && t->steps && j < hi && !same; j++)
            if (t->steps[j] && strcmp(t->steps[j], ks) == 0) same = j + 1;
        if (same) {
            buf_printf(t->b, "  What to do next: as under head %zu.\n", same);
        } else {
            if (ks && t->steps) {
                t->steps[hi] = arena_strdup(&((remit_result *)r)->mem, ks);
                if (!t->steps[hi]) t->b->oom = true;
            }
            buf_puts(t->b, "  What to do next:\n");
            for (size_t i = 0; i < nhs; i++) step_line(t, r, h, hs[i].step);
        }
        buf_free(&key);
    }
    whatif_text(t, r, hi);
    presumed_text(t, r, h->vals, SCOPE_HEAD, (int)hi, "Presumed for this head (confirm if you can):");
    if (explain) {
        buf_puts(t->b, "  Trace:\n");
        for (size_t k = 0; k < f->nrules; k++) {
            const rule_def *rule = &f->rules[k];
            const char *st = h->state[k] == RS_FIRED ? "fired"
                             : h->state[k] == RS_UNDETERMINED ? "undetermined"
                                                              : "not fired";
            buf l;
            buf_init(&l, t->b->a);
            buf_printf(&l, "%s %s (%s rule)", rule->id, st,
                       rule->scope == SCOPE_HEAD ? "head" : "complaint");
            for (size_t j = 0; j < rule->nreads; j++) {
                const fact_def *fd = &f->facts[rule->reads[j]];
                buf_puts(&l, j ? ", " : ": ");
                buf_puts(&l, fd->name);
                buf_putc(&l, '=');
                fact_value_text(&l, fd, &h->vals[rule->reads[j]]);
            }
            const char *s = buf_cstr(&l);
            if (s) para(t, 4, "- ", s);
            else t->b->oom = true; /* a line lost: no text */
            buf_free(&l);
        }
    }
}

const char *output_text(remit_result *r, unsigned width, unsigned flags)
{
    buf *b = &r->text;
    b->len = 0;
    b->oom = false;
    if (width < 40) width = 40;
    tw t = {b, width, (flags & REMIT_TEXT_COLOR) != 0, NULL, NULL, 0, NULL, NULL, 0, NULL};
    t.refno = arena_alloc(&r->mem, (r->f->nsources + 1) * sizeof *t.refno);
    t.refs = arena_alloc(&r->mem, (r->f->nsources + 1) * sizeof *t.refs);
    t.rule_head = arena_alloc(&r->mem, (r->f->nrules + 1) * sizeof *t.rule_head);
    t.contacts = arena_alloc(&r->mem, (r->f->ncontacts + 1) * sizeof *t.contacts);
    t.steps = arena_alloc(&r->mem, (r->nheads + 1) * sizeof *t.steps);
    if (!t.refno || !t.refs || !t.rule_head || !t.contacts || !t.steps) {
        b->oom = true;
        return NULL;
    }
    const rsfile *f = r->f;
    char d[11];
    date_format(r->today, d);
    verdict_line(&t, r, 0, r->verdict, output_verdict_label(r),
                 r->verdict == V_NEEDS_INFO ? r->provisional : V_NONE,
                 r->discretionary ? "the Ombudsman has discretion" : NULL);
    if (r->id) para(&t, 0, "Complaint: ", r->id);
    {
        buf l;
        buf_init(&l, &r->mem);
        buf_printf(&l, "%s %s (%s), evaluated on %s", f->id, f->version,
                   f->jurisdiction, d);
        const char *s = buf_cstr(&l);
        if (s) para(&t, 0, "Rules: ", s);
        else t.b->oom = true; /* a line lost: no text */
        buf_free(&l);
    }
    if (r->verdict == V_PARTLY) {
        buf l;
        buf_init(&l, &r->mem);
        buf_puts(&l, "In scope: head");
        bool first = true;
        for (size_t hi = 0; hi < r->nheads; hi++)
            if (f->outcomes[r->heads[hi].outcome].in_scope) {
                buf_printf(&l, "%s %zu", first ? "" : ",", hi + 1);
                first = false;
            }
        buf_puts(&l, "; not in scope: head");
        first = true;
        for (size_t hi = 0; hi < r->nheads; hi++)
            if (!f->outcomes[r->heads[hi].outcome].in_scope) {
                buf_printf(&l, "%s %zu", first ? "" : ",", hi + 1);
                first = false;
            }
        const char *s = buf_cstr(&l);
        if (s) para(&t, 0, "", s);
        else t.b->oom = true; /* a line lost: no text */
        buf_free(&l);
    }
    if (r->selecting)
        para(&t, 0, "",
             "No ruleset could be chosen yet: answer the questions below.");
    if (r->nheads && !r->selecting) summary_block(&t, r);
    for (size_t hi = 0; hi < r->nheads; hi++)
        head_block(&t, r, hi, (flags & REMIT_TEXT_EXPLAIN) != 0);
    if (t.nrefs) {
        buf_puts(b, "\n");
        sgr(&t, "1");
        buf_puts(b, "References");
        sgr(&t, "0");
        buf_putc(b, '\n');
        for (unsigned k = 0; k < t.nrefs; k++) {
            char lead[24];
            snprintf(lead, sizeof lead, "[%u] ", k + 1);
            citation_line(&t, t.refs[k], lead);
        }
    }
    if (r->nheads) {
        buf_putc(b, '\n');
        size_t before = b->len;
        presumed_text(&t, r, r->cvals, SCOPE_COMPLAINT, -1,
                      "Presumed for the whole complaint (confirm if you can):");
        if (b->len == before) b->len--;
    }
    if (r->nquestions) {
        buf_puts(b, "\n");
        sgr(&t, "1");
        buf_puts(b, "Questions still needed, most decisive first:");
        sgr(&t, "0");
        buf_putc(b, '\n');
        for (size_t k = 0; k < r->nquestions; k++)
            question_line(&t, r, &r->questions[k], k + 1,
                          (flags & REMIT_TEXT_EXPLAIN) != 0);
    }
    return buf_cstr(b);
}
