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

#include "date.h"
#include "record.h"
#include "sign.h"

struct fc_template;
struct fc_record_hazard;

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

/* One hazard as a notice words it, in Chinese: the paper is for the household. */
struct fc_notice_hazard {
	char item[FC_ID_MAX];
	char label[256];    /* the item's question */
	char severity[128]; /* the severity as the template names it */
	char note[512];	    /* what the inspector's rule says about it */
	char clause[512];   /* where the rule is written */
	char deadline[11];  /* YYYY-MM-DD */
	char action[256];   /* what is done at once, before any deadline; "" if nothing */
};

/*
 * What a hazard of severity, found by a checklist of programme ("gas",
 * "selfbuilt", "rural"; NULL when unknown), requires at once, as the
 * household reads it on the notice: a gas leak's supply stays shut, a
 * self-built house in serious danger is vacated and sealed. "" for a
 * hazard that only has its deadline.
 */
const char *fc_notice_action(const char *programme, const char *severity);

/*
 * Word hazard h of a record of day by its template tpl (NULL: item ids and
 * notes only), with its deadline: the given one, or day plus the days its
 * severity allows. The device's notice (app/notice.c) and the console's
 * printable page (server/console-notice.c) both word hazards through this.
 */
void fc_notice_hazard_fill(const struct fc_template *tpl, const struct fc_record_hazard *h,
			   const struct fc_date *day, const char *deadline,
			   struct fc_notice_hazard *out);

#endif
