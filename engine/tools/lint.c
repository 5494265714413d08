/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lint.c -- remit lint.  Consumes rule files; produces, per file and sorted
 * by position, every error (the shape checker's and the loader's, the
 * loader run over a repaired copy when the shape is broken, so one run
 * shows them all) and the warnings of the analyses below:
 *
 *   - declarations nothing uses: a source no rule cites, a fact no
 *     condition reads, a contact no next step names, an outcome no rule
 *     gives;
 *   - a rule that can never fire, and a rule that never decides a verdict
 *     because a rule of a stronger outcome fires wherever it fires (one rule
 *     alone, or several together), each with witnessing fact values;
 *   - a quote that is no longer in the local copy of its source document.
 *
 * THE SEARCH.  Conditions are evaluated with the engine's own evaluator
 * over a finite set of candidate values per fact, drawn from the
 * conditions themselves: each enum or set value a condition names (plus one
 * value none names), true and false, the integers a condition names and
 * their neighbours, and for dates the evaluation date T (the ruleset's
 * law_checked date) moved by every duration and day count a condition
 * names, each with its neighbours; every fact is also tried unknown (unless
 * the ruleset presumes a value for it).  Claims are made only over that
 * space: "can never fire" when no candidate combination fires the rule,
 * "never decides" when every combination that fires it also fires a rule
 * with a stronger outcome.  Combinations of more than LINT_MAX_SPACE
 * values are not searched, and no claim is made about them.
 */
#include "lint.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "files.h"
#include "ruleset.h"
#include "shape.h"
#include "yamlpos.h"

/* The limits of the search (remit_int.h). */
#define LINT_MAX_SPACE REMIT_LINT_MAX_SPACE
#define LINT_EXTEND_BUDGET REMIT_LINT_EXTEND_BUDGET
#define LINT_RULE_BUDGET REMIT_LINT_RULE_BUDGET
#define LINT_MAX_CANDIDATES REMIT_LINT_MAX_CANDIDATES

/* ---- Positions and diagnostics --------------------------------------- */

typedef struct lfile {
    const char *name, *text;
    size_t len;
    remit_diagnostics *d;
} lfile;

/*
 * True if the author allowed warning `code` at `line`: a comment
 * "# remit-lint: allow CODE[, CODE...] - why" on that line, or on the
 * comment line just above it.
 */
static bool allowed(const lfile *lf, unsigned line, const char *code)
{
    for (unsigned l = line; l >= 1 && l + 1 >= line; l--) {
        const char *s = yamlpos_line(lf->text, lf->len, l);
        if (!s) return false;
        size_t n = strcspn(s, "\n");
        const char *hash = NULL;
        for (size_t k = 0; k < n; k++)
            if (s[k] == '#' && (k == 0 || s[k - 1] == ' ' || s[k - 1] == '\t')) {
                hash = s + k;
                break;
            }
        bool comment_only = hash && strspn(s, " \t") == (size_t)(hash - s);
        if (l != line && !comment_only) return false;
        if (!hash) continue;
        const char *end = s + n;
        const char *d = hash;
        static const char directive[] = "remit-lint: allow";
        while (d < end && strncmp(d, directive, sizeof directive - 1) != 0) d++;
        if (d >= end) continue;
        size_t cl = strlen(code);
        for (const char *p = d + sizeof directive - 1; p + cl <= end; p++)
            if (strncmp(p, code, cl) == 0 &&
                (p + cl == end || p[cl] == ',' || p[cl] == ' ') &&
                (p[-1] == ' ' || p[-1] == ','))
                return true;
        if (l == 1) break;
    }
    return false;
}

REMIT_PRINTF(6, 7)
static void warn_at(const lfile *lf, remit_severity sev, const char *code,
                    const char *path, bool want_key, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    yaml_where w = yamlpos_find(lf->text, lf->len, path, want_key);
    if (w.found && allowed(lf, w.line, code)) return;
    diag_pos pos = {lf->name, w.line, w.column, NULL,
                    w.found ? yamlpos_line(lf->text, lf->len, w.line) : NULL};
    diag_add(lf->d, REMIT_ERULES, sev, code, &pos, "%s", msg);
}

/* ---- Candidate values ---------------------------------------------------- */

typedef struct cands {
    value *v;
    size_t n;
} cands;

typedef struct an {
    const rsfile *f;
    arena mem;
    cands *dom;        /* per fact slot */
    uint64_t *mention; /* per slot: enum/set values a condition names */
    int64_t today;
    value *vals;       /* the assignment being tried */
    eval_env env;
    bool oom;
    /* constants named by conditions */
    int64_t *ints, *dates;
    size_t nints, ndates;
    struct { int64_t amount; char unit; } *durs;
    size_t ndurs;
    size_t capints, capdates, capdurs;
} an;

static bool grow(an *a, void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 16;
    void *q = arena_raw_realloc(&a->mem, *p, c * size);
    if (!q) {
        a->oom = true;
        return false;
    }
    *p = q;
    *cap = c;
    return true;
}

static bool same_values(const fact_def *x, const fact_def *y)
{
    if (x->nvalues != y->nvalues) return false;
    for (size_t k = 0; k < x->nvalues; k++)
        if (strcmp(x->values[k].value, y->values[k].value) != 0) return false;
    return true;
}

/* Records the values, numbers, dates and durations a condition names. */
static void collect(an *a, const expr_node *n)
{
    const rsfile *f = a->f;
    switch (n->op) {
    case OP_STR:
        if (n->type == FT_ENUM && n->en) {
            /* Enum facts with the same values can be compared with each
             * other: a value named for one is named for all. */
            for (size_t s = 0; s < f->nfacts; s++)
                if ((f->facts[s].type == FT_ENUM || f->facts[s].type == FT_SET) &&
                    same_values(&f->facts[s], n->en))
                    a->mention[s] |= (uint64_t)1 << (n->i & 63);
        }
        break;
    case OP_INT:
        if (grow(a, (void **)&a->ints, &a->capints, a->nints, sizeof *a->ints))
            a->ints[a->nints++] = n->i;
        break;
    case OP_DATE:
        if (grow(a, (void **)&a->dates, &a->capdates, a->ndates, sizeof *a->dates))
            a->dates[a->ndates++] = n->i;
        break;
    case OP_DUR:
        if (grow(a, (void **)&a->durs, &a->capdurs, a->ndurs, sizeof *a->durs)) {
            a->durs[a->ndurs].amount = n->i;
            a->durs[a->ndurs].unit = n->unit;
            a->ndurs++;
        }
        break;
    default:
        break;
    }
    for (unsigned k = 0; k < n->nkids; k++) collect(a, n->kids[k]);
}

