/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/ledger-diff.h: a household's ledger rows as computed, written where
 * they differ from the rows kept (store/ledger-diff.c).
 */
#ifndef FC_SERVER_STORE_LEDGER_DIFF_H
#define FC_SERVER_STORE_LEDGER_DIFF_H

#include <stddef.h>

#include "core/error.h"
#include "server/store/internal.h"

/* One row: its kind ('h', 'p', 'v'), its columns packed, and (computed) the row itself. */
struct fc_sledger_row {
	char kind;
	char *text;	   /* each column: length, ':', bytes, NUL */
	size_t len;	   /* of text */
	size_t keylen;	   /* the key columns' part of text */
	size_t key[3];	   /* where each key column's bytes start in text */
	char deadline[11]; /* a hazard's, which row.h names */
	union {
		struct fc_sledger_hazard h;
		struct fc_sledger_programme p;
		struct fc_sledger_version v;
	} row;
};

struct fc_sledger_rows {
	struct fc_sledger_row *v;
	size_t n, cap;
	int failed;
	long written, deleted; /* by fc_sledger_write: rows inserted or replaced, rows deleted */
};

/* Add a computed row (its strings must live until fc_sledger_write; the deadline is copied). */
int fc_sledger_add_hazard(struct fc_sledger_rows *rs, const struct fc_sledger_hazard *h,
			  struct fc_error *err);
int fc_sledger_add_programme(struct fc_sledger_rows *rs, const struct fc_sledger_programme *p,
			     struct fc_error *err);
int fc_sledger_add_version(struct fc_sledger_rows *rs, const struct fc_sledger_version *v,
			   struct fc_error *err);
/* Make household's kept rows those of now, writing only the ones that differ. */
int fc_sledger_write(struct fc_sstore *st, const char *household, struct fc_sledger_rows *now,
		     struct fc_error *err);
void fc_sledger_rows_release(struct fc_sledger_rows *rs);

#endif
