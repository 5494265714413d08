/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_yfast.c -- the fast reader of rule files (yfast.c) against libyaml
 * (ytree.c): whatever yfast reads, it must read exactly as libyaml does -
 * the same tree of kinds, styles and values, at the same lines and columns.
 * Checked on every YAML file of the repository, on hand-written cases of
 * each construct of the subset and around its edges, and on thousands of
 * mutations of the shipped rules (YAML's significant characters inserted,
 * deleted or swapped in), where yfast must either agree or decline.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "ruleset.h"
#include "testutil.h"
#include "yfast.h"
#include "ytree.h"

/* How many texts the loader's happy path took whole. */
static int filled;

/* 1 when yfast read the text as libyaml does, 0 when it declined, and a
 * failed check when it read it otherwise (yfast_check). */
static int agree(const char *text, size_t len, const char *what)
{
    char why[1024] = "";
    int r = yfast_check(text, len, why, sizeof why);
    ck_assert_int_ne(r, -2);
    if (r == 0)
        ck_abort_msg("%s: %s\n---\n%.*s", what, why,
                     (int)(len > 2000 ? 2000 : len), text);
    if (r != 1) return 0;
    /* And the structs filled from the tree are libcyaml's. */
    int f = loader_fast_agrees(text, len);
    if (f == 0)
        ck_abort_msg("%s: the structs filled from yfast's tree are not "
                     "libcyaml's\n---\n%.*s", what,
                     (int)(len > 2000 ? 2000 : len), text);
    if (f == 1) filled++;
    return 1;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

static void walk(const char *dir, int *files, int *read)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            walk(path, files, read);
            continue;
        }
        size_t n = strlen(e->d_name);
        if (!(n > 5 && (strcmp(e->d_name + n - 5, ".yaml") == 0 ||
                        strcmp(e->d_name + n - 4, ".yml") == 0)))
            continue;
        size_t len;
        char *text = slurp(path, &len);
        ck_assert_ptr_nonnull(text);
        (*files)++;
        *read += agree(text, len, path);
        free(text);
    }
    closedir(d);
}

START_TEST(yfast_should_read_every_yaml_file_of_the_repository_as_libyaml_does)
{
    int files = 0, read = 0;
    walk(REMIT_RULES_DIR, &files, &read);
    walk(REMIT_RULES_DIR "/../tests", &files, &read);
    walk(REMIT_RULES_DIR "/../examples", &files, &read);
    ck_assert_int_gt(files, 50);
    /* Most are plain enough (the bad ones are bad in their values), and
     * many are rule files the loader's happy path fills its structs from
     * (the others: test files, and rule files with a problem of shape). */
    ck_assert_int_gt(read, files * 3 / 4);
    ck_assert_int_gt(filled, 40);
}
END_TEST

START_TEST(yfast_should_read_the_shipped_rules)
{
    static const char *const shipped[] = {"england-lgsco.yaml", "wales-psow.yaml"};
    for (size_t k = 0; k < 2; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", REMIT_RULES_DIR, shipped[k]);
        size_t len;
        char *text = slurp(path, &len);
        ck_assert_ptr_nonnull(text);
        int before = filled;
        ck_assert_msg(agree(text, len, path) == 1, "%s: not read", path);
        ck_assert_msg(filled == before + 1, "%s: not filled from the tree", path);
        free(text);
    }
}
END_TEST

