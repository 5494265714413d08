/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_date.c -- unit tests of engine/base/date.c: parsing and formatting
 * YYYY-MM-DD, the days-since-1970 conversion, month arithmetic with
 * month-end clamping, "the period of n months beginning with" a day, whole
 * months between two days, and weekdays.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "testutil.h"

/* Days since 1970-01-01 of a date written as "YYYY-MM-DD" (must be valid). */
static int64_t day(const char *s)
{
    int64_t d = 0;
    ck_assert_msg(date_parse(s, strlen(s), &d), "bad date in test: %s", s);
    return d;
}

/* Asserts that `days` is the date written `want`. */
#define ck_assert_date(days, want)                                           \
    do {                                                                     \
        char got_[11];                                                       \
        date_format((days), got_);                                           \
        ck_assert_str_eq(got_, (want));                                      \
    } while (0)

static bool parses(const char *s)
{
    int64_t d = 0;
    return date_parse(s, strlen(s), &d);
}

/* ---- date_parse ------------------------------------------------------ */

START_TEST(date_parse_accepts_real_dates)
{
    int64_t d = -1;
    ck_assert(date_parse("1970-01-01", 10, &d));
    ck_assert_int_eq(d, 0);
    ck_assert(date_parse("1970-01-02", 10, &d));
    ck_assert_int_eq(d, 1);
    ck_assert(date_parse("1969-12-31", 10, &d));
    ck_assert_int_eq(d, -1);
    ck_assert(date_parse("2000-03-01", 10, &d));
    ck_assert_int_eq(d, 11017);
    ck_assert(date_parse("2025-03-14", 10, &d));
    ck_assert_int_eq(d, 20161);
    ck_assert(parses("0001-01-01"));
    ck_assert(parses("9999-12-31"));
    ck_assert(parses("2023-12-31"));
    ck_assert(parses("2023-04-30"));
}
END_TEST

START_TEST(date_parse_rejects_a_day_past_the_end_of_the_month)
{
    ck_assert(!parses("2023-02-30"));
    ck_assert(!parses("2023-04-31"));
    ck_assert(!parses("2023-01-32"));
    ck_assert(!parses("2023-01-00"));
}
END_TEST

START_TEST(date_parse_rejects_month_13_and_month_0)
{
    ck_assert(!parses("2024-13-01"));
    ck_assert(!parses("2024-00-10"));
}
END_TEST

START_TEST(date_parse_rejects_year_0)
{
    ck_assert(!parses("0000-01-01"));
}
END_TEST

START_TEST(date_parse_rejects_single_digit_months_and_days)
{
    ck_assert(!parses("2023-2-3"));
    ck_assert(!parses("2023-02-3"));
    ck_assert(!parses("2023-2-03"));
}
END_TEST

START_TEST(date_parse_rejects_non_digits)
{
    ck_assert(!parses("2023-02-3x"));
    ck_assert(!parses("2023/02/03"));
    ck_assert(!parses("+023-02-03"));
    ck_assert(!parses("-023-02-03"));
    ck_assert(!parses("2023-0a-03"));
    ck_assert(!parses("2023 02 03"));
    ck_assert(!parses(" 023-02-03"));
}
END_TEST

START_TEST(date_parse_rejects_other_lengths)
{
    ck_assert(!parses(""));
    ck_assert(!parses("2023-02-031"));
    ck_assert(!parses(" 2023-02-03"));
    ck_assert(!parses("2023-02-03 "));
    ck_assert(!parses("12023-02-03"));
}
END_TEST

START_TEST(date_parse_reads_exactly_n_bytes)
{
    int64_t d = -1;
    ck_assert(date_parse("2024-03-14T10:00", 10, &d));
    ck_assert_date(d, "2024-03-14");
    ck_assert(!date_parse("2024-03-14", 9, &d));
}
END_TEST

START_TEST(date_parse_leaves_the_output_alone_on_failure)
{
    int64_t d = 12345;
    ck_assert(!date_parse("2023-02-30", 10, &d));
    ck_assert_int_eq(d, 12345);
}
END_TEST

