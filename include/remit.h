/* SPDX-License-Identifier: Apache-2.0 */
/*
 * remit.h -- the public C API of libremit.
 *
 * libremit loads YAML rulesets that encode the Ombudsmen's jurisdiction
 * rules for complaints about a council's child-protection work, and
 * evaluates a JSON complaint to a verdict with cited reasons, per head of
 * complaint, listing the questions still needed when facts are missing.
 *
 * This header is the reference for the API.  It includes only standard
 * headers; no type of libremit's dependencies appears in it.
 *
 * THREADS.  A loaded remit_ruleset is immutable: any number of threads may
 * evaluate against one ruleset at the same time.  Every other object
 * (a result, a diagnostics list) belongs to the thread that made it until
 * it is freed.  The library keeps no global mutable state, and calls no
 * function of its dependencies that does: it reads complaint JSON with its
 * own reader, not cJSON's parser (which writes a process-wide error
 * record), so evaluations never wait on each other (README, "Threads").
 *
 * OWNERSHIP.  Every constructor has exactly one destructor, and every
 * destructor accepts NULL.  A `const char *` returned by an accessor is
 * owned by the object it was read from and stays valid until that object
 * is freed.
 *
 * ERRORS.  Every fallible call returns a remit_status (REMIT_OK == 0).  Out
 * parameters are set to NULL on failure.  Problems with the input (a rule
 * file, a complaint) come back as a remit_diagnostics list; the library
 * never prints, exits or aborts on bad input.
 */
#ifndef REMIT_H
#define REMIT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(REMIT_BUILDING) && defined(__GNUC__)
#define REMIT_API __attribute__((visibility("default")))
#else
#define REMIT_API
#endif

/* ------------------------------------------------------------------ */
/* Version                                                              */
/* ------------------------------------------------------------------ */

#define REMIT_VERSION_MAJOR 0
#define REMIT_VERSION_MINOR 1
#define REMIT_VERSION_PATCH 0
/** One comparable number: major * 10000 + minor * 100 + patch. */
#define REMIT_VERSION_NUMBER                                                  \
    (REMIT_VERSION_MAJOR * 10000 + REMIT_VERSION_MINOR * 100 +                \
     REMIT_VERSION_PATCH)
#define REMIT_VERSION_STRING "0.1.0"

/**
 * The version of the library linked at run time, as REMIT_VERSION_NUMBER.
 * Compare it with the macro to detect a header/library mismatch.
 */
REMIT_API int remit_version(void);

/** The run-time version as a static string, e.g. "0.1.0". */
REMIT_API const char *remit_version_string(void);

/* ------------------------------------------------------------------ */
/* Status codes                                                         */
/* ------------------------------------------------------------------ */

typedef enum remit_status {
    REMIT_OK = 0,     /**< Success. */
    REMIT_ENOMEM,     /**< An allocation failed. */
    REMIT_EINVAL,     /**< A bad argument (NULL handle, bad option). */
    REMIT_EIO,        /**< A file or directory could not be read. */
    REMIT_ERULES,     /**< The rules are invalid (see the diagnostics). */
    REMIT_EINPUT,     /**< The complaint is invalid (see the diagnostics). */
    REMIT_ENORULESET, /**< No loaded ruleset applies to the complaint. */
    REMIT_STATUS_COUNT /**< Number of codes; not a status. */
} remit_status;

/** A static, human-readable description of a status code. Never NULL. */
REMIT_API const char *remit_status_str(remit_status status);

/* ------------------------------------------------------------------ */
/* Configuration                                                        */
/* ------------------------------------------------------------------ */

/**
 * Allocator, realloc-style: allocate (ptr == NULL), resize, or free
 * (size == 0, returns NULL).  Returns NULL when it cannot allocate, leaving
 * ptr untouched.
 */
typedef void *(*remit_alloc_fn)(void *ctx, void *ptr, size_t size);

/**
 * Configuration for loading a ruleset.  The ruleset keeps a copy; the
 * ruleset, its results and diagnostics are allocated through `alloc`.
 * (libyaml's parser state, while rules load, uses the C library's
 * allocator: it takes no per-call one.)
 * Pass NULL for the defaults (the C library's realloc/free).
 */
typedef struct remit_config {
    remit_alloc_fn alloc; /**< NULL: use realloc/free. */
    void *alloc_ctx;      /**< Passed to alloc. */
    unsigned flags;       /**< Reserved; set to 0. */
} remit_config;

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */
/* ------------------------------------------------------------------ */

typedef enum remit_severity {
    REMIT_SEVERITY_ERROR = 0,
    REMIT_SEVERITY_WARNING,
    REMIT_SEVERITY_NOTE
} remit_severity;

/**
 * One problem found in a rule file or a complaint.  All strings are owned
 * by the remit_diagnostics list.
 */
typedef struct remit_diagnostic {
    remit_status status;     /**< REMIT_ERULES, REMIT_EINPUT, REMIT_EIO... */
    remit_severity severity; /**< Error, warning or note. */
    const char *code;        /**< Stable kebab-case id, e.g. "unknown-fact". */
    const char *message;     /**< What was found and what was expected. */
    const char *file;        /**< Rule file or complaint name; may be NULL. */
    unsigned line;           /**< 1-based; 0 when not known. */
    unsigned column;         /**< 1-based; 0 when not known. */
    const char *pointer;     /**< JSON pointer into the complaint, or NULL. */
    const char *source_line; /**< The text of `line`, or NULL. */
} remit_diagnostic;

