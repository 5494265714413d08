/* SPDX-License-Identifier: Apache-2.0 */
/*
 * whatif.h -- "what would change it": for a head that is not in scope, the
 * single changes of a fact the deciding rules read that would give the head
 * a settled, more favourable verdict.  Computed from the rules by
 * re-evaluating them with the changed value, never written by hand.  Only
 * facts the ruleset marks `what_if: true` are tried: steps that can still
 * happen (the council's stage, raising a point with it) and dates, not what
 * the complaint is about.
 */
#ifndef WHATIF_H
#define WHATIF_H

#include "result.h"

typedef enum whatif_kind {
    WHATIF_EQUALS,   /* the fact had value v */
    WHATIF_ON_OR_AFTER,  /* a date fact were on or after v */
    WHATIF_ON_OR_BEFORE  /* a date fact were on or before v */
} whatif_kind;

typedef struct whatif {
    unsigned slot;    /* the fact changed */
    whatif_kind kind;
    value v;          /* the new value (or the boundary date) */
    int outcome;      /* the head's verdict with it */
} whatif;

/** Most alternatives reported per head, and per enum or bool fact. */
#define WHATIF_MAX 6
#define WHATIF_PER_FACT 2

/**
 * Fills out[] (up to WHATIF_MAX) with the alternatives for head hi, best
 * first (the verdict most in scope, then the order the facts are read).
 * Returns how many; 0 for a head in scope or still needing information.
 */
REMIT_HIDDEN size_t whatif_head(const remit_result *r, size_t hi,
                                whatif out[WHATIF_MAX]);

/**
 * True if the presumed value of fact `slot` matters: some other value of it
 * (for a head fact, in head `head`; for a complaint fact, in any head) would
 * change a head's verdict.  Presumptions that matter are the ones to confirm.
 */
REMIT_HIDDEN bool whatif_presumption_matters(const remit_result *r,
                                             unsigned slot, int head);

#endif
