/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_expr.c -- libFuzzer target: the input is a condition (the text of a
 * rule's `when:`), compiled as the loader does: parsed (engine/compile/parse.c),
 * then resolved (engine/compile/resolve.c) against a vocabulary of every fact type
 * in both scopes.  A condition that compiles is evaluated (engine/evaluate/eval.c)
 * with every fact unknown and with every fact known, and must give a value
 * of its type.  An error must have a code, a message and a span inside the
 * text.  The vocabulary is the one of the tests/expr .test files, so a finding can
 * be written there as a case.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "../expr/vocabulary.h"

/* Every fact known: extreme values, to reach the arithmetic's edges. */
static void known_values(value *v, unsigned seed)
{
    static const int64_t ints[] = {0, 1, -1, INT64_MAX, INT64_MIN, 12};
    static const int64_t days[] = {0, -719468, 2932896, 20000, 19782, 19417};
    for (size_t k = 0; k < NFACTS; k++) {
        memset(&v[k], 0, sizeof v[k]);
        v[k].known = true;
        switch (facts[k].type) {
        case FT_BOOL: v[k].i = (seed + k) & 1; break;
        case FT_INT: v[k].i = ints[(seed + k) % 6]; break;
        case FT_DATE: v[k].i = days[(seed + k) % 6]; break;
        case FT_ENUM: v[k].i = (int64_t)((seed + k) % facts[k].nvalues); break;
        case FT_SET: v[k].mask = (seed + k) & 7u; break;
        case FT_TEXT: v[k].text = "some text"; break;
        default: v[k].known = false; break;
        }
    }
}

static void check_error(const expr_error *err, size_t size)
{
    FUZZ_CHECK(err->code != NULL && err->code[0], "error without a code");
    FUZZ_CHECK(err->message[0], "error without a message");
    FUZZ_CHECK(fuzz_clean_text(err->message, 0), "message not clean UTF-8");
    FUZZ_CHECK(strcmp(err->code, "oom") != 0, "out of memory");
    /* The span is inside the text, or is the one column just after it
     * ("found the end of the condition"). */
    FUZZ_CHECK(err->pos <= size && (size_t)err->pos + err->len <= size + 1,
               "error span outside the text");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int64_t holidays[] = {20000, 20001, 20454};
    /* A condition comes from a YAML scalar: libyaml has checked its UTF-8
     * and the loader refuses control characters but tab and line feed (and
     * a NUL).  Other inputs cannot reach the parser; skip them. */
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    int clean = strlen(text) == size && fuzz_clean_text(text, 0);
    free(text);
    if (!clean) return 0;
    for (int head = 0; head < 2; head++) {
        arena a;
        arena_init(&a, NULL, NULL);
        expr_error err;
        memset(&err, 0, sizeof err);
        expr_node *root = expr_parse(&a, (const char *)data, size, &err);
        if (!root) {
            check_error(&err, size);
            arena_free_all(&a);
            return 0;
        }
        resolve_env env = {facts, NFACTS, head == 1};
        if (!expr_resolve(root, &env, &err)) {
            check_error(&err, size);
            arena_free_all(&a);
            continue;
        }
        FUZZ_CHECK(root->type == FT_BOOL, "a condition that is not boolean");
        factset reads = {{0}};
        expr_reads(root, &reads);
        value vals[NFACTS];
        memset(vals, 0, sizeof vals);
        for (unsigned seed = 0; seed < 3; seed++) {
            eval_env ev = {vals, 20600, holidays, 3};
            factset deps = {{0}};
            value v = expr_eval(root, &ev, &deps);
            if (v.known) FUZZ_CHECK(v.i == 0 || v.i == 1, "a bool not 0 or 1");
            /* The facts a result hangs on are facts the condition reads. */
            for (unsigned k = 0; k < NFACTS; k++)
                if (factset_has(&deps, k))
                    FUZZ_CHECK(factset_has(&reads, k), "deps not read");
            known_values(vals, seed);
        }
        arena_free_all(&a);
    }
    return 0;
}
