/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_width.c -- display width of UTF-8 text (width.c): wide and
 * fullwidth characters two columns, combining marks none, the rest one.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "remit.h"
#include "width.h"
#include "testutil.h"

static size_t w(const char *s)
{
    return width_text(s, strlen(s));
}

START_TEST(ascii_is_one_column_a_character)
{
    ck_assert_uint_eq(w("Mr X"), 4);
    ck_assert_uint_eq(w(""), 0);
}
END_TEST

START_TEST(latin_accents_are_one_column)
{
    ck_assert_uint_eq(w("caf\xc3\xa9"), 4);           /* café, precomposed */
    ck_assert_uint_eq(w("Gwynedd \xc3\xa2"), 9);      /* Welsh circumflex */
}
END_TEST

START_TEST(combining_marks_take_no_column)
{
    ck_assert_uint_eq(w("cafe\xcc\x81"), 4);          /* e + U+0301 */
    ck_assert_uint_eq(w("a\xe2\x80\x8b" "b"), 2);     /* zero-width space */
    ck_assert_uint_eq(w("\xef\xbb\xbf"), 0);          /* U+FEFF */
}
END_TEST

START_TEST(east_asian_wide_characters_take_two_columns)
{
    ck_assert_uint_eq(w("\xe5\xad\x90"), 2);                    /* 子 U+5B50 */
    ck_assert_uint_eq(w("\xe5\xad\x90\xe4\xbe\x9b"), 4);        /* 子供 */
    ck_assert_uint_eq(w("\xea\xb0\x80"), 2);                    /* 가 U+AC00 */
    ck_assert_uint_eq(w("\xe3\x81\x82"), 2);                    /* あ U+3042 */
    ck_assert_uint_eq(w("\xef\xbc\xa1"), 2);                    /* Ａ U+FF21 */
    ck_assert_uint_eq(w("\xf0\xa0\x80\x80"), 2);                /* U+20000 */
    ck_assert_uint_eq(w("\xf0\x9f\x98\x80"), 2);                /* U+1F600 */
}
END_TEST

START_TEST(halfwidth_katakana_and_symbols_are_one_column)
{
    ck_assert_uint_eq(w("\xef\xbd\xb1"), 1);          /* ｱ U+FF71 */
    ck_assert_uint_eq(w("\xe2\x80\x94"), 1);          /* em dash */
    ck_assert_uint_eq(w("\xc2\xa3"), 1);              /* pound sign */
}
END_TEST

START_TEST(invalid_utf8_counts_a_column_a_byte)
{
    ck_assert_uint_eq(w("\xff\xfe"), 2);
    ck_assert_uint_eq(w("\xe5\xad"), 2);              /* cut short */
    size_t len;
    ck_assert_uint_eq(width_next("\xe5\xad\x90", 2, &len), 1);
    ck_assert_uint_eq(len, 1);
}
END_TEST

START_TEST(the_public_function_agrees)
{
    const char *s = "\xe5\xad\x90 cafe\xcc\x81";
    ck_assert_uint_eq(remit_display_width(s, strlen(s)), 7);
    ck_assert_uint_eq(remit_display_width(NULL, 3), 0);
}
END_TEST

static Suite *width_suite(void)
{
    Suite *s = suite_create("width");
    TCase *tc = tcase_create("width");
    tcase_add_test(tc, ascii_is_one_column_a_character);
    tcase_add_test(tc, latin_accents_are_one_column);
    tcase_add_test(tc, combining_marks_take_no_column);
    tcase_add_test(tc, east_asian_wide_characters_take_two_columns);
    tcase_add_test(tc, halfwidth_katakana_and_symbols_are_one_column);
    tcase_add_test(tc, invalid_utf8_counts_a_column_a_byte);
    tcase_add_test(tc, the_public_function_agrees);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(width_suite());
}
