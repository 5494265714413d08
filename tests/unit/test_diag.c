/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_diag.c -- unit tests of engine/base/diag.c: recording diagnostics with
 * diag_add, and the public remit_diagnostics_* accessors and formatter
 * ("file:line:col: error: message", the source line and a caret).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "testutil.h"

static remit_diagnostics *list;

static void setup(void)
{
    list = diag_new(NULL, NULL);
    ck_assert_ptr_nonnull(list);
}

static void teardown(void)
{
    remit_diagnostics_free(list);
    list = NULL;
}

/* Formats diagnostic i of `list` into a static buffer. */
static const char *formatted(size_t i)
{
    static char buf[4096];
    size_t n = remit_diagnostics_format(list, i, buf, sizeof buf);
    ck_assert_uint_eq(n, strlen(buf));
    return buf;
}

static void add_error(const char *file, unsigned line, unsigned col,
                      const char *src, const char *msg)
{
    diag_pos pos = {file, line, col, NULL, src};
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_ERROR, "test", &pos, "%s",
             msg);
}

/* ---- recording ------------------------------------------------------- */

START_TEST(a_new_list_is_empty)
{
    ck_assert_uint_eq(remit_diagnostics_count(list), 0);
    ck_assert_uint_eq(diag_errors(list), 0);
    ck_assert_ptr_null(remit_diagnostics_get(list, 0));
}
END_TEST

START_TEST(diag_add_records_every_field)
{
    diag_pos pos = {"rules.yaml", 12, 9, "/x", "  when: b1\nnext line"};
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_WARNING, "unknown-fact", &pos,
             "unknown fact '%s' (%d)", "b9", 42);
    ck_assert_uint_eq(remit_diagnostics_count(list), 1);
    const remit_diagnostic *x = remit_diagnostics_get(list, 0);
    ck_assert_ptr_nonnull(x);
    ck_assert_int_eq(x->status, REMIT_ERULES);
    ck_assert_int_eq(x->severity, REMIT_SEVERITY_WARNING);
    ck_assert_str_eq(x->code, "unknown-fact");
    ck_assert_str_eq(x->message, "unknown fact 'b9' (42)");
    ck_assert_str_eq(x->file, "rules.yaml");
    ck_assert_uint_eq(x->line, 12);
    ck_assert_uint_eq(x->column, 9);
    ck_assert_str_eq(x->pointer, "/x");
    /* Only the line itself: the source is cut at the end of the line. */
    ck_assert_str_eq(x->source_line, "  when: b1");
}
END_TEST

START_TEST(diag_add_copies_the_strings_it_is_given)
{
    char file[] = "a.yaml", src[] = "abc", code[] = "code";
    diag_pos pos = {file, 1, 1, NULL, src};
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_ERROR, code, &pos, "m");
    file[0] = src[0] = code[0] = 'X';
    const remit_diagnostic *x = remit_diagnostics_get(list, 0);
    ck_assert_str_eq(x->file, "a.yaml");
    ck_assert_str_eq(x->source_line, "abc");
    ck_assert_str_eq(x->code, "code");
}
END_TEST

START_TEST(diag_add_without_a_position_leaves_the_position_empty)
{
    diag_add(list, REMIT_EINVAL, REMIT_SEVERITY_ERROR, "bad-date", NULL,
             "bad date");
    const remit_diagnostic *x = remit_diagnostics_get(list, 0);
    ck_assert_ptr_null(x->file);
    ck_assert_ptr_null(x->pointer);
    ck_assert_ptr_null(x->source_line);
    ck_assert_uint_eq(x->line, 0);
    ck_assert_uint_eq(x->column, 0);
}
END_TEST

START_TEST(diag_add_cuts_the_source_line_at_a_carriage_return)
{
    add_error("f", 1, 1, "abc\r\ndef", "m");
    ck_assert_str_eq(remit_diagnostics_get(list, 0)->source_line, "abc");
}
END_TEST

