/* SPDX-License-Identifier: Apache-2.0 */
/*
 * embed.c -- embedding libremit: load the rules once, evaluate a complaint,
 * read the verdict through the accessors.  Built by CMake and run by the
 * tests:  embed_example RULES COMPLAINT.json YYYY-MM-DD
 */
#include <stdio.h>
#include <stdlib.h>

#include "remit.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s RULES COMPLAINT.json YYYY-MM-DD\n", argv[0]);
        return 2;
    }
    if (remit_version() != REMIT_VERSION_NUMBER) {
        fprintf(stderr, "header and library versions differ\n");
        return 1;
    }

    /* 1. Load the rules (a file or a directory); print any diagnostics. */
    remit_ruleset *rules = NULL;
    remit_diagnostics *diags = NULL;
    remit_status st = remit_ruleset_load(argv[1], NULL, &rules, &diags);
    for (size_t i = 0; i < remit_diagnostics_count(diags); i++) {
        char msg[1024];
        remit_diagnostics_format(diags, i, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
    }
    remit_diagnostics_free(diags);
    if (st != REMIT_OK) return 1;

    /* 2. Read the complaint. */
    FILE *fp = fopen(argv[2], "rb");
    if (!fp) {
        perror(argv[2]);
        remit_ruleset_free(rules);
        return 1;
    }
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text, fp);
    fclose(fp);

    /* 3. Evaluate on a fixed date, so the result is reproducible. */
    remit_eval_options opt = {0, 0, 0, 0, argv[2]};
    if (sscanf(argv[3], "%d-%d-%d", &opt.today_year, &opt.today_month,
               &opt.today_day) != 3) {
        remit_ruleset_free(rules);
        return 2;
    }
    remit_result *res = NULL;
    st = remit_evaluate(rules, text, len, &opt, &res, NULL);
    if (st != REMIT_OK) {
        fprintf(stderr, "cannot evaluate: %s\n", remit_status_str(st));
        remit_ruleset_free(rules);
        return 1;
    }

    /* 4. Read the verdict. */
    printf("verdict: %s\n", remit_result_verdict(res));
    for (size_t i = 0; i < remit_result_head_count(res); i++) {
        const char *rule = remit_result_head_rule(res, i);
        printf("head %zu: %s (%s)\n", i + 1, remit_result_head_verdict(res, i),
               rule ? rule : "default");
    }
    for (size_t i = 0; i < remit_result_question_count(res); i++) {
        remit_question q;
        if (remit_result_get_question(res, i, &q) == REMIT_OK)
            printf("question: %s -> %s\n", q.question, q.pointer);
    }
    remit_result_free(res);
    remit_ruleset_free(rules);
    return 0;
}