START_TEST(date_parse_accepts_29_february_only_in_leap_years)
{
    ck_assert(parses("2024-02-29"));
    ck_assert(parses("2000-02-29")); /* divisible by 400 */
    ck_assert(parses("1600-02-29"));
    ck_assert(!parses("2023-02-29"));
    ck_assert(!parses("1900-02-29")); /* divisible by 100, not 400 */
    ck_assert(!parses("2100-02-29"));
}
END_TEST

/* ---- date_valid, date_days_in_month ---------------------------------- */

START_TEST(days_in_month_follow_the_gregorian_calendar)
{
    static const int common[12] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        ck_assert_int_eq(date_days_in_month(2023, m), common[m - 1]);
        ck_assert_int_eq(date_days_in_month(2024, m),
                         m == 2 ? 29 : common[m - 1]);
    }
    ck_assert_int_eq(date_days_in_month(1900, 2), 28);
    ck_assert_int_eq(date_days_in_month(2000, 2), 29);
}
END_TEST

START_TEST(date_valid_accepts_years_1_to_9999_only)
{
    ck_assert(date_valid(1, 1, 1));
    ck_assert(date_valid(9999, 12, 31));
    ck_assert(!date_valid(0, 12, 31));
    ck_assert(!date_valid(10000, 1, 1));
    ck_assert(!date_valid(-1, 1, 1));
    ck_assert(!date_valid(2024, 0, 1));
    ck_assert(!date_valid(2024, 13, 1));
    ck_assert(!date_valid(2024, 1, 0));
}
END_TEST

/* ---- date_from_ymd / date_to_ymd -------------------------------------- */

START_TEST(day_numbers_count_from_1_january_1970)
{
    ck_assert_int_eq(date_from_ymd(1970, 1, 1), 0);
    ck_assert_int_eq(date_from_ymd(1970, 12, 31), 364);
    ck_assert_int_eq(date_from_ymd(1971, 1, 1), 365);
    ck_assert_int_eq(date_from_ymd(1969, 12, 31), -1);
    ck_assert_int_eq(date_from_ymd(2000, 1, 1), 10957);
    ck_assert_int_eq(date_from_ymd(1, 1, 1), -719162);
    ck_assert_int_eq(date_from_ymd(9999, 12, 31), 2932896);
}
END_TEST

/* Every day from 0001-01-01 to 9999-12-31 has the next day number, and
 * converts back to itself. */