typedef struct remit_diagnostics remit_diagnostics;

/** Number of diagnostics in the list (0 for NULL). */
REMIT_API size_t remit_diagnostics_count(const remit_diagnostics *diags);

/** Number of diagnostics of the given severity. */
REMIT_API size_t remit_diagnostics_count_severity(const remit_diagnostics *diags,
                                                  remit_severity severity);

/** The i-th diagnostic, in the order found; NULL if i is out of range. */
REMIT_API const remit_diagnostic *
remit_diagnostics_get(const remit_diagnostics *diags, size_t i);

/**
 * Writes diagnostic i as "file:line:col: error: message", followed, when the
 * source line is known, by that line and a caret under the column.  Writes
 * at most `size` bytes including the terminating NUL (like snprintf) and
 * returns the length the full text would have had.
 */
REMIT_API size_t remit_diagnostics_format(const remit_diagnostics *diags,
                                          size_t i, char *buf, size_t size);

/** Frees the list.  Accepts NULL. */
REMIT_API void remit_diagnostics_free(remit_diagnostics *diags);

/* ------------------------------------------------------------------ */
/* Rulesets                                                             */
/* ------------------------------------------------------------------ */

/**
 * A loaded, compiled set of rule files.  Each file declares one ruleset
 * with the complaints it applies to (e.g. England or Wales); evaluation
 * picks the one that applies.  Immutable once loaded; share it freely
 * between threads.
 */
typedef struct remit_ruleset remit_ruleset;

/**
 * Loads rules.  `path` may name a YAML file or a directory, whose *.yaml
 * files are all loaded (sorted by name).
 *
 * On success *ruleset_out owns a new ruleset (free with remit_ruleset_free).
 * If diags_out is not NULL, *diags_out receives a list with every error and
 * warning found (possibly empty; free with remit_diagnostics_free), on
 * success and on failure alike.
 *
 * Returns REMIT_OK, REMIT_ERULES (the rules are invalid), REMIT_EIO,
 * REMIT_ENOMEM or REMIT_EINVAL (NULL path or ruleset_out).
 */
REMIT_API remit_status remit_ruleset_load(const char *path,
                                          const remit_config *config,
                                          remit_ruleset **ruleset_out,
                                          remit_diagnostics **diags_out);

/**
 * Loads one rule file from memory.  `name` is used in diagnostics and as the
 * file name; `text` need not be NUL-terminated.  Otherwise as
 * remit_ruleset_load.
 */
REMIT_API remit_status remit_ruleset_load_memory(const char *name,
                                                 const char *text, size_t len,
                                                 const remit_config *config,
                                                 remit_ruleset **ruleset_out,
                                                 remit_diagnostics **diags_out);

/** Frees a ruleset.  Accepts NULL.  No evaluation may be running on it. */
REMIT_API void remit_ruleset_free(remit_ruleset *ruleset);

/** Metadata of one loaded rule file.  Strings owned by the ruleset. */
typedef struct remit_ruleset_info {
    const char *id;           /**< e.g. "england-lgsco-child-protection" */
    const char *title;        /**< Human title. */
    const char *jurisdiction; /**< Which Ombudsman / nation. */
    const char *version;      /**< The ruleset's own version. */
    const char *law_checked;  /**< ISO date the law was last checked. */
    const char *applies_when; /**< Condition text choosing complaints. */
    const char *file;         /**< File it was loaded from. */
    const char *digest;       /**< "sha256:<hex>" of the file's bytes. */
    size_t rule_count;        /**< Number of rules. */
    size_t fact_count;        /**< Number of declared facts. */
} remit_ruleset_info;

/** Number of rule files in the ruleset (0 for NULL). */
REMIT_API size_t remit_ruleset_count(const remit_ruleset *ruleset);

/** Fills *info_out for file i.  REMIT_EINVAL if i is out of range. */
REMIT_API remit_status remit_ruleset_get_info(const remit_ruleset *ruleset,
                                              size_t i,
                                              remit_ruleset_info *info_out);

/** One declared fact.  Strings and arrays owned by the ruleset. */
typedef struct remit_fact_info {
    const char *name;     /**< Name used in conditions. */
    const char *key;      /**< JSON member in the complaint (or a head). */
    const char *scope;    /**< "complaint" or "head". */
    const char *type;     /**< "bool", "enum", "set", "date", "integer",
                               "text". */
    const char *question; /**< What the adviser asks. */
    const char *help;     /**< Help text; may be "". */
    size_t value_count;   /**< Allowed values (enum, set); else 0. */
    const char *const *values; /**< value_count value ids. */
    const char *const *labels; /**< value_count labels ("" if none). */
    bool presumed;        /**< The ruleset presumes a value when absent. */
} remit_fact_info;

/** Number of facts declared by rule file `file` (0 if out of range). */
REMIT_API size_t remit_ruleset_fact_count(const remit_ruleset *ruleset,
                                          size_t file);

/** Fills *info_out with fact i of rule file `file`, in declaration order.
 *  REMIT_EINVAL if an index is out of range. */
REMIT_API remit_status remit_ruleset_get_fact(const remit_ruleset *ruleset,
                                              size_t file, size_t i,
                                              remit_fact_info *info_out);