static bool holiday(const rsfile *f, int64_t d)
{
    size_t lo = 0, hi = f->nholidays;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->holidays[mid] == d) return true;
        if (f->holidays[mid] < d) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

/* The day k working days before (dir -1) or after (dir +1) day d. */
static int64_t working_days_from(const rsfile *f, int64_t d, int64_t k, int dir)
{
    int64_t at = d;
    if (k > 3660) k = 3660;
    while (k > 0) {
        at += dir;
        if (date_weekday(at) < 5 && !holiday(f, at)) k--;
    }
    return at;
}

static void add_cand(cands *c, value v)
{
    for (size_t k = 0; k < c->n; k++)
        if (c->v[k].known == v.known && c->v[k].i == v.i &&
            c->v[k].mask == v.mask)
            return;
    if (c->n < LINT_MAX_CANDIDATES) c->v[c->n++] = v;
}

static value known_value(int64_t i)
{
    value v;
    memset(&v, 0, sizeof v);
    v.known = true;
    v.i = i;
    return v;
}

static int cmp_value(const void *x, const void *y)
{
    const value *a = x, *b = y;
    return (a->i > b->i) - (a->i < b->i);
}

/* Orders offsets from today by distance, earlier first on a tie. */
static int cmp_distance(const void *x, const void *y)
{
    int64_t a = ((const value *)x)->i, b = ((const value *)y)->i;
    int64_t da = a < 0 ? -a : a, db = b < 0 ? -b : b;
    if (da != db) return da < db ? -1 : 1;
    return (a > b) - (a < b);
}

/* Dates: today moved by every duration and day count the conditions name,
 * each with the days either side. */
static void date_cands(an *a, cands *c)
{
    int64_t pts[512];
    size_t np = 0;
    int64_t t = a->today;
#define PT(x) do { if (np < sizeof pts / sizeof pts[0]) pts[np++] = (x); } while (0)
    PT(t);
    PT(t - 3653);
    PT(t + 3653);
    for (size_t k = 0; k < a->ndurs; k++) {
        int64_t m = a->durs[k].amount;
        if (a->durs[k].unit == 'm') {
            PT(date_add_months(t, m));
            PT(date_add_months(t, -m));
        } else {
            PT(t + m);
            PT(t - m);
        }
    }
    for (size_t k = 0; k < a->nints; k++) {
        int64_t n = a->ints[k];
        if (n < 0) n = -n;
        if (n > 36600) continue;
        PT(t + n);
        PT(t - n);
        PT(working_days_from(a->f, t, n, -1));
        PT(working_days_from(a->f, t, n, 1));
        if (n <= 1200) {
            PT(date_add_months(t, n));
            PT(date_add_months(t, -n));
        }
    }
    for (size_t k = 0; k < a->ndates; k++) PT(a->dates[k]);
#undef PT
    value tmp[3 * 512];
    size_t nt = 0;
    for (size_t k = 0; k < np; k++)
        for (int64_t d = -1; d <= 1; d++) tmp[nt++] = known_value(pts[k] + d - t);
    /* Nearest today first: a witness reads best with recent dates. */
    qsort(tmp, nt, sizeof *tmp, cmp_distance);
    for (size_t k = 0; k < nt; k++) {
        tmp[k].i += t;
        add_cand(c, tmp[k]);
    }
}

static void int_cands(an *a, cands *c)
{
    value tmp[3 * 256 + 1];
    size_t nt = 0;
    tmp[nt++] = known_value(0);
    for (size_t k = 0; k < a->nints && nt + 3 <= sizeof tmp / sizeof tmp[0]; k++)
        for (int64_t d = -1; d <= 1; d++) tmp[nt++] = known_value(a->ints[k] + d);
    qsort(tmp, nt, sizeof *tmp, cmp_value);
    for (size_t k = 0; k < nt; k++) add_cand(c, tmp[k]);
}

/* The candidate values of every fact, known values first, unknown last
 * (unless presumed: an absent fact then has its presumed value). */
static bool build_domains(an *a)
{
    const rsfile *f = a->f;
    a->dom = arena_alloc(&a->mem, (f->nfacts + 1) * sizeof *a->dom);
    a->mention = arena_alloc(&a->mem, (f->nfacts + 1) * sizeof *a->mention);
    a->vals = arena_alloc(&a->mem, (f->nfacts + 1) * sizeof *a->vals);
    if (!a->dom || !a->mention || !a->vals) return false;
    if (f->applies) collect(a, f->applies);
    for (size_t k = 0; k < f->nrules; k++)
        if (f->rules[k].cond) collect(a, f->rules[k].cond);
    if (a->oom) return false;
    for (size_t s = 0; s < f->nfacts; s++) {
        const fact_def *fd = &f->facts[s];
        cands *c = &a->dom[s];
        c->v = arena_alloc(&a->mem, (LINT_MAX_CANDIDATES + 1) * sizeof *c->v);
        if (!c->v) return false;
        switch (fd->type) {
        case FT_BOOL:
            add_cand(c, known_value(0));
            add_cand(c, known_value(1));
            break;
        case FT_ENUM: {
            bool other = false;
            for (size_t v = 0; v < fd->nvalues; v++) {
                bool named = (a->mention[s] >> v) & 1u;
                if (named || !other) add_cand(c, known_value((int64_t)v));
                if (!named) other = true;
            }
            break;
        }
        case FT_SET: {
            value e = known_value(0);
            add_cand(c, e);
            uint64_t all = 0;
            bool other = false;
            for (size_t v = 0; v < fd->nvalues; v++) {
                bool named = (a->mention[s] >> v) & 1u;
                if (named || !other) {
                    value one = known_value(0);
                    one.mask = (uint64_t)1 << v;
                    add_cand(c, one);
                }
                if (named) all |= (uint64_t)1 << v;
                else other = true;
            }
            value m = known_value(0);
            m.mask = all;
            add_cand(c, m);
            break;
        }
        case FT_DATE: date_cands(a, c); break;
        case FT_INT: int_cands(a, c); break;
        default: {
            value t = known_value(0);
            t.text = "text";
            add_cand(c, t);
            break;
        }
        }
        if (fd->has_presume) {
            /* Absent means presumed: the presumed value must be tried. */
            value p = fd->presume;
            p.presumed = false;
            add_cand(c, p);
        } else {
            value u;
            memset(&u, 0, sizeof u);
            add_cand(c, u);
        }
    }
    return true;
}