START_TEST(every_day_from_year_1_to_9999_round_trips)
{
    int64_t expect = date_from_ymd(1, 1, 1);
    for (int y = 1; y <= 9999; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= date_days_in_month(y, m); d++) {
                int64_t n = date_from_ymd(y, m, d);
                if (n != expect)
                    ck_abort_msg("%04d-%02d-%02d is day %lld, expected %lld",
                                 y, m, d, (long long)n, (long long)expect);
                int yy, mm, dd;
                date_to_ymd(n, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    ck_abort_msg("day %lld converts to %d-%d-%d, not "
                                 "%04d-%02d-%02d", (long long)n, yy, mm, dd,
                                 y, m, d);
                expect++;
            }
    ck_assert_int_eq(expect - 1, date_from_ymd(9999, 12, 31));
}
END_TEST

/* ---- date_format ----------------------------------------------------- */

START_TEST(date_format_writes_yyyy_mm_dd_with_leading_zeros)
{
    ck_assert_date(0, "1970-01-01");
    ck_assert_date(date_from_ymd(2024, 2, 29), "2024-02-29");
    ck_assert_date(date_from_ymd(1, 1, 1), "0001-01-01");
    ck_assert_date(date_from_ymd(999, 9, 9), "0999-09-09");
    ck_assert_date(date_from_ymd(9999, 12, 31), "9999-12-31");
}
END_TEST

START_TEST(date_format_writes_zeros_for_a_day_after_year_9999)
{
    ck_assert_date(date_from_ymd(9999, 12, 31) + 1, "0000-00-00");
}
END_TEST

START_TEST(date_format_writes_zeros_for_a_day_before_year_0)
{
    ck_assert_date(date_from_ymd(1, 1, 1) - 400, "0000-00-00");
}
END_TEST

/* Year 0 is outside the calendar date_parse accepts (years 1..9999), so it
 * is out of range too, not "0000-12-31".  Reachable with `d - 10 days` on
 * 0001-01-05. */
START_TEST(date_format_writes_zeros_for_a_day_in_year_0)
{
    ck_assert_date(date_from_ymd(1, 1, 1) - 1, "0000-00-00");
}
END_TEST

START_TEST(date_format_output_parses_back)
{
    for (int64_t d = date_from_ymd(1999, 1, 1); d < date_from_ymd(2001, 1, 1);
         d++) {
        char s[11];
        int64_t back = 0;
        date_format(d, s);
        ck_assert_int_eq(strlen(s), 10);
        ck_assert(date_parse(s, 10, &back));
        ck_assert_int_eq(back, d);
    }
}
END_TEST

/* ---- date_add_months ------------------------------------------------- */

START_TEST(adding_a_month_keeps_the_day_of_the_month)
{
    ck_assert_date(date_add_months(day("2024-03-14"), 1), "2024-04-14");
    ck_assert_date(date_add_months(day("2024-03-14"), 12), "2025-03-14");
    ck_assert_date(date_add_months(day("2024-01-31"), 2), "2024-03-31");
    ck_assert_date(date_add_months(day("2024-03-14"), 0), "2024-03-14");
}
END_TEST

START_TEST(adding_a_month_to_31_january_gives_29_february_in_a_leap_year)
{
    ck_assert_date(date_add_months(day("2024-01-31"), 1), "2024-02-29");
    ck_assert_date(date_add_months(day("2024-01-30"), 1), "2024-02-29");
}
END_TEST

START_TEST(adding_a_month_to_31_january_gives_28_february_in_a_common_year)
{
    ck_assert_date(date_add_months(day("2023-01-31"), 1), "2023-02-28");
    ck_assert_date(date_add_months(day("2023-01-29"), 1), "2023-02-28");
}
END_TEST

START_TEST(adding_12_months_to_29_february_gives_28_february)
{
    ck_assert_date(date_add_months(day("2024-02-29"), 12), "2025-02-28");
    ck_assert_date(date_add_months(day("2024-02-29"), 48), "2028-02-29");
}
END_TEST

START_TEST(adding_a_month_to_31_march_gives_30_april)
{
    ck_assert_date(date_add_months(day("2024-03-31"), 1), "2024-04-30");
}
END_TEST

START_TEST(adding_months_crosses_years)
{
    ck_assert_date(date_add_months(day("2024-11-30"), 3), "2025-02-28");
    ck_assert_date(date_add_months(day("2024-12-15"), 1), "2025-01-15");
    ck_assert_date(date_add_months(day("2024-12-15"), 25), "2027-01-15");
}
END_TEST

START_TEST(subtracting_months_clamps_to_the_end_of_the_month)
{
    ck_assert_date(date_add_months(day("2024-03-31"), -1), "2024-02-29");
    ck_assert_date(date_add_months(day("2023-03-31"), -1), "2023-02-28");
    ck_assert_date(date_add_months(day("2025-02-28"), -12), "2024-02-28");
    ck_assert_date(date_add_months(day("2024-05-31"), -3), "2024-02-29");
}
END_TEST

START_TEST(subtracting_months_crosses_years)
{
    ck_assert_date(date_add_months(day("2024-01-15"), -1), "2023-12-15");
    ck_assert_date(date_add_months(day("2024-01-15"), -13), "2022-12-15");
    ck_assert_date(date_add_months(day("2024-01-15"), -24), "2022-01-15");
}
END_TEST

START_TEST(adding_months_saturates_at_the_ends_of_the_calendar)
{
    ck_assert_date(date_add_months(day("9999-11-15"), 5), "9999-12-15");
    ck_assert_date(date_add_months(day("0001-03-15"), -5), "0001-01-15");
    ck_assert_date(date_add_months(day("2024-01-15"), 10000000),
                   "9999-12-15");
    ck_assert_date(date_add_months(day("2024-01-15"), -10000000),
                   "0001-01-15");
}
END_TEST

/* ---- date_period_end ------------------------------------------------- *
 * "The day before the corresponding day n months on, where a missing
 * corresponding day (31st, 29 February) counts as the first of the next
 * month." */

START_TEST(period_end_of_12_months_from_14_march_is_13_march_next_year)
{
    ck_assert_date(date_period_end(day("2024-03-14"), 12), "2025-03-13");
}
END_TEST

START_TEST(period_end_of_12_months_from_29_february_is_28_february_next_year)
{
    /* 2025-02-29 is missing: 2025-03-01, and the day before. */
    ck_assert_date(date_period_end(day("2024-02-29"), 12), "2025-02-28");
}
END_TEST

START_TEST(period_end_of_12_months_from_28_february_is_27_february_next_year)
{
    ck_assert_date(date_period_end(day("2024-02-28"), 12), "2025-02-27");
}
END_TEST

START_TEST(period_end_of_a_month_from_31_january_is_29_february_in_a_leap_year)
{
    /* 2024-02-31 is missing: 2024-03-01, and the day before. */
    ck_assert_date(date_period_end(day("2024-01-31"), 1), "2024-02-29");
}
END_TEST

START_TEST(period_end_of_a_month_from_31_january_is_28_february_in_a_common_year)
{
    ck_assert_date(date_period_end(day("2023-01-31"), 1), "2023-02-28");
}
END_TEST

START_TEST(period_end_of_a_month_from_29_january_is_28_february_in_a_common_year)
{
    /* 2023-02-29 is missing: 2023-03-01, and the day before. */
    ck_assert_date(date_period_end(day("2023-01-29"), 1), "2023-02-28");
    /* In a leap year the corresponding day exists. */
    ck_assert_date(date_period_end(day("2024-01-29"), 1), "2024-02-28");
}
END_TEST

START_TEST(period_end_of_two_months_from_31_december_is_28_february)
{
    ck_assert_date(date_period_end(day("2024-12-31"), 2), "2025-02-28");
}
END_TEST

START_TEST(period_end_of_a_month_from_31_march_is_30_april)
{
    ck_assert_date(date_period_end(day("2024-03-31"), 1), "2024-04-30");
}
END_TEST

START_TEST(period_end_of_a_month_from_the_first_is_the_last_day_of_that_month)
{
    ck_assert_date(date_period_end(day("2024-02-01"), 1), "2024-02-29");
    ck_assert_date(date_period_end(day("2024-01-01"), 12), "2024-12-31");
    ck_assert_date(date_period_end(day("2024-12-01"), 1), "2024-12-31");
}
END_TEST

/* The period ends the day before the date n months on, whenever that
 * corresponding day exists. */
START_TEST(period_end_is_the_day_before_add_months_when_the_day_exists)
{
    for (int64_t d = day("2023-01-01"); d <= day("2025-12-31"); d++)
        for (int64_t n = 1; n <= 25; n++) {
            int y, m, dd, y2, m2, d2;
            date_to_ymd(d, &y, &m, &dd);
            int64_t on = date_add_months(d, n);
            date_to_ymd(on, &y2, &m2, &d2);
            int64_t end = date_period_end(d, n);
            if (d2 == dd)
                ck_assert_int_eq(end, on - 1);
            else /* clamped: the period runs to the end of that month */
                ck_assert_int_eq(end, on);
        }
}
END_TEST

/* ---- date_months_between --------------------------------------------- */

START_TEST(months_between_counts_whole_months)
{
    ck_assert_int_eq(date_months_between(day("2024-01-15"), day("2024-02-14")), 0);
    ck_assert_int_eq(date_months_between(day("2024-01-15"), day("2024-02-15")), 1);
    ck_assert_int_eq(date_months_between(day("2024-03-14"), day("2025-03-13")), 11);
    ck_assert_int_eq(date_months_between(day("2024-03-14"), day("2025-03-14")), 12);
    ck_assert_int_eq(date_months_between(day("2024-03-14"), day("2024-03-14")), 0);
    ck_assert_int_eq(date_months_between(day("2020-06-30"), day("2024-06-30")), 48);
}
END_TEST

START_TEST(months_between_31_january_and_29_february_is_one_month)
{
    ck_assert_int_eq(date_months_between(day("2024-01-31"), day("2024-02-29")), 1);
    ck_assert_int_eq(date_months_between(day("2024-01-31"), day("2024-02-28")), 0);
    ck_assert_int_eq(date_months_between(day("2023-01-31"), day("2023-02-28")), 1);
}
END_TEST

START_TEST(months_between_29_february_and_28_february_next_year_is_12)
{
    ck_assert_int_eq(date_months_between(day("2024-02-29"), day("2025-02-28")), 12);
    ck_assert_int_eq(date_months_between(day("2024-02-29"), day("2025-02-27")), 11);
}
END_TEST

START_TEST(months_between_is_negative_when_the_second_day_is_earlier)
{
    ck_assert_int_eq(date_months_between(day("2024-02-15"), day("2024-01-15")), -1);
    ck_assert_int_eq(date_months_between(day("2024-02-14"), day("2024-01-15")), 0);
    ck_assert_int_eq(date_months_between(day("2025-03-14"), day("2024-03-14")), -12);
    ck_assert_int_eq(date_months_between(day("2025-03-13"), day("2024-03-14")), -11);
}
END_TEST

/* ---- date_weekday ---------------------------------------------------- */

START_TEST(weekday_of_1_january_1970_is_thursday)
{
    ck_assert_int_eq(date_weekday(0), 3);
}
END_TEST

START_TEST(weekdays_run_monday_0_to_sunday_6)
{
    ck_assert_int_eq(date_weekday(day("2025-03-10")), 0); /* Monday */
    ck_assert_int_eq(date_weekday(day("2025-03-14")), 4); /* Friday */
    ck_assert_int_eq(date_weekday(day("2025-03-15")), 5); /* Saturday */
    ck_assert_int_eq(date_weekday(day("2025-03-16")), 6); /* Sunday */
    ck_assert_int_eq(date_weekday(day("2024-02-29")), 3); /* Thursday */
}
END_TEST

START_TEST(weekday_works_before_1970)
{
    ck_assert_int_eq(date_weekday(-1), 2);                /* Wednesday */
    ck_assert_int_eq(date_weekday(day("1969-12-29")), 0); /* Monday */
    ck_assert_int_eq(date_weekday(day("0001-01-01")), 0); /* Monday */
    for (int64_t d = -20; d < 20; d++)
        ck_assert_int_eq(date_weekday(d + 1), (date_weekday(d) + 1) % 7);
}
END_TEST


START_TEST(date_parse_approx_reads_a_month_as_its_first_to_last_day)
{
    int64_t a, b;
    int p;
    ck_assert(date_parse_approx("2024-02", 7, &a, &b, &p));
    ck_assert_int_eq(p, DATE_MONTH);
    ck_assert_int_eq(a, date_from_ymd(2024, 2, 1));
    ck_assert_int_eq(b, date_from_ymd(2024, 2, 29));
    char out[11];
    date_format_approx(a, p, out);
    ck_assert_str_eq(out, "2024-02");
}
END_TEST

START_TEST(date_parse_approx_reads_a_year_and_an_exact_day)
{
    int64_t a, b;
    int p;
    ck_assert(date_parse_approx("2019", 4, &a, &b, &p));
    ck_assert_int_eq(p, DATE_YEAR);
    ck_assert_int_eq(a, date_from_ymd(2019, 1, 1));
    ck_assert_int_eq(b, date_from_ymd(2019, 12, 31));
    ck_assert(date_parse_approx("2019-07-04", 10, &a, &b, &p));
    ck_assert_int_eq(p, DATE_DAY);
    ck_assert_int_eq(a, b);
}
END_TEST

START_TEST(date_parse_approx_rejects_bad_months_and_shapes)
{
    int64_t a, b;
    int p;
    ck_assert(!date_parse_approx("2024-13", 7, &a, &b, &p));
    ck_assert(!date_parse_approx("2024-00", 7, &a, &b, &p));
    ck_assert(!date_parse_approx("0000", 4, &a, &b, &p));
    ck_assert(!date_parse_approx("2024-5", 6, &a, &b, &p));
    ck_assert(!date_parse_approx("24", 2, &a, &b, &p));
    ck_assert(!date_parse_approx("2024/05", 7, &a, &b, &p));
}
END_TEST

/* The UK date (date_uk_offset, date_uk_day): British Summer Time from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October.  Instants are written as UTC y-m-d h:m:s. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    return date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static int64_t uk_expect(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

START_TEST(uk_clocks_go_forward_at_1am_utc_on_the_last_sunday_of_march)
{
    /* 2026: 29 March; 2024: 31 March, the last day of the month. */
    ck_assert_int_eq(date_uk_offset(utc(2026, 3, 29, 0, 59, 59)), 0);
    ck_assert_int_eq(date_uk_offset(utc(2026, 3, 29, 1, 0, 0)), 3600);
    ck_assert_int_eq(date_uk_offset(utc(2026, 3, 22, 12, 0, 0)), 0);
    ck_assert_int_eq(date_uk_offset(utc(2024, 3, 31, 0, 59, 59)), 0);
    ck_assert_int_eq(date_uk_offset(utc(2024, 3, 31, 1, 0, 0)), 3600);
    ck_assert_int_eq(date_uk_offset(utc(2024, 3, 24, 1, 0, 0)), 0);
}
END_TEST

