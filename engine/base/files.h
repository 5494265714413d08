/* SPDX-License-Identifier: Apache-2.0 */
/*
 * files.h -- reading whole files and listing the YAML files of a folder,
 * for the stages that take paths: loading rules (api.c), remit lint
 * (lint.c) and remit test (suite.c).  Consumes paths; produces text and
 * sorted names through an arena's allocator, and the diagnostics of a
 * path that cannot be read.
 */
#ifndef FILES_H
#define FILES_H

#include "arena.h"
#include "diag.h"

/**
 * Reads the whole file at `path` into memory raw-allocated through `a`
 * (free with arena_raw_free), NUL-terminated; its length in *len_out.
 * Stops reading once it holds `stop` bytes or more, so that a file far
 * over a limit is not read to its end (the caller then finds the text too
 * long).  NULL with errno set when the file cannot be opened (fopen's
 * errno), read (EIO) or held (ENOMEM).
 */
REMIT_HIDDEN char *files_read(const arena *a, const char *path, size_t stop,
                              size_t *len_out);

/** True for a name ending in .yaml or .yml. */
REMIT_HIDDEN bool files_is_yaml(const char *name);

/**
 * Lists the YAML files (files_is_yaml; not those whose name starts with a
 * dot) of folder `dir` as "dir/name", at most `max` of them (*more_out
 * true when there were more), sorted by name, into names[] (allocated in
 * `a`).  REMIT_OK, REMIT_EIO (the folder cannot be opened; errno is
 * opendir's) or REMIT_ENOMEM.
 */
REMIT_HIDDEN remit_status files_list_yaml(arena *a, const char *dir,
                                          char **names, size_t max,
                                          size_t *n_out, bool *more_out);

/**
 * Whether `path` is a folder, in *dir_out.  REMIT_EIO, with the error "cannot
 * open: <reason>" added to d at path, when it cannot be examined.
 */
REMIT_HIDDEN remit_status files_is_dir(const char *path, bool *dir_out,
                                       remit_diagnostics *d);

/**
 * The rule files of folder `dir` (files_list_yaml, at most
 * REMIT_MAX_RULE_FILES of them), their problems added to d as errors at
 * the folder: REMIT_EIO when it cannot be opened (nothing listed);
 * REMIT_ERULES when it holds more (the first REMIT_MAX_RULE_FILES listed) or
 * none; REMIT_ENOMEM.
 */
REMIT_HIDDEN remit_status files_list_rules(arena *a, const char *dir,
                                           char **names, size_t *n_out,
                                           remit_diagnostics *d);

#endif