/* The neutral value of slot s: unknown, or its presumption. */
static value neutral(const an *a, size_t s)
{
    const fact_def *fd = &a->f->facts[s];
    value u;
    memset(&u, 0, sizeof u);
    if (fd->has_presume) u = fd->presume;
    return u;
}

static bool fires(an *a, const expr_node *n)
{
    value v = expr_eval(n, &a->env, NULL);
    return v.known && v.i;
}

/* ---- Enumerating combinations ------------------------------------------- */

/* A set of slots and an odometer over their candidates. */
typedef struct slots {
    unsigned s[REMIT_MAX_FACTS];
    size_t n;
    size_t at[REMIT_MAX_FACTS];
} slots;

static void slots_add(slots *x, unsigned s)
{
    for (size_t k = 0; k < x->n; k++)
        if (x->s[k] == s) return;
    x->s[x->n++] = s;
}

static void slots_add_reads(slots *x, const unsigned *reads, size_t n)
{
    for (size_t k = 0; k < n; k++) slots_add(x, reads[k]);
}

static bool slots_has(const slots *x, unsigned s)
{
    for (size_t k = 0; k < x->n; k++)
        if (x->s[k] == s) return true;
    return false;
}

/* Number of combinations, or UINT64_MAX past LINT_MAX_SPACE. */
static uint64_t space(const an *a, const slots *x)
{
    uint64_t n = 1;
    for (size_t k = 0; k < x->n; k++) {
        n *= a->dom[x->s[k]].n ? a->dom[x->s[k]].n : 1;
        if (n > LINT_MAX_SPACE) return UINT64_MAX;
    }
    return n;
}

static void odo_start(an *a, slots *x)
{
    for (size_t k = 0; k < x->n; k++) {
        x->at[k] = 0;
        a->vals[x->s[k]] = a->dom[x->s[k]].v[0];
    }
}

/* Next combination; false after the last. */
static bool odo_next(an *a, slots *x)
{
    for (size_t k = x->n; k-- > 0;) {
        const cands *c = &a->dom[x->s[k]];
        if (++x->at[k] < c->n) {
            a->vals[x->s[k]] = c->v[x->at[k]];
            return true;
        }
        x->at[k] = 0;
        a->vals[x->s[k]] = c->v[0];
    }
    return false;
}

static void set_all_neutral(an *a)
{
    for (size_t s = 0; s < a->f->nfacts; s++) a->vals[s] = neutral(a, s);
}

static bool applies(an *a)
{
    return !a->f->applies || fires(a, a->f->applies);
}

/* ---- Can a rule fire? ---------------------------------------------------- */

typedef enum reach { REACH_FIRES, REACH_NEVER, REACH_TOO_BIG } reach;

/* Searches the rule's facts (and applies_when's, with_applies) for a
 * combination that fires it; leaves the witness in a->vals. */
static reach can_fire(an *a, const rule_def *r, bool with_applies)
{
    slots x;
    x.n = 0;
    slots_add_reads(&x, r->reads, r->nreads);
    if (with_applies)
        slots_add_reads(&x, a->f->applies_reads, a->f->napplies_reads);
    if (space(a, &x) == UINT64_MAX) return REACH_TOO_BIG;
    set_all_neutral(a);
    odo_start(a, &x);
    do {
        if ((!with_applies || applies(a)) && fires(a, r->cond))
            return REACH_FIRES;
    } while (odo_next(a, &x));
    return REACH_NEVER;
}

/* ---- Is a rule ever the strongest? -------------------------------------- */

typedef struct extend_ctx {
    an *a;
    const rule_def *const *strong; /* the rules that must not fire */
    size_t nstrong;
    const slots *fixed;            /* the rule's own facts: not changed */
    bool changed[REMIT_MAX_FACTS];
    size_t budget;
} extend_ctx;

/* The first rule of e->strong that fires, or NULL. */
static const rule_def *first_firing(extend_ctx *e)
{
    for (size_t k = 0; k < e->nstrong; k++) {
        if (e->budget) e->budget--;
        if (fires(e->a, e->strong[k]->cond)) return e->strong[k];
    }
    return NULL;
}

/* Looks for values of the other facts on which no rule of e->strong fires,
 * changing one fact of a firing rule at a time (depth first, within the
 * budget).  True if found (the values are left in a->vals). */
static bool extend(extend_ctx *e)
{
    const rule_def *s = first_firing(e);
    if (!s) return true;
    if (!e->budget) return false;
    an *a = e->a;
    for (size_t k = 0; k < s->nreads; k++) {
        unsigned slot = s->reads[k];
        if (slots_has(e->fixed, slot) || e->changed[slot]) continue;
        value saved = a->vals[slot];
        e->changed[slot] = true;
        const cands *c = &a->dom[slot];
        for (size_t v = 0; v < c->n && e->budget; v++) {
            a->vals[slot] = c->v[v];
            if (extend(e)) return true;
        }
        a->vals[slot] = saved;
        e->changed[slot] = false;
    }
    return false;
}

