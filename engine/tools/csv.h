/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv.h -- CSV in: an export of intake forms, one complaint per row under a
 * header row (README, "CSV in").  Consumes rows cut by frame.c and the
 * ruleset's fact declarations; produces each row's complaint as JSON (or
 * why the row or the header cannot be read, naming row and column).
 */
#ifndef CSV_H
#define CSV_H

#include "buf.h"

/** The most heads a CSV row may fill (heads.1 ... heads.N). */
#define CSV_MAX_HEADS 1000u

/** The columns of a header row, and the cells of the row being read. */
typedef struct csv_layout csv_layout;

/**
 * Finds the end of the CSV record at data (a quoted cell may hold line
 * breaks).  `delim` is the header's delimiter (csv_delim), or 0 before the
 * header is read.  Returns true with *rec_len (without the line break) and
 * *used (with it) when the record is whole: ended by a line break, or by
 * the end of the input when `end`.  `quoted` carries the quote state
 * across calls of a record being skipped (start false).
 */
REMIT_HIDDEN bool csv_record_end(const char *data, size_t len, bool end,
                                 char delim, bool *quoted, size_t *rec_len,
                                 size_t *used);

/** The delimiter of a layout's header row (',' ';' or tab); 0 for NULL. */
REMIT_HIDDEN char csv_delim(const csv_layout *layout);

/**
 * Reads the header row (`len` bytes at p) into a new layout (*layout_out,
 * freed by csv_layout_free, even on failure).  Returns REMIT_OK,
 * REMIT_ENOMEM, or REMIT_EINPUT with the reason in `msg` (the header is not
 * the layout: a bad heads.N numbering, a head fact without its head, a
 * column twice, no column remit reads).
 */
REMIT_HIDDEN remit_status csv_header(const remit_ruleset *rs,
                                     csv_layout **layout_out, buf *msg,
                                     const char *p, size_t len);

/**
 * Turns data row `row` (`len` bytes at p) into its complaint, as JSON in
 * `out`.  Returns REMIT_OK, REMIT_ENOMEM, or REMIT_EINPUT with the reason
 * in `out` (more cells than the header has columns, a head left empty
 * before a filled one) and the row's id cell in *id, *id_len (NULL when
 * there is none; valid until the next call).  A blank row sets *blank.
 */
REMIT_HIDDEN remit_status csv_row(csv_layout *layout, buf *out,
                                  unsigned long long row, const char *p,
                                  size_t len, bool *blank, const char **id,
                                  size_t *id_len);

/** Frees a layout.  Accepts NULL. */
REMIT_HIDDEN void csv_layout_free(const remit_ruleset *rs, csv_layout *layout);

/** The length of the character at p (n bytes left) when it is valid
 *  UTF-8 and not a control character; else 0.  For the input's text that
 *  messages quote. */
REMIT_HIDDEN size_t csv_char_len(const char *p, size_t n);

/** True when all n bytes at p are such characters. */
REMIT_HIDDEN bool csv_clean(const char *p, size_t n);

/** Copies at most size-1 bytes of p (n bytes) to out, NUL-terminated, with
 *  '?' for each byte that is not part of such a character, cut on a
 *  character's boundary; "..." when cut.  Returns out. */
REMIT_HIDDEN const char *csv_quote(const char *p, size_t n, char *out,
                                   size_t size);

/** Appends the CSV column a complaint's JSON pointer names
 *  ("/heads/0/subject" -> "heads.1.subject"). */
REMIT_HIDDEN void csv_column_of_pointer(buf *b, const char *pointer);

#endif