/**
 * The fact vocabulary as JSON: for each rule file, its facts with scope,
 * JSON key, type, allowed values, question and help.  On success
 * *json_out is a NUL-terminated string; free it with remit_string_free.
 */
REMIT_API remit_status remit_ruleset_facts_json(const remit_ruleset *ruleset,
                                                char **json_out);

/**
 * The JSON Schema (draft 2020-12) of a complaint accepted by this ruleset,
 * derived from the fact declarations.  Free with remit_string_free.
 */
REMIT_API remit_status remit_ruleset_schema_json(const remit_ruleset *ruleset,
                                                 char **json_out);

/** Frees a string returned by a libremit function.  Accepts NULL. */
REMIT_API void remit_string_free(const remit_ruleset *ruleset, char *s);

/* ------------------------------------------------------------------ */
/* Evaluation                                                           */
/* ------------------------------------------------------------------ */

/** Flags for remit_eval_options.flags. */
enum {
    /** Record a trace: every rule fired / not fired / undetermined, with the
     *  fact values it read.  Shown in JSON output under "trace". */
    REMIT_EVAL_TRACE = 1u << 0,
    /** Treat unknown members of the complaint as errors, not warnings. */
    REMIT_EVAL_STRICT = 1u << 1,
    /** Count unknown (and misplaced) members of the complaint instead of
     *  reporting each as a warning: for batch runs over records that carry
     *  members no rule reads.  See remit_result_unknown_members.  Ignored
     *  with REMIT_EVAL_STRICT. */
    REMIT_EVAL_QUIET_UNKNOWN = 1u << 2
};

typedef struct remit_eval_options {
    /** The evaluation date ("today"), so that results are reproducible.
     *  All zero: today's date in the UK, as remit_today() gives. */
    int today_year, today_month, today_day;
    unsigned flags; /**< REMIT_EVAL_* flags. */
    /** Name of the input in diagnostics (e.g. the file name); may be NULL. */
    const char *input_name;
} remit_eval_options;

typedef struct remit_result remit_result;

/**
 * Today's date in the UK (Europe/London), the default evaluation date: the
 * date at Greenwich, or in British Summer Time (from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October) one hour
 * ahead, so a complaint checked just after midnight in summer is on the
 * right day.  Reads the system clock; needs no time-zone database.  Any
 * out-parameter may be NULL.  Thread-safe.
 */
REMIT_API void remit_today(int *year_out, int *month_out, int *day_out);

/**
 * The columns a terminal gives the UTF-8 text (`len` bytes): two for an
 * East Asian wide or fullwidth character, none for a combining mark or a
 * zero-width character, one for the rest (a byte of invalid UTF-8 too).
 * For wrapping text: remit_result_text wraps with it.  0 for NULL.
 */
REMIT_API size_t remit_display_width(const char *text, size_t len);

/**
 * Evaluates one complaint (JSON text, `len` bytes, need not be
 * NUL-terminated) against the ruleset.
 *
 * On success *result_out owns a new result (free with remit_result_free).
 * If diags_out is not NULL, *diags_out receives every error and warning
 * found in the complaint (free with remit_diagnostics_free); warnings (e.g.
 * an unknown member) do not stop evaluation.
 *
 * Returns REMIT_OK, REMIT_EINPUT (the complaint is not valid JSON or does
 * not fit the declared facts), REMIT_ENORULESET, REMIT_ENOMEM or
 * REMIT_EINVAL.  Thread-safe: many threads may call this on one ruleset.
 */
REMIT_API remit_status remit_evaluate(const remit_ruleset *ruleset,
                                      const char *json, size_t len,
                                      const remit_eval_options *options,
                                      remit_result **result_out,
                                      remit_diagnostics **diags_out);

/** Frees a result.  Accepts NULL.  Does nothing to a result returned by
 *  remit_evaluator_run, which its evaluator owns. */
REMIT_API void remit_result_free(remit_result *result);

/**
 * An evaluator: the memory of one evaluation, kept for the next.  For a
 * program that evaluates many complaints one after another (`remit batch`),
 * remit_evaluator_run does what remit_evaluate does without allocating and
 * freeing a result, a diagnostics list and their buffers for each one.
 *
 * THREADS: an evaluator is used by one thread at a time (give each thread
 * its own); any number of evaluators may share one ruleset, which must
 * outlive them.
 */
typedef struct remit_evaluator remit_evaluator;

/**
 * Creates an evaluator for `ruleset`.  On success *evaluator_out owns it
 * (free with remit_evaluator_free).  Returns REMIT_OK, REMIT_ENOMEM or
 * REMIT_EINVAL (NULL or empty ruleset, NULL evaluator_out).
 */
REMIT_API remit_status remit_evaluator_new(const remit_ruleset *ruleset,
                                           remit_evaluator **evaluator_out);

/** Frees an evaluator, with the last result and diagnostics it returned.
 *  Accepts NULL. */
REMIT_API void remit_evaluator_free(remit_evaluator *evaluator);

/**
 * Evaluates one complaint as remit_evaluate does, and with the same return
 * codes, reusing the evaluator's memory.  On success *result_out is the
 * result; if diags_out is not NULL, *diags_out is the diagnostics list (on
 * success and on failure).  Both belong to the evaluator: they stay valid
 * until its next run or remit_evaluator_free, and are not to be freed
 * (remit_result_free does nothing on this result).  Every accessor works on
 * them as on remit_evaluate's.
 */
