/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice.h: which paper a record gives the household, and its number.
 *
 * A record that found hazards gives a rectification notice (隐患整改通知书);
 * a visit that found nobody home gives a nobody-home notice (到访不遇通知单);
 * other records give none. The number is made from the record's day and its
 * hash, so the device that prints the notice and the server that answers
 * /verify/ for it arrive at the same number without telling each other
 * (docs/notice.md).
 */
#ifndef FC_NOTICE_H
#define FC_NOTICE_H

#include "sign.h"

enum fc_notice_kind {
	FC_NOTICE_NONE,
	FC_NOTICE_RECTIFY,     /* 隐患整改通知书 */
	FC_NOTICE_NOBODY_HOME, /* 到访不遇通知单 */
};

/* "ZG-20260312-1A2B3C4D": prefix, day, the hash's first 8 hex digits. */
#define FC_NOTICE_NUMBER_MAX 24

/* The notice a record gives: by its hazard count, else its visit outcome. */
enum fc_notice_kind fc_notice_kind_of(const char *outcome, long hazards);

/* "rectification", "not_met" (到访不遇) or "": the word in JSON answers. */
const char *fc_notice_kind_name(enum fc_notice_kind kind);

/*
 * The notice's number for a record of day (YYYY-MM-DD, or a longer time that
 * starts with it) and hash; "" for FC_NOTICE_NONE or a malformed day.
 */
void fc_notice_number(enum fc_notice_kind kind, const char *day,
		      const unsigned char hash[FC_HASH_BYTES], char out[FC_NOTICE_NUMBER_MAX]);

#endif
