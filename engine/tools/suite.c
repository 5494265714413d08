/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suite.c -- remit test.  Consumes test files (YAML, read as a ytree) and a
 * loaded ruleset; checks every file first (all its mistakes reported, with
 * positions), then evaluates each test's complaint with the engine and
 * compares the result with what the test expects.  Produces a remit_tests:
 * the mismatches of each failed test and the coverage of every rule.
 *
 * A test file:
 *
 *   today: 2026-11-22             # optional: the default evaluation date
 *   tests:
 *     - name: the police are outside the remit
 *       today: 2026-11-22         # the evaluation date (if no default)
 *       complaint:                # the complaint, written in YAML...
 *         nation: england
 *         heads: [{actor: police}]
 *       # complaint: complaints/police.json   ...or the path of a JSON file
 *       expect:
 *         verdict: out_of_jurisdiction
 *         provisional: ...        # with needs_information
 *         discretionary: false
 *         heads: [out_of_jurisdiction]   # each head's verdict, or a mapping
 *                                        # {verdict, fired, not_fired}
 *         fired: [E-BODY-01]
 *         not_fired: [E-COURT-01]
 *
 * A complaint written in YAML becomes JSON thus: plain true, false and null
 * (and ~ or nothing) are JSON's; plain whole numbers are numbers; every
 * other scalar, quoted or not, is a string.
 */
#include "suite.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "date.h"
#include "files.h"
#include "result.h"
#include "yamlpos.h"
#include "ytree.h"

/* ---- Reading files ---------------------------------------------------- */

/* ---- One test file ---------------------------------------------------- */

typedef struct tfile {
    remit_tests *t;
    const char *name, *text;
    size_t len;
    char dir[1024];
    remit_diagnostics *d;
    size_t errors;
    bool oom;
} tfile;

REMIT_PRINTF(3, 4)
static void bad(tfile *tf, const ynode *at, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    unsigned line = at ? at->line : 0, col = at ? at->column : 0;
    diag_pos pos = {tf->name, line, col, NULL,
                    line ? yamlpos_line(tf->text, tf->len, line) : NULL};
    diag_add(tf->d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "test-file", &pos, "%s",
             msg);
    tf->errors++;
}

static const char *kind_words(const ynode *n)
{
    return n->kind == YN_SEQ ? "a list" : n->kind == YN_MAP ? "a mapping"
           : n->kind == YN_ALIAS ? "an alias" : "a single value";
}

/* Reports every alias under n (test files are written out in full). */
static void no_aliases(tfile *tf, const ynode *n)
{
    if (n->kind == YN_ALIAS) {
        bad(tf, n, "YAML aliases (*name) are not allowed in test files: write "
                   "the value out");
        return;
    }
    for (size_t k = 0; k < n->nkids; k++) no_aliases(tf, n->kids[k]);
}

/* Checks that the keys of mapping m are among `keys` (NULL-terminated). */
static void only_keys(tfile *tf, const ynode *m, const char *const *keys,
                      const char *where, const char *list)
{
    for (size_t k = 0; k + 1 < m->nkids; k += 2) {
        const ynode *key = m->kids[k];
        bool ok = false;
        for (const char *const *s = keys; *s && !ok; s++)
            ok = key->kind == YN_SCALAR && strcmp(key->value, *s) == 0;
        if (!ok)
            bad(tf, key, "unknown key '%s' in %s (%s)",
                key->kind == YN_SCALAR ? key->value : "?", where, list);
        for (size_t j = 0; j < k && ok; j += 2)
            if (m->kids[j]->kind == YN_SCALAR &&
                strcmp(m->kids[j]->value, key->value) == 0)
                bad(tf, key, "key '%s' appears twice in %s", key->value, where);
    }
}

static bool is_null(const ynode *n)
{
    return !n || (n->kind == YN_SCALAR && n->plain &&
                  (n->len == 0 || strcmp(n->value, "~") == 0 ||
                   strcmp(n->value, "null") == 0));
}

