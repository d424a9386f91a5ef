/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-time.c: whether a time given for a record ("time" of a batch line,
 * or a visit entered later) is one the rest of the system can take: a real
 * date and clock time, and not ahead of now by more than the server's clock
 * window. A record dated in the future would count as a check not yet made,
 * move a household's due date past today and never be overdue.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "record.h"

#define _(s) gettext(s)

int
fc_record_time_unix(const char *t, int64_t *out)
{
	struct fc_date d;
	char day[11];
	int hh, mm, ss, oh, om, used = 0;

	if (t == NULL || strlen(t) != 25 || (t[19] != '+' && t[19] != '-'))
		return -1;
	memcpy(day, t, 10);
	day[10] = '\0';
	if (fc_date_parse(day, &d) != 0 ||
	    sscanf(t + 10, "T%2d:%2d:%2d%*c%2d:%2d%n", &hh, &mm, &ss, &oh, &om, &used) != 5 ||
	    used != 15 || (hh | mm | ss | oh | om) < 0 || hh > 23 || mm > 59 || ss > 59 ||
	    oh > 14 || om > 59)
		return -1;
	*out = ((fc_date_serial(d) * 24 + hh) * 60 + mm) * 60 + ss -
	       (t[19] == '-' ? -1 : 1) * (int64_t)(oh * 60 + om) * 60;
	return 0;
}

int
fc_record_time_check(const char *t, int64_t now, struct fc_error *err)
{
	int64_t when;

	if (fc_record_time_unix(t, &when) != 0)
		return fc_error_set(err, FC_E_USAGE,
				    _("time \"%s\" is not a real time like "
				      "2026-03-02T09:30:00+08:00"),
				    t != NULL ? t : "");
	if (when > now + FC_RECORD_AHEAD_MAX)
		return fc_error_set(err, FC_E_USAGE,
				    _("time \"%s\" is %lld minutes in the future: a record is "
				      "made at or after its visit (is the device's clock right?)"),
				    t, (long long)((when - now + 59) / 60));
	return 0;
}
