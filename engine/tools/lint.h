/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lint.h -- remit lint: every problem of a rule file in one run.  The shape
 * checker and the loader give the errors; the analyses here give warnings
 * about declarations nothing uses, rules that can never fire or never
 * decide a verdict, and quotes that are no longer in their source.
 * Built on remit.h and the stages below it: the public remit_lint and
 * remit_lint_memory are defined in lint.c, and nothing in the engine
 * calls up into it.  This header is what the unit tests reach inside.
 */
#ifndef LINT_H
#define LINT_H

#include "diag.h"

/**
 * Normalises text for comparing a quote with its source document: typographic
 * quotes and apostrophes become ' and ", non-breaking and other Unicode
 * spaces become spaces, and every run of white space becomes one space
 * (none at either end).  Writes at most `size` bytes (NUL included) and
 * returns the length written.
 */
REMIT_HIDDEN size_t lint_normalise(const char *s, size_t len, char *out,
                                   size_t size);

#endif
