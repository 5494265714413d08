/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ruleset.h -- the loaded, compiled ruleset: what the loader builds from the
 * YAML and what evaluation reads (through const pointers only).
 */
#ifndef RULESET_H
#define RULESET_H

#include "diag.h"
#include "expr.h"

typedef struct enum_value {
    const char *value;
    const char *label; /* never NULL; "" when not given */
} enum_value;

typedef struct fact_def {
    const char *name;
    const char *key; /* JSON member name */
    const char *question;
    const char *help; /* never NULL */
    fact_scope scope;
    fact_type type;
    const enum_value *values;
    size_t nvalues;
    const char **value_ids;    /* nvalues ids, for the public API */
    const char **value_labels; /* nvalues labels */
    bool has_presume; /* absent or null: presume this value */
    bool what_if;     /* a step that can still change: try it in whatif.c */
    bool derived;     /* handled_matter: set by the engine from the head's
                         "handling_of", never read from the complaint */
    value presume;
} fact_def;

/** What a source is authority for (its `grounds:`), for lint. */
typedef enum source_grounds {
    GROUNDS_NONE = 0, /* not marked */
    GROUNDS_BAR,        /* a legal bar: the Ombudsman cannot look at it */
    GROUNDS_DISCRETION, /* the Ombudsman's discretion */
    GROUNDS_CONTEXT     /* background, neither */
} source_grounds;

typedef struct source_def {
    const char *id, *title, *section, *quote, *url, *document;
    source_grounds grounds;
} source_def;

typedef struct contact_def {
    const char *id, *name, *phone, *url, *note;
} contact_def;

typedef struct outcome_def {
    const char *id, *label, *description;
    const char *label_discretionary; /* NULL: `label` whatever the basis */
    bool in_scope;
    bool outside_remit; /* a head with it is about a matter outside the
                           Ombudsman's remit (for handled_matter) */
} outcome_def;

typedef struct step_def {
    const char *text;
    const contact_def *contact; /* may be NULL */
    const char *by_text;        /* `by:` the last day for it, or NULL */
    const expr_node *by;        /* its date expression, resolved */
} step_def;

/** One factor a discretionary rule weighs (its `weighs:` list). */
typedef struct factor_def {
    bool accept; /* leans: accept (true) or decline (false) */
    const char *when, *says;
    const source_def **cites;
    size_t ncites;
    const expr_node *cond;
    const unsigned *reads;
    size_t nreads;
} factor_def;

/** Outcome index of a note rule. */
#define OUTCOME_NOTE (-1)

typedef struct rule_def {
    const char *id, *title, *explanation, *discretion, *when;
    fact_scope scope;
    int outcome; /* index into outcomes, or OUTCOME_NOTE */
    bool discretionary;
    /* `outside_remit:` on the rule, overriding its outcome's for
     * handled_matter: -1 not given, 0 false, 1 true. */
    int outside_remit;
    const source_def **cites;
    size_t ncites;
    const step_def *steps;
    size_t nsteps;
    const expr_node *cond;
    const unsigned *reads; /* fact slots the condition reads, in order */
    size_t nreads;
    const factor_def *weighs; /* discretionary rules: the factors weighed */
    size_t nweighs;
} rule_def;

/** A value a legacy mapping sets (its `becomes`), typed by the target fact. */
typedef struct legacy_set {
    const char *key;   /* the new member (a fact's key, undotted) */
    fact_type type;    /* of the target fact */
    bool b;            /* FT_BOOL */
    int64_t i;         /* FT_INT */
    const char *s;     /* FT_ENUM, FT_DATE, FT_TEXT */
    const char **list; /* FT_SET */
    size_t nlist;
} legacy_set;

/** How a member of a format-1 complaint reads in format 2 (`legacy:`). */
typedef struct legacy_def {
    const char *member; /* the old member name */
    fact_scope scope;
    const char *value;  /* only this old value (as written in YAML), or NULL */
    const legacy_set *sets; /* the new members; none: the member is dropped */
    size_t nsets;
} legacy_def;

typedef struct rsfile {
    const char *id, *title, *jurisdiction, *version, *law_checked;
    const char *applies_text;
    const expr_node *applies;
    const unsigned *applies_reads;
    size_t napplies_reads;
    const char *file;
    const char *digest;
    const fact_def *facts;
    size_t nfacts;
    const source_def *sources;
    size_t nsources;
    const contact_def *contacts;
    size_t ncontacts;
    const outcome_def *outcomes;
    size_t noutcomes;
    int default_outcome;
    const rule_def *rules;
    size_t nrules;
    /* The derived head fact handled_matter (HANDLED_MATTER), or -1, and the
     * indexes of its values within_remit and outside_remit. */
    int handled_slot, hm_within, hm_outside;
    const legacy_def *legacy; /* format-1 members, read through these */
    size_t nlegacy;
    const int64_t *holidays; /* sorted */
    size_t nholidays;
    /* Complaint members to facts, a hash table built once the file is
     * loaded (complaint_index in complaint.c); NULL: search the facts. */
    const struct member_index *members;
} rsfile;

struct remit_ruleset {
    arena mem;
    remit_config config;
    rsfile *files;
    size_t nfiles;
};

/** The derived head fact a complaint-handling head gets from the heads it
 *  is the handling of, and the complaint member that names them. */
#define HANDLED_MATTER "handled_matter"
#define HANDLING_OF "handling_of"

/** Loads one file's text into `rs` (appending to rs->files). Problems go to
 *  diags. Returns REMIT_OK, REMIT_ERULES or REMIT_ENOMEM. */
REMIT_HIDDEN remit_status loader_load(remit_ruleset *rs, const char *name,
                                      const char *text, size_t len,
                                      remit_diagnostics *diags);

/** For tests: whether the happy path (yfast's tree into the raw structs,
 *  loader.c) fills the structs libcyaml fills from `text`: 1 if it does,
 *  0 if they differ (or libcyaml refuses what it took), -1 if it declines
 *  the file (libcyaml alone loads it), -2 out of memory. */
REMIT_HIDDEN int loader_fast_agrees(const char *text, size_t len);

/** Writes the allowed values of an enum or set fact for messages:
 *  "a", "b", "c" (cut short to fit `size`). */
REMIT_HIDDEN void ruleset_allowed_values(const fact_def *f, char *out,
                                         size_t size);

/** Appends the JSON pointer of fact f in a complaint to b: in head `head`,
 *  or (head -1) at the top level.  Messages about a fact name it so. */
struct buf;
REMIT_HIDDEN void ruleset_pointer(struct buf *b, const fact_def *f, int head);

/** Lists the fact slots `n` reads, in first-use order, into the arena. */
REMIT_HIDDEN unsigned *ruleset_reads(arena *a, const expr_node *n,
                                     size_t *count_out);

#endif
