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