/* Constructs of the subset: read, and as libyaml reads them. */
static const char *const readable[] = {
    "a: b\n",
    "a: b",
    "a: b # c\nd: e#f\n",
    "# head\n\na:\n  b: c\n  d: [x, 'y', \"z\"]\n",
    "a:\n- x\n- y\nb: z\n",
    "a:\n  - x\n  -   y\n",
    "a:\n  - k: v\n    l: w\n  - k: v2\n",
    "- k: v\n  l:\n  - m\n",
    "a: {value: \"yes\", label: 'It''s \"so\"'}\n",
    "a: \"tab\\there \\\"q\\\" \\\\ \\/ nl\\n\"\n",
    "url: https://example.org/a:b?c=d#e\n",
    "a: >-\n  one\n  two\n\n  three\n\n\nb: c\n",
    "a: >\n  one\n  two\nb: c\n",
    "a: |\n  one\n  two\n\n  # not a comment\nb: c\n",
    "a: |-\n  one\n  \n  two\n",
    "a: |-\n  one\n\n  two\n",
    "a: >-\n    deep\n    lines\n  # a comment\nb: x\n",
    "a: >\n  no newline at the end",
    "a: >\n  trailing\n\n\n",
    "- >-\n  in a list\n- plain\n",
    "'quoted key': 1\n\"dq\": 2\n",
    "a: [ x , y ]\nb: { k : v }\n",
    "a: []\nb: {}\n",
    "a: caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\nb: [\xc3\xa9, x]\n",
    "a: -5\nb: -x\nc: a - b\n",
    "a:    spaced   \n",
    "  a: indented root\n  b: c\n",
    "a:\n  b:\n    c:\n      - d\n",
    "a: x\n...\n",
    "a: x\n---\nb: y\n",
};

/* Around the subset's edges: yfast may decline, but must never differ. */
static const char *const edges[] = {
    "a: b\n  c\n",
    "a: b: c\n",
    "a: 'one\n  two'\n",
    "a: \"x\\ty\\u00e9\"\n",
    "a: >+\n  keep\n\n",
    "a: >2\n   x\n",
    "a: >\n\n  leading blank\n",
    "a: >\n  x\n    more\n  y\n",
    "a: |\n  x\n      \n",
    "a: |-\n  one\n   \n  two\n",
    "a:\n",
    "a: &x b\nc: *x\n",
    "a: !tag b\n",
    "? a\n: b\n",
    "--- \na: b\n",
    "%YAML 1.1\n---\na: b\n",
    "a: [x, y,]\n",
    "a: [x, [y]]\n",
    "a: {x: [y]}\n",
    "a: [x: y]\n",
    "a: {x}\n",
    "a: {x: }\n",
    "a:\tb\n",
    "a: b\r\n",
    "\xef\xbb\xbf\x61: b\n",
    "a: x\xc2\x85y\n",
    "a: x\xe2\x80\xa8y\n",
    "a: \xff\n",
    "- - a\n",
    "a:\n  - b\n c: d\n",
    "a:\n    b: c\n  d: e\n",
    "a: b\n- c\n",
    "- a\nb: c\n",
    "a: b\na: c\n",
    "a: \"x\" y\n",
    "a: [x] y\n",
    "a: [x]#c\n",
    "a: x #c\n  d\n",
    "a: >-\n text\n",
    "a:\n- >-\n text\n",
    "a: |\n  x\n # c\n  y\n",
    "a : b\n",
    "a:b\n",
    ":a: b\n",
    "-a: b\n",
    "?a: b\n",
    "a: ?b\n",
    "a: :b\n",
    "a: {b: c, d: e\n",
    "a: [b, c\n  , d]\n",
    "a: {'b': \"c\"}\n",
    "a: {b: 'c''d'}\n",
    "a: [\"x\" , 'y']\n",
    "a: |\n",
    "a: |\nb: c\n",
    "a: |-\n\n",
    "",
    "# only a comment\n",
    "just a scalar\n",
    "- a\n-\n- c\n",
    "- a\n-\n  b\n",
    "a: x y  # z\n",
    "a: x\n\n\n  # indented comment\nb: y\n",
    "a:\n  # comment before\n  b: c\n",
    "a: [x, y] # c\n",
    "a:   {k: v}  \n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "a: |x\n",
    "a: >-#c\n  x\n",
    "a: >- #c\n  x\n",
};

START_TEST(yfast_should_read_the_constructs_of_its_subset_as_libyaml_does)
{
    for (size_t k = 0; k < sizeof readable / sizeof *readable; k++) {
        const char *s = readable[k];
        int r = agree(s, strlen(s), s);
        /* The last two are a second document, which yfast leaves. */
        if (k + 2 < sizeof readable / sizeof *readable)
            ck_assert_msg(r == 1, "not read: [%s]", s);
    }
    int n = 0;
    for (size_t k = 0; k < sizeof edges / sizeof *edges; k++)
        n += agree(edges[k], strlen(edges[k]), edges[k]);
    ck_assert_int_lt(n, (int)(sizeof edges / sizeof *edges));
}
END_TEST

