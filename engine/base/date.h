/* SPDX-License-Identifier: Apache-2.0 */
/*
 * date.h -- civil-calendar arithmetic on days since 1970-01-01 (proleptic
 * Gregorian).  The Ombudsman's time limits are months "beginning with" a
 * day; month ends and leap years are handled here, in one place.
 */
#ifndef DATE_H
#define DATE_H

#include "remit_int.h"

/** Days since 1970-01-01 of a valid y-m-d. */
REMIT_HIDDEN int64_t date_from_ymd(int y, int m, int d);
REMIT_HIDDEN void date_to_ymd(int64_t days, int *y, int *m, int *d);
REMIT_HIDDEN bool date_valid(int y, int m, int d);
REMIT_HIDDEN int date_days_in_month(int y, int m);
/** Parses exactly "YYYY-MM-DD" (n bytes) into days; false if malformed or
 *  not a real date. */
REMIT_HIDDEN bool date_parse(const char *s, size_t n, int64_t *days_out);
/** How much of a date was given: the day, only the month, only the year. */
enum { DATE_DAY = 0, DATE_MONTH = 1, DATE_YEAR = 2 };
/** Parses "YYYY-MM-DD", "YYYY-MM" or "YYYY" (n bytes) into the first and
 *  last day it can mean and its precision; false if malformed or not a
 *  real date. */
REMIT_HIDDEN bool date_parse_approx(const char *s, size_t n, int64_t *first_out,
                                    int64_t *last_out, int *precision_out);
/** Writes a date as given: "YYYY-MM-DD", "YYYY-MM" or "YYYY". */
REMIT_HIDDEN void date_format_approx(int64_t days, int precision, char out[11]);
/** Writes "YYYY-MM-DD" (11 bytes with NUL). */
REMIT_HIDDEN void date_format(int64_t days, char out[11]);
/** d + n months; a day past the end of the target month becomes its last
 *  day (2024-01-31 + 1 month = 2024-02-29). */
REMIT_HIDDEN int64_t date_add_months(int64_t d, int64_t n);
/** The last day of the period of n months beginning with day d: the day
 *  before the corresponding day n months on, where a missing corresponding
 *  day (31st, 29 February) counts as the first of the next month. */
REMIT_HIDDEN int64_t date_period_end(int64_t d, int64_t n);
/** Whole calendar months from a to b (negative if b < a). */
REMIT_HIDDEN int64_t date_months_between(int64_t a, int64_t b);
/** 0 = Monday ... 6 = Sunday. */
REMIT_HIDDEN int date_weekday(int64_t d);

/** Seconds the UK's clocks are ahead of UTC at the instant t (seconds since
 *  1970-01-01 00:00 UTC): 3600 in British Summer Time, from 01:00 UTC on
 *  the last Sunday of March to 01:00 UTC on the last Sunday of October
 *  (the Summer Time Order 2002's rule), else 0.  No time-zone database. */
REMIT_HIDDEN int64_t date_uk_offset(int64_t t);
/** The date in the UK (Europe/London) at the instant t, in days. */
REMIT_HIDDEN int64_t date_uk_day(int64_t t);

#endif
