/*
 * stream.h -- the record stream (remit_stream, stream.c) and its framer
 * (frame.c: input bytes to records, JSON Lines, one JSON complaint, or CSV
 * rows turned into JSON complaints by csv.c), with the recognition of
 * inputs in the wrong format.
 */
#ifndef STREAM_H
#define STREAM_H

#include "buf.h"

/* How the framer is skipping input. */
enum { SKIP_NONE, SKIP_LONG, SKIP_REST };

typedef struct csv_layout csv_layout;

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

struct remit_stream {
    const remit_ruleset *rs;
    remit_stream_options opt; /* today filled in; input_name is `name` */
    char *name;
    remit_evaluator *ev; /* made at the first evaluation */
    buf out;             /* lines not yet taken */
    buf in;              /* push: input not yet cut */
    buf tmp;             /* error texts, CSV cells */
    frame fr;
    unsigned long long records, errors;
    bool finished;
};

#endif
