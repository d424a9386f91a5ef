/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice.h: what a printed notice says (docs/notice.md), gathered from the
 * device's store: the signed record, the household as the registry has it,
 * the hazards with their labels and clauses as the record's template words
 * them, the deadline, the inspector and the verification URL the QR code
 * carries. The front ends only lay it out (cli/notice-pdf.c, notice-text.c).
 * Every text member is UTF-8 from the record or registry, not yet cleaned
 * of control characters: a renderer cleans what it prints.
 */
#ifndef FC_APP_NOTICE_H
#define FC_APP_NOTICE_H

#include "app/app.h"
#include "core/notice.h"

struct fc_notice {
	enum fc_notice_kind kind;
	char number[FC_NOTICE_NUMBER_MAX];
	char record_id[FC_RECORD_ID_MAX];
	char hash[FC_HASH_HEX];
	char household[FC_ID_MAX];
	char address[FC_ADDRESS_MAX];
	char resident[FC_NAME_MAX];
	char inspector[FC_ID_MAX];
	char inspector_name[FC_NAME_MAX]; /* "" on a nobody-home notice: the id only */
	char time[32];			  /* the record's signed time */
	char date[11];
	char deadline[11];		  /* the earliest hazard's; "" without hazards */
	char url[1200];			  /* BASE/verify/HASH */
	int synced;			  /* the server has the record: its QR code verifies now */
	struct fc_notice_hazard *hazards; /* owned */
	size_t n_hazards;
};

/*
 * Gather the notice of record id (a unique prefix will do) for the server
 * at base_url (NULL: the enrolled server). deadline, when not NULL, sets
 * every hazard's deadline (YYYY-MM-DD, not before the record's day). Fails
 * with FC_E_NOTFOUND for an unknown record and FC_E_INVALID for a record
 * that gives no notice, naming why. Release with fc_notice_release().
 */
int fc_notice_build(struct fc_app *app, const char *id, const char *base_url, const char *deadline,
		    struct fc_notice *out, struct fc_error *err);
void fc_notice_release(struct fc_notice *n);

#endif