START_TEST(diag_add_keeps_at_most_300_bytes_of_the_source_line)
{
    char src[400];
    memset(src, 'a', sizeof src - 1);
    src[sizeof src - 1] = '\0';
    add_error("f", 1, 1, src, "m");
    ck_assert_uint_eq(strlen(remit_diagnostics_get(list, 0)->source_line), 300);
}
END_TEST

START_TEST(diag_add_truncates_a_message_to_1023_bytes)
{
    char msg[2000];
    memset(msg, 'm', sizeof msg - 1);
    msg[sizeof msg - 1] = '\0';
    add_error(NULL, 0, 0, NULL, msg);
    ck_assert_uint_eq(strlen(remit_diagnostics_get(list, 0)->message), 1023);
}
END_TEST

START_TEST(diag_add_to_a_null_list_does_nothing)
{
    diag_add(NULL, REMIT_ERULES, REMIT_SEVERITY_ERROR, "x", NULL, "m");
    ck_assert_uint_eq(diag_errors(NULL), 0);
}
END_TEST

START_TEST(diagnostics_keep_the_order_they_were_added_in)
{
    char msg[16];
    for (int k = 0; k < 20; k++) { /* past the first growth of the array */
        snprintf(msg, sizeof msg, "m%d", k);
        add_error("f", (unsigned)k + 1, 1, NULL, msg);
    }
    ck_assert_uint_eq(remit_diagnostics_count(list), 20);
    for (int k = 0; k < 20; k++) {
        snprintf(msg, sizeof msg, "m%d", k);
        ck_assert_str_eq(remit_diagnostics_get(list, (size_t)k)->message, msg);
        ck_assert_uint_eq(remit_diagnostics_get(list, (size_t)k)->line,
                          (unsigned)k + 1);
    }
}
END_TEST

START_TEST(diag_errors_counts_errors_but_not_warnings_or_notes)
{
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_ERROR, "a", NULL, "e1");
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_WARNING, "b", NULL, "w1");
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_NOTE, "c", NULL, "n1");
    diag_add(list, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "d", NULL, "e2");
    ck_assert_uint_eq(diag_errors(list), 2);
}
END_TEST

START_TEST(count_severity_counts_each_severity)
{
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_ERROR, "a", NULL, "e1");
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_WARNING, "b", NULL, "w1");
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_WARNING, "b", NULL, "w2");
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_NOTE, "c", NULL, "n1");
    diag_add(list, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "d", NULL, "e2");
    diag_add(list, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "d", NULL, "e3");
    ck_assert_uint_eq(remit_diagnostics_count(list), 6);
    ck_assert_uint_eq(remit_diagnostics_count_severity(list, REMIT_SEVERITY_ERROR), 3);
    ck_assert_uint_eq(remit_diagnostics_count_severity(list, REMIT_SEVERITY_WARNING), 2);
    ck_assert_uint_eq(remit_diagnostics_count_severity(list, REMIT_SEVERITY_NOTE), 1);
}
END_TEST

START_TEST(the_list_stops_at_REMIT_MAX_DIAGNOSTICS)
{
    char msg[16];
    for (unsigned k = 0; k < REMIT_MAX_DIAGNOSTICS + 5; k++) {
        snprintf(msg, sizeof msg, "m%u", k);
        add_error("f", k + 1, 1, NULL, msg);
    }
    ck_assert_uint_eq(remit_diagnostics_count(list), REMIT_MAX_DIAGNOSTICS);
    ck_assert(list->capped);
    ck_assert(!list->oom);
    /* The first ones are kept; the later ones are dropped. */
    snprintf(msg, sizeof msg, "m%u", REMIT_MAX_DIAGNOSTICS - 1);
    ck_assert_str_eq(
        remit_diagnostics_get(list, REMIT_MAX_DIAGNOSTICS - 1)->message, msg);
    ck_assert_ptr_null(remit_diagnostics_get(list, REMIT_MAX_DIAGNOSTICS));
    /* Dropped errors still count, so the caller still fails. */
    ck_assert_uint_eq(diag_errors(list), REMIT_MAX_DIAGNOSTICS + 5);
    ck_assert_uint_eq(
        remit_diagnostics_count_severity(list, REMIT_SEVERITY_ERROR),
        REMIT_MAX_DIAGNOSTICS);
}
END_TEST