START_TEST(uk_clocks_go_back_at_1am_utc_on_the_last_sunday_of_october)
{
    /* 2026: 25 October; 2025: 26 October. */
    ck_assert_int_eq(date_uk_offset(utc(2026, 10, 25, 0, 59, 59)), 3600);
    ck_assert_int_eq(date_uk_offset(utc(2026, 10, 25, 1, 0, 0)), 0);
    ck_assert_int_eq(date_uk_offset(utc(2025, 10, 26, 0, 59, 59)), 3600);
    ck_assert_int_eq(date_uk_offset(utc(2025, 10, 26, 1, 0, 0)), 0);
    ck_assert_int_eq(date_uk_offset(utc(2025, 10, 31, 23, 0, 0)), 0);
    ck_assert_int_eq(date_uk_offset(utc(2025, 12, 31, 23, 59, 59)), 0);
    ck_assert_int_eq(date_uk_offset(utc(2025, 1, 1, 0, 0, 0)), 0);
}
END_TEST

START_TEST(uk_date_just_after_midnight_in_summer_is_the_next_day)
{
    /* 23:30 UTC is 00:30 BST: the UK is already on the next day. */
    ck_assert_int_eq(date_uk_day(utc(2026, 6, 30, 23, 30, 0)), uk_expect(2026, 7, 1));
    ck_assert_int_eq(date_uk_day(utc(2026, 6, 30, 22, 59, 59)), uk_expect(2026, 6, 30));
    ck_assert_int_eq(date_uk_day(utc(2026, 6, 30, 23, 0, 0)), uk_expect(2026, 7, 1));
    /* The evening after the clocks go forward, and the evening before they
     * go back, are summer evenings. */
    ck_assert_int_eq(date_uk_day(utc(2026, 3, 29, 23, 30, 0)), uk_expect(2026, 3, 30));
    ck_assert_int_eq(date_uk_day(utc(2026, 10, 24, 23, 30, 0)), uk_expect(2026, 10, 25));
    /* New year's eve in summer time's absence: 31 December. */
    ck_assert_int_eq(date_uk_day(utc(2026, 12, 31, 23, 30, 0)), uk_expect(2026, 12, 31));
}
END_TEST

