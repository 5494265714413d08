/*
 * lint.h -- remit lint: every problem of a rule file in one run.  The shape
 * checker and the loader give the errors; the analyses here give warnings
 * about declarations nothing uses, rules that can never fire or never
 * decide a verdict, and quotes that are no longer in their source.
 */
#ifndef LINT_H
#define LINT_H

#include "diag.h"

/**
 * Lints `path`, a rule file or a directory of them (*.yaml, *.yml), adding
 * every problem to diags: per file, sorted by position.  Returns REMIT_OK
 * (whatever was found), REMIT_EIO (a path could not be read; reported) or
 * REMIT_ENOMEM.
 */
REMIT_HIDDEN remit_status lint_path(const remit_config *config,
                                    const char *path, unsigned flags,
                                    remit_diagnostics *diags);

/** Lints one rule file's text (`name` is its path, for messages and for
 *  finding the documents its sources name).  As lint_path. */
REMIT_HIDDEN remit_status lint_text(const remit_config *config,
                                    const char *name, const char *text,
                                    size_t len, unsigned flags,
                                    remit_diagnostics *diags);

/** Appends the diagnostics of `from` to `to`, sorted by line and column
 *  (in the order found on a tie).  REMIT_OK or REMIT_ENOMEM. */
REMIT_HIDDEN remit_status lint_append_sorted(remit_diagnostics *to,
                                             const remit_diagnostics *from);

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