/* A small deterministic generator (xorshift). */
static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Edits 1 to 3 places of buf (n bytes, room for 16384): deletes, inserts
 * or swaps in one of YAML's significant characters. */
static size_t mutate(char *buf, size_t n)
{
    static const char *const bits[] = {
        " ", "  ", "\n", ":", ": ", "-", "- ", "#", " #", "'", "\"", "''",
        "[", "]", "{", "}", ",", ">", ">-", "|", "|-", "\\", "\\n", "\\t",
        "&", "*", "!", "?", "%", "@", "\n\n", "\n  ", "\n- ", "---", "...",
        "\xc3\xa9", "\t", "\r", "\n    ", "x: ", ", ", "~", "null", "\n#",
    };
    const size_t nbits = sizeof bits / sizeof *bits;
    unsigned edits = 1 + rnd(3);
    for (unsigned e = 0; e < edits; e++) {
        size_t at = n ? rnd((unsigned)n) : 0;
        unsigned op = rnd(3);
        if (op == 0 && n) { /* delete a byte */
            memmove(buf + at, buf + at + 1, n - at - 1);
            n--;
            continue;
        }
        const char *b = bits[rnd((unsigned)nbits)];
        size_t bl = strlen(b);
        if (op == 2 && n) { /* replace a byte */
            memmove(buf + at, buf + at + 1, n - at - 1);
            n--;
        }
        if (n + bl >= 16384) continue;
        memmove(buf + at + bl, buf + at, n - at);
        memcpy(buf + at, b, bl);
        n += bl;
    }
    return n;
}

START_TEST(yfast_should_agree_with_libyaml_on_mutations_of_the_shipped_rules)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", REMIT_RULES_DIR, "england-lgsco.yaml");
    size_t len;
    char *text = slurp(path, &len);
    ck_assert_ptr_nonnull(text);
    /* Line starts, to cut windows of whole lines. */
    size_t *starts = malloc((len + 1) * sizeof *starts);
    size_t nl = 0;
    starts[nl++] = 0;
    for (size_t k = 0; k < len; k++)
        if (text[k] == '\n') starts[nl++] = k + 1;
    char *buf = malloc(16384);
    int read = 0;
    const int rounds = 6000;
    for (int r = 0; r < rounds; r++) {
        size_t first = rnd((unsigned)(nl - 40));
        size_t from = starts[first], to = starts[first + 1 + rnd(30)];
        size_t n = to - from;
        if (n > 4000) n = 4000;
        memcpy(buf, text + from, n);
        read += agree(buf, mutate(buf, n), "mutation");
    }
    /* Enough of them are still read for the comparison to mean something. */
    ck_assert_int_gt(read, rounds / 10);
    free(buf);
    free(starts);
    free(text);
}
END_TEST

/* Whole rule files mutated: the structs filled from the tree too. */
START_TEST(the_happy_path_should_fill_what_libcyaml_fills_from_mutated_rule_files)
{
    size_t len;
    char *text = slurp(REMIT_TEST_DATA "/mini.yaml", &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_lt(len, 16000);
    char *buf = malloc(16384);
    int before = filled;
    const int rounds = 800;
    for (int r = 0; r < rounds; r++) {
        memcpy(buf, text, len);
        agree(buf, mutate(buf, len), "mutation of mini.yaml");
    }
    ck_assert_int_gt(filled - before, rounds / 4);
    free(buf);
    free(text);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("yfast");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, yfast_should_read_every_yaml_file_of_the_repository_as_libyaml_does);
    tcase_add_test(tc, yfast_should_read_the_shipped_rules);
    tcase_add_test(tc, yfast_should_read_the_constructs_of_its_subset_as_libyaml_does);
    tcase_add_test(tc, yfast_should_agree_with_libyaml_on_mutations_of_the_shipped_rules);
    tcase_add_test(tc, the_happy_path_should_fill_what_libcyaml_fills_from_mutated_rule_files);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