START_TEST(a_list_just_under_the_cap_is_not_capped)
{
    for (unsigned k = 0; k < REMIT_MAX_DIAGNOSTICS; k++)
        add_error("f", k + 1, 1, NULL, "m");
    ck_assert_uint_eq(remit_diagnostics_count(list), REMIT_MAX_DIAGNOSTICS);
    ck_assert(!list->capped);
}
END_TEST

/* Two checks finding the same problem at the same place report it once;
 * the same message at another place is another diagnostic. */
START_TEST(the_same_problem_at_the_same_place_is_reported_once)
{
    add_error("f", 3, 7, NULL, "m");
    add_error("f", 3, 7, NULL, "m");
    ck_assert_uint_eq(remit_diagnostics_count(list), 1);
    ck_assert_uint_eq(diag_errors(list), 1);
    add_error("f", 4, 7, NULL, "m");
    ck_assert_uint_eq(remit_diagnostics_count(list), 2);
}
END_TEST

/* ---- NULL and out-of-range handling ---------------------------------- */

START_TEST(freeing_a_null_list_does_nothing)
{
    remit_diagnostics_free(NULL);
}
END_TEST

START_TEST(a_null_list_counts_zero)
{
    ck_assert_uint_eq(remit_diagnostics_count(NULL), 0);
    ck_assert_uint_eq(remit_diagnostics_count_severity(NULL, REMIT_SEVERITY_ERROR), 0);
    ck_assert_ptr_null(remit_diagnostics_get(NULL, 0));
}
END_TEST

START_TEST(get_past_the_end_is_null)
{
    add_error("f", 1, 1, NULL, "m");
    ck_assert_ptr_nonnull(remit_diagnostics_get(list, 0));
    ck_assert_ptr_null(remit_diagnostics_get(list, 1));
    ck_assert_ptr_null(remit_diagnostics_get(list, (size_t)-1));
}
END_TEST

