/* SPDX-License-Identifier: Apache-2.0 */
/*
 * date.h: calendar dates (proleptic Gregorian, no time of day, no time zone)
 * for due dates and ages.
 *
 * Adding months keeps the day of the month and clamps it to the end of a
 * shorter month (2024-02-29 + 12 months = 2025-02-28; 2023-01-31 + 1 month =
 * 2023-02-28), which is what a person means by "a year after" and "a month
 * after". Text is always YYYY-MM-DD.
 */
#ifndef FC_DATE_H
#define FC_DATE_H

#include <stdint.h>
#include <time.h>

struct fc_date {
	int y; /* 1..9999 */
	int m; /* 1..12 */
	int d; /* 1..days in the month */
};

/* Strict "YYYY-MM-DD" with a real day (no 2023-02-29); 0, or -1 when not. */
int fc_date_parse(const char *s, struct fc_date *out);

/* "YYYY-MM-DD" into out[11]. */
void fc_date_format(struct fc_date d, char out[11]);

/*
 * The day instant t falls on in local time (TZ, else /etc/localtime: the
 * city's zone on a device and on the server alike), so a record's day, the
 * device's "today" and every day the server decides are one calendar.
 */
struct fc_date fc_date_local(time_t t);

/*
 * YYYY-MM-DD of the day days_back days before the local day instant t falls
 * on: the server's summaries, console, exports and warnings share one "today"
 * with the inspectors' handhelds this way.
 */
void fc_date_local_day(time_t t, long days_back, char out[11]);

/* Today in local time: fc_date_local(time(NULL)). */
struct fc_date fc_date_today(void);

/* Days in month m of year y (leap years per the Gregorian rule). */
int fc_date_month_days(int y, int m);

/* d + months (may be negative), the day clamped to the month's end. */
struct fc_date fc_date_add_months(struct fc_date d, int months);

/* d + days (may be negative). */
struct fc_date fc_date_add_days(struct fc_date d, int64_t days);

/* Days since 1970-01-01 (negative before); b - a is the days between. */
int64_t fc_date_serial(struct fc_date d);

/* <0, 0, >0 as a is before, on, after b. */
int fc_date_cmp(struct fc_date a, struct fc_date b);

#endif