typedef enum decides { DECIDES, NEVER_DECIDES, UNDECIDED, CUT_SHORT } decides;

/* Whether rule r ever fires with no rule of `strong` firing.  When it never
 * does, `witness` (nfacts values) receives the first combination found
 * where r fires, with the other facts unknown (or presumed). */
static decides ever_strongest(an *a, const rule_def *r,
                              const rule_def *const *strong, size_t nstrong,
                              value *witness)
{
    slots x;
    x.n = 0;
    slots_add_reads(&x, r->reads, r->nreads);
    slots_add_reads(&x, a->f->applies_reads, a->f->napplies_reads);
    if (space(a, &x) == UINT64_MAX) return UNDECIDED;
    set_all_neutral(a);
    odo_start(a, &x);
    bool fired_once = false, cut_short = false;
    size_t spent = 0;
    do {
        if (spent > LINT_RULE_BUDGET) {
            cut_short = true;
            break;
        }
        if (!applies(a) || !fires(a, r->cond)) continue;
        /* The other facts start neutral for each combination. */
        for (size_t s = 0; s < a->f->nfacts; s++)
            if (!slots_has(&x, (unsigned)s)) a->vals[s] = neutral(a, s);
        extend_ctx e;
        memset(&e, 0, sizeof e);
        e.a = a;
        e.strong = strong;
        e.nstrong = nstrong;
        e.fixed = &x;
        e.budget = LINT_EXTEND_BUDGET;
        if (extend(&e)) return DECIDES;
        spent += LINT_EXTEND_BUDGET - e.budget + 1;
        if (!e.budget) cut_short = true;
        if (!fired_once) {
            for (size_t s = 0; s < a->f->nfacts; s++)
                if (!slots_has(&x, (unsigned)s)) a->vals[s] = neutral(a, s);
            memcpy(witness, a->vals, a->f->nfacts * sizeof *witness);
        }
        fired_once = true;
    } while (odo_next(a, &x));
    /* A search cut short proves nothing. */
    if (cut_short) return CUT_SHORT;
    if (!fired_once) return UNDECIDED;
    return NEVER_DECIDES;
}

/* ---- Witnesses ------------------------------------------------------------ */

/* Writes "name = value" for each fact the rule reads, then today if a date
 * is among them. */
static void witness_text(const an *a, const rule_def *r, const value *vals,
                         char *out, size_t size)
{
    const rsfile *f = a->f;
    size_t at = 0;
    bool dates = false;
    out[0] = '\0';
    for (size_t k = 0; k < r->nreads && at < size; k++) {
        unsigned s = r->reads[k];
        const fact_def *fd = &f->facts[s];
        const value *v = &vals[s];
        char val[256];
        if (!v->known) {
            snprintf(val, sizeof val, " unknown");
        } else {
            switch (fd->type) {
            case FT_BOOL: snprintf(val, sizeof val, " = %s", v->i ? "true" : "false"); break;
            case FT_INT: snprintf(val, sizeof val, " = %lld", (long long)v->i); break;
            case FT_DATE: {
                char d[11];
                date_format(v->i, d);
                snprintf(val, sizeof val, " = %s", d);
                dates = true;
                break;
            }
            case FT_ENUM:
                snprintf(val, sizeof val, " = \"%s\"",
                         (size_t)v->i < fd->nvalues ? fd->values[v->i].value : "?");
                break;
            case FT_SET: {
                size_t w = (size_t)snprintf(val, sizeof val, " = [");
                bool first = true;
                for (size_t i = 0; i < fd->nvalues && w < sizeof val; i++)
                    if ((v->mask >> i) & 1u) {
                        w += (size_t)snprintf(val + w, sizeof val - w, "%s\"%s\"",
                                              first ? "" : ", ", fd->values[i].value);
                        first = false;
                    }
                if (w < sizeof val) snprintf(val + w, sizeof val - w, "]");
                break;
            }
            default: snprintf(val, sizeof val, " given"); break;
            }
        }
        int w = snprintf(out + at, size - at, "%s%s%s", k ? ", " : "", fd->name, val);
        if (w < 0) return;
        at += (size_t)w;
    }
    if (dates && at < size) {
        char d[11];
        date_format(a->today, d);
        snprintf(out + at, size - at, ", today = %s", d);
    }
}

/* ---- The analyses --------------------------------------------------------- */