REMIT_API remit_status remit_evaluator_run(remit_evaluator *evaluator,
                                           const char *json, size_t len,
                                           const remit_eval_options *options,
                                           remit_result **result_out,
                                           const remit_diagnostics **diags_out);

/**
 * Rewrites a complaint in the current complaint format (2): a complaint
 * without "format" (format 1) is read through the `legacy:` mappings of the
 * ruleset that applies to it (rules/README.md), each member mapped giving a
 * warning in *diags_out; the result has "format": 2 first and is indented
 * by two spaces.  A format-2 complaint comes back as it is.  options: only
 * input_name is used (may be NULL).
 *
 * On success *json_out is a NUL-terminated string; free it with
 * remit_string_free.  Returns REMIT_OK, REMIT_EINPUT (invalid JSON or an
 * unknown "format"), REMIT_ENORULESET, REMIT_EINVAL or REMIT_ENOMEM.
 * *diags_out as for remit_evaluate.  Thread-safe on a shared ruleset.
 */
REMIT_API remit_status remit_migrate(const remit_ruleset *ruleset,
                                     const char *json, size_t len,
                                     const remit_eval_options *options,
                                     char **json_out,
                                     remit_diagnostics **diags_out);

/** The reserved verdicts the engine gives beside the declared outcomes. */
#define REMIT_VERDICT_NEEDS_INFORMATION "needs_information"
#define REMIT_VERDICT_PARTLY_IN_SCOPE "partly_in_scope"

/**
 * The complaint's verdict: a declared outcome id, "partly_in_scope", or
 * "needs_information".
 */
REMIT_API const char *remit_result_verdict(const remit_result *result);

/** When the verdict is "needs_information", the verdict the known facts
 *  point to so far; otherwise NULL. */
REMIT_API const char *remit_result_provisional(const remit_result *result);

/** True if the verdict rests on a discretionary rule (the Ombudsman may
 *  still decide otherwise). */
REMIT_API bool remit_result_discretionary(const remit_result *result);

/** Id of the rule file that was applied. */
REMIT_API const char *remit_result_ruleset_id(const remit_result *result);

/** The complaint's "id" member, or NULL. */
REMIT_API const char *remit_result_id(const remit_result *result);

/** With REMIT_EVAL_QUIET_UNKNOWN: the number of members of the complaint
 *  that no fact reads (not reported as warnings); otherwise 0. */
REMIT_API size_t remit_result_unknown_members(const remit_result *result);

/** Number of heads of complaint. */
REMIT_API size_t remit_result_head_count(const remit_result *result);

/** Verdict of head i (as remit_result_verdict), or NULL if out of range. */
REMIT_API const char *remit_result_head_verdict(const remit_result *result,
                                                size_t i);

/** Id of the rule that decided head i, or NULL (default outcome, or i out of
 *  range). */
REMIT_API const char *remit_result_head_rule(const remit_result *result,
                                             size_t i);

/**
 * What head i's verdict rests on when it is not in scope: "legal_bar" (a
 * rule that is not discretionary: the Ombudsman cannot look at it) or
 * "discretion" (a discretionary rule: the Ombudsman would normally decline).
 * NULL when in scope, decided by no rule, or i is out of range.
 */
REMIT_API const char *remit_result_head_basis(const remit_result *result,
                                              size_t i);

/**
 * For head i decided by a discretionary rule, the assessment of the
 * factors that rule weighs: "likely_accept", "likely_decline" or
 * "depends"; otherwise NULL.
 */
REMIT_API const char *remit_result_head_discretion(const remit_result *result,
                                                   size_t i);

/** Number of questions still needed (over all heads, deduplicated). */
REMIT_API size_t remit_result_question_count(const remit_result *result);

/** A question still needed.  Strings owned by the result. */
typedef struct remit_question {
    const char *fact;     /**< Fact name. */
    const char *pointer;  /**< JSON pointer where the answer goes, e.g.
                               "/heads/1/first_aware_date". */
    const char *question; /**< What the adviser asks. */
    const char *help;     /**< Help text; may be "". */
    const char *type;     /**< "bool", "enum", "set", "date", "integer",
                               "text". */
    size_t value_count;   /**< Allowed values (enum, set). */
    const char *const *values;
} remit_question;

/** Fills *question_out with question i, most decisive first. */
REMIT_API remit_status remit_result_get_question(const remit_result *result,
                                                 size_t i,
                                                 remit_question *question_out);

/** True if question i cannot change any verdict and is asked only to
 *  assess the Ombudsman's discretion (such questions come last). */
REMIT_API bool remit_result_question_for_discretion(const remit_result *result,
                                                    size_t i);

/** A rule, as named in a result.  Strings owned by the ruleset. */
typedef struct remit_rule_ref {
    const char *id;      /**< Rule id. */
    const char *title;   /**< Short name. */
    const char *outcome; /**< The outcome it gives when it fires. */
    bool discretionary;  /**< The Ombudsman may decide otherwise. */
} remit_rule_ref;

/**
 * Why question i is asked: the number of undetermined rules that hang on
 * its fact and could still change a verdict (0 if i is out of range).
 */
REMIT_API size_t remit_result_question_rule_count(const remit_result *result,
                                                  size_t i);

/** Fills *rule_out with the k-th rule behind question i, strongest outcome
 *  first.  REMIT_EINVAL if an index is out of range. */
