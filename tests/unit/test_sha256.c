/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sha256.c -- the rules' digest (sha256.c): both implementations, the
 * portable C and the CPU's SHA instructions (when this CPU has them),
 * against the standard's vectors and against each other at every length
 * around the block boundaries.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "testutil.h"

/* The FIPS 180-2 / NIST examples. */
static const struct {
    const char *text;
    const char *digest;
} vectors[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklm"
     "nopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
};

/* Digests at the lengths where the padding changes (a 64-byte block holds
 * up to 55 bytes and the length), of bytes (7k + 3) mod 251, computed with
 * Python's hashlib: independent of sha256.c, so that the portable code,
 * which the loader's digest (test_api.c) is checked against, is checked on
 * a CPU without SHA instructions too. */
static const struct {
    size_t len;
    const char *digest;
} boundaries[] = {
    {1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5"},
    {55, "1deace58c745f3ecadde68a5923f494c3703fa73f0306483ccb898a5826e8d70"},
    {56, "06dbe23685750e4d3881ded95047abaf93fa8f9c5d3501dc57c717a72ff1398e"},
    {57, "011f4bced20a249afb834d24b3e4eca31ad5ea2bdd1d8a1a564c2d2410398e69"},
    {63, "47fb38b12335c9298d09280515c0666489a189d1554bb0ac1a0740806ce9d8b6"},
    {64, "dfa798724b1a8014994f363e5da7474ed26ce3757fb29e07aa47ad5a9352d37b"},
    {65, "dd2eab5a5507d7717c63ce953d9ac61752c21e664425ad1227054722a0d97f69"},
    {111, "2ea239204423b890039a115a62d44a1b1c37675a784f5c6a9b786e9fca4c4cee"},
    {112, "ab7909f0b44839b4f374c4e5974bc1dd7c50eae999602865138f9e3586da29c2"},
    {119, "c6e0f435df5d7d265baacca31e0602c00aa22fa6d3819aed664649294c743756"},
    {120, "17eb8960823a644bde3065620bb9d45931fe8993fd8eb692a17aff0fd725db6a"},
    {127, "2409a159329f4e770a7d8128130497abb1de01ffb6ad389d97d89ebbeeb7f02c"},
    {128, "3a9c1e22e20578eebe442238f431befd688bd56698eb7c77d95d3f97d8f58207"},
    {129, "956f5da998f608be52587f28902b608909b661f99a1b300e3d3046b4f69f6fb5"},
    {1000, "a9425c416f534025a4e2422bd14adba4ec3d4a68d10c3329be8df612964d2b6e"},
};

static void check_boundaries(bool hw)
{
    unsigned char buf[1000];
    for (size_t k = 0; k < sizeof buf; k++) buf[k] = (unsigned char)((k * 7 + 3) % 251);
    char out[72];
    for (size_t k = 0; k < sizeof boundaries / sizeof boundaries[0]; k++) {
        sha256_hex_with(buf, boundaries[k].len, out, hw);
        ck_assert_msg(strcmp(out + 7, boundaries[k].digest) == 0,
                      "%s SHA-256 of %zu bytes: %s, expected %s",
                      hw ? "hardware" : "portable", boundaries[k].len, out + 7,
                      boundaries[k].digest);
    }
}

static void check_vectors(bool hw)
{
    char out[72];
    for (size_t k = 0; k < sizeof vectors / sizeof vectors[0]; k++) {
        sha256_hex_with(vectors[k].text, strlen(vectors[k].text), out, hw);
        ck_assert_int_eq(strncmp(out, "sha256:", 7), 0);
        ck_assert_str_eq(out + 7, vectors[k].digest);
    }
    /* A million 'a's: many blocks in one call. */
    size_t n = 1000000;
    char *a = malloc(n);
    ck_assert_ptr_nonnull(a);
    memset(a, 'a', n);
    sha256_hex_with(a, n, out, hw);
    ck_assert_str_eq(out + 7,
                     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
    check_boundaries(hw);
}

/* True, saying so in the log, when this CPU has no SHA instructions: the
 * test named `test` then checks nothing here (CI's machines may differ). */
static bool skip_without_hw(const char *test)
{
    if (sha256_hw_available()) return false;
    fprintf(stderr, "test_sha256: %s: skipped, this CPU has no SHA instructions\n",
            test);
    return true;
}

START_TEST(portable_sha256_should_give_the_standard_vectors)
{
    check_vectors(false);
}
END_TEST

START_TEST(hardware_sha256_should_give_the_standard_vectors)
{
    if (skip_without_hw("hardware_sha256_should_give_the_standard_vectors")) return;
    check_vectors(true);
}
END_TEST

START_TEST(both_sha256_should_agree_at_every_length_around_the_blocks)
{
    if (skip_without_hw("both_sha256_should_agree_at_every_length_around_the_blocks"))
        return;
    unsigned char buf[1100];
    uint32_t x = 12345;
    for (size_t k = 0; k < sizeof buf; k++) {
        x = x * 1103515245u + 12345u;
        buf[k] = (unsigned char)(x >> 16);
    }
    char a[72], b[72];
    for (size_t len = 0; len <= sizeof buf; len++) {
        /* At every offset too: the instructions read unaligned. */
        size_t off = len % 7;
        if (off + len > sizeof buf) off = 0;
        sha256_hex_with(buf + off, len, a, false);
        sha256_hex_with(buf + off, len, b, true);
        ck_assert_str_eq(a, b);
    }
}
END_TEST

START_TEST(sha256_hex_should_use_what_the_cpu_has)
{
    char a[72], b[72];
    sha256_hex("abc", 3, a);
    sha256_hex_with("abc", 3, b, sha256_hw_available());
    ck_assert_str_eq(a, b);
    ck_assert_uint_eq(strlen(a), 71);
}
END_TEST

static Suite *sha256_suite(void)
{
    Suite *s = suite_create("sha256");
    TCase *tc = tcase_create("sha256");
    tcase_add_test(tc, portable_sha256_should_give_the_standard_vectors);
    tcase_add_test(tc, hardware_sha256_should_give_the_standard_vectors);
    tcase_add_test(tc, both_sha256_should_agree_at_every_length_around_the_blocks);
    tcase_add_test(tc, sha256_hex_should_use_what_the_cpu_has);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(sha256_suite());
}
