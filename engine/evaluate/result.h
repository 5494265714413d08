/* SPDX-License-Identifier: Apache-2.0 */
/*
 * result.h -- the outcome of one evaluation (remit_result): fact values,
 * the state of every rule per head, verdicts and questions.  Built by
 * verdict.c, read by output.c and the accessors in api.c.
 */
#ifndef RESULT_H
#define RESULT_H

#include "buf.h"
#include "ruleset.h"

typedef enum rule_state { RS_NOT_FIRED = 0, RS_FIRED, RS_UNDETERMINED } rule_state;

/** Verdict indexes beside declared outcomes (>= 0). */
#define V_NEEDS_INFO (-1)
#define V_PARTLY (-2)
#define V_NONE (-3)

typedef struct question_item {
    unsigned slot;
    int head;       /* head index, or -1 for a complaint fact */
    int strongest;  /* strongest outcome it could lead to (Q_DISCRETION:
                       none; it only assesses the discretion) */
    unsigned count; /* weight of the blocking rules hanging on it */
} question_item;

/** question_item.strongest of a question asked only for the discretion
 *  assessment: after every verdict-changing question. */
#define Q_DISCRETION (1 << 20)

/** What a settled outcome that is not in scope rests on. */
typedef enum head_basis {
    BASIS_NONE = 0,  /* in scope (or no deciding rule) */
    BASIS_LEGAL_BAR, /* a rule that is not discretionary */
    BASIS_DISCRETION /* a discretionary rule */
} head_basis;

/** The discretion assessment of a head decided by a discretionary rule. */
typedef enum assessment {
    ASSESS_NONE = 0, /* not decided by a discretionary rule */
    ASSESS_LIKELY_ACCEPT,
    ASSESS_LIKELY_DECLINE,
    ASSESS_DEPENDS
} assessment;

typedef struct head_result {
    value *vals;      /* nfacts: complaint values + this head's */
    const char *hid;  /* the head's "id", or NULL */
    int *handling;    /* "handling_of": indexes of the heads this head is
                         the complaint handling of */
    size_t nhandling;
    bool has_handling; /* "handling_of" given (not null) */
    bool follows_open; /* its handled_matter follows a head that still needs
                          information, and would change its verdict */
    uint8_t *state;   /* nrules: rule_state (complaint rules copied in) */
    factset **deps;   /* nrules: unknown facts of undetermined rules */
    int outcome;      /* settled outcome, or provisional if needs info */
    bool needs_info;
    bool any_fired;   /* some rule with an outcome fired */
    int deciding;     /* rule index or -1 */
    bool discretionary;
    head_basis basis;        /* for an outcome not in scope */
    assessment assess;       /* when discretionary */
    uint8_t *fstate;         /* rule_state of each factor the deciding rule
                                weighs (when discretionary), or NULL */
    unsigned *approx;        /* slots of the approximate dates it read */
    uint8_t *approx_mattered; /* per approx: the exact day changes the verdict */
    size_t napprox;
    question_item *questions;
    size_t nquestions;
} head_result;

struct remit_result {
    arena mem;
    const remit_ruleset *rs;
    const rsfile *f;
    bool selecting; /* no ruleset chosen yet: only applies_when questions */
    int64_t today;
    const char *id;
    value *cvals;
    head_result *heads;
    size_t nheads;
    int verdict;     /* outcome index, V_PARTLY or V_NEEDS_INFO */
    int provisional; /* when V_NEEDS_INFO: outcome index, V_PARTLY, V_NONE */
    bool discretionary;
    bool all_discretion; /* every head carrying the verdict rests on
                            discretion: the label_discretionary applies */
    question_item *questions;
    size_t nquestions;
    bool trace;
    size_t unknown_members; /* counted, not reported (REMIT_EVAL_QUIET_UNKNOWN) */
    bool kept; /* an evaluator's: remit_result_free leaves it alone */
    buf json, text;
    remit_question qview;
    const char **qvalues;
};

/** Runs every rule for the complaint and each head and fills verdicts and
 *  questions.  REMIT_OK or REMIT_ENOMEM. */
REMIT_HIDDEN remit_status verdict_run(remit_result *r);

/** Fills r->questions with the questions of the applies_when condition of
 *  f (no ruleset could be chosen yet). */
REMIT_HIDDEN remit_status verdict_selection_questions(remit_result *r,
                                                      const factset *deps);

/** True if rule k, undetermined for head h, could still change its verdict:
 *  its outcome is stronger, or no rule fired and it differs from the
 *  default. */
REMIT_HIDDEN bool verdict_blocks(const remit_result *r, const head_result *h,
                                 size_t k);

/** The verdict of one head's values vals over f's rules: the strongest
 *  fired outcome (or the default); -1 when an undetermined rule could still
 *  change it. */