static void analyse_rules(an *a, const lfile *lf)
{
    const rsfile *f = a->f;
    char path[64], wit[1024];
    const rule_def **strong = arena_alloc(&a->mem, (f->nrules + 1) * sizeof *strong);
    value *witness = arena_alloc(&a->mem, (f->nfacts + 1) * sizeof *witness);
    if (!strong || !witness) {
        a->oom = true;
        return;
    }
    for (size_t i = 0; i < f->nrules; i++) {
        const rule_def *r = &f->rules[i];
        if (!r->cond) continue;
        /* Can it fire at all? */
        reach rc = can_fire(a, r, true);
        if (rc == REACH_NEVER) {
            snprintf(path, sizeof path, "rules/%zu/when", i);
            if (f->applies && can_fire(a, r, false) == REACH_FIRES) {
                witness_text(a, r, a->vals, wit, sizeof wit);
                warn_at(lf, REMIT_SEVERITY_WARNING, "never-fires", path, false,
                        "rule '%s' can never fire: it fires only in complaints "
                        "this ruleset does not apply to (applies_when: %s), "
                        "e.g. with %s", r->id, f->applies_text, wit);
            } else {
                warn_at(lf, REMIT_SEVERITY_WARNING, "never-fires", path, false,
                        "rule '%s' can never fire: its condition is false or "
                        "unknown for every combination of the values the "
                        "conditions test (each fact also unknown, unless presumed)", r->id);
            }
            continue;
        }
        if (rc == REACH_TOO_BIG) {
            snprintf(path, sizeof path, "rules/%zu/when", i);
            warn_at(lf, REMIT_SEVERITY_NOTE, "not-searched", path, false,
                    "rule '%s' is not checked for never firing or never "
                    "deciding: its facts have more than %u combinations of "
                    "the values the conditions test", r->id, LINT_MAX_SPACE);
            continue;
        }
        if (rc != REACH_FIRES || r->outcome < 0) continue;
        /* Does a stronger rule fire wherever it fires?  Notes never do. */
        size_t ns = 0;
        for (size_t k = 0; k < f->nrules; k++)
            if (f->rules[k].cond && f->rules[k].outcome >= 0 &&
                f->rules[k].outcome < r->outcome)
                strong[ns++] = &f->rules[k];
        if (!ns) continue;
        decides dc = ever_strongest(a, r, strong, ns, witness);
        if (dc == CUT_SHORT) {
            snprintf(path, sizeof path, "rules/%zu/id", i);
            warn_at(lf, REMIT_SEVERITY_NOTE, "not-searched", path, false,
                    "rule '%s' is not checked for never deciding: the search "
                    "for an input where no stronger rule fires ran out of its "
                    "budget", r->id);
            continue;
        }
        if (dc != NEVER_DECIDES) continue;
        snprintf(path, sizeof path, "rules/%zu/id", i);
        witness_text(a, r, witness, wit, sizeof wit);
        /* One stronger rule alone? */
        const rule_def *alone = NULL;
        for (size_t k = 0; k < ns && !alone; k++) {
            memcpy(a->vals, witness, f->nfacts * sizeof *witness);
            if (!fires(a, strong[k]->cond)) continue;
            value scratch[REMIT_MAX_FACTS];
            if (ever_strongest(a, r, &strong[k], 1, scratch) == NEVER_DECIDES)
                alone = strong[k];
        }
        if (alone) {
            warn_at(lf, REMIT_SEVERITY_WARNING, "dead-rule", path, false,
                    "rule '%s' (%s) never decides a verdict: wherever it fires, "
                    "rule '%s' fires too and its outcome '%s' comes first under "
                    "'outcomes'; e.g. with %s",
                    r->id, f->outcomes[r->outcome].id, alone->id,
                    f->outcomes[alone->outcome].id, wit);
        } else {
            char names[512] = "";
            size_t at = 0;
            memcpy(a->vals, witness, f->nfacts * sizeof *witness);
            for (size_t k = 0; k < ns && at < sizeof names; k++)
                if (fires(a, strong[k]->cond)) {
                    int w = snprintf(names + at, sizeof names - at, "%s'%s'",
                                     at ? ", " : "", strong[k]->id);
                    if (w < 0) break;
                    at += (size_t)w;
                }
            warn_at(lf, REMIT_SEVERITY_WARNING, "shadowed-rule", path, false,
                    "rule '%s' (%s) never decides a verdict: wherever it fires, "
                    "a rule with a stronger outcome fires too; e.g. with %s, "
                    "%s fire%s", r->id, f->outcomes[r->outcome].id, wit, names,
                    strchr(names, ',') ? "" : "s");
        }
    }
}

static void analyse_unused(const rsfile *f, const lfile *lf)
{
    char path[64];
    factset read = {{0}};
    if (f->applies) expr_reads(f->applies, &read);
    for (size_t i = 0; i < f->nrules; i++) {
        if (f->rules[i].cond) expr_reads(f->rules[i].cond, &read);
        for (size_t k = 0; k < f->rules[i].nweighs; k++)
            if (f->rules[i].weighs[k].cond)
                expr_reads(f->rules[i].weighs[k].cond, &read);
        for (size_t k = 0; k < f->rules[i].nsteps; k++)
            if (f->rules[i].steps[k].by) expr_reads(f->rules[i].steps[k].by, &read);
    }
    /* A text fact is shown to people (the first one labels each head), so
     * it is used even when no condition reads it. */
    for (size_t s = 0; s < f->nfacts; s++)
        if (!factset_has(&read, (unsigned)s) && f->facts[s].type != FT_TEXT) {
            snprintf(path, sizeof path, "facts/%zu/name", s);
            warn_at(lf, REMIT_SEVERITY_WARNING, "unused-fact", path, false,
                    "fact '%s' is read by no rule (nor by applies_when): "
                    "use it in a condition or remove it", f->facts[s].name);
        }
    for (size_t s = 0; s < f->nsources; s++) {
        bool used = false;
        for (size_t i = 0; i < f->nrules && !used; i++) {
            for (size_t k = 0; k < f->rules[i].ncites; k++)
                if (f->rules[i].cites[k] == &f->sources[s]) used = true;
            for (size_t k = 0; k < f->rules[i].nweighs; k++)
                for (size_t j = 0; j < f->rules[i].weighs[k].ncites; j++)
                    if (f->rules[i].weighs[k].cites[j] == &f->sources[s])
                        used = true;
        }
        if (!used) {
            snprintf(path, sizeof path, "sources/%zu/id", s);
            warn_at(lf, REMIT_SEVERITY_WARNING, "unused-source", path, false,
                    "source '%s' is cited by no rule: cite it or remove it",
                    f->sources[s].id);
        }
    }
    for (size_t s = 0; s < f->ncontacts; s++) {
        bool used = false;
        for (size_t i = 0; i < f->nrules && !used; i++)
            for (size_t k = 0; k < f->rules[i].nsteps; k++)
                if (f->rules[i].steps[k].contact == &f->contacts[s]) used = true;
        if (!used) {
            snprintf(path, sizeof path, "contacts/%zu/id", s);
            warn_at(lf, REMIT_SEVERITY_WARNING, "unused-contact", path, false,
                    "contact '%s' is named by no next step: name it or remove it",
                    f->contacts[s].id);
        }
    }
    for (size_t o = 0; o < f->noutcomes; o++) {
        bool used = (int)o == f->default_outcome;
        for (size_t i = 0; i < f->nrules && !used; i++)
            if (f->rules[i].outcome == (int)o) used = true;
        if (!used) {
            snprintf(path, sizeof path, "outcomes/%zu/id", o);
            warn_at(lf, REMIT_SEVERITY_WARNING, "unused-outcome", path, false,
                    "outcome '%s' is given by no rule and is not the "
                    "default_outcome", f->outcomes[o].id);
        }
    }
}

