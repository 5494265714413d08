/* SPDX-License-Identifier: Apache-2.0 */
/*
 * date.c -- calendar arithmetic (Howard Hinnant's days_from_civil), month
 * addition, "period of N months beginning with" and month differences.
 * Consumes days since 1970-01-01 and YYYY-MM-DD text; produces days, dates
 * and their text.
 */
#include "date.h"

#include <stdio.h>

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && leap(y)) return 29;
    return dm[m - 1];
}

bool date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

int64_t date_from_ymd(int y, int m, int d)
{
    int64_t yy = y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

bool date_parse(const char *s, size_t n, int64_t *out)
{
    if (n != 10 || s[4] != '-' || s[7] != '-') return false;
    int v[3] = {0, 0, 0};
    static const int start[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < len[k]; j++) {
            char c = s[start[k] + j];
            if (c < '0' || c > '9') return false;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (!date_valid(v[0], v[1], v[2])) return false;
    *out = date_from_ymd(v[0], v[1], v[2]);
    return true;
}

bool date_parse_approx(const char *s, size_t n, int64_t *first_out,
                       int64_t *last_out, int *precision_out)
{
    if (n == 10) {
        if (!date_parse(s, n, first_out)) return false;
        *last_out = *first_out;
        *precision_out = DATE_DAY;
        return true;
    }
    if (n != 4 && !(n == 7 && s[4] == '-')) return false;
    int y = 0, m = 0;
    for (int j = 0; j < 4; j++) {
        if (s[j] < '0' || s[j] > '9') return false;
        y = y * 10 + (s[j] - '0');
    }
    if (n == 7)
        for (int j = 5; j < 7; j++) {
            if (s[j] < '0' || s[j] > '9') return false;
            m = m * 10 + (s[j] - '0');
        }
    if (y < 1 || (n == 7 && (m < 1 || m > 12))) return false;
    if (n == 4) {
        *first_out = date_from_ymd(y, 1, 1);
        *last_out = date_from_ymd(y, 12, 31);
        *precision_out = DATE_YEAR;
    } else {
        *first_out = date_from_ymd(y, m, 1);
        *last_out = date_from_ymd(y, m, date_days_in_month(y, m));
        *precision_out = DATE_MONTH;
    }
    return true;
}

void date_format_approx(int64_t days, int precision, char out[11])
{
    date_format(days, out);
    if (precision == DATE_MONTH) out[7] = '\0';
    else if (precision == DATE_YEAR) out[4] = '\0';
}

void date_format(int64_t days, char out[11])
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    if (y < 1 || y > 9999) {
        snprintf(out, 11, "0000-00-00");
        return;
    }
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Month arithmetic on a (year, month) pair; returns false when the result
 * leaves years 1..9999 (the result then saturates). */
static void shift_month(int *y, int *m, int64_t n)
{
    int64_t t = (int64_t)*y * 12 + (*m - 1) + n;
    if (t < 12) t = 12;
    if (t > 9999 * 12 + 11) t = 9999 * 12 + 11;
    *y = (int)(t / 12);
    *m = (int)(t % 12) + 1;
}

int64_t date_add_months(int64_t days, int64_t n)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    shift_month(&y, &m, n);
    int dim = date_days_in_month(y, m);
    return date_from_ymd(y, m, d > dim ? dim : d);
}

int64_t date_period_end(int64_t days, int64_t n)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    shift_month(&y, &m, n);
    if (d > date_days_in_month(y, m)) {
        /* No corresponding day: the period runs to the end of that month. */
        return date_from_ymd(y, m, date_days_in_month(y, m));
    }
    return date_from_ymd(y, m, d) - 1;
}

int64_t date_months_between(int64_t a, int64_t b)
{
    if (b < a) return -date_months_between(b, a);
    int ya, ma, da, yb, mb, db;
    date_to_ymd(a, &ya, &ma, &da);
    date_to_ymd(b, &yb, &mb, &db);
    int64_t n = ((int64_t)yb - ya) * 12 + (mb - ma);
    /* The n-th month is complete once b reaches a + n months (clamped). */
    if (n > 0 && date_add_months(a, n) > b) n--;
    return n;
}

int date_weekday(int64_t d)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int64_t w = (d + 3) % 7;
    if (w < 0) w += 7;
    return (int)w;
}

/* The last Sunday of month m of year y, in days. */
static int64_t last_sunday(int y, int m)
{
    int64_t d = date_from_ymd(y, m, date_days_in_month(y, m));
    return d - (date_weekday(d) + 1) % 7;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t date_uk_offset(int64_t t)
{
    int y, m, d;
    date_to_ymd(floor_div(t, 86400), &y, &m, &d);
    int64_t start = last_sunday(y, 3) * 86400 + 3600;
    int64_t end = last_sunday(y, 10) * 86400 + 3600;
    return t >= start && t < end ? 3600 : 0;
}

int64_t date_uk_day(int64_t t)
{
    return floor_div(t + date_uk_offset(t), 86400);
}