REMIT_HIDDEN int verdict_over(const rsfile *f, const value *vals, int64_t today);

REMIT_HIDDEN const char *verdict_id(const remit_result *r, int v);
REMIT_HIDDEN const char *verdict_label(const remit_result *r, int v);
/** The label of head h's verdict: the outcome's label_discretionary when
 *  the head rests on the Ombudsman's discretion. */
REMIT_HIDDEN const char *verdict_head_label(const remit_result *r,
                                            const head_result *h);
/** How head k is named in "handling_of" and its question's choices: its
 *  "id", else its number as people count ("2"), written into num. */
REMIT_HIDDEN const char *verdict_head_name(const remit_result *r, size_t k,
                                           char num[24]);
/** "legal_bar", "discretion" or NULL. */
REMIT_HIDDEN const char *verdict_basis_id(head_basis b);
/** "likely_accept", "likely_decline", "depends" or NULL. */
REMIT_HIDDEN const char *verdict_assessment_id(assessment a);

/** Renders the result as JSON into r->json.  NULL when out of memory. */
REMIT_HIDDEN const char *output_json(remit_result *r, unsigned flags);
/** The complaint's verdict label (label_discretionary when every head
 *  carrying the verdict rests on discretion). */
REMIT_HIDDEN const char *output_verdict_label(const remit_result *r);
/** Renders the result as text into r->text. */
REMIT_HIDDEN const char *output_text(remit_result *r, unsigned width,
                                     unsigned flags);
/** Appends the choices of the derived fact's question for head `head` (the
 *  other heads, by id or number, with their summaries) as a JSON array. */
REMIT_HIDDEN void output_head_choices(buf *b, const remit_result *r, int head);
/** One next step of a head, and the rule that gives it. */
typedef struct head_step {
    const rule_def *rule;
    const step_def *step;
} head_step;

/** The next steps of head h, as the JSON gives them: its fired rules'
 *  steps, the deciding rule first, then by outcome, then the notes'; each
 *  text once; none of a rule whose outcome is in scope when the head is
 *  not.  *steps in r's arena.  REMIT_OK or REMIT_ENOMEM. */
REMIT_HIDDEN remit_status output_head_steps(remit_result *r,
                                            const head_result *h,
                                            const head_step **steps,
                                            size_t *n);
/** Appends a value of fact f as JSON. */
REMIT_HIDDEN void output_value_json(buf *b, const fact_def *f, const value *v);

/* complaint.c: the JSON adapter (the only file that includes cJSON). */
typedef struct complaint_doc complaint_doc;

/** Parses complaint JSON; checks syntax, shape (object, heads array of
 *  objects), duplicate members.  NULL on error (reported) or OOM (*oom). */
REMIT_HIDDEN complaint_doc *complaint_parse(const char *text, size_t len,
                                            const char *name,
                                            remit_diagnostics *diags,
                                            bool *oom);
REMIT_HIDDEN void complaint_free(complaint_doc *doc);
REMIT_HIDDEN size_t complaint_head_count(const complaint_doc *doc);

/**
 * Reads the declared facts of f from the document into r (r->cvals, and
 * with `heads` also r->heads[*].vals and r->id).  Type errors are reported
 * to diags as errors; unknown members as warnings (errors when strict), or
 * with `quiet` (and not strict) only counted in r->unknown_members.
 * Returns REMIT_OK, REMIT_EINPUT or REMIT_ENOMEM.
 */
REMIT_HIDDEN remit_status complaint_extract(complaint_doc *doc,
                                            const rsfile *f, remit_result *r,
                                            bool heads, bool strict, bool quiet,
                                            remit_diagnostics *diags);

/**
 * Rewrites doc in format 2: a format-1 complaint through f's legacy
 * mappings (a warning in d per member mapped), then "format": 2 first, and
 * writes it, indented, to out.  REMIT_OK, REMIT_EINPUT (a bad "format",
 * reported) or REMIT_ENOMEM.
 */
REMIT_HIDDEN remit_status complaint_migrate(complaint_doc *doc, const rsfile *f,
                                            remit_result *r,
                                            remit_diagnostics *d, buf *out);

/** Builds f->members, the table complaint_extract looks JSON members up
 *  in, in arena a.  REMIT_OK or REMIT_ENOMEM. */
REMIT_HIDDEN remit_status complaint_index(arena *a, rsfile *f);

/**
 * Reads only the complaint facts in slots[0..n) into a new r->cvals, with
 * their presumptions, reporting nothing: what choosing the ruleset needs
 * (the facts of f's applies_when).  REMIT_OK or REMIT_ENOMEM.
 */
REMIT_HIDDEN remit_status complaint_extract_some(const complaint_doc *doc,
                                                 const rsfile *f,
                                                 remit_result *r,
                                                 const unsigned *slots,
                                                 size_t n);

#endif
