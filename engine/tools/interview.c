/* SPDX-License-Identifier: Apache-2.0 */
/*
 * interview.c -- the guided interview's next step, for `remit ask`, the
 * web page and POST /v1/next alike.  Consumes a ruleset, a partial
 * complaint (JSON) and what the adviser has already passed over; produces
 * the next step as JSON: the question that could change the verdict most
 * (its text, help, type, allowed values with labels, where the answer
 * goes), or a presumption to confirm, or the settled verdict.
 *
 * Built on the public API (remit_evaluate and the result's accessors);
 * it reads the ruleset's definitions only for the labels of values and
 * outcomes, and allocates its answer through the ruleset's allocator so
 * that remit_string_free frees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "result.h"
#include "ruleset.h"

/* ---- Finding facts ------------------------------------------------------ */

/* The rule file a result applied (the first one when none was chosen). */
static const rsfile *file_of(const remit_ruleset *rs, const remit_result *res)
{
    const char *id = res ? remit_result_ruleset_id(res) : NULL;
    for (size_t i = 0; id && i < rs->nfiles; i++)
        if (strcmp(rs->files[i].id, id) == 0) return &rs->files[i];
    return rs->nfiles ? &rs->files[0] : NULL;
}

static const fact_def *fact_named(const rsfile *f, const char *name)
{
    for (size_t k = 0; f && k < f->nfacts; k++)
        if (strcmp(f->facts[k].name, name) == 0) return &f->facts[k];
    return NULL;
}

/* True if `pointer` names fact fd for head `head` (-1: the complaint). */
static bool pointer_is(const char *pointer, const fact_def *fd, int head)
{
    char want[REMIT_MAX_KEY_BYTES + 40];
    size_t n = 0;
    if (head >= 0) n = (size_t)snprintf(want, sizeof want, "/heads/%d", head);
    if (n >= sizeof want - 2) return false;
    want[n++] = '/';
    for (const char *s = fd->key; *s && n < sizeof want - 3; s++) {
        if (*s == '~') { want[n++] = '~'; want[n++] = '0'; }
        else if (*s == '/') { want[n++] = '~'; want[n++] = '1'; }
        else want[n++] = *s == '.' ? '/' : *s;
    }
    want[n] = '\0';
    return strcmp(want, pointer) == 0;
}

/* The fact and head a pointer names in f; NULL if none. */
static const fact_def *fact_at(const rsfile *f, const char *pointer, int *head)
{
    int h = -1;
    if (strncmp(pointer, "/heads/", 7) == 0) {
        char *end;
        long v = strtol(pointer + 7, &end, 10);
        if (end == pointer + 7 || *end != '/' || v < 0 || v >= (long)REMIT_MAX_HEADS)
            return NULL;
        h = (int)v;
    }
    for (size_t k = 0; f && k < f->nfacts; k++) {
        const fact_def *fd = &f->facts[k];
        if ((fd->scope == SCOPE_HEAD) != (h >= 0)) continue;
        if (pointer_is(pointer, fd, h)) {
            *head = h;
            return fd;
        }
    }
    return NULL;
}

static bool passed_over(const remit_interview_options *o, const char *pointer)
{
    for (size_t i = 0; o && i < o->dont_know_count; i++)
        if (o->dont_know[i] && strcmp(o->dont_know[i], pointer) == 0) return true;
    return false;
}

/* ---- Writing the step ------------------------------------------------------ */

/*
 * The head facts that say what a head is about: a head is one matter, so
 * when several of their values fit the point the caller describes ("the
 * social worker lied in the court report and shared my address"), the
 * point is several heads, one per value.  The question says so ("split"),
 * and the client makes the heads (remit.h, remit_interview_next).  Named
 * here until the rule files can mark such facts themselves.
 */
static const char *const split_facts[] = {"subject", "actor"};

static bool splits_head(const fact_def *fd, int head)
{
    if (head < 0 || fd->type != FT_ENUM || fd->derived) return false;
    for (size_t i = 0; i < sizeof split_facts / sizeof split_facts[0]; i++)
        if (strcmp(fd->name, split_facts[i]) == 0) return true;
    return false;
}

static const char *outcome_label(const rsfile *f, const char *id)
{
    for (size_t i = 0; f && i < f->noutcomes; i++)
        if (strcmp(f->outcomes[i].id, id) == 0) return f->outcomes[i].label;
    return id;
}

/* The "question" object: everything a client needs to ask it and to put
 * the answer in its place.  `why` is the result's question index, or
 * SIZE_MAX for none. */