REMIT_API remit_status remit_result_get_question_rule(const remit_result *result,
                                                      size_t i, size_t k,
                                                      remit_rule_ref *rule_out);

/**
 * The facts the complaint left out that the rules presumed (e.g. "not
 * already decided by the Ombudsman") and that some rule reads: what an
 * adviser should confirm.  Counts complaint facts once, head facts per head.
 */
REMIT_API size_t remit_result_presumed_count(const remit_result *result);

/**
 * Fills *question_out with presumed fact i (as a question, with its JSON
 * pointer) and *value_out with the presumed value as JSON text ("false",
 * "\"stage2_done\"", "\"2024-03-14\"", "3").  Strings owned by the result.
 * REMIT_EINVAL if i is out of range.
 */
REMIT_API remit_status remit_result_get_presumed(const remit_result *result,
                                                 size_t i,
                                                 remit_question *question_out,
                                                 const char **value_out);

/** Flags for remit_result_json. */
enum {
    REMIT_JSON_PRETTY = 1u << 0,  /**< Indent (otherwise one line). */
    REMIT_JSON_COMPACT = 1u << 1  /**< Only what routing needs: verdicts,
                                       deciding rules, questions (the
                                       schema's $defs/compact). */
};

/**
 * The result as JSON (see rules/verdict.schema.json).  The text is owned by
 * the result and valid until remit_result_free or the next call of this
 * function on the same result.  NULL only when out of memory.
 */
REMIT_API const char *remit_result_json(remit_result *result, unsigned flags);

/** Flags for remit_result_text. */
enum {
    REMIT_TEXT_COLOR = 1u << 0,  /**< ANSI colours. */
    REMIT_TEXT_EXPLAIN = 1u << 1 /**< Append the rule trace. */
};

/**
 * The result as text for a person to read, wrapped to `width` columns
 * (0: 80).  Owned by the result, as for remit_result_json.
 */
REMIT_API const char *remit_result_text(remit_result *result, unsigned width,
                                        unsigned flags);

/* ------------------------------------------------------------------ */
/* Interview: the next question, for `remit ask`, the page and /v1/next */
/* ------------------------------------------------------------------ */

/**
 * What the adviser has already been through, for remit_interview_next.
 * The caller keeps it between steps (the library keeps nothing).
 */
typedef struct remit_interview_options {
    /** Evaluation options (the date, flags, the input's name). */
    remit_eval_options eval;
    /** JSON pointers the adviser answered "don't know", or whose presumed
     *  value they confirmed: never asked again.  May be NULL when
     *  dont_know_count is 0. */
    const char *const *dont_know;
    size_t dont_know_count;
    /** NULL, or the JSON pointer of an answer to change: the step is then
     *  that question ("edit"), whatever the verdict. */
    const char *ask;
} remit_interview_options;

/**
 * The interview's next step for a partial complaint (JSON text, `len`
 * bytes, at least one head): the question that could change the verdict
 * most, or, once none can, a presumption the verdict rests on to confirm,
 * or the settled verdict.  Questions and allowed values are those of the
 * ruleset that applies to the complaint (a Welsh complaint is offered
 * only the Welsh ruleset's values).
 *
 * On success *step_out is a NUL-terminated JSON object (free it with
 * remit_string_free):
 *   "step": "question" | "confirm" | "edit" | "settled" | "stuck"
 *           (stuck: not decided, and nothing more can be asked)
 *   "question": null, or {"pointer": where the answer goes, "head": head
 *           index or null, "fact", "text", "help", "type" (as in
 *           remit_fact_info), "split" (below), "values": [{"value",
 *           "label"}], "dont_know":
 *           true, "presumed": the presumed value (JSON) for "confirm",
 *           else null, "why": [{"rule", "title", "outcome",
 *           "outcome_label", "discretionary"}]}
 *   "verdict": the verdict JSON of remit_result_json (flags 0), so a client
 *           can show the running verdict per head.
 * `pointer` and `fact` are for programs: an adviser is shown the text.
 *
 * "split" is true for a head's question whose choices are different
 * matters (what the point is about, who did it).  A head is one matter, so
 * when several choices fit the point the caller describes, the point is
 * several heads, and a client may take several values and split the head:
 * the head asked about keeps the first value; for each other value a copy
 * of the head is appended (its answers and "don't know"s so far, no "id"),
 * each head's description becomes the value's label (without its bracketed
 * parts), " - part of: " and the description, and every "handling_of"
 * that names the head names the copies too.  The questions still to come
 * are then asked for each head.
 *
 * Returns REMIT_OK; as remit_evaluate for a complaint that cannot be
 * evaluated (REMIT_EINPUT with *diags_out, ...); REMIT_EINVAL for NULL
 * arguments or an `ask` pointer that names no fact of the ruleset that
 * applies.  If diags_out is not NULL, *diags_out receives the
 * evaluation's diagnostics (free with remit_diagnostics_free).
 * Thread-safe as remit_evaluate.
 */
REMIT_API remit_status remit_interview_next(const remit_ruleset *ruleset,
                                            const char *json, size_t len,
                                            const remit_interview_options *options,
                                            char **step_out,
                                            remit_diagnostics **diags_out);

/* ------------------------------------------------------------------ */
/* Lint: every problem of a rule file in one run                        */
/* ------------------------------------------------------------------ */

