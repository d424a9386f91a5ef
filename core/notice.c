/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice.c: the kind and number of a record's notice (notice.h). The prefix
 * letters are the pinyin initials households and offices already use on
 * paper: ZG for 整改 (rectification), BY for 不遇 (nobody met).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "notice.h"

enum fc_notice_kind
fc_notice_kind_of(const char *outcome, long hazards)
{
	if (hazards > 0)
		return FC_NOTICE_RECTIFY;
	if (outcome != NULL &&
	    (strcmp(outcome, "nobody_home") == 0 || strcmp(outcome, "nobody-home") == 0))
		return FC_NOTICE_NOBODY_HOME;
	return FC_NOTICE_NONE;
}

const char *
fc_notice_kind_name(enum fc_notice_kind kind)
{
	switch (kind) {
	case FC_NOTICE_RECTIFY:
		return "rectification";
	case FC_NOTICE_NOBODY_HOME:
		return "not_met";
	default:
		return "";
	}
}

void
fc_notice_number(enum fc_notice_kind kind, const char *day, const unsigned char hash[FC_HASH_BYTES],
		 char out[FC_NOTICE_NUMBER_MAX])
{
	char ymd[9];

	out[0] = '\0';
	if (kind == FC_NOTICE_NONE || day == NULL || strlen(day) < 10 || day[4] != '-' ||
	    day[7] != '-')
		return;
	for (int i = 0, j = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (!isdigit((unsigned char)day[i]))
			return;
		ymd[j++] = day[i];
	}
	ymd[8] = '\0';
	snprintf(out, FC_NOTICE_NUMBER_MAX, "%s-%s-%02X%02X%02X%02X",
		 kind == FC_NOTICE_RECTIFY ? "ZG" : "BY", ymd, hash[0], hash[1], hash[2], hash[3]);
}
