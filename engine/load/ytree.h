/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ytree.h -- a YAML document as a tree of nodes with their positions, built
 * from libyaml's events.  Used where every node's position matters: the
 * shape checker of rule files (shape.c) and the test files (suite.c).
 * libcyaml (loader.c) keeps none, and libyaml's own document API drops
 * aliases and byte offsets.
 */
#ifndef YTREE_H
#define YTREE_H

#include "arena.h"

typedef enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP, YN_ALIAS } ynode_kind;

/*
 * One node.  Positions come from libyaml: `line` and `column` are 1-based
 * and count characters; `start` and `end` are byte offsets into the text
 * (converted from libyaml's character indexes), `end` just past the node.
 * A mapping's kids alternate key and value: kids[2k] is the k-th key,
 * kids[2k + 1] its value.
 */
typedef struct ynode {
    ynode_kind kind;
    bool flow;          /* a flow collection, [ ] or { } */
    bool plain;         /* a plain (unquoted, not block) scalar */
    size_t start, end;  /* byte offsets of the node in the text */
    unsigned line, column;
    const char *value;  /* scalar: its value; alias: the anchor it names */
    const char *anchor; /* the node's &anchor, or NULL */
    size_t len;         /* scalar: bytes in value */
    struct ynode **kids;
    size_t nkids;
} ynode;

typedef struct ytree {
    arena mem;
    ynode *root;         /* NULL for an empty document */
    char problem[256];   /* syntax error: libyaml's description */
    unsigned line, column; /* syntax error: where */
} ytree;

/**
 * Parses the first document of `text` (len bytes).  Returns REMIT_OK (root
 * NULL when the document is empty), REMIT_ERULES on a YAML syntax error
 * (problem, line and column set) or REMIT_ENOMEM.  Free with ytree_free in
 * every case.
 */
REMIT_HIDDEN remit_status ytree_parse(ytree *t, remit_alloc_fn fn, void *ctx,
                                      const char *text, size_t len);

REMIT_HIDDEN void ytree_free(ytree *t);

/** The value of `key` in mapping `map` (the first, if given twice), or
 *  NULL. */
REMIT_HIDDEN const ynode *ytree_get(const ynode *map, const char *key);

/** The node under `n` that carries &`anchor`, or NULL. */
REMIT_HIDDEN const ynode *ytree_anchor(const ynode *n, const char *anchor);

/** The byte offset of 1-based `line` and character `column` in text. */
REMIT_HIDDEN size_t ytree_offset(const char *text, size_t len, unsigned line,
                                 unsigned column);

/** The 1-based line and character column of byte `offset` in text. */
REMIT_HIDDEN void ytree_position(const char *text, size_t len, size_t offset,
                                 unsigned *line, unsigned *column);

#endif
