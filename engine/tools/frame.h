/* SPDX-License-Identifier: Apache-2.0 */
/*
 * frame.h -- the record stream's framer (frame.c): input bytes to records
 * (JSON Lines lines, one JSON complaint, CSV rows made into complaints by
 * csv.c), with the recognition of inputs in the wrong format.
 */
#ifndef FRAME_H
#define FRAME_H

#include "buf.h"
#include "csv.h"

/* How the framer is skipping input. */
enum { SKIP_NONE, SKIP_LONG, SKIP_REST };

/* Cuts one input into records.  Lines and rows are counted from 1. */
typedef struct frame {
    const remit_ruleset *rs;
    remit_stream_format fmt;
    const char *name; /* the input's, for messages; may be NULL */
    bool sniffed;   /* the start of the input was looked at */
    int skip;       /* SKIP_*: a record too large, or the rest */
    bool skip_quoted; /* SKIP_LONG in CSV: inside a quoted cell */
    unsigned long long line;      /* lines (JSON Lines) or rows (CSV) cut */
    unsigned long long skip_line; /* where the record being skipped began */
    unsigned long long skip_size; /* its bytes so far */
    buf text;  /* a made record: message, or a CSV row's complaint */
    csv_layout *csv; /* the CSV header's columns (csv.c); NULL before */
} frame;

REMIT_HIDDEN void frame_init(frame *f, const remit_ruleset *rs,
                             remit_stream_format fmt);
REMIT_HIDDEN void frame_free(frame *f);
/** remit_stream_next's work (rec zeroed, arguments checked). */
REMIT_HIDDEN remit_status frame_next(frame *f, const char *data, size_t len,
                                     bool end, size_t *used,
                                     remit_record *rec);

#endif
