/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_common.h -- what the fuzz targets share: libFuzzer's entry points,
 * the loading of the shipped rules, and the checks of what every output of
 * libremit must be, whatever the input.  A violation aborts, so libFuzzer
 * (and the replay driver) report it like a crash, with the input.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "remit.h"

#ifndef REMIT_RULES_DIR
#error "REMIT_RULES_DIR must name the shipped rules/ directory"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, what)                                                \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", what,          \
                    __FILE__, __LINE__);                                      \
            abort();                                                          \
        }                                                                     \
    } while (0)

/* The shipped rules (rules/), for a target's LLVMFuzzerInitialize; aborts,
 * naming the target, if they do not load. */
static inline remit_ruleset *fuzz_load_rules(const char *target)
{
    remit_ruleset *rules = NULL;
    if (remit_ruleset_load(REMIT_RULES_DIR, NULL, &rules, NULL) != REMIT_OK) {
        fprintf(stderr, "%s: cannot load %s\n", target, REMIT_RULES_DIR);
        abort();
    }
    return rules;
}

/* True if s is valid UTF-8 and holds no control character but tab, line
 * feed, carriage return before a line feed (and, when `esc` is true, the
 * escape that starts an ANSI colour). */
static inline int fuzz_clean_text(const char *s, int esc)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t' && !(esc && c == 0x1b) &&
                 !(c == '\r' && p[1] == '\n')) ||
                c == 0x7f)
                return 0;
            p++;
            continue;
        }
        int k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        if (!k || c > 0xf4) return 0;
        for (int m = 1; m < k; m++)
            if ((p[m] & 0xc0) != 0x80) return 0;
        /* No overlong forms, surrogates or code points past U+10FFFF. */
        if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0) ||
            (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
            return 0;
        /* No C1 controls. */
        if (c == 0xc2 && p[1] < 0xa0) return 0;
        p += k;
    }
    return 1;
}

/* Output JSON must be valid JSON, and valid UTF-8. */
static inline void fuzz_check_json(const char *json)
{
    FUZZ_CHECK(json != NULL, "JSON output is NULL");
    FUZZ_CHECK(fuzz_clean_text(json, 0), "JSON output is not clean UTF-8");
    cJSON *j = cJSON_Parse(json);
    FUZZ_CHECK(j != NULL, "JSON output does not parse");
    cJSON_Delete(j);
}

#endif