/* ---- Quotes in their documents ------------------------------------------- */

/* Decodes one UTF-8 character at s (n bytes left); *len its bytes. */
static uint32_t utf8_char(const unsigned char *s, size_t n, size_t *len)
{
    unsigned char c = s[0];
    size_t l = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                                                : (c >> 3) == 30 ? 4 : 1;
    if (l > n) l = 1;
    uint32_t u = l == 1 ? c : l == 2 ? c & 0x1Fu : l == 3 ? c & 0x0Fu : c & 0x07u;
    for (size_t k = 1; k < l; k++) {
        if ((s[k] & 0xC0u) != 0x80u) {
            *len = 1;
            return c;
        }
        u = (u << 6) | (s[k] & 0x3Fu);
    }
    *len = l;
    return u;
}

size_t lint_normalise(const char *s, size_t len, char *out, size_t size)
{
    size_t o = 0;
    bool space = false;
    if (!size) return 0;
    for (size_t i = 0; i < len;) {
        size_t l;
        uint32_t u = utf8_char((const unsigned char *)s + i, len - i, &l);
        char repl = 0;
        if (u == 0x2018 || u == 0x2019 || u == 0x201A || u == 0x201B ||
            u == 0x2032)
            repl = '\'';
        else if (u == 0x201C || u == 0x201D || u == 0x201E || u == 0x201F ||
                 u == 0x2033)
            repl = '"';
        else if ((u >= 0x2010 && u <= 0x2015) || u == 0x2212 || u == 0xFE58 ||
                 u == 0xFE63 || u == 0xFF0D)
            repl = '-'; /* hyphens, en and em dashes, minus: one dash */
        else if (u == ' ' || u == '\t' || u == '\n' || u == '\r' ||
                 u == 0x00A0 || (u >= 0x2000 && u <= 0x200A) || u == 0x202F ||
                 u == 0x205F || u == 0x3000)
            repl = ' ';
        if (repl == ' ') {
            space = o > 0;
            i += l;
            continue;
        }
        size_t need = (repl ? 1 : l) + (space ? 1 : 0);
        if (o + need >= size) break;
        if (space) out[o++] = ' ';
        space = false;
        if (repl) out[o++] = repl;
        else {
            memcpy(out + o, s + i, l);
            o += l;
        }
        i += l;
    }
    out[o] = '\0';
    return o;
}

/* Checks every quote against its local document; readable[s] (nsources)
 * says whether source s's document could be read. */
static void analyse_quotes(an *a, const lfile *lf, bool *readable)
{
    const rsfile *f = a->f;
    char dir[1024], path[2048], ypath[64];
    const char *slash = strrchr(lf->name, '/');
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - lf->name), lf->name);
    else snprintf(dir, sizeof dir, ".");
    /* One document is often named by many sources: keep the last read. */
    char *doc = NULL, *ndoc = NULL;
    size_t ndoclen = 0;
    char docpath[2048] = "";
    bool doc_missing = false, noted = false;
    for (size_t s = 0; s < f->nsources; s++) {
        const source_def *src = &f->sources[s];
        if (!src->document || !src->document[0]) continue;
        if (src->document[0] == '/')
            snprintf(path, sizeof path, "%s", src->document);
        else if (!slash && lf->name[0] == '<')
            continue; /* loaded from memory: no directory */
        else
            snprintf(path, sizeof path, "%s/%s", dir, src->document);
        if (strcmp(path, docpath) != 0) {
            arena_raw_free(&a->mem, doc);
            arena_raw_free(&a->mem, ndoc);
            doc = ndoc = NULL;
            size_t dl = 0;
            errno = 0;
            doc = files_read(&a->mem, path, REMIT_MAX_RULES_FILE_BYTES * 2u, &dl);
            if (!doc && errno == ENOMEM) {
                a->oom = true;
                break;
            }
            snprintf(docpath, sizeof docpath, "%s", path);
            doc_missing = doc == NULL;
            noted = false;
            if (doc) {
                ndoc = arena_raw_alloc(&a->mem, dl + 1);
                if (!ndoc) {
                    a->oom = true;
                    break;
                }
                ndoclen = lint_normalise(doc, dl, ndoc, dl + 1);
            }
        }
        snprintf(ypath, sizeof ypath, "sources/%zu/document", s);
        readable[s] = !doc_missing;
        if (doc_missing && noted) continue;
        if (doc_missing) {
            noted = true;
            warn_at(lf, REMIT_SEVERITY_NOTE, "document-not-found", ypath, false,
                    "the quotes of the sources that name document %s are not "
                    "checked: it cannot be read", src->document);
            continue;
        }
        size_t ql = strlen(src->quote);
        char *nq = arena_raw_alloc(&a->mem, ql + 1);
        if (!nq) {
            a->oom = true;
            break;
        }
        size_t nql = lint_normalise(src->quote, ql, nq, ql + 1);
        bool found = false;
        if (nql && nql <= ndoclen) {
            for (size_t k = 0; k + nql <= ndoclen && !found; k++)
                if (ndoc[k] == nq[0] && memcmp(ndoc + k, nq, nql) == 0) found = true;
        }
        arena_raw_free(&a->mem, nq);
        if (!found) {
            snprintf(ypath, sizeof ypath, "sources/%zu/quote", s);
            warn_at(lf, REMIT_SEVERITY_WARNING, "quote-not-found", ypath, false,
                    "the quote of source '%s' is not in its document %s (compared "
                    "ignoring spacing, typographic quotes and dashes): has the "
                    "source changed?", src->id, src->document);
        }
    }
    arena_raw_free(&a->mem, doc);
    arena_raw_free(&a->mem, ndoc);
}

