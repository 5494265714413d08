/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stream.h -- the record stream (remit_stream, stream.c): a framer
 * (frame.h) over one input, an evaluator, and the lines not yet taken.
 */
#ifndef STREAM_H
#define STREAM_H

#include "buf.h"
#include "frame.h"

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