/**
 * Checks rule files for every problem, not only the first: all that
 * remit_ruleset_load reports (YAML syntax and shape, conditions, names,
 * duplicate ids), the shape of a broken file included, and warnings: a
 * source no rule cites, a fact no condition reads, a contact or an outcome
 * nothing uses, a rule that can never fire, a rule that never decides a
 * verdict because a rule of a stronger outcome fires wherever it fires
 * (with the fact values that show it), and a quote that is no longer in
 * the local copy of the document its source names.  The README's "Rule
 * authors: lint and test" describes each check.
 *
 * `path` names a rule file or a directory of them (*.yaml).  On REMIT_OK
 * and REMIT_EIO, *diags_out receives the list (free with
 * remit_diagnostics_free): per file, sorted by position, each with a
 * stable `code`.  Count the errors and warnings with
 * remit_diagnostics_count_severity; notes say what was not checked.
 *
 * Returns REMIT_OK when every file could be read, whatever was found in
 * them; REMIT_EIO (a path could not be read; in the list), REMIT_ENOMEM or
 * REMIT_EINVAL (NULL path or diags_out).  `flags` is reserved: pass 0.
 * Thread-safe: lint shares nothing between calls.
 */
REMIT_API remit_status remit_lint(const char *path, const remit_config *config,
                                  unsigned flags,
                                  remit_diagnostics **diags_out);

/**
 * As remit_lint, for one rule file in memory (`len` bytes, need not be
 * NUL-terminated).  `name` is its path: it names the file in messages, and
 * the documents its sources name are found relative to its directory.
 */
REMIT_API remit_status remit_lint_memory(const char *name, const char *text,
                                         size_t len,
                                         const remit_config *config,
                                         unsigned flags,
                                         remit_diagnostics **diags_out);

/* ------------------------------------------------------------------ */
/* Tests of rules: complaints with the verdicts they must get           */
/* ------------------------------------------------------------------ */

/**
 * The outcome of running test files against a ruleset: each test, passed
 * or failed with what was expected and what came instead, and the coverage
 * of every rule (in how many heads of the tests it fired, and did not).
 * The test-file format is described in rules/tests/README.md.
 */
typedef struct remit_tests remit_tests;

/**
 * Runs the test file, or the directory of test files (*.yaml), at `path`
 * against `ruleset`.  Each test's complaint is evaluated on its date with
 * REMIT_EVAL_STRICT (a member the rules do not declare fails the test).
 *
 * Every test file is checked before any of its tests runs; its mistakes
 * (with line and column) go to *diags_out, and a file with mistakes runs no
 * test.  On REMIT_OK and REMIT_EINPUT, *tests_out owns the outcome (free
 * with remit_tests_free); *diags_out, if diags_out is not NULL, receives
 * the list (free with remit_diagnostics_free) in every case.
 *
 * Returns REMIT_OK (the tests ran, whether they passed or not),
 * REMIT_EINPUT (a test file is invalid), REMIT_EIO, REMIT_ENOMEM or
 * REMIT_EINVAL.  Thread-safe as remit_evaluate.
 */
REMIT_API remit_status remit_tests_run(const remit_ruleset *ruleset,
                                       const char *path,
                                       const remit_config *config,
                                       remit_tests **tests_out,
                                       remit_diagnostics **diags_out);

/** Frees the outcome.  Accepts NULL. */
REMIT_API void remit_tests_free(remit_tests *tests);

/** Number of tests run (0 for NULL). */
REMIT_API size_t remit_tests_count(const remit_tests *tests);

/** Number of tests that failed (0 for NULL). */
REMIT_API size_t remit_tests_failed(const remit_tests *tests);

/** One test.  Strings owned by the remit_tests. */
typedef struct remit_test_info {
    const char *name;      /**< The test's name (or "test N"). */
    const char *file;      /**< The test file. */
    unsigned line;         /**< Where the test starts in it. */
    bool passed;           /**< Everything expected came true. */
    size_t mismatch_count; /**< What did not (0 when passed). */
} remit_test_info;

/** Fills *info_out with test i, in the order run.  REMIT_EINVAL if out of
 *  range. */
REMIT_API remit_status remit_tests_get(const remit_tests *tests, size_t i,
                                       remit_test_info *info_out);

/** One thing a failed test expected and did not get. */
typedef struct remit_test_mismatch {
    const char *what;     /**< "verdict", "provisional", "discretionary",
                               "heads", "heads[1].verdict", a rule id (over
                               all heads), "heads[0] RULE-ID", or
                               "complaint" (it could not be evaluated). */
    const char *expected; /**< e.g. "late", "fired", "2 heads". */
    const char *actual;   /**< e.g. "in_scope", "not_fired". */
} remit_test_mismatch;

/** Fills *out with mismatch k of test i.  REMIT_EINVAL if out of range. */
REMIT_API remit_status remit_tests_get_mismatch(const remit_tests *tests,
                                                size_t i, size_t k,
                                                remit_test_mismatch *out);

/** Number of rules in the ruleset the tests ran against (every file). */
REMIT_API size_t remit_tests_rule_count(const remit_tests *tests);

/** How the tests exercised one rule.  Strings owned by the remit_tests. */
typedef struct remit_rule_coverage {
    const char *ruleset;  /**< The ruleset id of the rule's file. */
    const char *file;     /**< The rule file. */
    const char *rule;     /**< The rule id. */
    size_t fired;         /**< Heads (over all tests) in which it fired. */
    size_t not_fired;     /**< Heads in which it did not fire. */
} remit_rule_coverage;