/* ---- Sources that carry what rules claim ------------------------------------ */

/*
 * Checked in a file that marks any source's `grounds` (a file written
 * before the marking existed is not flooded with warnings): a source must
 * be checkable, with a local document that can be read (its quote is then
 * checked) or an https:// address; a rule that is not discretionary and
 * gives an outcome outside the remit claims a legal bar, so one of its
 * sources must be marked `grounds: bar`.
 */
static void analyse_grounds(const rsfile *f, const lfile *lf,
                            const bool *readable)
{
    char path[64];
    bool marked = false;
    for (size_t s = 0; s < f->nsources; s++)
        if (f->sources[s].grounds != GROUNDS_NONE) marked = true;
    if (!marked) return; /* the file does not use the marking yet */
    for (size_t s = 0; s < f->nsources; s++) {
        const source_def *src = &f->sources[s];
        bool https = src->url && strncmp(src->url, "https://", 8) == 0;
        if (readable[s] || https) continue;
        snprintf(path, sizeof path, "sources/%zu/id", s);
        warn_at(lf, REMIT_SEVERITY_WARNING, "source-unverifiable", path, false,
                "source '%s' cannot be checked: give it a local copy under "
                "'document' that can be read, or an https:// address under "
                "'url'", src->id);
    }
    for (size_t i = 0; i < f->nrules; i++) {
        const rule_def *r = &f->rules[i];
        if (r->discretionary || r->outcome < 0 || f->outcomes[r->outcome].in_scope)
            continue;
        bool bar = false;
        for (size_t k = 0; k < r->ncites; k++)
            if (r->cites[k]->grounds == GROUNDS_BAR) bar = true;
        if (bar) continue;
        snprintf(path, sizeof path, "rules/%zu/cite", i);
        warn_at(lf, REMIT_SEVERITY_WARNING, "bar-without-grounds", path, true,
                "rule '%s' is a legal bar (outcome '%s', not discretionary) "
                "but none of its sources is marked 'grounds: bar': cite the "
                "provision that bars it, or make the rule discretionary if "
                "only the Ombudsman's discretion closes it", r->id,
                f->outcomes[r->outcome].id);
    }
}

static remit_status analyse(const remit_config *cfg, const rsfile *f,
                            const lfile *lf)
{
    an a;
    memset(&a, 0, sizeof a);
    arena_init(&a.mem, cfg ? cfg->alloc : NULL, cfg ? cfg->alloc_ctx : NULL);
    a.f = f;
    if (!date_parse(f->law_checked, strlen(f->law_checked), &a.today))
        a.today = date_from_ymd(2026, 1, 1);
    remit_status st = REMIT_OK;
    if (!build_domains(&a)) {
        st = REMIT_ENOMEM;
        goto out;
    }
    a.env.vals = a.vals;
    a.env.today = a.today;
    a.env.holidays = f->holidays;
    a.env.nholidays = f->nholidays;
    analyse_unused(f, lf);
    analyse_rules(&a, lf);
    {
        bool *readable = arena_raw_alloc(&a.mem, f->nsources + 1);
        if (!readable) {
            st = REMIT_ENOMEM;
            goto out;
        }
        memset(readable, 0, f->nsources + 1);
        analyse_quotes(&a, lf, readable);
        if (!a.oom) analyse_grounds(f, lf, readable);
        arena_raw_free(&a.mem, readable);
    }
    if (a.oom) st = REMIT_ENOMEM;
out:
    arena_raw_free(&a.mem, a.ints);
    arena_raw_free(&a.mem, a.dates);
    arena_raw_free(&a.mem, a.durs);
    arena_free_all(&a.mem);
    return st;
}

/* ---- One file ------------------------------------------------------------ */

/* Copies diagnostic x into d, at (line, column) with that line of `text`. */
static void copy_diag(remit_diagnostics *d, const remit_diagnostic *x,
                      unsigned line, unsigned column, const char *text,
                      size_t len)
{
    diag_pos pos = {x->file, line, column, x->pointer,
                    line ? yamlpos_line(text, len, line) : NULL};
    diag_add(d, x->status, x->severity, x->code, &pos, "%s", x->message);
}

static remit_status lint_one(const remit_config *cfg, const char *name,
                             const char *text, size_t len, unsigned flags,
                             remit_diagnostics *out, char *id_out,
                             size_t id_size)
{
    (void)flags;
    if (id_out && id_size) id_out[0] = '\0';
    remit_alloc_fn fn = cfg ? cfg->alloc : NULL;
    void *ctx = cfg ? cfg->alloc_ctx : NULL;
    remit_diagnostics *d = diag_new(fn, ctx);
    if (!d) return REMIT_ENOMEM;
    arena a;
    arena_init(&a, fn, ctx);
    lfile lf = {name, text, len, d};
    shape_counts sc;
    shape_fix fix;
    remit_ruleset *rs = NULL;
    remit_diagnostics *ld = NULL;
    remit_status st = shape_check(&a, name, text, len, d, &sc, &fix);
    bool analysed = false;
    if (st == REMIT_ENOMEM) goto out;
    if (st == REMIT_OK && sc.structural) {
        /* libcyaml cannot load the file: load the repaired copy for the
         * other errors, mapped back to the original text. */
        if (fix.text) {
            st = remit_ruleset_load_memory(name, fix.text, fix.len, cfg, &rs, &ld);
            if (st == REMIT_ENOMEM) goto out;
            for (size_t i = 0; i < remit_diagnostics_count(ld); i++) {
                const remit_diagnostic *x = remit_diagnostics_get(ld, i);
                if (shape_is_code(x->code) || strcmp(x->code, "yaml-syntax") == 0)
                    continue;
                unsigned line = x->line, col = x->column;
                if (line && !shape_fix_map(&fix, text, len, &line, &col)) continue;
                copy_diag(d, x, line, col, text, len);
            }
        }
    } else {
        st = remit_ruleset_load_memory(name, text, len, cfg, &rs, &ld);
        if (st == REMIT_ENOMEM) goto out;
        for (size_t i = 0; i < remit_diagnostics_count(ld); i++) {
            const remit_diagnostic *x = remit_diagnostics_get(ld, i);
            copy_diag(d, x, x->line, x->column, text, len);
        }
        if (st == REMIT_OK && rs && rs->nfiles == 1) {
            if (id_out) snprintf(id_out, id_size, "%s", rs->files[0].id);
            st = analyse(cfg, &rs->files[0], &lf);
            if (st == REMIT_ENOMEM) goto out;
            analysed = true;
        }
    }
    if (!analysed) {
        diag_pos pos = {name, 0, 0, NULL, NULL};
        diag_add(d, REMIT_ERULES, REMIT_SEVERITY_NOTE, "not-analysed", &pos,
                 "the checks for unused declarations, rules that never fire or "
                 "never decide, and quotes run once the errors are fixed");
    }
    st = d->oom ? REMIT_ENOMEM : diag_append_sorted(out, d);
out:
    remit_ruleset_free(rs);
    remit_diagnostics_free(ld);
    shape_fix_free(&a, &fix);
    remit_diagnostics_free(d);
    return st;
}