/* A list of rule ids: a sequence of scalars (or one scalar). */
static void check_ids(tfile *tf, const ynode *n, const char *where)
{
    if (!n || is_null(n)) return;
    if (n->kind == YN_SCALAR) return;
    if (n->kind != YN_SEQ) {
        bad(tf, n, "expected a list of rule ids for %s, found %s", where,
            kind_words(n));
        return;
    }
    for (size_t k = 0; k < n->nkids; k++)
        if (n->kids[k]->kind != YN_SCALAR)
            bad(tf, n->kids[k], "expected a rule id in %s, found %s", where,
                kind_words(n->kids[k]));
}

static bool is_bool(const ynode *n)
{
    return n && n->kind == YN_SCALAR &&
           (strcmp(n->value, "true") == 0 || strcmp(n->value, "false") == 0);
}

static const char *const expect_keys[] = {"verdict", "provisional",
                                          "discretionary", "heads", "fired",
                                          "not_fired", NULL};
static const char *const head_keys[] = {"verdict", "basis", "discretion",
                                        "fired", "not_fired", NULL};
static const char *const test_keys[] = {"name", "today", "complaint", "expect",
                                        NULL};
static const char *const file_keys[] = {"today", "tests", NULL};

static void check_expect(tfile *tf, const ynode *e, const char *where)
{
    if (e->kind != YN_MAP) {
        bad(tf, e, "expected a mapping for %s/expect, found %s", where,
            kind_words(e));
        return;
    }
    only_keys(tf, e, expect_keys, "expect",
              "a test expects verdict, provisional, discretionary, heads, "
              "fired and not_fired");
    if (e->nkids == 0)
        bad(tf, e, "the test expects nothing: give verdict, heads, fired or "
                   "not_fired");
    const ynode *n;
    if ((n = ytree_get(e, "verdict")) && n->kind != YN_SCALAR)
        bad(tf, n, "expected a verdict for verdict, found %s", kind_words(n));
    if ((n = ytree_get(e, "provisional")) && n->kind != YN_SCALAR)
        bad(tf, n, "expected a verdict for provisional, found %s", kind_words(n));
    if ((n = ytree_get(e, "discretionary")) && !is_bool(n))
        bad(tf, n, "expected true or false for discretionary");
    check_ids(tf, ytree_get(e, "fired"), "fired");
    check_ids(tf, ytree_get(e, "not_fired"), "not_fired");
    const ynode *h = ytree_get(e, "heads");
    if (h && h->kind != YN_SEQ) {
        bad(tf, h, "expected a list for heads (one entry per head), found %s",
            kind_words(h));
    } else if (h) {
        for (size_t k = 0; k < h->nkids; k++) {
            const ynode *it = h->kids[k];
            if (it->kind == YN_SCALAR) continue;
            if (it->kind != YN_MAP) {
                bad(tf, it, "expected a verdict or a mapping for heads/%zu, "
                            "found %s", k, kind_words(it));
                continue;
            }
            only_keys(tf, it, head_keys, "a head",
                      "a head expects verdict, basis, discretion, fired and "
                      "not_fired");
            if ((n = ytree_get(it, "verdict")) && n->kind != YN_SCALAR)
                bad(tf, n, "expected a verdict, found %s", kind_words(n));
            if ((n = ytree_get(it, "basis")) &&
                (n->kind != YN_SCALAR || (strcmp(n->value, "legal_bar") != 0 &&
                                          strcmp(n->value, "discretion") != 0 &&
                                          strcmp(n->value, "none") != 0)))
                bad(tf, n, "expected legal_bar, discretion or none for basis");
            if ((n = ytree_get(it, "discretion")) &&
                (n->kind != YN_SCALAR ||
                 (strcmp(n->value, "likely_accept") != 0 &&
                  strcmp(n->value, "likely_decline") != 0 &&
                  strcmp(n->value, "depends") != 0 &&
                  strcmp(n->value, "none") != 0)))
                bad(tf, n, "expected likely_accept, likely_decline, depends or "
                           "none for discretion");
            check_ids(tf, ytree_get(it, "fired"), "fired");
            check_ids(tf, ytree_get(it, "not_fired"), "not_fired");
        }
    }
}

/* ---- YAML to JSON ------------------------------------------------------- */