/** Fills *out with rule k, in file and then rule order.  REMIT_EINVAL if
 *  out of range. */
REMIT_API remit_status remit_tests_get_rule(const remit_tests *tests,
                                            size_t k,
                                            remit_rule_coverage *out);

/* ------------------------------------------------------------------ */
/* Record streams: many complaints in, one line out per record          */
/* (helper "batch"'s section; README, "The C API: record streams")      */
/* ------------------------------------------------------------------ */

/**
 * A record stream turns an input of many complaints (JSON Lines, or a CSV
 * export of intake forms) into one output line per record, in input order:
 * the complaint's verdict, or an error record in its place, so that the
 * count of records out always equals the count in.  `remit batch` and
 * `remit serve`'s POST /v1/batch both run on it; the format of the lines
 * is the README's "Batch" section.
 *
 * Two ways to use it:
 *  - push: remit_stream_feed the input as it arrives (any pieces), then
 *    remit_stream_finish; after each call, remit_stream_output holds the
 *    lines made so far (take them, then remit_stream_output_clear);
 *  - fan-out: remit_stream_next cuts the input into records (the caller
 *    keeps the bytes), and remit_stream_eval writes one record's line.
 *    The records of one input may be handed to other threads (one stream
 *    each, for evaluating) or processes, and their lines put back in
 *    order by the caller: `remit batch --jobs N` does this with worker
 *    processes.
 *
 * A stream reads one input.  THREADS: a stream is used by one thread at a
 * time; any number of streams may share one ruleset, which must outlive
 * them.  All memory comes from the ruleset's allocator.
 */
typedef struct remit_stream remit_stream;

/** Input and output formats of a stream. */
typedef enum remit_stream_format {
    /** In: one complaint (a JSON object) per line; blank lines are not
     *  records.  Out: one JSON object per line. */
    REMIT_STREAM_JSONL = 0,
    /** In: a CSV export of intake forms, one complaint per row after a
     *  header row (layout: README, "CSV in"; remit_ruleset_csv_header).
     *  Out: a header row, then one row per record. */
    REMIT_STREAM_CSV,
    /** In only: the whole input is one complaint (a .json file). */
    REMIT_STREAM_JSON,
    REMIT_STREAM_FORMAT_COUNT /**< Number of formats; not a format. */
} remit_stream_format;

/** Flags for remit_stream_options.flags. */
enum {
    /** Name each record's input (options.eval.input_name) in its line
     *  ("file"), as batch does for several inputs. */
    REMIT_STREAM_NAME_RECORDS = 1u << 0,
    /** CSV output: no header row (a stream that adds rows to an output
     *  another stream began). */
    REMIT_STREAM_NO_HEADER = 1u << 1
};

typedef struct remit_stream_options {
    /** The evaluation: date (all zero: today's date, read once when the
     *  stream is made, so a run across midnight does not mix dates),
     *  REMIT_EVAL_* flags, and input_name, the input's name in messages
     *  (may be NULL). */
    remit_eval_options eval;
    remit_stream_format input;  /**< JSONL, CSV or JSON. */
    remit_stream_format output; /**< JSONL or CSV. */
    unsigned json_flags;        /**< REMIT_JSON_COMPACT (JSONL output). */
    unsigned flags;             /**< REMIT_STREAM_* flags. */
} remit_stream_options;

/**
 * One record of an input, as cut by remit_stream_next, or built by a
 * caller that frames records itself.  Strings are not owned by it.
 */
typedef struct remit_record {
    const char *text; /**< The complaint as JSON (a CSV row is turned into
                           its JSON complaint), or, when `unreadable`, the
                           message saying why it could not be read. */
    size_t len;       /**< Bytes of text (not NUL-terminated). */
    unsigned long long line; /**< JSON Lines: the line; CSV: the row (the
                           header is row 1, as a spreadsheet numbers it);
                           0 for a whole-input record. */
    remit_stream_format from; /**< The input's format (how `line` reads). */
    const char *file; /**< Name written in the record's line, or NULL. */
    bool unreadable;  /**< The record could not be read as a complaint
                           (too large, the whole input is not in the
                           expected format...): an error record. */
    const char *code; /**< With `unreadable`: a stable code, e.g.
                           "too-large", "input-pretty-json"; else NULL. */
    const char *id;   /**< With `unreadable`: the record's id when it
                           could still be read (a CSV row's id cell), as
                           text (id_len bytes, no quotes); else NULL. */
    size_t id_len;
} remit_record;

/**
 * Makes a stream reading one input with `options` (NULL: JSON Lines in
 * and out, today's date).  With CSV output, the header row is the first
 * output (unless REMIT_STREAM_NO_HEADER).  On success *stream_out owns the
 * stream (free with remit_stream_free).  Returns REMIT_OK, REMIT_ENOMEM or
 * REMIT_EINVAL (NULL or empty ruleset, NULL stream_out, a bad format or
 * date).
 */
REMIT_API remit_status remit_stream_new(const remit_ruleset *ruleset,
                                        const remit_stream_options *options,
                                        remit_stream **stream_out);

/** Frees a stream, its output and the last result it made.  Accepts
 *  NULL. */
REMIT_API void remit_stream_free(remit_stream *stream);

