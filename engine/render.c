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

static void citation(tw *t, const source_def *s)
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
    if (c) para(t, 6, "- ", c);
    else t->b->oom = true; /* a line lost: no text */
    buf_free(&line);
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

static void rule_block(tw *t, const remit_result *r, const rule_def *rule,
                       const value *vals)
{
    const rsfile *f = r->f;
    buf head;
    buf_init(&head, t->b->a);
    buf_printf(&head, "%s (%s)%s", rule->title, rule->id,
               rule->outcome >= 0 ? "" : " - note");
    const char *h = buf_cstr(&head);
    if (h) para(t, 4, "", h);
    else t->b->oom = true; /* a line lost: no text */
    buf_free(&head);
    para(t, 6, "", rule->explanation);
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
    for (size_t k = 0; k < rule->ncites; k++) citation(t, rule->cites[k]);
    if (rule->nreads) {
        buf fl;
        buf_init(&fl, t->b->a);
        for (size_t k = 0; k < rule->nreads; k++) {
            const fact_def *fd = &f->facts[rule->reads[k]];
            if (k) buf_puts(&fl, ", ");
            buf_puts(&fl, fd->name);
            buf_putc(&fl, '=');
            fact_value_text(&fl, fd, &vals[rule->reads[k]]);
        }
        const char *s = buf_cstr(&fl);
        if (s) para(t, 6, "Facts: ", s);
        else t->b->oom = true; /* a line lost: no text */
        buf_free(&fl);
    }
}

static void question_line(tw *t, const remit_result *r, const question_item *q,
                          size_t n)
{
    const fact_def *f = &r->f->facts[q->slot];
    buf l;
    buf_init(&l, t->b->a);
    char lead[24];
    snprintf(lead, sizeof lead, "%zu. ", n);
    if (q->head >= 0) buf_printf(&l, "[head %d] ", q->head + 1);
    buf_puts(&l, f->question);
    buf_puts(&l, " (");
    ruleset_pointer(&l, f, q->head);
    if (f->derived) {
        /* Answered with the ids of other heads, in "handling_of". */
        buf_puts(&l, ", the ids of other heads:");
        bool any = false;
        for (size_t k = 0; k < r->nheads; k++)
            if (r->heads[k].hid && (int)k != q->head) {
                buf_printf(&l, "%s %s", any ? "," : "", r->heads[k].hid);
                any = true;
            }
        if (!any) buf_puts(&l, " (none has an id yet)");
    } else {
        buf_printf(&l, ", %s", fact_type_name(f->type));
    }
    if (f->nvalues && !f->derived) {
        buf_puts(&l, ": ");
        for (size_t k = 0; k < f->nvalues; k++) {
            if (k) buf_puts(&l, ", ");
            buf_puts(&l, f->values[k].value);
        }
    }
    buf_putc(&l, ')');
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
        fact_value_text(&l, fd, &vals[k]);
        const char *s = buf_cstr(&l);
        if (s) para(t, scope == SCOPE_HEAD ? 4 : 2, "- ", s);
        else t->b->oom = true; /* a line lost: no text */
        buf_free(&l);
    }
}

/* "What would change it": the single fact changes that would give the head
 * a more favourable verdict, computed from the rules (whatif.c). */
static void whatif_text(tw *t, const remit_result *r, size_t hi)
{
    whatif w[WHATIF_MAX];
    size_t n = whatif_head(r, hi, w);
    if (!n) return;
    buf_puts(t->b, "  What would change it:\n");
    for (size_t i = 0; i < n; i++) {
        const fact_def *fd = &r->f->facts[w[i].slot];
        buf l;
        buf_init(&l, t->b->a);
        buf_printf(&l, "%s if %s ", verdict_label(r, w[i].outcome), fd->name);
        if (w[i].kind == WHATIF_EQUALS) {
            buf_puts(&l, "were ");
            fact_value_text(&l, fd, &w[i].v);
            if (fd->type == FT_ENUM && fd->values[w[i].v.i].label[0])
                buf_printf(&l, " (%s)", fd->values[w[i].v.i].label);
        } else {
            char d[11];
            date_format(w[i].v.i, d);
            buf_printf(&l, "were on or %s %s",
                       w[i].kind == WHATIF_ON_OR_AFTER ? "after" : "before", d);
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
    tw lt = {&l, t->width, t->color};
    sgr(&lt, verdict_color(r, v));
    buf_puts(&l, label);
    sgr(&lt, "0");
    buf_printf(&l, " [%s]", verdict_id(r, v));
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

    bool any = false;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < f->nrules; k++) {
            const rule_def *rule = &f->rules[k];
            if (h->state[k] != RS_FIRED) continue;
            bool is_note = rule->outcome < 0;
            if ((pass == 0) == is_note) continue;
            if (!any) buf_puts(t->b, "  Why:\n");
            any = true;
            rule_block(t, r, rule, h->vals);
        }
    if (!any) {
        buf_puts(t->b, "  Why:\n");
        para(t, 4, "", "No rule fired; this is the ruleset's default outcome.");
    }
    /* Next steps, deduplicated. */
    bool steps = false;
    for (size_t k = 0; k < f->nrules; k++) {
        const rule_def *rule = &f->rules[k];
        if (h->state[k] != RS_FIRED) continue;
        for (size_t s = 0; s < rule->nsteps; s++) {
            bool dup = false;
            for (size_t j = 0; j <= k && !dup; j++) {
                if (h->state[j] != RS_FIRED) continue;
                const rule_def *o = &f->rules[j];
                size_t lim = j == k ? s : o->nsteps;
                for (size_t u = 0; u < lim; u++)
                    if (strcmp(o->steps[u].text, rule->steps[s].text) == 0) dup = true;
            }
            if (dup) continue;
            if (!steps) buf_puts(t->b, "  What to do next:\n");
            steps = true;
            para(t, 4, "- ", rule->steps[s].text);
            const contact_def *c = rule->steps[s].contact;
            if (c) {
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
        }
    }
    whatif_text(t, r, hi);
    if (h->nquestions) {
        buf_puts(t->b, "  Still unknown:\n");
        for (size_t k = 0; k < h->nquestions; k++)
            question_line(t, r, &h->questions[k], k + 1);
    }
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
    tw t = {b, width, (flags & REMIT_TEXT_COLOR) != 0};
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
    for (size_t hi = 0; hi < r->nheads; hi++)
        head_block(&t, r, hi, (flags & REMIT_TEXT_EXPLAIN) != 0);
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
            question_line(&t, r, &r->questions[k], k + 1);
    }
    return buf_cstr(b);
}