static bool is_int(const char *s)
{
    if (*s == '-') s++;
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static void to_json(buf *b, const ynode *n)
{
    switch (n->kind) {
    case YN_MAP:
        buf_putc(b, '{');
        for (size_t k = 0; k + 1 < n->nkids; k += 2) {
            if (k) buf_putc(b, ',');
            buf_json_str(b, n->kids[k]->value ? n->kids[k]->value : "");
            buf_putc(b, ':');
            to_json(b, n->kids[k + 1]);
        }
        buf_putc(b, '}');
        break;
    case YN_SEQ:
        buf_putc(b, '[');
        for (size_t k = 0; k < n->nkids; k++) {
            if (k) buf_putc(b, ',');
            to_json(b, n->kids[k]);
        }
        buf_putc(b, ']');
        break;
    case YN_SCALAR:
        if (is_null(n)) buf_puts(b, "null");
        else if (n->plain && (strcmp(n->value, "true") == 0 ||
                              strcmp(n->value, "false") == 0 || is_int(n->value)))
            buf_puts(b, n->value);
        else buf_json_str(b, n->value);
        break;
    default:
        buf_puts(b, "null");
        break;
    }
}

/* ---- Running ------------------------------------------------------------- */

static void mismatch(tfile *tf, suite_test *st, const char *what,
                     const char *expected, const char *actual)
{
    remit_tests *t = tf->t;
    if (st->nmism == st->capmism) {
        size_t cap = st->capmism ? st->capmism * 2 : 4;
        suite_mismatch *m = arena_alloc(&t->mem, cap * sizeof *m);
        if (!m) {
            tf->oom = true;
            return;
        }
        if (st->nmism) memcpy(m, st->mism, st->nmism * sizeof *m);
        st->mism = m;
        st->capmism = cap;
    }
    suite_mismatch *m = &st->mism[st->nmism];
    m->what = arena_strdup(&t->mem, what);
    m->expected = arena_strdup(&t->mem, expected);
    m->actual = arena_strdup(&t->mem, actual);
    if (!m->what || !m->expected || !m->actual) {
        tf->oom = true;
        return;
    }
    st->nmism++;
}

static const char *state_name(uint8_t s)
{
    return s == RS_FIRED ? "fired" : s == RS_UNDETERMINED ? "undetermined"
                                                          : "not_fired";
}

static int rule_of(const rsfile *f, const char *id)
{
    for (size_t k = 0; f && k < f->nrules; k++)
        if (strcmp(f->rules[k].id, id) == 0) return (int)k;
    return -1;
}

static bool f_scope_head(const rsfile *f, int k)
{
    return f->rules[k].scope == SCOPE_HEAD;
}

/* Checks that each rule in `ids` is in state `want` (RS_FIRED or
 * RS_NOT_FIRED): for one head (head >= 0), or over all heads (fired in
 * some head; not fired in every head). */
static void check_states(tfile *tf, suite_test *st, const remit_result *r,
                         const ynode *ids, uint8_t want, int head)
{
    if (!ids || is_null(ids)) return;
    size_t n = ids->kind == YN_SEQ ? ids->nkids : 1;
    for (size_t i = 0; i < n; i++) {
        const ynode *idn = ids->kind == YN_SEQ ? ids->kids[i] : ids;
        const char *id = idn->value;
        char what[256], actual[512];
        if (head >= 0) snprintf(what, sizeof what, "heads[%d] %s", head, id);
        else snprintf(what, sizeof what, "%s", id);
        int k = rule_of(r->f, id);
        if (k < 0 || r->selecting) {
            snprintf(actual, sizeof actual, "%s",
                     r->selecting ? "no ruleset chosen yet (needs information)"
                                  : "no such rule");
            if (k < 0 && r->f)
                snprintf(actual, sizeof actual, "no such rule in %s", r->f->id);
            mismatch(tf, st, what, state_name(want), actual);
            continue;
        }
        if (head >= 0) {
            if ((size_t)head >= r->nheads) continue; /* reported as a count */
            uint8_t s = r->heads[head].state[k];
            if (s != want) mismatch(tf, st, what, state_name(want), state_name(s));
            continue;
        }
        bool ok = want == RS_FIRED ? false : true;
        for (size_t h = 0; h < r->nheads; h++) {
            uint8_t s = r->heads[h].state[k];
            if (want == RS_FIRED && s == RS_FIRED) ok = true;
            if (want == RS_NOT_FIRED && s != RS_NOT_FIRED) ok = false;
        }
        if (r->nheads == 0) ok = false;
        if (ok) continue;
        /* The actual states: one, or one per head. */
        bool same = true;
        for (size_t h = 1; h < r->nheads; h++)
            if (r->heads[h].state[k] != r->heads[0].state[k]) same = false;
        if (r->nheads == 0) {
            snprintf(actual, sizeof actual, "no heads");
        } else if (same) {
            snprintf(actual, sizeof actual, "%s%s", state_name(r->heads[0].state[k]),
                     r->nheads > 1 && f_scope_head(r->f, k) ? " in every head" : "");
        } else {
            size_t at = 0;
            for (size_t h = 0; h < r->nheads && at < sizeof actual; h++) {
                int w = snprintf(actual + at, sizeof actual - at, "%shead %zu %s",
                                 h ? ", " : "", h, state_name(r->heads[h].state[k]));
                if (w < 0) break;
                at += (size_t)w;
            }
        }
        mismatch(tf, st, what,
                 want == RS_FIRED ? (r->nheads > 1 ? "fired (in some head)" : "fired")
                                  : (r->nheads > 1 ? "not_fired (in every head)"
                                                   : "not_fired"),
                 actual);
    }
}

/* Records the states the rules took in r, for the coverage. */
static void cover(remit_tests *t, const remit_ruleset *rs, const remit_result *r)
{
    if (r->selecting || !r->f) return;
    size_t base = 0;
    for (size_t i = 0; i < rs->nfiles && &rs->files[i] != r->f; i++)
        base += rs->files[i].nrules;
    for (size_t h = 0; h < r->nheads; h++)
        for (size_t k = 0; k < r->f->nrules; k++) {
            uint8_t s = r->heads[h].state[k];
            if (s == RS_FIRED) t->cover[base + k].fired++;
            else if (s == RS_NOT_FIRED) t->cover[base + k].not_fired++;
        }
}

/* The node of an inline complaint that JSON pointer `ptr` names, or
 * NULL. */
static const ynode *pointer_node(const ynode *n, const char *ptr)
{
    while (n && *ptr == '/') {
        ptr++;
        char tok[256];
        size_t t = 0;
        for (; *ptr && *ptr != '/' && t + 1 < sizeof tok; ptr++) {
            if (ptr[0] == '~' && ptr[1] == '1') {
                tok[t++] = '/';
                ptr++;
            } else if (ptr[0] == '~' && ptr[1] == '0') {
                tok[t++] = '~';
                ptr++;
            } else {
                tok[t++] = *ptr;
            }
        }
        tok[t] = '\0';
        if (n->kind == YN_MAP) {
            n = ytree_get(n, tok);
        } else if (n->kind == YN_SEQ) {
            char *end;
            unsigned long k = strtoul(tok, &end, 10);
            n = *end || k >= n->nkids ? NULL : n->kids[k];
        } else {
            n = NULL;
        }
    }
    return n;
}

static const char *or_none(const char *s)
{
    return s ? s : "none";
}

/* Evaluates test `tn` and compares; appends it to t->tests. */
static void run_test(tfile *tf, const remit_ruleset *rs, const ynode *tn,
                     size_t index, const ynode *file_today)
{
    remit_tests *t = tf->t;
    if (t->ntests == t->captests) {
        size_t cap = t->captests ? t->captests * 2 : 64;
        suite_test *n = arena_alloc(&t->mem, cap * sizeof *n);
        if (!n) {
            tf->oom = true;
            return;
        }
        if (t->ntests) memcpy(n, t->tests, t->ntests * sizeof *n);
        t->tests = n;
        t->captests = cap;
    }
    suite_test *st = &t->tests[t->ntests++];
    memset(st, 0, sizeof *st);
    const ynode *name = ytree_get(tn, "name");
    char label[64];
    snprintf(label, sizeof label, "test %zu", index + 1);
    st->name = arena_strdup(&t->mem, name && name->kind == YN_SCALAR ? name->value : label);
    st->file = arena_strdup(&t->mem, tf->name);
    st->line = tn->line;
    if (!st->name || !st->file) {
        tf->oom = true;
        return;
    }

    /* The complaint as JSON text, and its name in messages. */
    const ynode *c = ytree_get(tn, "complaint");
    char input[1200];
    buf b;
    buf_init(&b, &t->mem);
    char *file_text = NULL;
    const char *json;
    size_t jlen;
    if (c->kind == YN_SCALAR) {
        if (c->value[0] == '/') snprintf(input, sizeof input, "%s", c->value);
        else snprintf(input, sizeof input, "%s/%s", tf->dir, c->value);
        file_text = files_read(&t->mem, input, REMIT_MAX_COMPLAINT_BYTES * 2u, &jlen);
        if (!file_text) {
            if (errno == ENOMEM) {
                tf->oom = true;
            } else {
                char msg[1300];
                snprintf(msg, sizeof msg, "cannot read %s: %s", c->value,
                         strerror(errno));
                mismatch(tf, st, "complaint", "a readable JSON file", msg);
            }
            goto done;
        }
        json = file_text;
    } else {
        snprintf(input, sizeof input, "%s:%u", tf->name, c->line);
        to_json(&b, c);
        json = buf_cstr(&b);
        if (!json) {
            tf->oom = true;
            goto done;
        }
        jlen = b.len;
    }
    const ynode *today = ytree_get(tn, "today");
    if (!today) today = file_today;
    int64_t day = 0;
    date_parse(today->value, today->len, &day);
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    remit_eval_options opt = {y, m, d, REMIT_EVAL_STRICT, input};
    remit_result *r = NULL;
    remit_diagnostics *dg = NULL;
    remit_status s = remit_evaluate(rs, json, jlen, &opt, &r, &dg);
    if (s == REMIT_ENOMEM) {
        tf->oom = true;
        remit_diagnostics_free(dg);
        goto done;
    }
    if (s != REMIT_OK) {
        /* The complaint itself is wrong: the test fails with the reasons,
         * at their place in the test file when the complaint is inline. */
        for (size_t i = 0; i < remit_diagnostics_count(dg); i++) {
            const remit_diagnostic *x = remit_diagnostics_get(dg, i);
            const ynode *at = c->kind == YN_MAP && x->pointer
                                  ? pointer_node(c, x->pointer) : NULL;
            char msg[2048];
            if (at) {
                snprintf(msg, sizeof msg, "%s:%u:%u: %s", tf->name, at->line,
                         at->column, x->message);
            } else {
                remit_diagnostics_format(dg, i, msg, sizeof msg);
                char *nl = strchr(msg, '\n');
                if (nl) *nl = '\0';
            }
            mismatch(tf, st, "complaint", "a valid complaint", msg);
        }
        if (!remit_diagnostics_count(dg))
            mismatch(tf, st, "complaint", "a valid complaint", remit_status_str(s));
        remit_diagnostics_free(dg);
        goto done;
    }
    remit_diagnostics_free(dg);
    cover(t, rs, r);

    const ynode *e = ytree_get(tn, "expect"), *n;
    if ((n = ytree_get(e, "verdict")) && !is_null(n) &&
        strcmp(n->value, remit_result_verdict(r)) != 0)
        mismatch(tf, st, "verdict", n->value, remit_result_verdict(r));
    if ((n = ytree_get(e, "provisional")) &&
        strcmp(is_null(n) ? "none" : n->value, or_none(remit_result_provisional(r))) != 0)
        mismatch(tf, st, "provisional", is_null(n) ? "none" : n->value,
                 or_none(remit_result_provisional(r)));
    if ((n = ytree_get(e, "discretionary")) &&
        (strcmp(n->value, "true") == 0) != remit_result_discretionary(r))
        mismatch(tf, st, "discretionary", n->value,
                 remit_result_discretionary(r) ? "true" : "false");
    const ynode *heads = ytree_get(e, "heads");
    if (heads) {
        if (heads->nkids != r->nheads) {
            char ex[32], ac[32];
            snprintf(ex, sizeof ex, "%zu head%s", heads->nkids, heads->nkids == 1 ? "" : "s");
            snprintf(ac, sizeof ac, "%zu head%s", r->nheads, r->nheads == 1 ? "" : "s");
            mismatch(tf, st, "heads", ex, ac);
        }
        for (size_t h = 0; h < heads->nkids && h < r->nheads; h++) {
            const ynode *he = heads->kids[h];
            const ynode *v = he->kind == YN_SCALAR ? he : ytree_get(he, "verdict");
            const char *got = remit_result_head_verdict(r, h);
            char what[64];
            snprintf(what, sizeof what, "heads[%zu].verdict", h);
            if (v && !is_null(v) && strcmp(v->value, got) != 0)
                mismatch(tf, st, what, v->value, got);
            if (he->kind == YN_MAP) {
                /* basis and discretion: "none" expects no value. */
                const char *keys[2] = {"basis", "discretion"};
                for (int k = 0; k < 2; k++) {
                    const ynode *x = ytree_get(he, keys[k]);
                    if (!x) continue;
                    const char *a = k == 0 ? remit_result_head_basis(r, h)
                                           : remit_result_head_discretion(r, h);
                    if (!a) a = "none";
                    snprintf(what, sizeof what, "heads[%zu].%s", h, keys[k]);
                    if (strcmp(x->value, a) != 0) mismatch(tf, st, what, x->value, a);
                }
                check_states(tf, st, r, ytree_get(he, "fired"), RS_FIRED, (int)h);
                check_states(tf, st, r, ytree_get(he, "not_fired"), RS_NOT_FIRED, (int)h);
            }
        }
    }
    check_states(tf, st, r, ytree_get(e, "fired"), RS_FIRED, -1);
    check_states(tf, st, r, ytree_get(e, "not_fired"), RS_NOT_FIRED, -1);
    remit_result_free(r);
done:
    if (st->nmism) t->failed++;
    buf_free(&b);
    arena_raw_free(&t->mem, file_text);
}

/* Checks a whole test file; returns the tests node when it is valid. */
static const ynode *check_file(tfile *tf, const ynode *root)
{
    if (!root || root->kind != YN_MAP) {
        bad(tf, root, "a test file is a mapping with 'tests', a list of tests");
        return NULL;
    }
    no_aliases(tf, root);
    only_keys(tf, root, file_keys, "the test file",
              "a test file has 'today' and 'tests'");
    const ynode *ftoday = ytree_get(root, "today");
    int64_t day;
    if (ftoday && (ftoday->kind != YN_SCALAR ||
                   !date_parse(ftoday->value, ftoday->len, &day)))
        bad(tf, ftoday, "today must be a date YYYY-MM-DD, not %s%s%s",
            ftoday->kind == YN_SCALAR ? "'" : "",
            ftoday->kind == YN_SCALAR ? ftoday->value : kind_words(ftoday),
            ftoday->kind == YN_SCALAR ? "'" : "");
    const ynode *tests = ytree_get(root, "tests");
    if (!tests) {
        bad(tf, root, "missing required key 'tests'");
        return NULL;
    }
    if (tests->kind != YN_SEQ) {
        bad(tf, tests, "expected a list for tests, found %s", kind_words(tests));
        return NULL;
    }
    for (size_t i = 0; i < tests->nkids; i++) {
        const ynode *tn = tests->kids[i];
        char where[64];
        snprintf(where, sizeof where, "tests/%zu", i);
        if (tn->kind != YN_MAP) {
            bad(tf, tn, "expected a mapping for %s, found %s", where, kind_words(tn));
            continue;
        }
        only_keys(tf, tn, test_keys, where,
                  "a test has name, today, complaint and expect");
        const ynode *name = ytree_get(tn, "name");
        if (name && name->kind != YN_SCALAR)
            bad(tf, name, "expected a single value for the name, found %s",
                kind_words(name));
        const ynode *today = ytree_get(tn, "today");
        if (today) {
            if (today->kind != YN_SCALAR || !date_parse(today->value, today->len, &day))
                bad(tf, today, "today must be a date YYYY-MM-DD, not %s%s%s",
                    today->kind == YN_SCALAR ? "'" : "",
                    today->kind == YN_SCALAR ? today->value : kind_words(today),
                    today->kind == YN_SCALAR ? "'" : "");
        } else if (!ftoday) {
            bad(tf, tn, "missing required key 'today' in %s (the evaluation "
                        "date, YYYY-MM-DD)", where);
        }
        const ynode *c = ytree_get(tn, "complaint");
        if (!c)
            bad(tf, tn, "missing required key 'complaint' in %s", where);
        else if (c->kind != YN_MAP && !(c->kind == YN_SCALAR && c->len))
            bad(tf, c, "the complaint is a mapping (the complaint written in "
                       "YAML) or the path of a JSON file, not %s", kind_words(c));
        const ynode *e = ytree_get(tn, "expect");
        if (!e)
            bad(tf, tn, "missing required key 'expect' in %s", where);
        else
            check_expect(tf, e, where);
    }
    return tf->errors ? NULL : tests;
}

static remit_status run_file(remit_tests *t, const remit_ruleset *rs,
                             const char *path, remit_diagnostics *diags)
{
    tfile tf;
    memset(&tf, 0, sizeof tf);
    tf.t = t;
    tf.name = path;
    /* This file's problems, sorted by position when it is done. */
    tf.d = diag_new(t->mem.alloc, t->mem.ctx);
    if (!tf.d) return REMIT_ENOMEM;
    const char *slash = strrchr(path, '/');
    if (slash) snprintf(tf.dir, sizeof tf.dir, "%.*s", (int)(slash - path), path);
    else snprintf(tf.dir, sizeof tf.dir, ".");
    size_t len = 0;
    char *text = files_read(&t->mem, path, REMIT_MAX_COMPLAINT_BYTES * 2u, &len);
    if (!text) {
        remit_diagnostics_free(tf.d);
        if (errno == ENOMEM) return REMIT_ENOMEM;
        diag_pos pos = {path, 0, 0, NULL, NULL};
        diag_add(diags, REMIT_EIO, REMIT_SEVERITY_ERROR, "io", &pos,
                 "cannot read: %s", strerror(errno));
        return REMIT_EIO;
    }
    tf.text = text;
    tf.len = len;
    ytree tree;
    remit_status st = ytree_parse(&tree, t->mem.alloc, t->mem.ctx, text, len);
    if (st == REMIT_ERULES) {
        diag_pos pos = {path, tree.line, tree.column, NULL,
                        yamlpos_line(text, len, tree.line)};
        diag_add(tf.d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "yaml-syntax", &pos,
                 "YAML syntax: %s", tree.problem);
        st = REMIT_EINPUT;
    } else if (st == REMIT_OK) {
        const ynode *tests = check_file(&tf, tree.root);
        if (tests) {
            const ynode *ftoday = ytree_get(tree.root, "today");
            for (size_t i = 0; i < tests->nkids && !tf.oom; i++)
                run_test(&tf, rs, tests->kids[i], i, ftoday);
        } else {
            st = REMIT_EINPUT;
        }
    }
    if (tf.oom || tf.d->oom || diag_append_sorted(diags, tf.d) != REMIT_OK)
        st = REMIT_ENOMEM;
    remit_diagnostics_free(tf.d);
    ytree_free(&tree);
    arena_raw_free(&t->mem, text);
    return st;
}

/*
 * Runs the test file or directory of test files (*.yaml) at `path` against
 * rs, filling t (initialised by the caller, allocating in t->mem).
 * Problems with the test files go to diags as errors; no test is run from a
 * file with errors.  Returns REMIT_OK (the tests ran, passed or not),
 * REMIT_EINPUT (a test file is invalid), REMIT_EIO or REMIT_ENOMEM.
 */
static remit_status suite_run(const remit_ruleset *rs, const char *path,
                              remit_tests *t, remit_diagnostics *diags)
{
    /* Every rule of every loaded file, for the coverage. */
    size_t n = 0;
    for (size_t i = 0; i < rs->nfiles; i++) n += rs->files[i].nrules;
    t->cover = arena_alloc(&t->mem, (n + 1) * sizeof *t->cover);
    if (!t->cover) return REMIT_ENOMEM;
    for (size_t i = 0, k = 0; i < rs->nfiles; i++)
        for (size_t j = 0; j < rs->files[i].nrules; j++, k++) {
            t->cover[k].ruleset = rs->files[i].id;
            t->cover[k].file = rs->files[i].file;
            t->cover[k].rule = rs->files[i].rules[j].id;
        }
    t->ncover = n;

    bool dir;
    if (files_is_dir(path, &dir, diags) != REMIT_OK) return REMIT_EIO;
    if (!dir) return run_file(t, rs, path, diags);
    char *names[256];
    size_t nn;
    bool more; /* the first 256 are run */
    remit_status st = files_list_yaml(&t->mem, path, names, 256, &nn, &more);
    if (st == REMIT_EIO) {
        diag_pos pos = {path, 0, 0, NULL, NULL};
        diag_add(diags, REMIT_EIO, REMIT_SEVERITY_ERROR, "io", &pos,
                 "cannot open directory: %s", strerror(errno));
        return REMIT_EIO;
    }
    if (st != REMIT_OK) return st;
    if (nn == 0) {
        diag_pos pos = {path, 0, 0, NULL, NULL};
        diag_add(diags, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "no-tests", &pos,
                 "no test files (*.yaml) in this directory");
        return REMIT_EINPUT;
    }
    /* Every file is checked (and its problems reported) even when an
     * earlier one is invalid. */
    for (size_t k = 0; k < nn; k++) {
        remit_status s = run_file(t, rs, names[k], diags);
        if (s == REMIT_ENOMEM) return s;
        if (s != REMIT_OK && st == REMIT_OK) st = s;
    }
    return st;
}

/* ---- The public functions (remit.h) ------------------------------------ */

void remit_tests_free(remit_tests *t)
{
    if (!t) return;
    arena a = t->mem;
    arena_free_all(&a);
    arena_raw_free(&a, t);
}

remit_status remit_tests_run(const remit_ruleset *rs, const char *path,
                             const remit_config *config, remit_tests **tests_out,
                             remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!tests_out) return REMIT_EINVAL;
    *tests_out = NULL;
    if (!rs || !path) return REMIT_EINVAL;
    remit_config cfg = config ? *config : rs->config;
    arena a;
    arena_init(&a, cfg.alloc, cfg.alloc_ctx);
    remit_tests *t = arena_raw_alloc(&a, sizeof *t);
    remit_diagnostics *d = diag_new(cfg.alloc, cfg.alloc_ctx);
    if (!t || !d) {
        arena_raw_free(&a, t);
        remit_diagnostics_free(d);
        return REMIT_ENOMEM;
    }
    memset(t, 0, sizeof *t);
    t->mem = a;
    remit_status st = suite_run(rs, path, t, d);
    if (st == REMIT_OK && d->oom) st = REMIT_ENOMEM;
    if (st == REMIT_OK || st == REMIT_EINPUT) *tests_out = t;
    else remit_tests_free(t);
    if (diags_out) *diags_out = d;
    else remit_diagnostics_free(d);
    return st;
}