static void question_json(buf *b, const rsfile *f, const remit_result *res,
                          const fact_def *fd, const char *pointer, int head,
                          size_t why, const char *presumed)
{
    buf_puts(b, "{\"pointer\":");
    buf_json_str(b, pointer);
    buf_puts(b, ",\"head\":");
    if (head >= 0) buf_int(b, head);
    else buf_puts(b, "null");
    buf_puts(b, ",\"fact\":");
    buf_json_str(b, fd->name);
    buf_puts(b, ",\"text\":");
    buf_json_str(b, fd->question);
    buf_puts(b, ",\"help\":");
    buf_json_str(b, fd->help);
    buf_puts(b, ",\"type\":");
    if (fd->derived) {
        /* Answered with the other heads ("handling_of"). */
        buf_json_str(b, "set");
        buf_puts(b, ",\"split\":false,\"values\":");
        output_head_choices(b, res, head);
    } else {
        buf_json_str(b, fact_type_name(fd->type));
        buf_puts(b, splits_head(fd, head) ? ",\"split\":true" : ",\"split\":false");
        buf_puts(b, ",\"values\":[");
        for (size_t v = 0; v < fd->nvalues; v++) {
            buf_puts(b, v ? ",{\"value\":" : "{\"value\":");
            buf_json_str(b, fd->values[v].value);
            buf_puts(b, ",\"label\":");
            buf_json_str(b, fd->values[v].label[0] ? fd->values[v].label
                                                    : fd->values[v].value);
            buf_putc(b, '}');
        }
        buf_putc(b, ']');
    }
    buf_puts(b, ",\"dont_know\":true,\"presumed\":");
    buf_puts(b, presumed ? presumed : "null");
    buf_puts(b, ",\"why\":[");
    size_t n = why == SIZE_MAX ? 0 : remit_result_question_rule_count(res, why);
    for (size_t k = 0; k < n; k++) {
        remit_rule_ref rr;
        if (remit_result_get_question_rule(res, why, k, &rr) != REMIT_OK) continue;
        buf_puts(b, k ? ",{\"rule\":" : "{\"rule\":");
        buf_json_str(b, rr.id);
        buf_puts(b, ",\"title\":");
        buf_json_str(b, rr.title);
        buf_puts(b, ",\"outcome\":");
        buf_json_str(b, rr.outcome);
        buf_puts(b, ",\"outcome_label\":");
        buf_json_str(b, outcome_label(f, rr.outcome));
        buf_puts(b, rr.discretionary ? ",\"discretionary\":true}"
                                     : ",\"discretionary\":false}");
    }
    buf_puts(b, "]}");
}

/* ---- The next step ---------------------------------------------------------- */

remit_status remit_interview_next(const remit_ruleset *rs, const char *json,
                                  size_t len,
                                  const remit_interview_options *options,
                                  char **step_out,
                                  remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!step_out) return REMIT_EINVAL;
    *step_out = NULL;
    if (!rs || !json || !rs->nfiles) return REMIT_EINVAL;
    remit_eval_options eo;
    memset(&eo, 0, sizeof eo);
    if (options) eo = options->eval;
    remit_result *res = NULL;
    remit_status st = remit_evaluate(rs, json, len, &eo, &res, diags_out);
    if (st != REMIT_OK) return st;

    const rsfile *f = file_of(rs, res);
    bool decided =
        strcmp(remit_result_verdict(res), REMIT_VERDICT_NEEDS_INFORMATION) != 0;
    const char *verdict_json = remit_result_json(res, 0);
    buf b;
    buf_init(&b, &rs->mem);
    const char *ask = options ? options->ask : NULL;
    remit_question q;
    const char *presumed = NULL;
    size_t qi = SIZE_MAX;
    const fact_def *fd = NULL;
    int head = -1;
    const char *kind = decided ? "settled" : "stuck";

    if (ask) {
        /* A question asked again, to change its answer. */
        fd = fact_at(f, ask, &head);
        if (!fd || (head >= 0 && (size_t)head >= remit_result_head_count(res))) {
            st = REMIT_EINVAL;
            goto done;
        }
        kind = "edit";
        q.pointer = ask;
    } else {
        /* The most decisive question not passed over (after a verdict, the
         * questions that assess the discretion it rests on); once none,
         * the presumptions the verdict rests on, to confirm. */
        size_t nq = remit_result_question_count(res); /* discretion too */
        for (size_t i = 0; i < nq && !fd; i++)
            if (remit_result_get_question(res, i, &q) == REMIT_OK &&
                !passed_over(options, q.pointer)) {
                fd = fact_named(f, q.fact);
                qi = i;
                kind = "question";
            }
        size_t np = fd ? 0 : remit_result_presumed_count(res);
        for (size_t i = 0; i < np && !fd; i++)
            if (remit_result_get_presumed(res, i, &q, &presumed) == REMIT_OK &&
                !passed_over(options, q.pointer)) {
                fd = fact_named(f, q.fact);
                kind = "confirm";
            }
        if (!fd) presumed = NULL;
        if (fd) head = strncmp(q.pointer, "/heads/", 7) == 0 ? atoi(q.pointer + 7) : -1;
    }

    buf_puts(&b, "{\"step\":");
    buf_json_str(&b, kind);
    buf_puts(&b, ",\"question\":");
    if (fd) question_json(&b, f, res, fd, q.pointer, head, qi, presumed);
    else buf_puts(&b, "null");
    buf_puts(&b, ",\"verdict\":");
    buf_puts(&b, verdict_json ? verdict_json : "null");
    buf_puts(&b, "}\n");
    if (!verdict_json) b.oom = true;
    if (!buf_cstr(&b)) {
        st = REMIT_ENOMEM;
        goto done;
    }
    *step_out = b.p;
    b.p = NULL;
done:
    buf_free(&b);
    remit_result_free(res);
    return st;
}