START_TEST(formatting_a_missing_diagnostic_writes_an_empty_string)
{
    char buf[8] = "xxxxxxx";
    ck_assert_uint_eq(remit_diagnostics_format(list, 0, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    strcpy(buf, "xxxxxxx");
    ck_assert_uint_eq(remit_diagnostics_format(NULL, 0, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    ck_assert_uint_eq(remit_diagnostics_format(NULL, 0, NULL, 0), 0);
}
END_TEST

/* ---- formatting ------------------------------------------------------ */

START_TEST(format_gives_file_line_column_message_source_line_and_caret)
{
    /* Column 14 is the '='. */
    add_error("rules.yaml", 12, 14, "    when: b1 = true",
              "'=' is not an operator");
    ck_assert_str_eq(formatted(0),
                     "rules.yaml:12:14: error: '=' is not an operator\n"
                     "     when: b1 = true\n"
                     "              ^");
}
END_TEST

START_TEST(format_puts_the_caret_under_column_1)
{
    add_error("r.yaml", 3, 1, "xyz", "m");
    ck_assert_str_eq(formatted(0), "r.yaml:3:1: error: m\n xyz\n ^");
}
END_TEST

START_TEST(format_keeps_tabs_in_the_caret_line_so_the_caret_lines_up)
{
    add_error("r.yaml", 4, 4, "\t\tx = 1", "m");
    ck_assert_str_eq(formatted(0), "r.yaml:4:4: error: m\n \t\tx = 1\n \t\t ^");
}
END_TEST

START_TEST(format_puts_a_caret_past_the_end_of_the_line_just_after_it)
{
    add_error("r.yaml", 2, 40, "abc", "m");
    ck_assert_str_eq(formatted(0), "r.yaml:2:40: error: m\n abc\n    ^");
}
END_TEST

START_TEST(format_without_a_source_line_is_one_line)
{
    add_error("r.yaml", 12, 9, NULL, "bad");
    ck_assert_str_eq(formatted(0), "r.yaml:12:9: error: bad");
}
END_TEST

START_TEST(format_without_a_column_gives_file_and_line)
{
    add_error("r.yaml", 12, 0, "src", "bad");
    ck_assert_str_eq(formatted(0), "r.yaml:12: error: bad");
}
END_TEST

START_TEST(format_without_a_line_gives_the_file)
{
    add_error("r.yaml", 0, 0, NULL, "cannot read");
    ck_assert_str_eq(formatted(0), "r.yaml: error: cannot read");
}
END_TEST

START_TEST(format_without_a_file_gives_severity_and_message)
{
    diag_add(list, REMIT_EINVAL, REMIT_SEVERITY_ERROR, "bad-date", NULL,
             "--today: not a date");
    ck_assert_str_eq(formatted(0), "error: --today: not a date");
}
END_TEST

START_TEST(format_names_a_warning_a_warning)
{
    diag_pos pos = {"r.yaml", 5, 3, NULL, "abcdef"};
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_WARNING, "w", &pos, "careful");
    ck_assert_str_eq(formatted(0), "r.yaml:5:3: warning: careful\n abcdef\n   ^");
}
END_TEST

START_TEST(format_names_a_note_a_note)
{
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_NOTE, "n", NULL, "fyi");
    ck_assert_str_eq(formatted(0), "note: fyi");
}
END_TEST

START_TEST(format_gives_the_json_pointer_of_a_complaint_problem)
{
    diag_pos pos = {"c.json", 0, 0, "/heads/0/x", NULL};
    diag_add(list, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "bad-value", &pos,
             "not a date");
    ck_assert_str_eq(formatted(0), "c.json: /heads/0/x: error: not a date");
}
END_TEST

START_TEST(format_calls_an_empty_pointer_the_whole_complaint)
{
    diag_pos pos = {"c.json", 0, 0, "", NULL};
    diag_add(list, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "not-object", &pos,
             "not an object");
    ck_assert_str_eq(formatted(0),
                     "c.json: (the whole complaint): error: not an object");
}
END_TEST

START_TEST(format_gives_a_pointer_without_a_file)
{
    diag_pos pos = {NULL, 0, 0, "/heads/1", NULL};
    diag_add(list, REMIT_EINPUT, REMIT_SEVERITY_WARNING, "w", &pos, "odd");
    ck_assert_str_eq(formatted(0), "/heads/1: warning: odd");
}
END_TEST

START_TEST(format_returns_the_full_length_when_the_buffer_is_too_small)
{
    add_error("r.yaml", 3, 1, "xyz", "m");
    const char *full = "r.yaml:3:1: error: m\n xyz\n ^";
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    size_t n = remit_diagnostics_format(list, 0, buf, sizeof buf);
    ck_assert_uint_eq(n, strlen(full));
    ck_assert_str_eq(buf, "r.yaml:"); /* 7 bytes and the NUL */
}
END_TEST

START_TEST(format_with_size_0_writes_nothing_and_returns_the_length)
{
    add_error("r.yaml", 3, 1, NULL, "m");
    char buf[4] = "abc";
    ck_assert_uint_eq(remit_diagnostics_format(list, 0, buf, 0),
                      strlen("r.yaml:3:1: error: m"));
    ck_assert_str_eq(buf, "abc");
    ck_assert_uint_eq(remit_diagnostics_format(list, 0, NULL, 0),
                      strlen("r.yaml:3:1: error: m"));
}
END_TEST

START_TEST(format_with_an_exact_fit_buffer_writes_everything)
{
    add_error("r.yaml", 3, 1, NULL, "m");
    const char *full = "r.yaml:3:1: error: m";
    char buf[21];
    ck_assert_uint_eq(sizeof buf, strlen(full) + 1);
    ck_assert_uint_eq(remit_diagnostics_format(list, 0, buf, sizeof buf),
                      strlen(full));
    ck_assert_str_eq(buf, full);
}
END_TEST

/* BUG (engine/base/diag.c, remit_diagnostics_format): the "file:line:col: "
 * prefix is built in a 512-byte local buffer first, so a longer file name
 * (paths may be up to PATH_MAX) is cut off, and the return value is then
 * not "the length the full text would have had" (remit.h). */
START_TEST(format_keeps_a_file_name_longer_than_500_bytes)
{
    char file[700];
    memset(file, 'd', sizeof file - 1);
    file[sizeof file - 1] = '\0';
    add_error(file, 1, 2, NULL, "m");
    char want[800];
    snprintf(want, sizeof want, "%s:1:2: error: m", file);
    char buf[2000];
    size_t n = remit_diagnostics_format(list, 0, buf, sizeof buf);
    size_t got = strlen(buf);
    ck_assert_msg(strcmp(buf, want) == 0,
                  "wrote %zu bytes ending \"%s\", not the %zu of the full text",
                  got, buf + (got > 20 ? got - 20 : 0), strlen(want));
    ck_assert_uint_eq(n, strlen(want));
}
END_TEST

/* ---- out of memory --------------------------------------------------- */

/* An allocator that refuses requests larger than `limit` bytes. */
static size_t limit;
static void *limited_alloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (size > limit) return NULL;
    return realloc(ptr, size);
}

START_TEST(diag_new_returns_null_when_out_of_memory)
{
    limit = 0;
    ck_assert_ptr_null(diag_new(limited_alloc, NULL));
}
END_TEST

START_TEST(diag_add_sets_oom_when_the_array_cannot_grow)
{
    limit = sizeof(remit_diagnostics);
    remit_diagnostics *d = diag_new(limited_alloc, NULL);
    ck_assert_ptr_nonnull(d);
    diag_add(d, REMIT_ERULES, REMIT_SEVERITY_ERROR, "x", NULL, "m");
    ck_assert(d->oom);
    ck_assert_uint_eq(remit_diagnostics_count(d), 0);
    remit_diagnostics_free(d);
}
END_TEST

/* BUG (engine/base/diag.c, diag_add): when copying the file name, pointer or
 * source line fails for lack of memory, the diagnostic is still recorded,
 * without them, and `oom` stays false, so callers (api.c checks d->oom)
 * report success with a diagnostic that has silently lost its position.
 * Only a failed copy of the code or the message sets `oom`. */
START_TEST(diag_add_sets_oom_when_the_file_name_cannot_be_copied)
{
    limit = 6000; /* the first 4 KiB string chunk fits; a 5000-byte name not */
    remit_diagnostics *d = diag_new(limited_alloc, NULL);
    ck_assert_ptr_nonnull(d);
    char file[5000];
    memset(file, 'f', sizeof file - 1);
    file[sizeof file - 1] = '\0';
    diag_pos pos = {file, 1, 1, NULL, NULL};
    diag_add(d, REMIT_ERULES, REMIT_SEVERITY_ERROR, "x", &pos, "m");
    const remit_diagnostic *x = remit_diagnostics_get(d, 0);
    bool lost = x && !x->file;
    bool oom = d->oom;
    remit_diagnostics_free(d);
    ck_assert_msg(!lost || oom,
                  "the file name was dropped without setting oom");
}
END_TEST


/* Columns count characters: the caret sits under the 7th character even
 * when a curly quote (3 bytes) comes before it. */
START_TEST(format_puts_the_caret_under_a_character_column_after_multibyte_text)
{
    diag_pos pos = {"r.yaml", 2, 7, NULL, "q: \xe2\x80\x98x\xe2\x80\x99 y"};
    diag_add(list, REMIT_ERULES, REMIT_SEVERITY_ERROR, "c", &pos, "m");
    char out[256];
    remit_diagnostics_format(list, 0, out, sizeof out);
    ck_assert_str_eq(out, "r.yaml:2:7: error: m\n q: \xe2\x80\x98x\xe2\x80\x99 y\n       ^");
}
END_TEST

static Suite *diag_suite(void)
{
    Suite *s = suite_create("diag");
    TCase *tc = tcase_create("diag");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_new_list_is_empty);
    tcase_add_test(tc, format_puts_the_caret_under_a_character_column_after_multibyte_text);
    tcase_add_test(tc, diag_add_records_every_field);
    tcase_add_test(tc, diag_add_copies_the_strings_it_is_given);
    tcase_add_test(tc, diag_add_without_a_position_leaves_the_position_empty);
    tcase_add_test(tc, diag_add_cuts_the_source_line_at_a_carriage_return);
    tcase_add_test(tc, diag_add_keeps_at_most_300_bytes_of_the_source_line);
    tcase_add_test(tc, diag_add_truncates_a_message_to_1023_bytes);
    tcase_add_test(tc, diag_add_to_a_null_list_does_nothing);
    tcase_add_test(tc, diagnostics_keep_the_order_they_were_added_in);
    tcase_add_test(tc, diag_errors_counts_errors_but_not_warnings_or_notes);
    tcase_add_test(tc, count_severity_counts_each_severity);
    tcase_add_test(tc, the_list_stops_at_REMIT_MAX_DIAGNOSTICS);
    tcase_add_test(tc, a_list_just_under_the_cap_is_not_capped);
    tcase_add_test(tc, the_same_problem_at_the_same_place_is_reported_once);
    tcase_add_test(tc, freeing_a_null_list_does_nothing);
    tcase_add_test(tc, a_null_list_counts_zero);
    tcase_add_test(tc, get_past_the_end_is_null);
    tcase_add_test(tc, formatting_a_missing_diagnostic_writes_an_empty_string);
    tcase_add_test(tc, format_gives_file_line_column_message_source_line_and_caret);
    tcase_add_test(tc, format_puts_the_caret_under_column_1);
    tcase_add_test(tc, format_keeps_tabs_in_the_caret_line_so_the_caret_lines_up);
    tcase_add_test(tc, format_puts_a_caret_past_the_end_of_the_line_just_after_it);
    tcase_add_test(tc, format_without_a_source_line_is_one_line);
    tcase_add_test(tc, format_without_a_column_gives_file_and_line);
    tcase_add_test(tc, format_without_a_line_gives_the_file);
    tcase_add_test(tc, format_without_a_file_gives_severity_and_message);
    tcase_add_test(tc, format_names_a_warning_a_warning);
    tcase_add_test(tc, format_names_a_note_a_note);
    tcase_add_test(tc, format_gives_the_json_pointer_of_a_complaint_problem);
    tcase_add_test(tc, format_calls_an_empty_pointer_the_whole_complaint);
    tcase_add_test(tc, format_gives_a_pointer_without_a_file);
    tcase_add_test(tc, format_returns_the_full_length_when_the_buffer_is_too_small);
    tcase_add_test(tc, format_with_size_0_writes_nothing_and_returns_the_length);
    tcase_add_test(tc, format_with_an_exact_fit_buffer_writes_everything);
    tcase_add_test(tc, format_keeps_a_file_name_longer_than_500_bytes);
    tcase_add_test(tc, diag_new_returns_null_when_out_of_memory);
    tcase_add_test(tc, diag_add_sets_oom_when_the_array_cannot_grow);
    tcase_add_test(tc, diag_add_sets_oom_when_the_file_name_cannot_be_copied);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(diag_suite());
}
