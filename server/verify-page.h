/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify-page.h: the page a phone's browser gets for GET /verify/HASH
 * (server/verify-page.c, docs/notice.md).
 */
#ifndef FC_SERVER_VERIFY_PAGE_H
#define FC_SERVER_VERIFY_PAGE_H

#include <stddef.h>

#include "core/error.h"
#include "core/ids.h"
#include "core/record.h"

enum fc_verify_status { FC_VERIFY_FOUND, FC_VERIFY_NOT_FOUND, FC_VERIFY_BAD, FC_VERIFY_BUSY };

/* What /verify/ tells, and nothing else. */
struct fc_verify_view {
	enum fc_verify_status status;
	char hash[FC_HASH_HEX];
	char type[16];
	char date[11];
	char inspector[FC_ID_MAX];
	char district[FC_ID_MAX];
	char notice_kind[16];	/* "rectification", "not_met" or "" */
	char notice_number[64]; /* "" when the record gives no notice */
	int retry_after;	/* FC_VERIFY_BUSY: seconds until the next ask is taken */
};

/* The HTML page of v in lang ("zh" or "en"): a new string of *len bytes. */
int fc_verify_page(const struct fc_verify_view *v, const char *lang, char **out, size_t *len,
		   struct fc_error *err);

/* "zh" or "en": the ?lang= value, else the first of Accept-Language's, else "zh". */
const char *fc_verify_lang(const char *query_lang, const char *accept_language);

#endif
