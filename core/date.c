/* SPDX-License-Identifier: Apache-2.0 */
/*
 * date.c: calendar dates as plain year/month/day, with day serials from the
 * civil-from-days algorithm (Howard Hinnant's), so no time zone or daylight
 * saving rule can move a due date by a day.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

int
fc_date_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return m >= 1 && m <= 12 ? days[m - 1] : 0;
}

int
fc_date_parse(const char *s, struct fc_date *out)
{
	struct fc_date d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d.m = (s[5] - '0') * 10 + (s[6] - '0');
	d.d = (s[8] - '0') * 10 + (s[9] - '0');
	if (d.y < 1 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > fc_date_month_days(d.y, d.m))
		return -1;
	*out = d;
	return 0;
}

void
fc_date_format(struct fc_date d, char out[11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
		 (unsigned)d.d % 100u);
}

struct fc_date
fc_date_local(time_t t)
{
	struct tm tm;
	struct fc_date d = {1970, 1, 1};

	if (localtime_r(&t, &tm) != NULL) {
		d.y = tm.tm_year + 1900;
		d.m = tm.tm_mon + 1;
		d.d = tm.tm_mday;
	}
	return d;
}

struct fc_date
fc_date_today(void)
{
	return fc_date_local(time(NULL));
}

struct fc_date
fc_date_add_months(struct fc_date d, int months)
{
	int64_t total = (int64_t)d.y * 12 + (d.m - 1) + months;
	struct fc_date r;

	r.y = (int)(total / 12);
	r.m = (int)(total % 12) + 1;
	r.d = d.d;
	if (r.d > fc_date_month_days(r.y, r.m))
		r.d = fc_date_month_days(r.y, r.m);
	return r;
}

int64_t
fc_date_serial(struct fc_date d)
{
	int64_t y = d.m <= 2 ? d.y - 1 : d.y;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m > 2 ? d.m - 3 : d.m + 9) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct fc_date
fc_date_add_days(struct fc_date d, int64_t days)
{
	int64_t z = fc_date_serial(d) + days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct fc_date r;

	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

int
fc_date_cmp(struct fc_date a, struct fc_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d < b.d ? -1 : a.d > b.d;
}

void
fc_date_local_day(time_t t, long days_back, char out[11])
{
	fc_date_format(fc_date_add_days(fc_date_local(t), -(int64_t)days_back), out);
}