size_t remit_tests_count(const remit_tests *t)
{
    return t ? t->ntests : 0;
}

size_t remit_tests_failed(const remit_tests *t)
{
    return t ? t->failed : 0;
}

remit_status remit_tests_get(const remit_tests *t, size_t i,
                             remit_test_info *info)
{
    if (!t || !info || i >= t->ntests) return REMIT_EINVAL;
    const suite_test *s = &t->tests[i];
    info->name = s->name;
    info->file = s->file;
    info->line = s->line;
    info->passed = s->nmism == 0;
    info->mismatch_count = s->nmism;
    return REMIT_OK;
}

remit_status remit_tests_get_mismatch(const remit_tests *t, size_t i, size_t k,
                                      remit_test_mismatch *out)
{
    if (!t || !out || i >= t->ntests || k >= t->tests[i].nmism)
        return REMIT_EINVAL;
    const suite_mismatch *m = &t->tests[i].mism[k];
    out->what = m->what;
    out->expected = m->expected;
    out->actual = m->actual;
    return REMIT_OK;
}

size_t remit_tests_rule_count(const remit_tests *t)
{
    return t ? t->ncover : 0;
}

remit_status remit_tests_get_rule(const remit_tests *t, size_t k,
                                  remit_rule_coverage *out)
{
    if (!t || !out || k >= t->ncover) return REMIT_EINVAL;
    const suite_cover *c = &t->cover[k];
    out->ruleset = c->ruleset;
    out->file = c->file;
    out->rule = c->rule;
    out->fired = c->fired;
    out->not_fired = c->not_fired;
    return REMIT_OK;
}