/**
 * Push: reads the next `len` bytes of the input (pieces may split a
 * record anywhere); every record completed by them is evaluated and its
 * line appended to the output.  Bad records are not failures: each gets an
 * error record.  Returns REMIT_OK, REMIT_ENOMEM (an "out of memory" error
 * record stands in for the record that hit it, where it fits) or
 * REMIT_EINVAL (NULL stream, or input after remit_stream_finish).
 */
REMIT_API remit_status remit_stream_feed(remit_stream *stream,
                                         const char *data, size_t len);

/**
 * Push: the end of the input.  A last line without a line break is a
 * record; a recognised mistake that needed the whole input is reported.
 * Returns as remit_stream_feed.
 */
REMIT_API remit_status remit_stream_finish(remit_stream *stream);

/**
 * The output made so far and not yet cleared: *len_out bytes of whole
 * lines (NUL-terminated).  Owned by the stream, valid until its next call.
 * Never NULL for a valid stream ("" when there is none).
 */
REMIT_API const char *remit_stream_output(const remit_stream *stream,
                                          size_t *len_out);

/** Empties the output (after the caller has taken it), keeping its
 *  memory. */
REMIT_API void remit_stream_output_clear(remit_stream *stream);

/**
 * Fan-out: cuts the next record from the input.  `data` holds the input
 * not yet used (`len` bytes); `end` says no more will follow.  Sets
 * *used_out to the bytes consumed (drop them before the next call).  When
 * a whole record was found, rec_out->text is not NULL: it points into
 * `data` or into the stream, valid until the next call on the stream and
 * while `data` is unchanged.  Otherwise more input is needed (or, with
 * `end`, the input is over).  A record too large (over 16 MiB) is
 * consumed as it comes and given as an unreadable record once its end is
 * seen; so is an input that is recognisably not in the expected format
 * (pretty-printed JSON, a JSON array, CSV, YAML or UTF-16 given as JSON
 * Lines...): one unreadable record saying what the input looks like and
 * what is expected, and the rest of it is consumed without records.
 * Returns REMIT_OK, REMIT_ENOMEM or REMIT_EINVAL.
 */
REMIT_API remit_status remit_stream_next(remit_stream *stream,
                                         const char *data, size_t len,
                                         bool end, size_t *used_out,
                                         remit_record *rec_out);

/**
 * Fan-out: evaluates one record (from remit_stream_next of this or another
 * stream over the same ruleset, or built by the caller) and appends its
 * line, a verdict or an error record, to the output.  On REMIT_OK
 * *result_out (if not NULL) is its result; *diags_out (if not NULL) is the
 * record's diagnostics on every return (NULL for an unreadable record);
 * both belong to the stream until its next call.  Returns REMIT_OK (a
 * verdict line), REMIT_EINPUT or REMIT_ENORULESET (an error record was
 * written), REMIT_ENOMEM (an "out of memory" error record, where it fits)
 * or REMIT_EINVAL (NULL stream or record).
 */
REMIT_API remit_status remit_stream_eval(remit_stream *stream,
                                         const remit_record *record,
                                         remit_result **result_out,
                                         const remit_diagnostics **diags_out);

/** Records written by a stream so far (each verdict and error record). */
typedef struct remit_stream_counts {
    unsigned long long records; /**< Lines written, header excluded. */
    unsigned long long errors;  /**< Of which error records. */
} remit_stream_counts;

/** Fills *counts_out (zeros for NULL stream). */
REMIT_API void remit_stream_get_counts(const remit_stream *stream,
                                       remit_stream_counts *counts_out);

/**
 * Recognises an input that is plainly not in `format`, the usual mistakes
 * remit batch reports as one error record: UTF-16 text, YAML or CSV where
 * JSON is expected, a JSON array, pretty-printed JSON as JSON Lines, JSON
 * Lines or several pretty-printed complaints where one JSON complaint is
 * expected (REMIT_STREAM_JSON), JSON or YAML as CSV.  Looks at the whole of
 * `data` (the complete input).  Returns true when it recognises one: then
 * `message` (of `size` bytes, 256 or more is enough) says what the input
 * looks like and what remit expects, *code_out is a stable code
 * ("input-yaml", "input-csv", "input-utf16", "input-json-array",
 * "input-pretty-json", "input-json-lines", "input-several-complaints") and
 * *line_out the line it was seen on.  `name` is the input's name for the
 * message's hints (NULL or "-": none).  False for an input that may well be
 * in the format (it can still be invalid) and for NULL arguments.
 */
REMIT_API bool remit_input_recognise(const char *data, size_t len,
                                     remit_stream_format format,
                                     const char *name, char *message,
                                     size_t size, const char **code_out,
                                     unsigned long long *line_out);

/**
 * The header row of the CSV input layout for this ruleset (README, "CSV
 * in"): id, every complaint fact, then every head fact for heads 1 to
 * `heads` (heads.1.subject...), comma-separated, ending "\r\n".  On success
 * *csv_out is a NUL-terminated string; free it with remit_string_free.
 * Returns REMIT_OK, REMIT_ENOMEM or REMIT_EINVAL (NULL ruleset or csv_out,
 * heads 0 or over 1000).
 */
REMIT_API remit_status remit_ruleset_csv_header(const remit_ruleset *ruleset,
                                                unsigned heads,
                                                char **csv_out);

#ifdef __cplusplus
}
#endif

#endif /* REMIT_H */