/* Lints one rule file's text (`name` is its path, for messages and for
 * finding the documents its sources name). */
static remit_status lint_text(const remit_config *config, const char *name,
                              const char *text, size_t len, unsigned flags,
                              remit_diagnostics *diags)
{
    return lint_one(config, name, text, len, flags, diags, NULL, 0);
}

/* ---- Files and directories ----------------------------------------------- */

static remit_status lint_file(const remit_config *cfg, const char *path,
                              unsigned flags, remit_diagnostics *diags,
                              char *id_out, size_t id_size)
{
    arena a;
    arena_init(&a, cfg ? cfg->alloc : NULL, cfg ? cfg->alloc_ctx : NULL);
    size_t len = 0;
    errno = 0;
    char *text = files_read(&a, path, REMIT_MAX_RULES_FILE_BYTES * 2u, &len);
    if (!text) {
        if (errno == ENOMEM) return REMIT_ENOMEM;
        diag_pos pos = {path, 0, 0, NULL, NULL};
        diag_add(diags, REMIT_EIO, REMIT_SEVERITY_ERROR, "io", &pos,
                 "cannot read: %s", strerror(errno));
        return REMIT_EIO;
    }
    remit_status st = lint_one(cfg, path, text, len, flags, diags, id_out, id_size);
    arena_raw_free(&a, text);
    return st;
}

/* Lints `path`, a rule file or a directory of them (*.yaml, *.yml), adding
 * every problem to diags: per file, sorted by position.  Returns REMIT_OK
 * (whatever was found), REMIT_EIO (a path could not be read; reported) or
 * REMIT_ENOMEM. */
static remit_status lint_path(const remit_config *cfg, const char *path,
                              unsigned flags, remit_diagnostics *diags)
{
    bool dir;
    if (files_is_dir(path, &dir, diags) != REMIT_OK) return REMIT_EIO;
    if (!dir) return lint_file(cfg, path, flags, diags, NULL, 0);
    arena a;
    arena_init(&a, cfg ? cfg->alloc : NULL, cfg ? cfg->alloc_ctx : NULL);
    char *names[REMIT_MAX_RULE_FILES];
    size_t n;
    remit_status st = files_list_rules(&a, path, names, &n, diags);
    if (st == REMIT_EIO) {
        arena_free_all(&a);
        return REMIT_EIO;
    }
    if (st == REMIT_ERULES) st = REMIT_OK; /* reported; lint goes on */
    char (*ids)[128] = arena_alloc(&a, (n + 1) * sizeof *ids);
    if (!ids) st = REMIT_ENOMEM;
    for (size_t k = 0; k < n && st != REMIT_ENOMEM; k++) {
        remit_status s = lint_file(cfg, names[k], flags, diags, ids[k], sizeof ids[k]);
        if (s == REMIT_ENOMEM) st = s;
        else if (s != REMIT_OK && st == REMIT_OK) st = s;
        for (size_t j = 0; j < k && ids[k][0]; j++)
            if (strcmp(ids[j], ids[k]) == 0) {
                diag_pos p = {names[k], 0, 0, NULL, NULL};
                diag_add(diags, REMIT_ERULES, REMIT_SEVERITY_ERROR, "duplicate-id",
                         &p, "ruleset id '%s' is also used by %s", ids[k],
                         names[j]);
            }
    }
    arena_free_all(&a);
    return st;
}

/* ---- The public functions (remit.h) -------------------------------------- */

/* Runs `lint` into a new list; the list goes to the caller unless out of
 * memory. */
static remit_status lint_into(remit_status st, remit_diagnostics *d,
                              remit_diagnostics **diags_out)
{
    if (st == REMIT_OK && d->oom) st = REMIT_ENOMEM;
    if (st == REMIT_ENOMEM) {
        remit_diagnostics_free(d);
        return st;
    }
    *diags_out = d;
    return st;
}

remit_status remit_lint(const char *path, const remit_config *config,
                        unsigned flags, remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!path || !diags_out) return REMIT_EINVAL;
    remit_diagnostics *d = diag_new(config ? config->alloc : NULL,
                                    config ? config->alloc_ctx : NULL);
    if (!d) return REMIT_ENOMEM;
    return lint_into(lint_path(config, path, flags, d), d, diags_out);
}

remit_status remit_lint_memory(const char *name, const char *text, size_t len,
                               const remit_config *config, unsigned flags,
                               remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!diags_out || (!text && len)) return REMIT_EINVAL;
    remit_diagnostics *d = diag_new(config ? config->alloc : NULL,
                                    config ? config->alloc_ctx : NULL);
    if (!d) return REMIT_ENOMEM;
    return lint_into(lint_text(config, name ? name : "<memory>",
                               text ? text : "", len, flags, d),
                     d, diags_out);
}
