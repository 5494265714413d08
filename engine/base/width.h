/* SPDX-License-Identifier: Apache-2.0 */
/*
 * width.h -- display width of UTF-8 text in a terminal's columns: East
 * Asian wide and fullwidth characters take two, combining marks and other
 * zero-width characters none, everything else one.  Used by the text
 * rendering to wrap lines, and by remit_display_width.
 */
#ifndef WIDTH_H
#define WIDTH_H

#include "remit_int.h"

/** Columns of code point cp: 0, 1 or 2. */
REMIT_HIDDEN unsigned width_codepoint(uint32_t cp);
/** Columns of the character starting at s (at most n bytes); its length in
 *  bytes in *len_out (at least 1).  A byte that does not start a valid
 *  UTF-8 sequence counts as one column and one byte. */
REMIT_HIDDEN unsigned width_next(const char *s, size_t n, size_t *len_out);
/** Columns of the UTF-8 text s[0..n). */
REMIT_HIDDEN size_t width_text(const char *s, size_t n);

#endif