START_TEST(uk_date_in_winter_is_the_utc_date)
{
    /* The evening before the clocks go forward, and the evening after they
     * go back, are winter (GMT) evenings. */
    ck_assert_int_eq(date_uk_day(utc(2026, 3, 28, 23, 30, 0)), uk_expect(2026, 3, 28));
    ck_assert_int_eq(date_uk_day(utc(2026, 10, 25, 23, 30, 0)), uk_expect(2026, 10, 25));
    ck_assert_int_eq(date_uk_day(utc(2026, 1, 15, 23, 59, 59)), uk_expect(2026, 1, 15));
    ck_assert_int_eq(date_uk_day(utc(2026, 1, 16, 0, 0, 0)), uk_expect(2026, 1, 16));
}
END_TEST

START_TEST(uk_date_works_before_1970)
{
    ck_assert_int_eq(date_uk_day(utc(1969, 7, 20, 23, 30, 0)), uk_expect(1969, 7, 21));
    ck_assert_int_eq(date_uk_day(utc(1969, 12, 31, 23, 30, 0)), uk_expect(1969, 12, 31));
}
END_TEST

static Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("date");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, date_parse_accepts_real_dates);
    tcase_add_test(tc, date_parse_rejects_a_day_past_the_end_of_the_month);
    tcase_add_test(tc, date_parse_rejects_month_13_and_month_0);
    tcase_add_test(tc, date_parse_rejects_year_0);
    tcase_add_test(tc, date_parse_rejects_single_digit_months_and_days);
    tcase_add_test(tc, date_parse_rejects_non_digits);
    tcase_add_test(tc, date_parse_rejects_other_lengths);
    tcase_add_test(tc, date_parse_reads_exactly_n_bytes);
    tcase_add_test(tc, date_parse_leaves_the_output_alone_on_failure);
    tcase_add_test(tc, date_parse_accepts_29_february_only_in_leap_years);
    tcase_add_test(tc, days_in_month_follow_the_gregorian_calendar);
    tcase_add_test(tc, date_valid_accepts_years_1_to_9999_only);
    tcase_add_test(tc, day_numbers_count_from_1_january_1970);
    tcase_add_test(tc, every_day_from_year_1_to_9999_round_trips);
    tcase_add_test(tc, date_format_writes_yyyy_mm_dd_with_leading_zeros);
    tcase_add_test(tc, date_format_writes_zeros_for_a_day_after_year_9999);
    tcase_add_test(tc, date_format_writes_zeros_for_a_day_before_year_0);
    tcase_add_test(tc, date_format_writes_zeros_for_a_day_in_year_0);
    tcase_add_test(tc, date_format_output_parses_back);
    tcase_add_test(tc, adding_a_month_keeps_the_day_of_the_month);
    tcase_add_test(tc, adding_a_month_to_31_january_gives_29_february_in_a_leap_year);
    tcase_add_test(tc, adding_a_month_to_31_january_gives_28_february_in_a_common_year);
    tcase_add_test(tc, adding_12_months_to_29_february_gives_28_february);
    tcase_add_test(tc, adding_a_month_to_31_march_gives_30_april);
    tcase_add_test(tc, adding_months_crosses_years);
    tcase_add_test(tc, subtracting_months_clamps_to_the_end_of_the_month);
    tcase_add_test(tc, subtracting_months_crosses_years);
    tcase_add_test(tc, adding_months_saturates_at_the_ends_of_the_calendar);
    tcase_add_test(tc, period_end_of_12_months_from_14_march_is_13_march_next_year);
    tcase_add_test(tc, period_end_of_12_months_from_29_february_is_28_february_next_year);
    tcase_add_test(tc, period_end_of_12_months_from_28_february_is_27_february_next_year);
    tcase_add_test(tc, period_end_of_a_month_from_31_january_is_29_february_in_a_leap_year);
    tcase_add_test(tc, period_end_of_a_month_from_31_january_is_28_february_in_a_common_year);
    tcase_add_test(tc, period_end_of_a_month_from_29_january_is_28_february_in_a_common_year);
    tcase_add_test(tc, period_end_of_two_months_from_31_december_is_28_february);
    tcase_add_test(tc, period_end_of_a_month_from_31_march_is_30_april);
    tcase_add_test(tc, period_end_of_a_month_from_the_first_is_the_last_day_of_that_month);
    tcase_add_test(tc, period_end_is_the_day_before_add_months_when_the_day_exists);
    tcase_add_test(tc, months_between_counts_whole_months);
    tcase_add_test(tc, months_between_31_january_and_29_february_is_one_month);
    tcase_add_test(tc, months_between_29_february_and_28_february_next_year_is_12);
    tcase_add_test(tc, months_between_is_negative_when_the_second_day_is_earlier);
    tcase_add_test(tc, weekday_of_1_january_1970_is_thursday);
    tcase_add_test(tc, weekdays_run_monday_0_to_sunday_6);
    tcase_add_test(tc, weekday_works_before_1970);
    tcase_add_test(tc, date_parse_approx_reads_a_month_as_its_first_to_last_day);
    tcase_add_test(tc, date_parse_approx_reads_a_year_and_an_exact_day);
    tcase_add_test(tc, date_parse_approx_rejects_bad_months_and_shapes);
    tcase_add_test(tc, uk_clocks_go_forward_at_1am_utc_on_the_last_sunday_of_march);
    tcase_add_test(tc, uk_clocks_go_back_at_1am_utc_on_the_last_sunday_of_october);
    tcase_add_test(tc, uk_date_just_after_midnight_in_summer_is_the_next_day);
    tcase_add_test(tc, uk_date_in_winter_is_the_utc_date);
    tcase_add_test(tc, uk_date_works_before_1970);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(date_suite());
}
